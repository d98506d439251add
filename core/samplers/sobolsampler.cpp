#include "samplers/sobolsampler.h"

#include <algorithm>

namespace tunescope {

namespace {
int sobolDimension(const SearchSpace &space)
{
    // Beyond the direction-number table the remaining coordinates repeat the table's last
    // dimensions with an independent scramble (see unitPoint); such spaces are rare.
    return std::min(space.dimension(), Sobol::maxDimension());
}
} // namespace

SobolSampler::SobolSampler(SearchSpace space, Goal goal, quint64 seed)
    : Sampler(std::move(space), goal, seed)
    , mSobol(sobolDimension(mSpace), seed)
{
}

std::vector<double> SobolSampler::unitPoint(int number) const
{
    const int dim = mSpace.dimension();
    std::vector<double> unit = mSobol.point(std::uint64_t(std::max(number, 0)));
    if (dim > mSobol.dimension()) {
        for (int offset = mSobol.dimension(); offset < dim; offset += Sobol::maxDimension()) {
            const int n = std::min(dim - offset, Sobol::maxDimension());
            const Sobol extra(n, trialSeed(-1, quint64(offset)));
            const std::vector<double> more = extra.point(std::uint64_t(std::max(number, 0)));
            unit.insert(unit.end(), more.begin(), more.end());
        }
    }
    return unit;
}

std::optional<QVariantMap> SobolSampler::suggest(const QList<Trial> &, int number)
{
    return mSpace.decode(unitPoint(number));
}

} // namespace tunescope
