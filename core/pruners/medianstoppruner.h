#pragma once

#include "pruners/pruner.h"

namespace tunescope {

/// NNI's Medianstop assessor (nni/algorithms/hpo/medianstop_assessor.py): once a trial has
/// reported start_step values, it is stopped when its best value so far is worse than the
/// median of the completed trials' running averages at its current report count.
class MedianStopPruner : public Pruner
{
public:
    MedianStopPruner(QString metric, Goal goal, int startStep) : Pruner(std::move(metric), goal), mStartStep(startStep) {}

    PruneDecision decide(const Trial &trial, const QList<Trial> &trials) const override;
    QString name() const override { return QStringLiteral("medianstop"); }

private:
    int mStartStep = 0;
};

} // namespace tunescope
