#include "common/vectorstate.h"

#include <QCoreApplication>
#include <QObject>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace tunescope {

namespace {

class ClearBeforeEachEvent : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject *, QEvent *) override
    {
        clearUpperVectorState();
        return false;
    }
};

} // namespace

std::optional<bool> upperVectorStateDirty()
{
#if defined(__x86_64__)
    if (!__builtin_cpu_supports("avx"))
        return std::nullopt;
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    // CPUID.(EAX=0DH, ECX=1):EAX bit 2: XGETBV with ECX = 1 reads XINUSE.
    if (!__get_cpuid_count(0x0d, 1, &eax, &ebx, &ecx, &edx) || !(eax & (1u << 2)))
        return std::nullopt;
    unsigned lo = 0, hi = 0;
    asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(1u));
    return (lo & (1u << 2)) != 0; // state component 2: the upper halves of YMM0-15
#else
    return std::nullopt;
#endif
}

QObject *clearUpperVectorStateBeforeEachEvent(QCoreApplication &app)
{
    // An event filter on the application sees every event of the main thread's objects
    // before they do.
    auto *filter = new ClearBeforeEachEvent(&app);
    app.installEventFilter(filter);
    return filter;
}

} // namespace tunescope
