#pragma once

#include <optional>

class QCoreApplication;
class QObject;

namespace tunescope {

/// Clears the upper halves of the AVX registers (vzeroupper) on a CPU that has them.
///
/// A QProcess (Qt 6.4, Debian 12) leaves them dirty when it starts and again when it finishes
/// (seen in the thread that started it and waited for it), and a thread started from a dirty
/// one is dirty too. Until something clears them, every legacy-SSE instruction pays the
/// AVX-SSE transition penalty. This code is built for plain x86-64 (SSE2), and glibc's libm
/// dispatches exp, log and pow to FMA (VEX) variants: a loop of exp and log1p runs many times
/// slower (bench_launcher), and the samplers' math ran at half speed in `tunescope run`, which
/// starts a QProcess per trial (bench/README.md, "The upper halves of the vector registers").
/// The samplers call this on entry, and clearUpperVectorStateBeforeEachEvent() clears it
/// before each event of the main thread.
inline void clearUpperVectorState()
{
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx"))
        asm volatile("vzeroupper" ::: "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
                     "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
#endif
}

/// Whether the upper halves of the AVX registers are dirty in this thread (the AVX bit of
/// XINUSE, read with XGETBV(1)); nullopt on a CPU that cannot tell (no AVX, or no XGETBV(1)).
std::optional<bool> upperVectorStateDirty();

/// Installs on `app` an event filter that clears the state before every event of the main
/// thread is delivered: whatever dirtied it (a trial started or finished, a Slurm or nvidia-smi
/// poll), the next timer, paint or queued call computes at full speed. One vzeroupper per event.
/// Returns the filter, owned by `app` (deleting it uninstalls it).
QObject *clearUpperVectorStateBeforeEachEvent(QCoreApplication &app);

} // namespace tunescope
