#include "common/trialusage.h"

#include <QJsonDocument>

#include <array>
#include <utility>

namespace tunescope {

namespace {

using Field = std::optional<double> TrialUsage::*;

// One list of keys for the export, the stored text and the reader: the names the issue
// promises (usage: {cpu_s, max_rss_mb, gpu_s, max_gpu_mem_mb, gpu_util_mean}) plus the wall
// times.
constexpr std::array<std::pair<const char *, Field>, 7> kFields{{
    {"cpu_s", &TrialUsage::cpuSeconds},
    {"max_rss_mb", &TrialUsage::maxRssMb},
    {"gpu_s", &TrialUsage::gpuSeconds},
    {"max_gpu_mem_mb", &TrialUsage::maxGpuMemMb},
    {"gpu_util_mean", &TrialUsage::gpuUtilMean},
    {"wait_s", &TrialUsage::waitSeconds},
    {"run_s", &TrialUsage::runSeconds},
}};

} // namespace

QStringList TrialUsage::keys()
{
    QStringList names;
    for (const auto &field : kFields)
        names << QLatin1String(field.first);
    return names;
}

QJsonObject TrialUsage::toJson() const
{
    QJsonObject o;
    for (const auto &[key, field] : kFields) {
        const std::optional<double> &v = this->*field;
        o.insert(QLatin1String(key), v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null));
    }
    return o;
}

TrialUsage TrialUsage::fromJson(const QJsonObject &object)
{
    TrialUsage u;
    for (const auto &[key, field] : kFields) {
        const QJsonValue v = object.value(QLatin1String(key));
        if (v.isDouble())
            u.*field = v.toDouble();
    }
    return u;
}

QString TrialUsage::toText() const
{
    if (isEmpty())
        return {};
    return QString::fromUtf8(QJsonDocument(toJson()).toJson(QJsonDocument::Compact));
}

TrialUsage TrialUsage::fromText(const QString &text)
{
    if (text.isEmpty())
        return {};
    return fromJson(QJsonDocument::fromJson(text.toUtf8()).object());
}

} // namespace tunescope
