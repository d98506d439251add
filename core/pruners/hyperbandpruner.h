#pragma once

#include "pruners/ashapruner.h"

#include <vector>

namespace tunescope {

/// Hyperband: several ASHA brackets with increasing minimum resource, trials spread over
/// them in proportion to the budget Hyperband gives each bracket; trials compete only within
/// their own bracket. Hedges against a minimum resource that is too aggressive.
class HyperbandPruner : public Pruner
{
public:
    struct Options
    {
        double minResource = 1;
        double maxResource = 81;
        double reductionFactor = 3;
    };

    HyperbandPruner(QString metric, Goal goal, Options options);

    PruneDecision decide(const Trial &trial, const QList<Trial> &trials) const override;
    QString name() const override { return QStringLiteral("hyperband"); }

    int bracketCount() const { return int(mBrackets.size()); }
    /// The bracket a trial number belongs to (deterministic).
    int bracketOf(int number) const;

private:
    Options mOptions;
    std::vector<AshaPruner> mBrackets;
    std::vector<double> mBracketWeights; ///< Hyperband's n_i: trials per bracket, relatively
};

} // namespace tunescope
