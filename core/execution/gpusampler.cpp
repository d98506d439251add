#include "execution/gpusampler.h"

#include "execution/nvidiasmisource.h"
#include "execution/nvmlsource.h"

#include <QStandardPaths>

namespace tunescope {

GpuSampler::GpuSampler(QObject *parent)
    : QObject(parent)
{
    connect(&mTimer, &QTimer::timeout, this, &GpuSampler::poll);
}

bool GpuSampler::start(int intervalMs)
{
    if (!mChosen) {
        // Chosen once: NVML answers in microseconds without starting a program per poll.
        mChosen = true;
        mSource = NvmlSource::open(this);
        if (!mSource) {
            const QString program = QStandardPaths::findExecutable(QStringLiteral("nvidia-smi"));
            if (!program.isEmpty())
                mSource = new NvidiaSmiSource(program, this);
        }
        if (mSource) {
            connect(mSource, &GpuUsageSource::sampled, this, [this](const QList<GpuProcessUse> &processes, const QHash<QString, GpuState> &gpus) {
                mBusy = false;
                emit sampled(processes, gpus);
            });
            connect(mSource, &GpuUsageSource::failed, this, [this] {
                mBusy = false;
                mFailed = true;
                mTimer.stop();
            });
        }
    }
    if (!mSource)
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

void GpuSampler::poll()
{
    if (mBusy || mFailed || !mSource)
        return; // the previous poll is still out
    mBusy = true;
    mSource->poll();
}

} // namespace tunescope
