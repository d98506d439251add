#pragma once

#include "execution/gpuusagesource.h"

#include <memory>

namespace tunescope {

/// GPU use from NVIDIA's management library, loaded at run time with dlopen (no build
/// dependency: where libnvidia-ml.so.1 is missing, open() returns null and the sampler falls
/// back to nvidia-smi). Each poll asks every device for its compute processes
/// (nvmlDeviceGetComputeRunningProcesses, _v3 where the driver has it, else _v2, else the
/// first version), its utilization (nvmlDeviceGetUtilizationRates: the figure nvidia-smi
/// prints as utilization.gpu) and its memory in use (nvmlDeviceGetMemoryInfo). The few NVML
/// types used are declared in nvmlsource.cpp from NVIDIA's public API reference.
class NvmlSource : public GpuUsageSource
{
    Q_OBJECT

public:
    /// Loads the library (TUNESCOPE_NVML_LIBRARY overrides its name: tests load a fake one),
    /// initializes NVML and finds the devices; null when any of that fails.
    static NvmlSource *open(QObject *parent = nullptr);
    ~NvmlSource() override;

    QString name() const override { return QStringLiteral("nvml"); }
    void poll() override;

private:
    struct Api;
    NvmlSource(std::unique_ptr<Api> api, QObject *parent);

    std::unique_ptr<Api> mApi;
};

} // namespace tunescope
