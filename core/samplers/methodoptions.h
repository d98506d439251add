#pragma once

#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <limits>
#include <span>

namespace tunescope {

/// One setting a sampler reads from the study file's method_options.
struct MethodOption
{
    enum class Kind { Int, Number, Bool };
    const char *name;
    Kind kind;
    double minimum = 0.0; ///< Int and Number: the smallest accepted value
    double maximum = std::numeric_limits<double>::infinity(); ///< and the largest
};

/// The first problem with `options` for a sampler that reads `known`, as
/// "method_options.KEY: what is wrong", or an empty string. Unknown keys are refused rather
/// than ignored: a setting the sampler would not apply must not look applied.
QString checkMethodOptions(const QVariantMap &options, std::span<const MethodOption> known, const QString &method);

/// The value of an option checked by checkMethodOptions, or `fallback` when it is not set.
int intMethodOption(const QVariantMap &options, const char *key, int fallback);
double numberMethodOption(const QVariantMap &options, const char *key, double fallback);
bool boolMethodOption(const QVariantMap &options, const char *key, bool fallback);

} // namespace tunescope
