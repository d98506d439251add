#pragma once

#include "samplers/sampler.h"
#include "samplers/sobol.h"

namespace tunescope {

/// `method: sobol`: the scrambled Sobol point whose index is the trial number.
///
/// Keying the point on the trial number (not on how many suggestions were made) keeps a
/// resumed or parallel study on the same sequence, and the first 2^k trials of a study form a
/// balanced net. The scramble is drawn from the study seed.
class SobolSampler : public Sampler
{
public:
    SobolSampler(SearchSpace space, Goal goal, quint64 seed);

    std::optional<QVariantMap> suggest(const QList<Trial> &trials, int number) override;
    bool readsTrials() const override { return false; }

    /// Unit-cube coordinates of trial `number` (one per searchable parameter).
    std::vector<double> unitPoint(int number) const;

private:
    Sobol mSobol;
};

} // namespace tunescope
