// A stand-in for NVIDIA's libnvidia-ml.so.1 for tst_trialusage, built by the test build and
// loaded through TUNESCOPE_NVML_LIBRARY. It exports the NVML calls NvmlSource makes and answers
// from two files, in nvidia-smi's csv,noheader,nounits forms, so that one scripted machine
// drives both GPU sources:
//   $FAKE_NVML_GPUS  "uuid, utilization %, memory used MiB" per GPU (read by nvmlInit_v2)
//   $FAKE_NVML_APPS  "pid, uuid, used memory MiB" per compute process (read on every call)
// Without $FAKE_NVML_GPUS, nvmlInit_v2 fails as it does on a machine without a driver.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct FakeGpu
{
    std::string uuid;
    unsigned int utilization = 0;
    unsigned long long memoryUsed = 0;
};

struct ProcessInfo
{
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
};

std::vector<FakeGpu> gpus;
constexpr unsigned long long kMiB = 1024ULL * 1024ULL;

/// "a, b, c" lines of a file, each split at commas, fields trimmed.
std::vector<std::vector<std::string>> rows(const char *path)
{
    std::vector<std::vector<std::string>> out;
    FILE *f = path ? std::fopen(path, "r") : nullptr;
    if (!f)
        return out;
    char line[512];
    while (std::fgets(line, sizeof line, f)) {
        std::vector<std::string> fields;
        std::string field;
        for (const char *c = line;; ++c) {
            if (*c == ',' || *c == '\n' || *c == '\0') {
                const size_t b = field.find_first_not_of(' '), e = field.find_last_not_of(' ');
                fields.push_back(b == std::string::npos ? std::string() : field.substr(b, e - b + 1));
                field.clear();
                if (*c != ',')
                    break;
            } else {
                field += *c;
            }
        }
        if (fields.size() >= 3)
            out.push_back(fields);
    }
    std::fclose(f);
    return out;
}

} // namespace

extern "C" {

int nvmlInit_v2()
{
    const char *path = std::getenv("FAKE_NVML_GPUS");
    if (!path)
        return 9; // NVML_ERROR_DRIVER_NOT_LOADED
    gpus.clear();
    for (const auto &r : rows(path))
        gpus.push_back({r[0], unsigned(std::atoi(r[1].c_str())), std::strtoull(r[2].c_str(), nullptr, 10) * kMiB});
    return 0;
}

int nvmlShutdown() { return 0; }

int nvmlDeviceGetCount_v2(unsigned int *count)
{
    *count = unsigned(gpus.size());
    return 0;
}

int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **device)
{
    if (index >= gpus.size())
        return 2; // NVML_ERROR_INVALID_ARGUMENT
    *device = &gpus[index];
    return 0;
}

int nvmlDeviceGetUUID(void *device, char *uuid, unsigned int length)
{
    const std::string &id = static_cast<FakeGpu *>(device)->uuid;
    if (id.size() + 1 > length)
        return 7;
    std::memcpy(uuid, id.c_str(), id.size() + 1);
    return 0;
}

int nvmlDeviceGetUtilizationRates(void *device, unsigned int *rates)
{
    rates[0] = static_cast<FakeGpu *>(device)->utilization;
    rates[1] = 0;
    return 0;
}

int nvmlDeviceGetMemoryInfo(void *device, unsigned long long *memory)
{
    memory[0] = 80ULL * 1024 * kMiB;
    memory[2] = static_cast<FakeGpu *>(device)->memoryUsed;
    memory[1] = memory[0] - memory[2];
    return 0;
}

/// As NVML: NVML_ERROR_INSUFFICIENT_SIZE with the needed count when the array is too small.
int nvmlDeviceGetComputeRunningProcesses_v3(void *device, unsigned int *count, ProcessInfo *infos)
{
    std::vector<ProcessInfo> mine;
    for (const auto &r : rows(std::getenv("FAKE_NVML_APPS"))) {
        if (r[1] != static_cast<FakeGpu *>(device)->uuid)
            continue;
        const bool unknown = r[2] == "[N/A]";
        mine.push_back({unsigned(std::atoi(r[0].c_str())), unknown ? ~0ULL : std::strtoull(r[2].c_str(), nullptr, 10) * kMiB, 0, 0});
    }
    if (mine.size() > *count) {
        *count = unsigned(mine.size());
        return 7;
    }
    *count = unsigned(mine.size());
    std::copy(mine.begin(), mine.end(), infos);
    return 0;
}

} // extern "C"
