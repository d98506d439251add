#include "samplers/methodoptions.h"

#include <cmath>
#include <optional>

namespace tunescope {

namespace {

std::optional<bool> asBool(const QVariant &v)
{
    if (v.typeId() == QMetaType::Bool)
        return v.toBool();
    const QString s = v.toString().trimmed().toLower();
    if (s == QLatin1String("true") || s == QLatin1String("yes") || s == QLatin1String("1"))
        return true;
    if (s == QLatin1String("false") || s == QLatin1String("no") || s == QLatin1String("0"))
        return false;
    return std::nullopt;
}

} // namespace

QString checkMethodOptions(const QVariantMap &options, std::span<const MethodOption> known, const QString &method)
{
    for (auto it = options.begin(); it != options.end(); ++it) {
        const MethodOption *option = nullptr;
        QStringList names;
        for (const MethodOption &o : known) {
            names << QLatin1String(o.name);
            if (it.key() == QLatin1String(o.name))
                option = &o;
        }
        const QString at = QStringLiteral("method_options.%1").arg(it.key());
        if (!option)
            return QStringLiteral("%1: not an option of method %2 (expected %3)").arg(at, method, names.join(QStringLiteral(", ")));
        if (option->kind == MethodOption::Kind::Bool) {
            if (!asBool(*it))
                return QStringLiteral("%1: must be true or false").arg(at);
            continue;
        }
        bool ok = false;
        const double v = it->toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return QStringLiteral("%1: must be a number").arg(at);
        if (option->kind == MethodOption::Kind::Int && v != std::floor(v))
            return QStringLiteral("%1: must be an integer").arg(at);
        if (v < option->minimum)
            return QStringLiteral("%1: must be >= %2").arg(at).arg(option->minimum);
        if (v > option->maximum)
            return QStringLiteral("%1: must be <= %2").arg(at).arg(option->maximum);
    }
    return QString();
}

int intMethodOption(const QVariantMap &options, const char *key, int fallback)
{
    bool ok = false;
    const int v = options.value(QLatin1String(key)).toInt(&ok);
    return ok ? v : fallback;
}

double numberMethodOption(const QVariantMap &options, const char *key, double fallback)
{
    bool ok = false;
    const double v = options.value(QLatin1String(key)).toDouble(&ok);
    return ok && std::isfinite(v) ? v : fallback;
}

bool boolMethodOption(const QVariantMap &options, const char *key, bool fallback)
{
    const QVariant v = options.value(QLatin1String(key));
    return v.isValid() ? asBool(v).value_or(fallback) : fallback;
}

} // namespace tunescope
