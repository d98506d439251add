#pragma once

#include "space/studyspec.h"
#include "common/trial.h"

namespace tunescope {

/// Which way is better for a reported metric: the study's goal for its objectives; for the
/// others (train_loss next to a maximized val_accuracy) what the name says, else the first
/// objective's way. The detail pane and the trial comparison read "best" through it.
Goal metricGoal(const StudySpec &spec, const QString &metric);

/// The best of a metric's reported values by goal (NaN values never win); NaN when none.
double bestReported(const QList<MetricPoint> &points, Goal goal);

} // namespace tunescope
