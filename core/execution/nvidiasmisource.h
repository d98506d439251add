#pragma once

#include "execution/gpuusagesource.h"

#include <QByteArray>

class QProcess;

namespace tunescope {

/// GPU use from the nvidia-smi program: which processes use which GPU and how much memory
/// (--query-compute-apps=pid,gpu_uuid,used_memory), then each GPU's utilization
/// (--query-gpu=uuid,utilization.gpu,memory.used), both with --format=csv,noheader,nounits.
/// Two short-lived processes per poll: the fallback where NVML does not load.
class NvidiaSmiSource : public GpuUsageSource
{
    Q_OBJECT

public:
    /// `program`: nvidia-smi's full path.
    explicit NvidiaSmiSource(QString program, QObject *parent = nullptr);
    ~NvidiaSmiSource() override;

    QString name() const override { return QStringLiteral("nvidia-smi"); }
    void poll() override;

    /// "12345, GPU-8f6c…, 1530" lines; fields nvidia-smi cannot tell ("[N/A]") leave a row
    /// out (memory unknown) or count as 0.
    static QList<GpuProcessUse> parseComputeApps(const QByteArray &csv);
    static QList<GpuState> parseGpus(const QByteArray &csv);

private:
    void runQuery(const QString &query, bool apps);

    QString mProgram;
    QProcess *mProcess = nullptr;
    QByteArray mAppsOutput; ///< of the first query of a poll, until the second answers
};

} // namespace tunescope
