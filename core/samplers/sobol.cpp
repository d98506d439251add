#include "samplers/sobol.h"

#include "common/splitmix.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace tunescope {

namespace {

struct DirectionRow
{
    std::uint32_t poly;
    std::vector<std::uint32_t> m;
};

const std::vector<DirectionRow> &joeKuo()
{
    static const std::vector<DirectionRow> rows = {
#include "samplers/sobol_joekuo.inc"
    };
    return rows;
}

// Unscrambled direction numbers V_1..V_Bits of one dimension, most significant bit first.
std::vector<std::uint32_t> directionNumbers(int dim)
{
    constexpr int B = Sobol::Bits;
    std::vector<std::uint32_t> v(B);
    if (dim == 0) {
        for (int j = 0; j < B; ++j)
            v[j] = 1u << (B - 1 - j);
        return v;
    }
    const DirectionRow &row = joeKuo()[dim];
    const int s = std::bit_width(row.poly) - 1;
    for (int j = 0; j < std::min(s, B); ++j)
        v[j] = row.m[j] << (B - 1 - j);
    for (int j = s; j < B; ++j) {
        std::uint32_t x = v[j - s] ^ (v[j - s] >> s);
        for (int k = 1; k < s; ++k)
            if ((row.poly >> (s - k)) & 1u)
                x ^= v[j - k];
        v[j] = x;
    }
    return v;
}

} // namespace

int Sobol::maxDimension()
{
    return int(joeKuo().size());
}

Sobol::Sobol(int dimension, std::uint64_t seed, bool scramble)
    : mDim(dimension)
{
    if (dimension < 0 || dimension > maxDimension())
        throw std::invalid_argument("Sobol: dimension out of range");
    mV.resize(std::size_t(mDim) * Bits);
    mShift.assign(mDim, 0u);
    SplitMix64 rng(seed ^ 0x5b0b01a5c0ffee11ull);
    for (int d = 0; d < mDim; ++d) {
        std::vector<std::uint32_t> v = directionNumbers(d);
        if (scramble) {
            // Row k of a random lower-triangular matrix with unit diagonal, as a mask over the
            // digits 0..k (digit i lives in bit Bits-1-i). Output digit k = parity(row_k & v).
            std::uint32_t rows[Bits];
            for (int k = 0; k < Bits; ++k) {
                const std::uint32_t random = std::uint32_t(rng.next() >> 32);
                const std::uint32_t upperDigits = k == 0 ? 0u : ~0u << (Bits - k); // digits < k
                rows[k] = (random & upperDigits) | (1u << (Bits - 1 - k));
            }
            for (std::uint32_t &x : v) {
                std::uint32_t out = 0;
                for (int k = 0; k < Bits; ++k)
                    out |= std::uint32_t(std::popcount(rows[k] & x) & 1) << (Bits - 1 - k);
                x = out;
            }
            mShift[d] = std::uint32_t(rng.next() >> 32);
        }
        std::copy(v.begin(), v.end(), mV.begin() + std::ptrdiff_t(d) * Bits);
    }
}

std::uint32_t Sobol::coordinate(int d, std::uint64_t index) const
{
    std::uint32_t x = mShift[d];
    const std::uint32_t *v = mV.data() + std::ptrdiff_t(d) * Bits;
    std::uint64_t g = index ^ (index >> 1); // Gray code
    for (int j = 0; g != 0 && j < Bits; ++j, g >>= 1)
        if (g & 1u)
            x ^= v[j];
    return x;
}

double Sobol::unit(std::uint32_t x)
{
    // Centre of the 2^-32 cell, so no coordinate is exactly 0 or 1.
    return (double(x) + 0.5) * (1.0 / 4294967296.0);
}

void Sobol::point(std::uint64_t index, double *out) const
{
    for (int d = 0; d < mDim; ++d)
        out[d] = unit(coordinate(d, index));
}

void Sobol::points(std::uint64_t first, std::uint64_t count, double *out) const
{
    if (count == 0)
        return;
    // The first point's coordinates as integers, then each next one by one XOR.
    std::vector<std::uint32_t> x(static_cast<std::size_t>(mDim));
    for (int d = 0; d < mDim; ++d)
        x[d] = coordinate(d, first);
    for (std::uint64_t i = 0;; ++i) {
        for (int d = 0; d < mDim; ++d)
            out[std::ptrdiff_t(i) * mDim + d] = unit(x[d]);
        if (i + 1 == count)
            break;
        // gray(k) ^ gray(k - 1) is the lowest set bit of k.
        const int bit = std::countr_zero(first + i + 1);
        if (bit < Bits)
            for (int d = 0; d < mDim; ++d)
                x[d] ^= mV[std::size_t(d) * Bits + std::size_t(bit)];
    }
}

std::vector<double> Sobol::point(std::uint64_t index) const
{
    std::vector<double> p(mDim);
    point(index, p.data());
    return p;
}

} // namespace tunescope
