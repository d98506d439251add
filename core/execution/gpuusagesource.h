#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

namespace tunescope {

/// One process using a GPU, as NVML or nvidia-smi --query-compute-apps lists it.
struct GpuProcessUse
{
    qint64 pid = 0;
    QString gpuUuid;
    double usedMemoryMb = 0.0; ///< MiB
};

/// One GPU's state: its utilization (% of time a kernel ran, as nvidia-smi's utilization.gpu)
/// and the memory used on it.
struct GpuState
{
    QString uuid;
    double utilizationPercent = 0.0;
    double memoryUsedMb = 0.0;
};

/// Where GpuSampler reads GPU use from: NVML in this process (NvmlGpuSource) or the
/// nvidia-smi program (NvidiaSmiSource). One reading per poll(): sampled() or failed()
/// follows, possibly before poll() returns.
class GpuUsageSource : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /// "nvml" or "nvidia-smi" (tests, messages).
    virtual QString name() const = 0;
    virtual void poll() = 0;

signals:
    /// Every compute process on every GPU, and every GPU by uuid.
    void sampled(const QList<tunescope::GpuProcessUse> &processes, const QHash<QString, tunescope::GpuState> &gpus);
    /// The source cannot answer (no driver, no device): no further polls.
    void failed();
};

} // namespace tunescope

Q_DECLARE_METATYPE(tunescope::GpuProcessUse)
