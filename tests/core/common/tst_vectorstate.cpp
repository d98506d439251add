#include "common/vectorstate.h"

#include <QCoreApplication>
#include <QEvent>
#include <QProcess>
#include <QTest>

#include <memory>

using namespace tunescope;

namespace {

// Dirties the upper halves of the AVX registers as AVX code does: a 256-bit compare writes
// all ones into YMM15, upper half included.
void dirtyUpperVectorState()
{
#if defined(__x86_64__)
    asm volatile("vcmpeqps %%ymm15, %%ymm15, %%ymm15" ::: "xmm15");
#endif
}

void deliverOneEvent()
{
    QObject target;
    QEvent event(QEvent::User);
    QCoreApplication::sendEvent(&target, &event);
}

} // namespace

class TestVectorState : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!upperVectorStateDirty())
            QSKIP("this CPU cannot tell whether the state is dirty (no AVX or no XGETBV(1))");
    }

    void clearingClears()
    {
        dirtyUpperVectorState();
        QCOMPARE(upperVectorStateDirty(), std::optional<bool>(true));
        clearUpperVectorState();
        QCOMPARE(upperVectorStateDirty(), std::optional<bool>(false));
    }

    void anEventStartsClean()
    {
        std::unique_ptr<QObject> filter(clearUpperVectorStateBeforeEachEvent(*QCoreApplication::instance()));
        dirtyUpperVectorState();
        QCOMPARE(upperVectorStateDirty(), std::optional<bool>(true));
        deliverOneEvent();
        QCOMPARE(upperVectorStateDirty(), std::optional<bool>(false));
    }

    void aTrialProcessLeavesNothingBehind()
    {
        // What a runner does per trial: a QProcess started and seen to finish. Without the
        // filter, Qt 6.4 leaves the state dirty (why the filter exists); with it, the events
        // that carry the process's start and end to the runner leave it clean.
        auto runOne = [] {
            clearUpperVectorState();
            QProcess process;
            process.start(QStringLiteral("/bin/true"), {});
            return process.waitForFinished(10000);
        };
        QVERIFY(runOne());
        if (!*upperVectorStateDirty())
            QSKIP("a QProcess leaves the state clean on this machine: nothing to clear");
        std::unique_ptr<QObject> filter(clearUpperVectorStateBeforeEachEvent(*QCoreApplication::instance()));
        QVERIFY(runOne());
        deliverOneEvent();
        QCOMPARE(upperVectorStateDirty(), std::optional<bool>(false));
    }
};

QTEST_GUILESS_MAIN(TestVectorState)
#include "tst_vectorstate.moc"
