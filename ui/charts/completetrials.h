#pragma once

#include "charts/plotaxis.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace tunescope {

struct Parameter;
struct StudySpec;
struct Trial;

/// The complete trials with a finite objective (or a finite value of another chosen metric),
/// which the parameter charts (heatmap, parallel coordinates, slice plot) draw, and the range
/// of those values.
struct CompleteTrials
{
    std::vector<const Trial *> trials; ///< in the monitor's order; they point into its list
    std::vector<double> values;        ///< each trial's value: the objective or the chosen metric
    double low = 0;                    ///< value range, 0 when there are none
    double high = 0;
    int highestNumber = 0;

    static CompleteTrials of(const QList<Trial> &trials);
    /// With each trial's value from valueOf (a MetricChooser's choice).
    static CompleteTrials of(const QList<Trial> &trials, const std::function<std::optional<double>(const Trial &)> &valueOf);

    /// The n best of these trials by value (in the same order), with their range.
    CompleteTrials best(size_t n, bool maximize) const;

    /// One axis per parameter, fitted to the values these trials took.
    QList<PlotAxis> parameterAxes(const QList<Parameter> &params) const;
};

/// The objective's name on an axis; "objective" for a study without metrics.
QString objectiveAxisName(const StudySpec &spec);

/// Whether the study's objective is maximized (false without metrics).
bool maximizesObjective(const StudySpec &spec);

} // namespace tunescope
