#include "execution/nvmlsource.h"

#include <QByteArray>

#include <dlfcn.h>

#include <vector>

namespace tunescope {

namespace {

// From NVIDIA's NVML API reference (nvml.h): only what is called here.
using nvmlReturn_t = int;
constexpr nvmlReturn_t NVML_SUCCESS = 0;
constexpr nvmlReturn_t NVML_ERROR_INSUFFICIENT_SIZE = 7;
using nvmlDevice_t = struct nvmlDevice_st *;
constexpr unsigned long long NVML_VALUE_NOT_AVAILABLE = ~0ULL;
constexpr unsigned int NVML_DEVICE_UUID_V2_BUFFER_SIZE = 96;

struct nvmlMemory_t
{
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};
struct nvmlUtilization_t
{
    unsigned int gpu;
    unsigned int memory;
};
/// nvmlProcessInfo_t of the _v2 and _v3 calls.
struct nvmlProcessInfo_v2_t
{
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
};
/// What the first nvmlDeviceGetComputeRunningProcesses fills.
struct nvmlProcessInfo_v1_t
{
    unsigned int pid;
    unsigned long long usedGpuMemory;
};

constexpr double kMiB = 1024.0 * 1024.0;

} // namespace

struct NvmlSource::Api
{
    void *library = nullptr;
    nvmlReturn_t (*init)() = nullptr;
    nvmlReturn_t (*shutdown)() = nullptr;
    nvmlReturn_t (*count)(unsigned int *) = nullptr;
    nvmlReturn_t (*handle)(unsigned int, nvmlDevice_t *) = nullptr;
    nvmlReturn_t (*uuid)(nvmlDevice_t, char *, unsigned int) = nullptr;
    nvmlReturn_t (*utilization)(nvmlDevice_t, nvmlUtilization_t *) = nullptr;
    nvmlReturn_t (*memory)(nvmlDevice_t, nvmlMemory_t *) = nullptr;
    nvmlReturn_t (*processesV2)(nvmlDevice_t, unsigned int *, nvmlProcessInfo_v2_t *) = nullptr; ///< _v3 or _v2
    nvmlReturn_t (*processesV1)(nvmlDevice_t, unsigned int *, nvmlProcessInfo_v1_t *) = nullptr;
    QList<QPair<nvmlDevice_t, QString>> devices; ///< with their uuids
    bool initialized = false;

    ~Api()
    {
        if (initialized && shutdown)
            shutdown();
        if (library)
            dlclose(library);
    }

    template<typename F>
    bool resolve(F &function, const char *symbol)
    {
        function = reinterpret_cast<F>(dlsym(library, symbol));
        return function != nullptr;
    }

    /// The device's compute processes; false when NVML cannot tell.
    template<typename Info>
    bool readProcesses(nvmlReturn_t (*call)(nvmlDevice_t, unsigned int *, Info *), nvmlDevice_t device,
                       const QString &uuid, QList<GpuProcessUse> *out)
    {
        // Processes come and go between the size query and the read: a few tries with room.
        std::vector<Info> infos(8);
        for (int attempt = 0; attempt < 4; ++attempt) {
            unsigned int count = unsigned(infos.size());
            const nvmlReturn_t rc = call(device, &count, infos.data());
            if (rc == NVML_ERROR_INSUFFICIENT_SIZE) {
                infos.resize(size_t(count) + 8);
                continue;
            }
            if (rc != NVML_SUCCESS)
                return false;
            for (unsigned int i = 0; i < count && i < infos.size(); ++i) {
                if (infos[i].usedGpuMemory == NVML_VALUE_NOT_AVAILABLE)
                    continue; // memory unknown (as nvidia-smi's "[N/A]"): left out
                out->append({qint64(infos[i].pid), uuid, double(infos[i].usedGpuMemory) / kMiB});
            }
            return true;
        }
        return false;
    }
};

NvmlSource::NvmlSource(std::unique_ptr<Api> api, QObject *parent)
    : GpuUsageSource(parent), mApi(std::move(api))
{
}

NvmlSource::~NvmlSource() = default;

NvmlSource *NvmlSource::open(QObject *parent)
{
    const QByteArray override = qgetenv("TUNESCOPE_NVML_LIBRARY");
    auto api = std::make_unique<Api>();
    api->library = dlopen(override.isEmpty() ? "libnvidia-ml.so.1" : override.constData(), RTLD_NOW | RTLD_LOCAL);
    if (!api->library)
        return nullptr;
    if (!api->resolve(api->init, "nvmlInit_v2") || !api->resolve(api->shutdown, "nvmlShutdown")
        || !api->resolve(api->count, "nvmlDeviceGetCount_v2") || !api->resolve(api->handle, "nvmlDeviceGetHandleByIndex_v2")
        || !api->resolve(api->uuid, "nvmlDeviceGetUUID") || !api->resolve(api->utilization, "nvmlDeviceGetUtilizationRates")
        || !api->resolve(api->memory, "nvmlDeviceGetMemoryInfo"))
        return nullptr;
    if (!api->resolve(api->processesV2, "nvmlDeviceGetComputeRunningProcesses_v3")
        && !api->resolve(api->processesV2, "nvmlDeviceGetComputeRunningProcesses_v2")
        && !api->resolve(api->processesV1, "nvmlDeviceGetComputeRunningProcesses"))
        return nullptr;
    if (api->init() != NVML_SUCCESS)
        return nullptr; // no driver loaded, no device node
    api->initialized = true;
    unsigned int count = 0;
    if (api->count(&count) != NVML_SUCCESS || count == 0)
        return nullptr;
    for (unsigned int i = 0; i < count; ++i) {
        nvmlDevice_t device = nullptr;
        char uuid[NVML_DEVICE_UUID_V2_BUFFER_SIZE] = {};
        if (api->handle(i, &device) != NVML_SUCCESS || api->uuid(device, uuid, sizeof uuid) != NVML_SUCCESS)
            continue; // a device this process may not see (cgroup): skipped
        api->devices.append({device, QString::fromLatin1(uuid)});
    }
    if (api->devices.isEmpty())
        return nullptr;
    return new NvmlSource(std::move(api), parent);
}

void NvmlSource::poll()
{
    QList<GpuProcessUse> processes;
    QHash<QString, GpuState> gpus;
    for (const auto &[device, uuid] : std::as_const(mApi->devices)) {
        GpuState state;
        state.uuid = uuid;
        nvmlUtilization_t utilization{};
        if (mApi->utilization(device, &utilization) == NVML_SUCCESS)
            state.utilizationPercent = utilization.gpu; // not supported: 0, as nvidia-smi's [N/A]
        nvmlMemory_t memory{};
        if (mApi->memory(device, &memory) == NVML_SUCCESS)
            state.memoryUsedMb = double(memory.used) / kMiB;
        gpus.insert(uuid, state);
        if (mApi->processesV2)
            mApi->readProcesses(mApi->processesV2, device, uuid, &processes);
        else
            mApi->readProcesses(mApi->processesV1, device, uuid, &processes);
    }
    emit sampled(processes, gpus);
}

} // namespace tunescope
