#include "execution/gpusampler.h"

#include "execution/reapedchildren.h"

#include <QProcess>
#include <QStandardPaths>

namespace tunescope {

namespace {

/// The comma-separated fields of each non-empty line.
QList<QStringList> csvRows(const QByteArray &csv)
{
    QList<QStringList> rows;
    for (const QByteArray &line : csv.split('\n')) {
        const QString text = QString::fromUtf8(line).trimmed();
        if (text.isEmpty())
            continue;
        QStringList fields = text.split(u',');
        for (QString &f : fields)
            f = f.trimmed();
        rows << fields;
    }
    return rows;
}

} // namespace

GpuSampler::GpuSampler(QObject *parent)
    : QObject(parent)
{
    connect(&mTimer, &QTimer::timeout, this, &GpuSampler::poll);
}

GpuSampler::~GpuSampler()
{
    if (mProcess) {
        mProcess->kill();
        mProcess->waitForFinished(1000);
    }
}

bool GpuSampler::start(int intervalMs)
{
    mProgram = QStandardPaths::findExecutable(QStringLiteral("nvidia-smi"));
    if (mProgram.isEmpty())
        return false;
    mFailed = false;
    mTimer.start(intervalMs);
    poll();
    return true;
}

void GpuSampler::stop()
{
    mTimer.stop();
}

QList<GpuProcessUse> GpuSampler::parseComputeApps(const QByteArray &csv)
{
    QList<GpuProcessUse> uses;
    for (const QStringList &f : csvRows(csv)) {
        bool pidOk = false, memOk = false;
        GpuProcessUse use;
        use.pid = f.value(0).toLongLong(&pidOk);
        use.gpuUuid = f.value(1);
        use.usedMemoryMb = f.value(2).toDouble(&memOk);
        if (f.size() >= 3 && pidOk && memOk)
            uses << use;
    }
    return uses;
}

QList<GpuState> GpuSampler::parseGpus(const QByteArray &csv)
{
    QList<GpuState> gpus;
    for (const QStringList &f : csvRows(csv)) {
        if (f.size() < 3 || f.at(0).isEmpty())
            continue;
        GpuState gpu;
        gpu.uuid = f.at(0);
        gpu.utilizationPercent = f.at(1).toDouble(); // "[N/A]" (not supported): 0
        gpu.memoryUsedMb = f.at(2).toDouble();
        gpus << gpu;
    }
    return gpus;
}

void GpuSampler::poll()
{
    if (mProcess || mFailed)
        return; // the previous poll is still running
    runQuery(QStringLiteral("--query-compute-apps=pid,gpu_uuid,used_memory"), true);
}

void GpuSampler::runQuery(const QString &query, bool apps)
{
    mProcess = new QProcess(this);
    connect(mProcess, &QProcess::finished, this, [this, apps](int exitCode, QProcess::ExitStatus status) {
        ReapedChildren::takeCpuSeconds(); // nvidia-smi's own CPU is no trial's
        const QByteArray out = mProcess->readAllStandardOutput();
        mProcess->deleteLater();
        mProcess = nullptr;
        if (status != QProcess::NormalExit || exitCode != 0) {
            // No driver loaded, no GPU, a container without devices: no GPU figures, quietly.
            mFailed = true;
            mTimer.stop();
            return;
        }
        if (apps) {
            mAppsOutput = out;
            runQuery(QStringLiteral("--query-gpu=uuid,utilization.gpu,memory.used"), false);
            return;
        }
        QHash<QString, GpuState> gpus;
        for (const GpuState &g : parseGpus(out))
            gpus.insert(g.uuid, g);
        emit sampled(parseComputeApps(mAppsOutput), gpus);
    });
    connect(mProcess, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        mProcess->deleteLater();
        mProcess = nullptr;
        mFailed = true;
        mTimer.stop();
    });
    mProcess->start(mProgram, {query, QStringLiteral("--format=csv,noheader,nounits")});
}

} // namespace tunescope
