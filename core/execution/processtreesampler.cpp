#include "execution/processtreesampler.h"

#include <QDir>
#include <QFile>
#include <QSet>

#include <algorithm>

#include <unistd.h>

namespace tunescope {

namespace {

struct StatLine
{
    qint64 pid = 0;
    qint64 parent = 0;
    qint64 group = 0;
    qint64 startTime = 0;
    double ownTicks = 0;
    double waitedTicks = 0;
    qint64 rssPages = 0;
};

/// /proc/PID/stat; its command name may hold spaces and parentheses, so the fields are counted
/// from the last ')'.
std::optional<StatLine> readStat(const QString &pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray line = f.readAll();
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    // fields[0] is field 3 of proc(5) (state): field N is fields[N - 3].
    if (fields.size() < 22)
        return std::nullopt;
    StatLine s;
    s.pid = pid.toLongLong();
    s.parent = fields.at(4 - 3).toLongLong();
    s.group = fields.at(5 - 3).toLongLong();
    s.ownTicks = fields.at(14 - 3).toDouble() + fields.at(15 - 3).toDouble();
    s.waitedTicks = fields.at(16 - 3).toDouble() + fields.at(17 - 3).toDouble();
    s.startTime = fields.at(22 - 3).toLongLong();
    s.rssPages = fields.at(24 - 3).toLongLong();
    return s;
}

/// VmHWM of /proc/PID/status: the process's peak resident memory, in kB.
qint64 peakResidentKb(const QString &pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = f.readAll();
    const qsizetype at = text.indexOf("VmHWM:");
    if (at < 0)
        return 0;
    return text.mid(at + 6, text.indexOf('\n', at) - at - 6).trimmed().split(' ').first().toLongLong();
}

} // namespace

ProcessTreeSampler::ProcessTreeSampler(QObject *parent)
    : QObject(parent)
{
    connect(&mTimer, &QTimer::timeout, this, &ProcessTreeSampler::sample);
}

bool ProcessTreeSampler::isSupported()
{
    return QFile::exists(QStringLiteral("/proc/self/stat"));
}

void ProcessTreeSampler::start(qint64 processGroup, int intervalMs)
{
    mGroup = processGroup;
    mClock.start();
    mTimer.start(intervalMs);
}

void ProcessTreeSampler::stop()
{
    if (!mTimer.isActive())
        return;
    // A trial that ended before its first sample has been reaped with its children: a scan of
    // /proc would find nothing of it, and it costs a few milliseconds per trial.
    if (mSamples > 0)
        sample();
    mTimer.stop();
}

void ProcessTreeSampler::sample()
{
    if (mGroup <= 0)
        return;
    ++mSamples;
    static const double ticksPerSecond = double(::sysconf(_SC_CLK_TCK));
    static const double pageMb = double(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
    double rssMb = 0.0;
    QSet<QString> seen;
    QSet<qint64> alivePids;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        if (!pid.front().isDigit())
            continue;
        const std::optional<StatLine> stat = readStat(pid);
        if (!stat || stat->group != mGroup)
            continue;
        const QString key = QStringLiteral("%1/%2").arg(stat->pid).arg(stat->startTime);
        Process &p = mProcesses[key];
        p.pid = stat->pid;
        p.parent = stat->parent;
        p.ownSeconds = stat->ownTicks / ticksPerSecond;
        p.waitedSeconds = stat->waitedTicks / ticksPerSecond;
        p.alive = true;
        seen.insert(key);
        alivePids.insert(stat->pid);
        if (stat->pid == mGroup)
            mProgramSeenMs = mClock.elapsed();
        rssMb += double(stat->rssPages) * pageMb;
        mMaxRssMb = std::max(mMaxRssMb, double(peakResidentKb(pid)) / 1024.0);
        mSeenAny = true;
    }
    // Gone since the last sample: reaped. By a parent still in the group, whose waited time now
    // holds all of it; else (the program itself, an orphan) it keeps its last sample.
    for (auto it = mProcesses.begin(); it != mProcesses.end(); ++it) {
        if (!it->alive || seen.contains(it.key()))
            continue;
        it->alive = false;
        it->coveredByParent = alivePids.contains(it->parent);
    }
    mMaxRssMb = std::max(mMaxRssMb, rssMb);
    mAlivePids = alivePids;

    const qint64 now = mClock.elapsed();
    const double cpu = cpuSeconds();
    const double percent = now > mLastSampleMs ? 100.0 * (cpu - mLastCpuSeconds) / ((now - mLastSampleMs) / 1000.0) : 0.0;
    if (mLastSampleMs > 0 || now > 0)
        emit sampled(now / 1000.0, std::max(0.0, percent), rssMb);
    mLastCpuSeconds = cpu;
    mLastSampleMs = now;
}

double ProcessTreeSampler::cpuSeconds() const
{
    double total = 0.0;
    for (const Process &p : mProcesses) {
        if (!p.coveredByParent)
            total += p.ownSeconds + p.waitedSeconds;
    }
    return total;
}

double ProcessTreeSampler::programTreeSeconds() const
{
    double total = 0.0;
    for (const Process &p : mProcesses) {
        if (p.pid == mGroup || (p.parent == mGroup && !p.alive && !p.coveredByParent))
            total += p.ownSeconds + p.waitedSeconds;
    }
    return total;
}

TrialUsage ProcessTreeSampler::usage(std::optional<double> reapedCpu) const
{
    TrialUsage u;
    if (mSeenAny) {
        u.cpuSeconds = cpuSeconds();
        u.maxRssMb = mMaxRssMb;
    }
    if (reapedCpu && mClock.isValid()) {
        static const double cores = double(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
        const double unseen = std::max<qint64>(0, mClock.elapsed() - mProgramSeenMs) / 1000.0;
        const double added = std::clamp(*reapedCpu - programTreeSeconds(), 0.0, cores * unseen);
        u.cpuSeconds = u.cpuSeconds.value_or(0.0) + added;
    }
    return u;
}

} // namespace tunescope
