#pragma once

#include "samplers/sampler.h"

namespace tunescope {

/// Independent uniform draws from the unit cube (log parameters uniform in log space).
class RandomSampler : public Sampler
{
public:
    using Sampler::Sampler;
    std::optional<QVariantMap> suggest(const QList<Trial> &trials, int number) override;
    bool readsTrials() const override { return false; }
};

} // namespace tunescope
