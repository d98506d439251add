#pragma once

#include "samplers/sampler.h"

#include <QSet>

#include <vector>

namespace tunescope {

/// Every point of the grid exactly once: in order (`grid`) or in a seeded random order
/// (`random-grid`, a random subset when the budget is smaller than the grid).
///
/// The points already taken are read from the trials (any state), so parallel workers,
/// resumed studies and failed trials never repeat or skip a point.
class GridSampler : public Sampler
{
public:
    enum class Order { Sequential, Shuffled };

    /// The space must have a grid (SearchSpace::gridSize); createSampler checks this.
    GridSampler(SearchSpace space, Goal goal, quint64 seed, Order order);

    std::optional<QVariantMap> suggest(const QList<Trial> &trials, int number) override;
    std::optional<qint64> capacity() const override { return mSize; }

    /// The grid point for trial `number` when the study's trials hold `held` (what suggest
    /// does with its trials' points; Storage::claimTrial calls it inside the claim, where
    /// `held` is every worker's). nullopt when every point is held.
    std::optional<qint64> freeIndex(const QSet<qint64> &held, int number) const;

private:
    qint64 indexAt(qint64 position) const;

    Order mOrder;
    qint64 mSize = 0;
    std::vector<qint64> mPermutation; ///< shuffled order, for grids small enough to hold it
};

} // namespace tunescope
