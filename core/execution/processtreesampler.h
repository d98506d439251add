#pragma once

#include "common/trialusage.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

namespace tunescope {

/// Measures what a local trial's processes consume, from /proc, every interval while it runs:
/// every process of its process group (the trial's program and whatever it forks; a process
/// that moves itself to another group or session is no longer seen).
///
/// CPU seconds: for each process seen, its own user + system time at its last sample, plus the
/// time of the children it waited for (cutime + cstime, which the kernel adds in full when it
/// reaps them, grandchildren included). A process reaped by a parent of the group counts only
/// through that parent, so nothing counts twice. Not seen: CPU a process used after its last
/// sample when no process of the group waits for it (the program itself, reaped by Tunescope;
/// children orphaned to init), i.e. at most one interval of theirs, and processes that lived
/// less than an interval and were not waited for by the group.
///
/// Peak RSS: the larger of the largest sampled sum of the group's resident memory and the
/// largest single process's own peak (VmHWM, which the kernel keeps exactly), in MiB.
///
/// The last interval: given the CPU the kernel counted for the program when it was reaped
/// (usage(reapedCpu), from ReapedChildren: the program and all it waited for, to its last
/// instruction), what that adds to the program's samples counts too, so a trial shorter than
/// an interval has a figure and a longer one loses nothing at its end. That addition is
/// bounded by the cores times the time since the program was last seen, so another child of
/// Tunescope reaped meanwhile cannot inflate it beyond what the program could have used.
class ProcessTreeSampler : public QObject
{
    Q_OBJECT

public:
    explicit ProcessTreeSampler(QObject *parent = nullptr);

    /// Starts sampling the process group (the trial program's pid: TrialProcess makes it the
    /// leader of a group of its own); the first sample is one interval later, so a trial that
    /// ends sooner is not measured (nothing of it would be left to read).
    void start(qint64 processGroup, int intervalMs = 1000);
    /// Takes a last sample and stops.
    void stop();
    bool isActive() const { return mTimer.isActive(); }
    /// Reads /proc now (also what the timer does).
    void sample();

    /// The group's processes at the last sample (to match a GPU's processes to the trial).
    const QSet<qint64> &alivePids() const { return mAlivePids; }
    /// Seconds since start().
    double elapsedSeconds() const { return mClock.isValid() ? mClock.elapsed() / 1000.0 : 0.0; }
    /// What was measured so far: cpuSeconds and maxRssMb (nullopt before any process was seen).
    /// `reapedCpu`: the program's final CPU seconds from the kernel (see the class comment).
    TrialUsage usage(std::optional<double> reapedCpu = std::nullopt) const;

    /// Whether this system has a /proc to read.
    static bool isSupported();

signals:
    /// One sample: the group's CPU use since the previous sample (100 = one core) and resident
    /// memory now (MiB), at `seconds` since start().
    void sampled(double seconds, double cpuPercent, double rssMb);

private:
    struct Process
    {
        qint64 pid = 0;
        qint64 parent = 0;
        double ownSeconds = 0.0;    ///< utime + stime
        double waitedSeconds = 0.0; ///< cutime + cstime
        bool alive = true;
        bool coveredByParent = false; ///< reaped by a parent in the group: counted in its waitedSeconds
    };

    double cpuSeconds() const;
    /// CPU of the program and its children gone by the last sample, as sampled: what the
    /// kernel's reaped figure covers.
    double programTreeSeconds() const;

    qint64 mGroup = 0;
    QTimer mTimer;
    QElapsedTimer mClock;
    QHash<QString, Process> mProcesses; ///< by "pid/starttime" (a pid may be reused)
    QSet<qint64> mAlivePids;
    double mMaxRssMb = 0.0;
    double mLastCpuSeconds = 0.0;
    qint64 mLastSampleMs = 0;
    bool mSeenAny = false;
    int mSamples = 0;
    qint64 mProgramSeenMs = 0; ///< when a sample last found the program itself alive
};

} // namespace tunescope
