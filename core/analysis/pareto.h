#pragma once

#include "space/studyspec.h"
#include "common/trial.h"

#include <QList>

#include <vector>

namespace tunescope {

/// Non-dominated sorting of points to be minimized in every coordinate: rank 0 is the Pareto
/// front, rank 1 the front once rank 0 is removed, and so on. Points with NaN never dominate
/// and are put last. Equal points share a rank.
std::vector<int> nondominatedRanks(const std::vector<std::vector<double>> &points);

/// NSGA-II crowding distance of each point within one front (infinite at the extremes), used
/// to pick the most spread-out members when a front has to be cut.
std::vector<double> crowdingDistances(const std::vector<std::vector<double>> &points);

/// Trial numbers of the complete trials on the Pareto front of a multi-objective study
/// (trials with all objectives finite), by each metric's goal.
QList<int> paretoFront(const QList<Trial> &trials, const QList<MetricSpec> &metrics);

} // namespace tunescope
