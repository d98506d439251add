#pragma once

#include "space/studyspec.h"
#include "common/trial.h"

#include <QList>

#include <vector>

namespace tunescope {

/// Hypervolume of a set of points to be minimized in every coordinate: the measure of the
/// region that the points dominate and that dominates the reference point. Points that do not
/// strictly dominate the reference in every coordinate, and points with NaN, add nothing.
/// Exact: a sweep in 2-D, a sweep over the third coordinate with an exact 2-D front in 3-D,
/// and beyond that the WFG algorithm (While, Bradstreet & Barone 2012: exclusive hypervolumes
/// over limit sets), which is exact too but slows down with large fronts in many dimensions.
double hypervolume(std::vector<std::vector<double>> points, const std::vector<double> &reference);

/// Objective vectors of a multi-objective study turned into minimization (maximized metrics
/// negated), one per complete trial with every objective finite, in trial order; `numbers`
/// gets each vector's trial number.
std::vector<std::vector<double>> minimizationVectors(const QList<Trial> &trials, const QList<MetricSpec> &metrics,
                                                     QList<int> *numbers = nullptr);

/// The reference point a study's hypervolume uses unless the user sets one: in minimization
/// coordinates, the worst value of each objective over the complete trials plus 10 % of its
/// range (1 when it does not vary), so that every trial on the front adds to the volume.
std::vector<double> defaultReferencePoint(const std::vector<std::vector<double>> &points);

/// Hypervolume of the Pareto front after each finished trial, in trial order (one value per
/// trial that is finished: complete, pruned or failed; interrupted trials do not count).
/// Recomputed only when a trial joins the front. Reference in minimization coordinates.
struct HypervolumeHistory
{
    QList<int> trials;     ///< trial number of each step
    QList<double> values;  ///< hypervolume after that trial (0 until a trial dominates the reference)
};
HypervolumeHistory hypervolumeHistory(const QList<Trial> &trials, const QList<MetricSpec> &metrics,
                                      const std::vector<double> &reference);

} // namespace tunescope
