#pragma once

// The project's one source of seeded randomness. Every seeded result (sampler suggestions,
// the GP's fit subset, Hyperband's brackets, scrambles, shuffles) draws from here, never from
// <random>'s distributions: std::uniform_int_distribution, std::uniform_real_distribution,
// std::normal_distribution, std::shuffle and std::discrete_distribution are
// implementation-defined, so libstdc++, libc++ and MSVC turn the same seed into different
// studies. Everything below is specified to the bit by the code itself: plain 64-bit integer
// arithmetic and IEEE double operations that are exactly rounded (+, -, *, /, sqrt); the only
// libm call is the log in normal().

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <utility>

namespace tunescope {

/// SplitMix64's output function (Steele, Lea, Flood 2014), a fast bijective mixer: turns
/// counters (trial numbers, indices) into well-spread 64-bit seeds and hashes.
/// splitmix64(s) is the first word of SplitMix64{s}.
constexpr std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// A seeded stream of 64-bit words, SplitMix64 as published (Vigna's splitmix64.c: the state
/// advances by the golden-ratio increment and each state is mixed), with the draws the
/// project needs on top. It passes BigCrush, has a period of 2^64 and is a few instructions
/// per word. It deliberately is not a std UniformRandomBitGenerator, so that it cannot be
/// handed to the implementation-defined std distributions by accident.
class SplitMix64
{
public:
    explicit constexpr SplitMix64(std::uint64_t seed) : mState(seed) {}

    /// The next 64 random bits.
    constexpr std::uint64_t next()
    {
        const std::uint64_t word = splitmix64(mState);
        mState += 0x9e3779b97f4a7c15ULL;
        return word;
    }

    /// A uniform double in [0, 1): the top 53 bits of a word times 2^-53, so every multiple
    /// of 2^-53 in [0, 1) is equally likely and the result is exact.
    constexpr double unit() { return double(next() >> 11) * 0x1.0p-53; }

    /// A uniform double in the open interval (0, 1): the centre of one of the 2^53 cells of
    /// unit(), for inverse CDFs that must not see 0 (or 1).
    constexpr double openUnit() { return (double(next() >> 11) + 0.5) * 0x1.0p-53; }

    /// A uniform integer in [0, n), exactly unbiased, for n >= 1 (0 for n == 0). Lemire's
    /// multiply-and-reject method ("Fast random integer generation in an interval", ACM TOMACS
    /// 2019): the high word of word * n is uniform once the low words below 2^64 mod n, the
    /// surplus that would favour small results, are rejected; that is rare (probability
    /// below n / 2^64), so one word per draw is the norm.
    constexpr std::uint64_t below(std::uint64_t n)
    {
        if (n == 0)
            return 0;
        WideProduct p = multiply(next(), n);
        if (p.low < n) {
            const std::uint64_t surplus = (0 - n) % n; // 2^64 mod n
            while (p.low < surplus)
                p = multiply(next(), n);
        }
        return p.high;
    }

    /// A uniform integer in [low, high] (both included), unbiased; low when high < low.
    constexpr std::int64_t between(std::int64_t low, std::int64_t high)
    {
        if (high <= low)
            return low;
        const std::uint64_t span = std::uint64_t(high) - std::uint64_t(low);
        const std::uint64_t offset = span == ~std::uint64_t(0) ? next() : below(span + 1);
        return std::int64_t(std::uint64_t(low) + offset);
    }

    /// A standard normal draw by Marsaglia's polar method (Marsaglia & Bray 1964): a point
    /// uniform in the unit disc (by rejection from the square, accepted with probability
    /// pi/4) is scaled by sqrt(-2 log s / s). The method yields two independent normals;
    /// the second is dropped, so that a draw depends only on the words it consumes and the
    /// stream holds no hidden state.
    double normal()
    {
        for (;;) {
            const double u = 2.0 * unit() - 1.0;
            const double v = 2.0 * unit() - 1.0;
            const double s = u * u + v * v;
            if (s > 0.0 && s < 1.0)
                return u * std::sqrt(-2.0 * std::log(s) / s);
        }
    }

    /// Puts [first, last) in a uniformly random order (Fisher-Yates, in Durstenfeld's
    /// in-place form: each position from the back swaps with a uniform one at or before it).
    template<std::random_access_iterator It>
    constexpr void shuffle(It first, It last)
    {
        for (auto i = last - first; i > 1; --i)
            std::iter_swap(first + (i - 1), first + std::iter_difference_t<It>(below(std::uint64_t(i))));
    }

    /// An index i drawn with probability weights[i] / sum(weights). Weights that are not
    /// positive (zero, negative, NaN) are never drawn; when none is positive, every index is
    /// equally likely. One word per draw, a linear scan.
    std::size_t categorical(std::span<const double> weights)
    {
        double total = 0.0;
        for (double w : weights)
            if (w > 0.0)
                total += w;
        if (!(total > 0.0) || !std::isfinite(total))
            return std::size_t(below(weights.size()));
        const double u = unit() * total;
        double running = 0.0;
        std::size_t last = 0;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (!(weights[i] > 0.0))
                continue;
            running += weights[i];
            last = i;
            if (u < running)
                return i;
        }
        return last; // u * total rounded up to total
    }

    /// The same draw from running sums (cumulative[i] = weights[0] + ... + weights[i],
    /// non-decreasing, last > 0), by binary search: the first index whose running sum
    /// exceeds u * total, which is never one of zero weight.
    std::size_t categoricalCumulative(std::span<const double> cumulative)
    {
        if (cumulative.empty())
            return 0;
        const double u = unit() * cumulative.back();
        const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
        return std::min(std::size_t(it - cumulative.begin()), cumulative.size() - 1);
    }

private:
    struct WideProduct
    {
        std::uint64_t high;
        std::uint64_t low;
    };

    /// The full 128-bit product of two words, from 32-bit halves (portable C++, no __int128).
    static constexpr WideProduct multiply(std::uint64_t a, std::uint64_t b)
    {
        const std::uint64_t aLow = a & 0xffffffffULL, aHigh = a >> 32;
        const std::uint64_t bLow = b & 0xffffffffULL, bHigh = b >> 32;
        const std::uint64_t lowLow = aLow * bLow;
        const std::uint64_t highLow = aHigh * bLow;
        const std::uint64_t lowHigh = aLow * bHigh;
        const std::uint64_t middle = (lowLow >> 32) + (highLow & 0xffffffffULL) + lowHigh;
        return {aHigh * bHigh + (highLow >> 32) + (middle >> 32), (middle << 32) | (lowLow & 0xffffffffULL)};
    }

    std::uint64_t mState;
};

} // namespace tunescope
