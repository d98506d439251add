#pragma once

#include "charts/plotaxis.h"

#include <QList>
#include <QString>

#include <vector>

namespace tunescope {

struct Parameter;
struct StudySpec;
struct Trial;

/// The complete trials with a finite objective, which the parameter charts (heatmap,
/// parallel coordinates, slice plot) draw, and the range of their objective.
struct CompleteTrials
{
    std::vector<const Trial *> trials; ///< in the monitor's order; they point into its list
    double low = 0;                    ///< objective range, 0 when there are none
    double high = 0;
    int highestNumber = 0;

    static CompleteTrials of(const QList<Trial> &trials);

    /// One axis per parameter, fitted to the values these trials took.
    QList<PlotAxis> parameterAxes(const QList<Parameter> &params) const;
};

/// The objective's name on an axis; "objective" for a study without metrics.
QString objectiveAxisName(const StudySpec &spec);

/// Whether the study's objective is maximized (false without metrics).
bool maximizesObjective(const StudySpec &spec);

} // namespace tunescope
