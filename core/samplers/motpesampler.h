#pragma once

#include "samplers/tpesampler.h"

namespace tunescope {

/// Multi-objective TPE (MOTPE, as Optuna's TPESampler on several objectives).
///
/// The good group is filled front by front from a non-dominated sorting of the finished
/// trials' objectives; the front that does not fit whole is cut by NSGA-II crowding distance
/// (the most spread-out members stay), which keeps the good group along the whole Pareto
/// front instead of at one end. Everything else is TPE as in TpeSampler.
class MotpeSampler : public TpeSampler
{
public:
    MotpeSampler(SearchSpace space, QList<Goal> goals, quint64 seed, const QVariantMap &options = {});

    std::optional<QVariantMap> suggest(const QList<Trial> &trials, int number) override;

protected:
    TpeSplit split(const std::vector<TpeObservation> &observations, int nBelow) const override;

private:
    QList<Goal> mGoals;
    QHash<int, std::vector<double>> mLosses; ///< trial number -> objectives as losses, per suggest()
};

} // namespace tunescope
