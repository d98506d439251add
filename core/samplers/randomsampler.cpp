#include "samplers/randomsampler.h"

#include <random>

namespace tunescope {

std::optional<QVariantMap> RandomSampler::suggest(const QList<Trial> &, int number)
{
    std::mt19937_64 rng(trialSeed(number));
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<double> unit(size_t(mSpace.dimension()));
    for (double &u : unit)
        u = uniform(rng);
    return mSpace.decode(unit);
}

} // namespace tunescope
