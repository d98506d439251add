#include "execution/reapedchildren.h"

#include <mutex>

#include <sys/resource.h>

namespace tunescope {

double ReapedChildren::takeCpuSeconds()
{
    static std::mutex mutex;
    static double taken = -1.0;
    const std::lock_guard lock(mutex);
    struct rusage usage = {};
    if (::getrusage(RUSAGE_CHILDREN, &usage) != 0)
        return 0.0;
    auto seconds = [](const struct timeval &t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    const double total = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    // The first call has no previous one: everything so far counts as taken before.
    const double added = taken < 0.0 ? 0.0 : total - taken;
    taken = total;
    return added;
}

} // namespace tunescope
