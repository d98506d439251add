#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace tunescope {

/// What a trial consumed, as measured while it ran (ProcessTreeSampler for local programs,
/// the GPU sampler on NVIDIA machines). A figure that was not measured stays nullopt and is
/// shown as "not available", never as zero.
struct TrialUsage
{
    std::optional<double> cpuSeconds;   ///< user + system CPU of the trial's process tree
    std::optional<double> maxRssMb;     ///< peak resident memory of the tree, MiB
    std::optional<double> gpuSeconds;   ///< seconds any of its processes held a GPU, times GPUs held
    std::optional<double> maxGpuMemMb;  ///< peak GPU memory of its processes, MiB
    std::optional<double> gpuUtilMean;  ///< mean utilization (%) of the GPUs it used, while it used them
    std::optional<double> waitSeconds;  ///< wall time between its claim and its program's start
    std::optional<double> runSeconds;   ///< wall time its program ran

    bool isEmpty() const
    {
        return !cpuSeconds && !maxRssMb && !gpuSeconds && !maxGpuMemMb && !gpuUtilMean && !waitSeconds && !runSeconds;
    }
    bool operator==(const TrialUsage &) const = default;

    /// The export's object: {cpu_s, max_rss_mb, gpu_s, max_gpu_mem_mb, gpu_util_mean, wait_s,
    /// run_s}, null where not measured.
    QJsonObject toJson() const;
    static TrialUsage fromJson(const QJsonObject &object);
    /// toJson's keys in their documented order (the CSV export's columns).
    static QStringList keys();
    /// Stored form (trials.resource_usage): the compact JSON text; empty when nothing was measured.
    QString toText() const;
    static TrialUsage fromText(const QString &text);
};

} // namespace tunescope
