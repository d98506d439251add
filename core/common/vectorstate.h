#pragma once

namespace tunescope {

/// Clears the upper halves of the AVX registers (vzeroupper) on a CPU that has them.
///
/// Starting a QProcess (Qt 6.4, Debian 12) leaves them dirty in the calling process, and until
/// something clears them every legacy-SSE instruction pays the AVX-SSE transition penalty. This
/// code is built for plain x86-64 (SSE2), and glibc's libm dispatches exp, log and pow to FMA
/// variants: the samplers' math (libm's share of it 20 times over) ran at half speed in
/// `tunescope run`, which starts a QProcess per trial (bench/README.md, "The upper halves of
/// the vector registers"). The samplers that compute call this on entry.
inline void clearUpperVectorState()
{
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx"))
        asm volatile("vzeroupper" ::: "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
                     "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
#endif
}

} // namespace tunescope
