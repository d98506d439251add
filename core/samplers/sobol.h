#pragma once

#include <cstdint>
#include <vector>

namespace tunescope {

/// Scrambled Sobol low-discrepancy sequence in [0, 1)^dim (up to Sobol::maxDimension()).
///
/// Direction numbers are Joe & Kuo's (new-joe-kuo-6.21201). Scrambling is a random linear
/// matrix scramble (lower-triangular binary matrix per dimension) followed by a random digital
/// shift, both drawn from the seed: the points keep the (t, m, s)-net structure of the
/// sequence but lose its artefacts (the all-zero first point, the diagonal in low dimensions).
/// Points are addressed by index, so point i does not depend on which points came before.
class Sobol
{
public:
    static constexpr int Bits = 32;

    Sobol(int dimension, std::uint64_t seed, bool scramble = true);

    static int maxDimension();
    int dimension() const { return mDim; }

    /// Point `index` (0-based, below 2^32) in Gray-code order.
    std::vector<double> point(std::uint64_t index) const;
    /// Writes point `index` into out[0 .. dimension).
    void point(std::uint64_t index, double *out) const;
    /// Writes points first .. first + count - 1 into out, one after the other (row-major,
    /// count x dimension): the same values as point(), each from the one before it by one XOR
    /// per coordinate (consecutive Gray codes differ in one bit), instead of one XOR for every
    /// set bit of its Gray code.
    void points(std::uint64_t first, std::uint64_t count, double *out) const;

private:
    std::uint32_t coordinate(int d, std::uint64_t index) const; ///< of point index, as 32 bits
    static double unit(std::uint32_t x);                          ///< those bits as a number in (0, 1)

    int mDim = 0;
    std::vector<std::uint32_t> mV;     ///< direction numbers, Bits per dimension (scrambled)
    std::vector<std::uint32_t> mShift; ///< digital shift per dimension
};

} // namespace tunescope
