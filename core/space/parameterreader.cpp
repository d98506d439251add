#include "space/parameterreader.h"

#include "space/yamlvalue.h"

#include <QHash>
#include <QSet>

#include <yaml-cpp/yaml.h>

#include <cmath>

namespace tunescope {

namespace {

QString fromStd(const std::string &s) { return QString::fromStdString(s); }

bool isNumeric(const QVariant &v)
{
    return v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Double;
}

/// The keys each distribution takes: W&B's schema (every definition there has
/// additionalProperties: false), plus Tunescope's step, log and type on plain ranges.
const QHash<QString, QStringList> &distributionKeys()
{
    static const QHash<QString, QStringList> keys{
        {"constant", {"value"}},
        {"categorical", {"values", "when"}},
        {"categorical_w_probabilities", {"values", "probabilities", "when"}},
        {"int_uniform", {"min", "max", "q", "step", "log"}},
        {"uniform", {"min", "max", "q", "step", "log"}},
        {"log_uniform", {"min", "max"}},
        {"log_uniform_values", {"min", "max", "q", "step"}},
        {"inv_log_uniform", {"min", "max"}},
        {"inv_log_uniform_values", {"min", "max"}},
        {"q_uniform", {"min", "max", "q"}},
        {"q_log_uniform", {"min", "max", "q"}},
        {"q_log_uniform_values", {"min", "max", "q"}},
        {"normal", {"mu", "sigma"}},
        {"q_normal", {"mu", "sigma", "q"}},
        {"log_normal", {"mu", "sigma"}},
        {"q_log_normal", {"mu", "sigma", "q"}},
        {"beta", {"a", "b"}},
        {"q_beta", {"a", "b", "q"}},
        // NNI's q-types, rounded and then clipped to [min, max] (W&B's q_* are not clipped).
        {"quniform", {"min", "max", "q"}},
        {"qloguniform", {"min", "max", "q"}},
        // Tunescope's
        {"int_log_uniform_values", {"min", "max", "q", "step"}},
        {"int", {"min", "max", "q", "step", "log", "values", "when"}},
        {"float", {"min", "max", "q", "step", "log", "values", "when"}},
    };
    return keys;
}

/// W&B's message for its legacy distributions, which take base-e exponents as bounds.
QString legacyWarning(const QString &dist, const QString &replacement)
{
    return QStringLiteral("uses %1, where min/max specify base-e exponents. Use %2 to specify limit values.")
        .arg(dist, replacement);
}

} // namespace

void ParameterReader::error(const QString &path, const QString &message, const QStringList &keys)
{
    mIssues << SpecIssue{path, message, SpecIssue::Severity::Error, keys};
}

void ParameterReader::warn(const QString &path, const QString &message)
{
    mIssues << SpecIssue{path, message, SpecIssue::Severity::Warning};
}

std::optional<double> ParameterReader::number(const YAML::Node &node, const QString &path)
{
    const QVariant v = node.IsScalar() ? yamlScalarValue(node) : QVariant();
    if (!isNumeric(v)) {
        error(path, QStringLiteral("must be a number"));
        return std::nullopt;
    }
    return v.toDouble();
}

QList<Parameter> ParameterReader::read(const YAML::Node &parameters)
{
    QList<Parameter> out;
    if (!parameters.IsMap()) {
        error(QStringLiteral("parameters"), QStringLiteral("must be a mapping of parameter names"));
        return out;
    }
    readLevel(parameters, Level{QStringLiteral("parameters"), QString(), {}, QString(), QVariant()}, out);
    return out;
}

void ParameterReader::readLevel(const YAML::Node &map, const Level &level, QList<Parameter> &out)
{
    QSet<QString> seen;
    for (const auto &kv : map) {
        const QString key = fromStd(kv.first.Scalar());
        if (seen.contains(key)) {
            error(level.keyPath + u'.' + key, QStringLiteral("duplicate parameter name"));
            continue;
        }
        seen.insert(key);
        readParameter(key, kv.second, level, out);
    }
}

void ParameterReader::readParameter(const QString &key, const YAML::Node &node, const Level &level,
                                    QList<Parameter> &out)
{
    const QString at = level.keyPath + u'.' + key;
    Parameter p;
    p.name = level.namePrefix + key;
    p.path = level.path + QStringList{key};
    p.parent = level.parent;
    p.parentValue = level.parentValue;
    if (at != QStringLiteral("parameters.") + p.name)
        p.origin = at;
    if (p.path == QStringList{p.name})
        p.path.clear();
    if (!node.IsMap()) {
        error(at, QStringLiteral("must be a mapping such as {min: 0, max: 1} or {values: [a, b]}"));
        return;
    }
    QStringList keys;
    for (const auto &kv : node) {
        const QString k = fromStd(kv.first.Scalar());
        if (keys.contains(k))
            error(at + u'.' + k, QStringLiteral("key appears twice"));
        keys << k;
    }

    // W&B's param_dict: a group of parameters the trial gets as one nested object.
    if (node["parameters"]) {
        for (const QString &k : std::as_const(keys)) {
            if (k != QLatin1String("parameters"))
                error(at + u'.' + k, QStringLiteral("a parameter with nested parameters takes no other keys"));
        }
        const YAML::Node nested = node["parameters"];
        if (!nested.IsMap() || nested.size() == 0) {
            error(at + QStringLiteral(".parameters"), QStringLiteral("must be a non-empty mapping of parameter names"));
            return;
        }
        readLevel(nested, Level{at + QStringLiteral(".parameters"), p.name + u'.', level.path + QStringList{key},
                                level.parent, level.parentValue},
                  out);
        return;
    }

    QString dist;
    QString distKey = QStringLiteral("distribution");
    if (node["distribution"] && node["type"])
        error(at + QStringLiteral(".type"), QStringLiteral("give distribution or type, not both"));
    if (node["distribution"] || node["type"]) {
        distKey = node["distribution"] ? QStringLiteral("distribution") : QStringLiteral("type");
        const YAML::Node d = node[distKey.toStdString()];
        if (!d.IsScalar()) {
            error(at + u'.' + distKey, QStringLiteral("must be a string"));
            return;
        }
        dist = fromStd(d.Scalar());
    } else if (node["value"]) {
        dist = QStringLiteral("constant");
    } else if (node["values"]) {
        dist = node["probabilities"] ? QStringLiteral("categorical_w_probabilities") : QStringLiteral("categorical");
    } else if (node["min"] && node["max"]) {
        // W&B: integer bounds make an int_uniform, anything else a uniform.
        const QVariant minV = node["min"].IsScalar() ? yamlScalarValue(node["min"]) : QVariant();
        const QVariant maxV = node["max"].IsScalar() ? yamlScalarValue(node["max"]) : QVariant();
        dist = minV.typeId() == QMetaType::LongLong && maxV.typeId() == QMetaType::LongLong ? QStringLiteral("int_uniform")
                                                                                            : QStringLiteral("uniform");
    } else if (node["min"] || node["max"]) {
        error(at, QStringLiteral("needs min and max, a list of values, or a single value"));
        return;
    } else if (node["mu"] || node["sigma"] || node["a"] || node["b"]) {
        error(at + QStringLiteral(".distribution"),
              QStringLiteral("missing: normal, q_normal, log_normal, q_log_normal, beta or q_beta"));
        return;
    } else {
        error(at, QStringLiteral("needs min and max, a list of values, or a single value"));
        return;
    }
    if (dist == QLatin1String("categorical") && node["probabilities"]) {
        error(at + QStringLiteral(".probabilities"),
              QStringLiteral("'categorical' takes no probabilities: W&B names weighted values "
                             "categorical_w_probabilities (or leave the distribution out)"));
        return;
    }

    const auto allowed = distributionKeys().constFind(dist);
    if (allowed == distributionKeys().constEnd()) {
        QStringList names = distributionKeys().keys();
        names.removeOne(QStringLiteral("int"));
        names.removeOne(QStringLiteral("float"));
        names.sort();
        error(at + u'.' + distKey, QStringLiteral("unknown distribution '%1' (expected one of %2)")
                                       .arg(dist, names.join(QStringLiteral(", "))));
        return;
    }
    bool keysOk = true;
    for (const QString &k : std::as_const(keys)) {
        if (k == QLatin1String("distribution") || k == QLatin1String("type") || allowed->contains(k))
            continue;
        error(at + u'.' + k, QStringLiteral("%1 takes no '%2' (its keys: %3)").arg(dist, k, allowed->join(QStringLiteral(", "))));
        keysOk = false;
    }
    if (!keysOk)
        return;
    p.distribution = dist;

    if (dist == QLatin1String("constant")) {
        p.type = Parameter::Type::Constant;
        p.value = yamlToVariant(node["value"]);
        if (!p.value.isValid())
            error(at + QStringLiteral(".value"), QStringLiteral("must not be empty"));
        out << p;
        return;
    }

    if (node["values"]) {
        const YAML::Node values = node["values"];
        if (!values.IsSequence()) {
            error(at + QStringLiteral(".values"), QStringLiteral("must be a list"));
            return;
        }
        p.type = Parameter::Type::Categorical;
        if (dist != QLatin1String("categorical_w_probabilities"))
            p.distribution = QStringLiteral("categorical");
        for (size_t i = 0; i < values.size(); ++i) {
            const QString item = QStringLiteral("%1.values[%2]").arg(at).arg(i);
            if (!values[i].IsScalar()) {
                error(item, QStringLiteral("must be a string, number or boolean"));
                continue;
            }
            const QVariant v = yamlScalarValue(values[i]);
            if (!v.isValid()) {
                error(item, QStringLiteral("must not be empty"));
                continue;
            }
            p.choices.append(v);
        }
        if (values.size() == 0)
            error(at + QStringLiteral(".values"), QStringLiteral("must not be empty"));
        if (const YAML::Node probs = node["probabilities"]) {
            if (!probs.IsSequence() || probs.size() == 0) {
                error(at + QStringLiteral(".probabilities"), QStringLiteral("must be a non-empty list of numbers"));
            } else {
                for (size_t i = 0; i < probs.size(); ++i) {
                    if (const auto w = number(probs[i], QStringLiteral("%1.probabilities[%2]").arg(at).arg(i)))
                        p.probabilities << *w;
                }
            }
        } else if (dist == QLatin1String("categorical_w_probabilities")) {
            error(at + QStringLiteral(".probabilities"), QStringLiteral("missing: one probability per value"));
        }
        out << p;
        if (const YAML::Node when = node["when"]) {
            if (!when.IsMap()) {
                error(at + QStringLiteral(".when"), QStringLiteral("must map values to their parameters, such as "
                                                                    "{conv: {kernel: {values: [3, 5]}}}"));
                return;
            }
            for (const auto &kv : when) {
                const QString choiceText = fromStd(kv.first.Scalar());
                const QString whenAt = at + QStringLiteral(".when.") + choiceText;
                const auto choice = std::find_if(p.choices.cbegin(), p.choices.cend(), [&](const QVariant &c) {
                    return paramValueToString(c) == choiceText;
                });
                if (choice == p.choices.cend()) {
                    error(whenAt, QStringLiteral("'%1' is not one of the values").arg(choiceText));
                    continue;
                }
                if (kv.second.IsNull() || (kv.second.IsMap() && kv.second.size() == 0))
                    continue; // a value without parameters of its own
                if (!kv.second.IsMap()) {
                    error(whenAt, QStringLiteral("must be a mapping of parameter names"));
                    continue;
                }
                readLevel(kv.second, Level{whenAt, p.name + u'.' + choiceText + u'.', p.jsonPath(), p.name, *choice}, out);
            }
        }
        return;
    }
    if (node["when"])
        error(at + QStringLiteral(".when"), QStringLiteral("only a list of values can have parameters of its own"));
    if (node["probabilities"]) {
        error(at + QStringLiteral(".probabilities"), QStringLiteral("only a list of values takes probabilities"));
        return;
    }
    if (const auto numeric = readNumeric(p, node, at, dist))
        out << *numeric;
}

std::optional<Parameter> ParameterReader::readNumeric(Parameter p, const YAML::Node &node, const QString &at, QString dist)
{
    const auto has = [&](const char *key) { return bool(node[key]); };
    const auto isPrior = [&](QLatin1String family) { return dist == family || dist == QLatin1String("q_") + family; };
    const bool normal = isPrior(QLatin1String("normal")) || isPrior(QLatin1String("log_normal"));
    const bool beta = isPrior(QLatin1String("beta"));
    bool ok = true;

    if (normal || beta) {
        p.type = Parameter::Type::Float;
        p.prior = normal ? Parameter::Prior::Normal : Parameter::Prior::Beta;
        p.log = dist.contains(QLatin1String("log_normal"));
        // W&B's defaults: mu 0, sigma 1, a 1, b 1.
        for (const auto &[key, field] : {std::pair{"mu", &p.mu}, std::pair{"sigma", &p.sigma}, std::pair{"a", &p.alpha},
                                         std::pair{"b", &p.beta}}) {
            if (has(key)) {
                const auto v = number(node[key], at + u'.' + QLatin1String(key));
                ok = ok && v;
                *field = v.value_or(*field);
            }
        }
    } else {
        if (!has("min") || !has("max")) {
            error(at, QStringLiteral("needs min and max for %1").arg(dist));
            return std::nullopt;
        }
        const QVariant minV = node["min"].IsScalar() ? yamlScalarValue(node["min"]) : QVariant();
        const QVariant maxV = node["max"].IsScalar() ? yamlScalarValue(node["max"]) : QVariant();
        if (!isNumeric(minV))
            error(at + QStringLiteral(".min"), QStringLiteral("must be a number"));
        if (!isNumeric(maxV))
            error(at + QStringLiteral(".max"), QStringLiteral("must be a number"));
        if (!isNumeric(minV) || !isNumeric(maxV))
            return std::nullopt;
        p.low = minV.toDouble();
        p.high = maxV.toDouble();
        // W&B's validator (and NNI's): min strictly below max.
        if (!(p.low < p.high)) {
            error(at, QStringLiteral("min (%1) must be less than max (%2)")
                          .arg(paramValueToString(minV), paramValueToString(maxV)),
                  {QStringLiteral("min"), QStringLiteral("max")});
            return std::nullopt;
        }
        if (dist == QLatin1String("int_uniform")
            && (minV.typeId() != QMetaType::LongLong || maxV.typeId() != QMetaType::LongLong)) {
            error(at, QStringLiteral("min and max must be integers for int_uniform"), {QStringLiteral("min"), QStringLiteral("max")});
            return std::nullopt;
        }
    }

    // The q of W&B's q-distributions: default 1.0; an integer q makes integer values.
    const bool wandbQ = dist.startsWith(QLatin1String("q_"));
    const bool nniQ = dist == QLatin1String("quniform") || dist == QLatin1String("qloguniform");
    std::optional<QVariant> q;
    if (has("q") || has("step")) {
        const QString key = has("q") ? QStringLiteral("q") : QStringLiteral("step");
        if (has("q") && has("step"))
            error(at + QStringLiteral(".step"), QStringLiteral("give q or step, not both"));
        const YAML::Node node_ = node[key.toStdString()];
        const QVariant v = node_.IsScalar() ? yamlScalarValue(node_) : QVariant();
        if (!isNumeric(v)) {
            error(at + u'.' + key, QStringLiteral("must be a number"));
            return std::nullopt;
        }
        if (!(v.toDouble() > 0)) {
            error(at + u'.' + key, QStringLiteral("must be > 0"));
            return std::nullopt;
        }
        q = v;
    } else if (nniQ) {
        error(at + QStringLiteral(".q"), QStringLiteral("missing: the step %1 rounds to").arg(dist));
        return std::nullopt;
    }
    if (!ok)
        return std::nullopt;

    if (wandbQ) {
        p.rounding = Parameter::Rounding::Multiple;
        p.step = q ? q->toDouble() : 1.0;
        p.type = q && q->typeId() == QMetaType::LongLong ? Parameter::Type::Int : Parameter::Type::Float;
    } else if (nniQ) {
        p.rounding = Parameter::Rounding::ClippedMultiple;
        p.step = q->toDouble();
        p.type = Parameter::Type::Float; // NNI takes q as a float: its values are floats
    }

    if (dist == QLatin1String("uniform") || dist == QLatin1String("float") || dist == QLatin1String("quniform")
        || dist == QLatin1String("q_uniform")) {
        if (!wandbQ && !nniQ)
            p.type = Parameter::Type::Float;
    } else if (dist == QLatin1String("int_uniform") || dist == QLatin1String("int")) {
        p.type = Parameter::Type::Int;
    } else if (dist == QLatin1String("log_uniform_values") || dist == QLatin1String("inv_log_uniform_values")
               || dist == QLatin1String("q_log_uniform_values") || dist == QLatin1String("qloguniform")) {
        // inv_log_uniform_values: 1/x log-uniform on [1/max, 1/min], which is x log-uniform
        // on [min, max]; W&B's ppf gives the same value as log_uniform_values' up to rounding.
        p.log = true;
        if (dist == QLatin1String("log_uniform_values") || dist == QLatin1String("inv_log_uniform_values"))
            p.type = Parameter::Type::Float;
    } else if (dist == QLatin1String("int_log_uniform_values")) {
        p.type = Parameter::Type::Int;
        p.log = true;
    } else if (dist == QLatin1String("log_uniform") || dist == QLatin1String("q_log_uniform")) {
        // Legacy: bounds are exponents, exp(uniform(min, max)).
        warn(at + QStringLiteral(".distribution"),
             legacyWarning(dist, dist == QLatin1String("log_uniform") ? QStringLiteral("log_uniform_values")
                                                                      : QStringLiteral("q_log_uniform_values")));
        p.log = true;
        p.low = std::exp(p.low);
        p.high = std::exp(p.high);
        if (dist == QLatin1String("log_uniform"))
            p.type = Parameter::Type::Float;
        p.distribution = dist == QLatin1String("log_uniform") ? QStringLiteral("log_uniform_values")
                                                               : QStringLiteral("q_log_uniform_values");
    } else if (dist == QLatin1String("inv_log_uniform")) {
        // Legacy: exp(-uniform(min, max)), which is log-uniform on [e^-max, e^-min].
        warn(at + QStringLiteral(".distribution"), legacyWarning(dist, QStringLiteral("inv_log_uniform_values")));
        p.type = Parameter::Type::Float;
        p.log = true;
        const double low = std::exp(-p.high), high = std::exp(-p.low);
        p.low = low;
        p.high = high;
        p.distribution = QStringLiteral("inv_log_uniform_values");
    }

    // Tunescope's step on a plain range: values low + k step (ints: step 1 by default).
    if (!wandbQ && !nniQ && q)
        p.step = q->toDouble();
    if (has("log")) {
        const QVariant v = node["log"].IsScalar() ? yamlScalarValue(node["log"]) : QVariant();
        if (v.typeId() != QMetaType::Bool) {
            error(at + QStringLiteral(".log"), QStringLiteral("must be true or false"));
            return std::nullopt;
        }
        p.log = v.toBool();
    }
    if (p.type == Parameter::Type::Int && p.rounding == Parameter::Rounding::Grid && p.step == 0)
        p.step = 1;
    return p;
}

} // namespace tunescope
