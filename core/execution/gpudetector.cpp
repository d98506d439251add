#include "execution/gpudetector.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

namespace tunescope {

GpuDetector::GpuDetector(QObject *parent)
    : QObject(parent)
{
}

GpuDetector::~GpuDetector()
{
    if (mProcess) {
        mProcess->disconnect(this);
        mProcess->kill();
        mProcess->waitForFinished(500);
    }
}

void GpuDetector::start()
{
    if (mProcess || mDone)
        return;
    const QString smi = QStandardPaths::findExecutable(QStringLiteral("nvidia-smi"));
    if (smi.isEmpty()) {
        QTimer::singleShot(0, this, [this] { finish(tr("No NVIDIA driver found (nvidia-smi is not installed): trials run on CPU slots.")); });
        return;
    }
    mProcess = new QProcess(this);
    connect(mProcess, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        const QByteArray out = mProcess->readAllStandardOutput();
        if (status != QProcess::NormalExit || code != 0) {
            finish(tr("nvidia-smi failed: %1").arg(QString::fromLocal8Bit(mProcess->readAllStandardError()).trimmed()));
            return;
        }
        mGpus = parse(out);
        finish(mGpus.isEmpty() ? tr("nvidia-smi lists no GPU: trials run on CPU slots.") : QString());
    });
    connect(mProcess, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            finish(tr("nvidia-smi could not be started: %1").arg(mProcess->errorString()));
    });
    // A hung driver must not leave the form waiting forever.
    QTimer::singleShot(10000, this, [this] {
        if (!mDone && mProcess) {
            mProcess->kill();
            finish(tr("nvidia-smi did not answer within 10 s."));
        }
    });
    mProcess->start(smi, {QStringLiteral("--query-gpu=index,name,memory.total"), QStringLiteral("--format=csv,noheader")});
}

QList<GpuInfo> GpuDetector::parse(const QByteArray &csv)
{
    QList<GpuInfo> gpus;
    for (const QByteArray &rawLine : csv.split('\n')) {
        const QList<QByteArray> fields = rawLine.trimmed().split(',');
        if (fields.size() < 2)
            continue;
        bool ok = false;
        GpuInfo gpu;
        gpu.index = fields.at(0).trimmed().toInt(&ok);
        if (!ok)
            continue;
        gpu.name = QString::fromUtf8(fields.at(1).trimmed());
        if (fields.size() > 2)
            gpu.memory = QString::fromUtf8(fields.at(2).trimmed());
        gpus.append(gpu);
    }
    return gpus;
}

void GpuDetector::finish(const QString &message)
{
    if (mDone)
        return;
    mDone = true;
    mMessage = message;
    emit finished();
}

} // namespace tunescope
