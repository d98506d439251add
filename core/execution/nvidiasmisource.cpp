#include "execution/nvidiasmisource.h"

#include "execution/reapedchildren.h"

#include <QProcess>

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

NvidiaSmiSource::NvidiaSmiSource(QString program, QObject *parent)
    : GpuUsageSource(parent), mProgram(std::move(program))
{
}

NvidiaSmiSource::~NvidiaSmiSource()
{
    if (mProcess) {
        mProcess->kill();
        mProcess->waitForFinished(1000);
    }
}

QList<GpuProcessUse> NvidiaSmiSource::parseComputeApps(const QByteArray &csv)
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

QList<GpuState> NvidiaSmiSource::parseGpus(const QByteArray &csv)
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

void NvidiaSmiSource::poll()
{
    if (mProcess)
        return; // the previous poll is still running
    runQuery(QStringLiteral("--query-compute-apps=pid,gpu_uuid,used_memory"), true);
}

void NvidiaSmiSource::runQuery(const QString &query, bool apps)
{
    mProcess = new QProcess(this);
    connect(mProcess, &QProcess::finished, this, [this, apps](int exitCode, QProcess::ExitStatus status) {
        ReapedChildren::takeCpuSeconds(); // nvidia-smi's own CPU is no trial's
        const QByteArray out = mProcess->readAllStandardOutput();
        mProcess->deleteLater();
        mProcess = nullptr;
        if (status != QProcess::NormalExit || exitCode != 0) {
            // No driver loaded, no GPU, a container without devices: no GPU figures, quietly.
            emit failed();
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
        emit failed();
    });
    mProcess->start(mProgram, {query, QStringLiteral("--format=csv,noheader,nounits")});
}

} // namespace tunescope
