#include "storage/optunadistribution.h"

#include "common/paramcodec.h"

#include <QVariantMap>

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {

bool isNumber(const QVariant &v)
{
    return v.typeId() == QMetaType::Double || v.typeId() == QMetaType::LongLong;
}

} // namespace

std::optional<QVariant> OptunaDistribution::value(double stored) const
{
    switch (parameter.type) {
    case Parameter::Type::Int:
        // Python's int(): the stored float of an integer parameter is integral anyway.
        return QVariant::fromValue(qlonglong(stored));
    case Parameter::Type::Float:
        return QVariant(stored);
    case Parameter::Type::Categorical: {
        const double index = std::trunc(stored);
        if (!(index >= 0 && index < double(parameter.choices.size())))
            return std::nullopt;
        return parameter.choices.at(qsizetype(index));
    }
    case Parameter::Type::Constant:
        return parameter.value;
    }
    return std::nullopt;
}

std::optional<OptunaDistribution> OptunaDistribution::fromJson(const QByteArray &json, QString *error)
{
    const auto fail = [&](const QString &why) {
        *error = why;
        return std::nullopt;
    };
    const std::optional<QVariant> document = valueFromPythonJson(json);
    if (!document || document->typeId() != QMetaType::QVariantMap)
        return fail(QStringLiteral("unreadable distribution '%1'").arg(QString::fromUtf8(json.left(80))));
    const QVariantMap root = document->toMap();
    const QString name = root.value(QStringLiteral("name")).toString();
    const QVariantMap attributes = root.value(QStringLiteral("attributes")).toMap();
    OptunaDistribution d;
    Parameter &p = d.parameter;

    if (name == QLatin1String("CategoricalDistribution")) {
        const QVariant choices = attributes.value(QStringLiteral("choices"));
        if (choices.typeId() != QMetaType::QVariantList || choices.toList().isEmpty())
            return fail(QStringLiteral("%1 without choices").arg(name));
        p.type = Parameter::Type::Categorical;
        for (const QVariant &c : choices.toList()) {
            // A Tunescope value is a string, number or boolean; Python's None is shown as it prints.
            if (!c.isValid())
                p.choices.append(QStringLiteral("None"));
            else if (c.typeId() == QMetaType::QVariantList || c.typeId() == QMetaType::QVariantMap)
                return fail(QStringLiteral("%1: a choice that is a list or mapping").arg(name));
            else
                p.choices.append(c);
        }
        return d;
    }

    static const QStringList floats{QStringLiteral("FloatDistribution"), QStringLiteral("UniformDistribution"),
                                    QStringLiteral("LogUniformDistribution"), QStringLiteral("DiscreteUniformDistribution")};
    static const QStringList ints{QStringLiteral("IntDistribution"), QStringLiteral("IntUniformDistribution"),
                                  QStringLiteral("IntLogUniformDistribution")};
    if (!floats.contains(name) && !ints.contains(name))
        return fail(QStringLiteral("unknown distribution '%1'").arg(name));
    const QVariant low = attributes.value(QStringLiteral("low"));
    const QVariant high = attributes.value(QStringLiteral("high"));
    if (!isNumber(low) || !isNumber(high))
        return fail(QStringLiteral("%1 without numeric low and high").arg(name));
    p.type = ints.contains(name) ? Parameter::Type::Int : Parameter::Type::Float;
    p.low = low.toDouble();
    p.high = high.toDouble();
    p.log = name == QLatin1String("LogUniformDistribution") || name == QLatin1String("IntLogUniformDistribution")
            || attributes.value(QStringLiteral("log")).toBool();
    // FloatDistribution's step (null: continuous), DiscreteUniformDistribution's q, the ints' step.
    const QVariant step = attributes.contains(QStringLiteral("q")) ? attributes.value(QStringLiteral("q"))
                                                                   : attributes.value(QStringLiteral("step"));
    if (step.isValid() && !isNumber(step))
        return fail(QStringLiteral("%1 with a step that is not a number").arg(name));
    p.step = step.isValid() ? step.toDouble() : (p.type == Parameter::Type::Int ? 1.0 : 0.0);
    if (!(p.low <= p.high) || (p.log && p.low <= 0) || p.step < 0)
        return fail(QStringLiteral("%1 with low %2, high %3%4").arg(name, paramValueToString(low), paramValueToString(high),
                                                                     p.log ? QStringLiteral(" on a log scale") : QString()));
    return d;
}

std::optional<Parameter> mergedParameter(const Parameter &a, const Parameter &b)
{
    const bool categoricalA = a.type == Parameter::Type::Categorical;
    const bool categoricalB = b.type == Parameter::Type::Categorical;
    if (categoricalA != categoricalB)
        return std::nullopt;
    Parameter merged = a;
    if (categoricalA) {
        for (const QVariant &c : b.choices) {
            if (merged.choiceIndex(c) < 0)
                merged.choices.append(c);
        }
        return merged;
    }
    merged.low = std::min(a.low, b.low);
    merged.high = std::max(a.high, b.high);
    merged.log = a.log && b.log;
    if (a.type != b.type) {
        merged.type = Parameter::Type::Float;
        merged.step = 0.0;
    } else if (a.step != b.step) {
        merged.step = a.type == Parameter::Type::Int ? 1.0 : 0.0;
    }
    return merged;
}

} // namespace tunescope
