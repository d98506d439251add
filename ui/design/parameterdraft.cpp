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

QString distributionName(const Parameter &p)
{
    const bool quantized = p.rounding != Parameter::Rounding::Grid;
    switch (p.prior) {
    case Parameter::Prior::Normal:
        return (quantized ? QStringLiteral("q_") : QString()) + (p.log ? QStringLiteral("log_normal") : QStringLiteral("normal"));
    case Parameter::Prior::Beta:
        return quantized ? QStringLiteral("q_beta") : QStringLiteral("beta");
    case Parameter::Prior::Uniform:
        break;
    }
    if (p.rounding == Parameter::Rounding::Multiple)
        return p.log ? QStringLiteral("q_log_uniform_values") : QStringLiteral("q_uniform");
    if (p.rounding == Parameter::Rounding::ClippedMultiple)
        return p.log ? QStringLiteral("qloguniform") : QStringLiteral("quniform");
    if (p.type == Parameter::Type::Int)
        return p.log ? QStringLiteral("int_uniform, log") : QStringLiteral("int_uniform");
    if (p.log)
        return p.distribution == QLatin1String("inv_log_uniform_values") ? p.distribution : QStringLiteral("log_uniform_values");
    return QStringLiteral("uniform");
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
    draft.prior = p.prior;
    draft.rounding = p.rounding;
    if (p.rounding != Parameter::Rounding::Grid)
        draft.step = p.type == Parameter::Type::Int ? QString::number(qlonglong(std::llround(p.step))) : QString::number(p.step, 'g', 10);
    draft.mu = QString::number(p.mu, 'g', 10);
    draft.sigma = QString::number(p.sigma, 'g', 10);
    draft.alpha = QString::number(p.alpha, 'g', 10);
    draft.beta = QString::number(p.beta, 'g', 10);
    QStringList weights;
    for (double w : p.probabilities)
        weights << QString::number(w, 'g', 10);
    draft.probabilities = weights.join(QStringLiteral(", "));
    draft.parent = p.parent;
    draft.parentValue = p.isConditional() ? paramValueToString(p.parentValue) : QString();
    // Nested when the path has more levels than the name's place: under a choice the
    // parameter's own part of the path follows the choice's.
    const QString own = p.isConditional() ? p.name.mid(p.parent.size() + draft.parentValue.size() + 2) : p.name;
    draft.nested = own.contains(u'.') && p.jsonPath().size() > 1 && p.jsonPath().last() != own;
    if (p.distribution == QLatin1String("inv_log_uniform_values"))
        draft.distribution = p.distribution;
    return draft;
}

Parameter ParameterDraft::toParameter(QList<SpecIssue> *issues) const
{
    Parameter p;
    p.name = name.trimmed();
    p.type = type;
    p.parent = parent.trimmed();
    if (!p.parent.isEmpty())
        p.parentValue = parseFormScalar(parentValue);
    if (nested && !p.isConditional() && p.name.contains(u'.'))
        p.path = p.name.split(u'.');
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
        p.log = log && prior != Parameter::Prior::Beta;
        p.prior = prior;
        p.rounding = rounding;
        const auto shape = [&](const QString &text, const char *key, double fallback) {
            const auto v = parseFormNumber(text);
            if (!v)
                problem(QLatin1String(key), QCoreApplication::translate("ParameterDraft", "must be a number"));
            return v.value_or(fallback);
        };
        if (prior == Parameter::Prior::Normal) {
            p.mu = shape(mu, "mu", 0.0);
            p.sigma = shape(sigma, "sigma", 1.0);
        } else if (prior == Parameter::Prior::Beta) {
            p.alpha = shape(alpha, "a", 1.0);
            p.beta = shape(beta, "b", 1.0);
        }
        if (!step.trimmed().isEmpty()) {
            const auto q = parseFormNumber(step);
            if (!q)
                problem(QStringLiteral("q"), QCoreApplication::translate("ParameterDraft", "must be a number"));
            p.step = q.value_or(0.0);
        } else if (rounding != Parameter::Rounding::Grid) {
            problem(QStringLiteral("q"), QCoreApplication::translate("ParameterDraft", "missing: the step values are rounded to"));
        } else {
            p.step = type == Parameter::Type::Int ? 1.0 : 0.0;
        }
        p.distribution = distribution.isEmpty() || !p.log || prior != Parameter::Prior::Uniform ? QString() : distribution;
        p.distribution = p.distribution.isEmpty() ? distributionName(p).section(u',', 0, 0) : p.distribution;
        break;
    }
    case Parameter::Type::Categorical:
        for (const QString &v : values)
            p.choices << parseFormScalar(v);
        p.distribution = QStringLiteral("categorical");
        if (!probabilities.trimmed().isEmpty()) {
            for (const QString &w : probabilities.split(u',')) {
                const auto v = parseFormNumber(w);
                if (!v)
                    problem(QStringLiteral("probabilities"), QCoreApplication::translate("ParameterDraft", "must be numbers separated by commas"));
                p.probabilities << v.value_or(0.0);
            }
            p.distribution = QStringLiteral("categorical_w_probabilities");
        }
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
        switch (prior) {
        case Parameter::Prior::Uniform:
            text = QStringLiteral("[%1, %2]").arg(min.trimmed(), max.trimmed());
            break;
        case Parameter::Prior::Normal:
            text = (log ? QStringLiteral("log N(%1, %2)") : QStringLiteral("N(%1, %2)")).arg(mu.trimmed(), sigma.trimmed());
            break;
        case Parameter::Prior::Beta:
            text = QStringLiteral("Beta(%1, %2)").arg(alpha.trimmed(), beta.trimmed());
            break;
        }
        if (!step.trimmed().isEmpty())
            text += rounding == Parameter::Rounding::Grid ? QCoreApplication::translate("ParameterDraft", " step %1").arg(step.trimmed())
                                                          : QCoreApplication::translate("ParameterDraft", " rounded to %1").arg(step.trimmed());
        if (log && prior == Parameter::Prior::Uniform)
            text += QCoreApplication::translate("ParameterDraft", ", log");
        break;
    case Parameter::Type::Categorical:
        text = QStringLiteral("{%1}").arg(values.join(QStringLiteral(", ")));
        if (!probabilities.trimmed().isEmpty())
            text += QCoreApplication::translate("ParameterDraft", " weighted %1").arg(probabilities.trimmed());
        break;
    case Parameter::Type::Constant:
        text = constant;
        break;
    }
    if (!parent.trimmed().isEmpty())
        text += QCoreApplication::translate("ParameterDraft", " · only when %1 = %2").arg(parent.trimmed(), parentValue.trimmed());
    return text;
}

} // namespace tunescope
