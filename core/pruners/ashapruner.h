#pragma once

#include "pruners/pruner.h"

#include <functional>

namespace tunescope {

/// Asynchronous successive halving (ASHA, as in Ray Tune and Optuna's SuccessiveHalvingPruner).
///
/// Rungs sit at steps minResource * eta^(rate + k). When a trial first reaches a rung, it
/// goes on only if its value there is among the best 1/eta of all trials that reached that
/// rung so far (the best one always goes on); otherwise it is pruned. A trial is judged once
/// per rung, when it gets there, so later arrivals never demote it.
class AshaPruner : public Pruner
{
public:
    struct Options
    {
        double minResource = 1;     ///< step of the first rung
        double reductionFactor = 3; ///< eta
        int minEarlyStoppingRate = 0;
    };

    /// `sameBracket` limits the competitors (Hyperband's brackets); null means every trial.
    AshaPruner(QString metric, Goal goal, Options options, std::function<bool(int, int)> sameBracket = {})
        : Pruner(std::move(metric), goal), mOptions(options), mSameBracket(std::move(sameBracket)) {}

    PruneDecision decide(const Trial &trial, const QList<Trial> &trials) const override;
    QString name() const override { return QStringLiteral("asha"); }

    /// Step of rung k.
    double rungStep(int k) const;

private:
    Options mOptions;
    std::function<bool(int, int)> mSameBracket;
};

} // namespace tunescope
