#include "samplers/gridsampler.h"

#include "common/splitmix.h"

#include <algorithm>
#include <numeric>

namespace tunescope {

namespace {
// Above this many points the shuffled order is not materialized; random-grid then draws
// unused points at random, which is the same distribution without the memory.
constexpr qint64 maxPermutation = 1 << 22;
} // namespace

GridSampler::GridSampler(SearchSpace space, Goal goal, quint64 seed, Order order)
    : Sampler(std::move(space), goal, seed), mOrder(order)
{
    mSize = mSpace.gridSize().value_or(0);
    if (mOrder == Order::Shuffled && mSize <= maxPermutation) {
        mPermutation.resize(size_t(mSize));
        std::iota(mPermutation.begin(), mPermutation.end(), qint64(0));
        SplitMix64 rng(trialSeed(-1, 0x6772696400000000ULL));
        rng.shuffle(mPermutation.begin(), mPermutation.end());
    }
}

qint64 GridSampler::indexAt(qint64 position) const
{
    return mPermutation.empty() ? position : mPermutation[size_t(position)];
}

std::optional<QVariantMap> GridSampler::suggest(const QList<Trial> &trials, int number)
{
    QSet<qint64> used;
    for (const Trial &t : trials) {
        // An interrupted trial never evaluated its point: it is run again, not skipped.
        if (isInterrupted(t))
            continue;
        if (const auto index = mSpace.gridIndex(t.params))
            used.insert(*index);
    }
    const std::optional<qint64> index = freeIndex(used, number);
    if (!index)
        return std::nullopt;
    return mSpace.gridPoint(*index);
}

std::optional<qint64> GridSampler::freeIndex(const QSet<qint64> &held, int number) const
{
    if (held.size() >= mSize)
        return std::nullopt;

    if (mOrder == Order::Shuffled && mPermutation.empty()) {
        SplitMix64 rng(trialSeed(number));
        // The grid is far larger than what was used, so a few draws find a free point.
        for (;;) {
            const qint64 index = qint64(rng.below(quint64(mSize)));
            if (!held.contains(index))
                return index;
        }
    }
    for (qint64 position = 0; position < mSize; ++position) {
        const qint64 index = indexAt(position);
        if (!held.contains(index))
            return index;
    }
    return std::nullopt;
}

} // namespace tunescope
