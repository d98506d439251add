#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

class QProcess;

namespace tunescope {

/// One process using a GPU, as nvidia-smi --query-compute-apps lists it.
struct GpuProcessUse
{
    qint64 pid = 0;
    QString gpuUuid;
    double usedMemoryMb = 0.0; ///< MiB
};

/// One GPU's state, as nvidia-smi --query-gpu lists it.
struct GpuState
{
    QString uuid;
    double utilizationPercent = 0.0;
    double memoryUsedMb = 0.0;
};

/// Polls NVIDIA's GPUs through nvidia-smi while trials run: which processes use which GPU and
/// how much memory (--query-compute-apps=pid,gpu_uuid,used_memory), and each GPU's utilization
/// (--query-gpu=uuid,utilization.gpu,memory.used), both with --format=csv,noheader,nounits.
/// The runner maps the processes to its trials' process trees. Without nvidia-smi, or when it
/// fails, it stays silent: trials simply have no GPU figures.
class GpuSampler : public QObject
{
    Q_OBJECT

public:
    explicit GpuSampler(QObject *parent = nullptr);
    ~GpuSampler() override;

    /// Starts polling every interval, when nvidia-smi is on the PATH; false (and nothing
    /// happens) otherwise.
    bool start(int intervalMs = 2000);
    void stop();
    bool isActive() const { return mTimer.isActive(); }

    /// "12345, GPU-8f6c…, 1530" lines; fields nvidia-smi cannot tell ("[N/A]") leave a row
    /// out (memory unknown) or count as 0.
    static QList<GpuProcessUse> parseComputeApps(const QByteArray &csv);
    static QList<GpuState> parseGpus(const QByteArray &csv);

signals:
    /// One poll: every compute process on every GPU, and every GPU by uuid.
    void sampled(const QList<tunescope::GpuProcessUse> &processes, const QHash<QString, tunescope::GpuState> &gpus);

private:
    void poll();
    void runQuery(const QString &query, bool apps);

    QString mProgram;
    QTimer mTimer;
    QProcess *mProcess = nullptr;
    QByteArray mAppsOutput; ///< of the first query of a poll, until the second answers
    bool mFailed = false;   ///< nvidia-smi failed once: polling stopped
};

} // namespace tunescope

Q_DECLARE_METATYPE(tunescope::GpuProcessUse)
