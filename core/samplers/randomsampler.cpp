#include "samplers/randomsampler.h"

#include "common/splitmix.h"

namespace tunescope {

std::optional<QVariantMap> RandomSampler::suggest(const QList<Trial> &, int number)
{
    SplitMix64 rng(trialSeed(number));
    std::vector<double> unit(size_t(mSpace.dimension()));
    for (double &u : unit)
        u = rng.unit();
    return mSpace.decode(unit);
}

} // namespace tunescope
