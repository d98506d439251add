#pragma once

#include <malloc.h>

namespace tunescope {

/// Keeps freed heap in the process for reuse instead of giving it back to the kernel.
///
/// A GP sampler allocates and frees a few MB per suggestion; with glibc's defaults they went
/// back to the kernel each time and were faulted in again (28,000 page faults and 2,700 brk
/// calls in a 100-trial bayes study, about 6 % of its CPU). `tunescope run`/`worker` call this
/// at start; bench_endtoend and bench_samplers call it too, so that the samplers they time pay
/// what the runner pays and not glibc's page faults on top.
inline void keepFreedHeapForReuse()
{
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
}

} // namespace tunescope
