#pragma once

#include <cstdint>

namespace tunescope {

/// SplitMix64 (Steele, Lea, Flood 2014): a fast bijective mixer that turns counters (trial
/// numbers, indices) into well-spread 64-bit seeds and hashes. Plain C++, used by the samplers,
/// the GP's subset choice and Hyperband's bracket draw.
constexpr std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace tunescope
