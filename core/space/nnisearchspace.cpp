#include "space/nnisearchspace.h"

#include "space/yamlvalue.h"

#include <QSet>

#include <yaml-cpp/yaml.h>

#include <cmath>

namespace tunescope {

namespace {

QString fromStd(const std::string &s) { return QString::fromStdString(s); }

const QStringList &nniTypes()
{
    static const QStringList types{"choice",     "randint", "uniform", "quniform",   "loguniform",
                                   "qloguniform", "normal",  "qnormal", "lognormal", "qlognormal"};
    return types;
}

bool isNestedAlternative(const YAML::Node &value)
{
    return value.IsMap() && value["_name"];
}

} // namespace

void NniSearchSpaceReader::error(const QString &path, const QString &message)
{
    mIssues << SpecIssue{path, message};
}

QList<Parameter> NniSearchSpaceReader::read(const YAML::Node &space)
{
    QList<Parameter> out;
    if (!space.IsMap()) {
        error(mWhere, QStringLiteral("must be an object of parameters such as {\"lr\": {\"_type\": \"loguniform\", \"_value\": [0.0001, 0.1]}}"));
        return out;
    }
    readLevel(space, mWhere, QString(), {}, QString(), QVariant(), out);
    if (out.isEmpty() && mIssues.isEmpty())
        error(mWhere, QStringLiteral("the search space has no parameters"));
    return out;
}

void NniSearchSpaceReader::readLevel(const YAML::Node &space, const QString &keyPath, const QString &namePrefix,
                                     const QStringList &path, const QString &parent, const QVariant &parentValue,
                                     QList<Parameter> &out)
{
    QSet<QString> seen;
    for (const auto &kv : space) {
        const QString key = fromStd(kv.first.Scalar());
        if (key == QLatin1String("_name") && !namePrefix.isEmpty())
            continue; // the name of the sub-space itself
        const QString at = keyPath + u'.' + key;
        if (seen.contains(key)) {
            error(at, QStringLiteral("duplicate parameter name"));
            continue;
        }
        seen.insert(key);
        const YAML::Node spec = kv.second;
        if (!spec.IsMap() || !spec["_type"] || !spec["_value"]) {
            error(at, QStringLiteral("must be an object with \"_type\" and \"_value\""));
            continue;
        }
        for (const auto &field : spec) {
            const QString k = fromStd(field.first.Scalar());
            if (k != QLatin1String("_type") && k != QLatin1String("_value"))
                error(at + u'.' + k, QStringLiteral("unknown key (a parameter has _type and _value)"));
        }
        const QString type = spec["_type"].IsScalar() ? fromStd(spec["_type"].Scalar()) : QString();
        if (!nniTypes().contains(type)) {
            error(at + QStringLiteral("._type"), QStringLiteral("unknown type '%1' (expected %2)").arg(type, nniTypes().join(QStringLiteral(", "))));
            continue;
        }
        const YAML::Node values = spec["_value"];
        const QString valueAt = at + QStringLiteral("._value");
        if (!values.IsSequence()) {
            error(valueAt, QStringLiteral("must be a list"));
            continue;
        }

        Parameter p;
        p.name = namePrefix + key;
        p.path = path + QStringList{key};
        if (p.path == QStringList{p.name})
            p.path.clear();
        p.parent = parent;
        p.parentValue = parentValue;
        p.origin = at;

        if (type == QLatin1String("choice")) {
            p.type = Parameter::Type::Categorical;
            p.distribution = QStringLiteral("categorical");
            if (values.size() == 0) {
                error(valueAt, QStringLiteral("must not be empty"));
                continue;
            }
            // NNI: a nested choice when every value is a sub-space with a _name.
            bool nested = true;
            for (const YAML::Node &v : values)
                nested = nested && isNestedAlternative(v);
            bool ok = true;
            for (size_t i = 0; i < values.size(); ++i) {
                const QString item = QStringLiteral("%1[%2]").arg(valueAt).arg(i);
                const YAML::Node v = nested ? values[i]["_name"] : values[i];
                if (!v.IsScalar() || !yamlScalarValue(v).isValid()) {
                    error(nested ? item + QStringLiteral("._name") : item,
                          nested ? QStringLiteral("must be a number or a string")
                                 : QStringLiteral("must be a number or a string (or every value a sub-space with a _name)"));
                    ok = false;
                    continue;
                }
                p.choices << yamlScalarValue(v);
            }
            if (!ok)
                continue;
            out << p;
            if (nested) {
                for (size_t i = 0; i < values.size(); ++i) {
                    const QString name = paramValueToString(p.choices.at(qsizetype(i)));
                    readLevel(values[i], QStringLiteral("%1[%2]").arg(valueAt).arg(i), p.name + u'.' + name + u'.',
                              p.jsonPath(), p.name, p.choices.at(qsizetype(i)), out);
                }
            }
            continue;
        }

        // Every other type: two numbers, three for the q-types (validation.py).
        const bool quantized = type.startsWith(u'q');
        const qsizetype expected = quantized ? 3 : 2;
        if (qsizetype(values.size()) != expected) {
            error(valueAt, QStringLiteral("%1 needs %2 values, [%3]")
                               .arg(type)
                               .arg(expected)
                               .arg(type.contains(QLatin1String("normal")) ? (quantized ? "mu, sigma, q" : "mu, sigma")
                                                                           : (quantized ? "low, high, q" : "low, high")));
            continue;
        }
        QList<QVariant> numbers;
        bool ok = true;
        for (size_t i = 0; i < values.size(); ++i) {
            const QVariant v = values[i].IsScalar() ? yamlScalarValue(values[i]) : QVariant();
            const bool integer = v.typeId() == QMetaType::LongLong;
            if (!(integer || v.typeId() == QMetaType::Double) || !std::isfinite(v.toDouble())) {
                error(QStringLiteral("%1[%2]").arg(valueAt).arg(i), QStringLiteral("must be a number"));
                ok = false;
            } else if (type == QLatin1String("randint") && !integer) {
                error(QStringLiteral("%1[%2]").arg(valueAt).arg(i), QStringLiteral("must be an integer for randint"));
                ok = false;
            }
            numbers << v;
        }
        if (!ok)
            continue;
        const double a = numbers.at(0).toDouble(), b = numbers.at(1).toDouble();
        if (type.contains(QLatin1String("normal"))) {
            if (!(b > 0)) {
                error(valueAt + QStringLiteral("[1]"), QStringLiteral("sigma must be > 0"));
                continue;
            }
            p.type = Parameter::Type::Float;
            p.prior = Parameter::Prior::Normal;
            p.mu = a;
            p.sigma = b;
            p.log = type.contains(QLatin1String("log"));
            if (quantized) {
                // round(x / q) * q, not clipped: W&B's q_normal with a float q is the same.
                p.rounding = Parameter::Rounding::Multiple;
                p.step = numbers.at(2).toDouble();
            }
            p.distribution = (quantized ? QStringLiteral("q_") : QString())
                             + (p.log ? QStringLiteral("log_normal") : QStringLiteral("normal"));
        } else {
            if (!(a < b)) {
                error(valueAt, QStringLiteral("%1 needs low < high, not [%2, %3]").arg(type, paramValueToString(numbers.at(0)),
                                                                                       paramValueToString(numbers.at(1))));
                continue;
            }
            if (type.contains(QLatin1String("log")) && a <= 0) {
                error(valueAt + QStringLiteral("[0]"), QStringLiteral("must be > 0 for %1").arg(type));
                continue;
            }
            p.low = a;
            p.high = b;
            if (type == QLatin1String("randint")) {
                // Integers lower .. upper - 1, all equally likely.
                const qlonglong lower = numbers.at(0).toLongLong(), upper = numbers.at(1).toLongLong();
                if (upper - lower == 1) {
                    p.type = Parameter::Type::Categorical;
                    p.distribution = QStringLiteral("categorical");
                    p.choices = {QVariant::fromValue(lower)};
                } else {
                    p.type = Parameter::Type::Int;
                    p.distribution = QStringLiteral("int_uniform");
                    p.high = double(upper - 1);
                    p.step = 1;
                }
            } else {
                p.type = Parameter::Type::Float;
                p.log = type.contains(QLatin1String("log"));
                if (quantized) {
                    p.rounding = Parameter::Rounding::ClippedMultiple;
                    p.step = numbers.at(2).toDouble();
                }
                p.distribution = quantized ? type : (p.log ? QStringLiteral("log_uniform_values") : QStringLiteral("uniform"));
            }
        }
        if (quantized && !(p.step > 0)) {
            error(valueAt + QStringLiteral("[2]"), QStringLiteral("q must be > 0"));
            continue;
        }
        out << p;
    }
}

} // namespace tunescope
