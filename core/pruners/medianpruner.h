#pragma once

#include "pruners/pruner.h"

namespace tunescope {

/// Optuna's MedianPruner: stop a trial whose best value so far is worse than the median of
/// the completed trials' values at the same step.
class MedianPruner : public Pruner
{
public:
    struct Options
    {
        int startupTrials = 5;  ///< completed trials needed before anything is pruned
        int warmupSteps = 0;    ///< steps below this are never pruned
        int intervalSteps = 1;  ///< decide every this many steps after the warm-up
        int minTrials = 1;      ///< completed trials that must have reported the step
    };

    MedianPruner(QString metric, Goal goal, Options options) : Pruner(std::move(metric), goal), mOptions(options) {}

    PruneDecision decide(const Trial &trial, const QList<Trial> &trials) const override;
    QString name() const override { return QStringLiteral("median"); }

private:
    Options mOptions;
};

} // namespace tunescope
