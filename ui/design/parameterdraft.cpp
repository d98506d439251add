#include "design/parameterdraft.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace tunescope {

std::optional<double> parseFormNumber(const QString &text)
{
    bool ok = false;
    const double v = QLocale::c().toDouble(text.trimmed(), &ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

QVariant parseFormScalar(const QString &text)
{
    const QString t = text.trimmed();
    bool ok = false;
    const qlonglong i = t.toLongLong(&ok);
    if (ok)
        return QVariant::fromValue(i);
    const double d = QLocale::c().toDouble(t, &ok);
    if (ok)
        return d;
    if (t == QLatin1String("true") || t == QLatin1String("false"))
        return t == QLatin1String("true");
    return t;
}

QString parameterTypeLabel(Parameter::Type type)
{
    switch (type) {
    case Parameter::Type::Float: return QCoreApplication::translate("ParameterDraft", "float");
    case Parameter::Type::Int: return QCoreApplication::translate("ParameterDraft", "int");
    case Parameter::Type::Categorical: return QCoreApplication::translate("ParameterDraft", "categorical");
    case Parameter::Type::Constant: return QCoreApplication::translate("ParameterDraft", "constant");
    }
    return {};
}

ParameterDraft ParameterDraft::fromParameter(const Parameter &p)
{
    ParameterDraft draft;
    draft.name = p.name;
    draft.type = p.type;
    const auto num = [&](double v) {
        return p.type == Parameter::Type::Int ? QString::number(qlonglong(std::llround(v))) : QString::number(v, 'g', 10);
    };
    draft.min = num(p.low);
    draft.max = num(p.high);
    draft.log = p.log;
    if (p.type == Parameter::Type::Int)
        draft.step = p.step > 1 ? QString::number(p.step, 'g', 10) : QString();
    else
        draft.step = p.step > 0 ? QString::number(p.step, 'g', 10) : QString();
    for (const QVariant &c : p.choices)
        draft.values << paramValueToString(c);
    if (p.type == Parameter::Type::Constant)
        draft.constant = paramValueToString(p.value);
    return draft;
}

Parameter ParameterDraft::toParameter(QList<SpecIssue> *issues) const
{
    Parameter p;
    p.name = name.trimmed();
    p.type = type;
    const QString at = path();
    const auto problem = [&](const QString &key, const QString &message) {
        if (issues)
            *issues << SpecIssue{at + u'.' + key, message};
    };
    switch (type) {
    case Parameter::Type::Float:
    case Parameter::Type::Int: {
        const auto low = parseFormNumber(min);
        const auto high = parseFormNumber(max);
        if (!low)
            problem(QStringLiteral("min"), QCoreApplication::translate("ParameterDraft", "must be a number"));
        if (!high)
            problem(QStringLiteral("max"), QCoreApplication::translate("ParameterDraft", "must be a number"));
        p.low = low.value_or(0.0);
        p.high = high.value_or(low.value_or(0.0));
        if (type == Parameter::Type::Int) {
            if (low && std::floor(*low) != *low)
                problem(QStringLiteral("min"), QCoreApplication::translate("ParameterDraft", "must be an integer"));
            if (high && std::floor(*high) != *high)
                problem(QStringLiteral("max"), QCoreApplication::translate("ParameterDraft", "must be an integer"));
        }
        p.log = log;
        if (!step.trimmed().isEmpty()) {
            const auto q = parseFormNumber(step);
            if (!q)
                problem(QStringLiteral("q"), QCoreApplication::translate("ParameterDraft", "must be a number"));
            p.step = q.value_or(0.0);
        } else {
            p.step = type == Parameter::Type::Int ? 1.0 : 0.0;
        }
        p.distribution = type == Parameter::Type::Int ? QStringLiteral("int_uniform")
                                                      : (log ? QStringLiteral("log_uniform_values") : QStringLiteral("uniform"));
        break;
    }
    case Parameter::Type::Categorical:
        for (const QString &v : values)
            p.choices << parseFormScalar(v);
        p.distribution = QStringLiteral("categorical");
        break;
    case Parameter::Type::Constant:
        p.value = parseFormScalar(constant);
        p.distribution = QStringLiteral("constant");
        break;
    }
    return p;
}

QString ParameterDraft::path() const
{
    return QStringLiteral("parameters.") + name.trimmed();
}

QString ParameterDraft::summary() const
{
    QString text;
    switch (type) {
    case Parameter::Type::Float:
    case Parameter::Type::Int:
        text = QStringLiteral("[%1, %2]").arg(min.trimmed(), max.trimmed());
        if (!step.trimmed().isEmpty())
            text += QCoreApplication::translate("ParameterDraft", " step %1").arg(step.trimmed());
        if (log)
            text += QCoreApplication::translate("ParameterDraft", ", log");
        break;
    case Parameter::Type::Categorical:
        text = QStringLiteral("{%1}").arg(values.join(QStringLiteral(", ")));
        break;
    case Parameter::Type::Constant:
        text = constant;
        break;
    }
    return text;
}

} // namespace tunescope
