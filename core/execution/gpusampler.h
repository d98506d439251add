#pragma once

#include "execution/gpuusagesource.h"

#include <QTimer>

namespace tunescope {

/// Polls NVIDIA's GPUs while trials run, through one GpuUsageSource chosen at the first
/// start(): NVML when libnvidia-ml.so.1 loads (in-process, no program started per poll), else
/// nvidia-smi when it is on the PATH, else none. The runner maps the processes to its trials'
/// process trees. When the source fails it stays silent: trials simply have no GPU figures.
class GpuSampler : public QObject
{
    Q_OBJECT

public:
    explicit GpuSampler(QObject *parent = nullptr);

    /// Starts polling every interval when a source is available; false (and nothing happens)
    /// otherwise.
    bool start(int intervalMs = 2000);
    void stop();
    bool isActive() const { return mTimer.isActive(); }
    /// The chosen source's name ("nvml", "nvidia-smi"); empty when there is none.
    QString sourceName() const { return mSource ? mSource->name() : QString(); }

signals:
    /// One poll: every compute process on every GPU, and every GPU by uuid.
    void sampled(const QList<tunescope::GpuProcessUse> &processes, const QHash<QString, tunescope::GpuState> &gpus);

private:
    void poll();

    GpuUsageSource *mSource = nullptr;
    bool mChosen = false;
    bool mBusy = false;   ///< a poll is out (nvidia-smi runs)
    bool mFailed = false; ///< the source failed once: polling stopped
    QTimer mTimer;
};

} // namespace tunescope
