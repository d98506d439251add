#include "space/yamlvalue.h"

#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <limits>

namespace tunescope {

QVariant yamlScalarValue(const YAML::Node &node)
{
    const QString text = QString::fromStdString(node.Scalar());
    if (node.Tag() == "!")
        return text;
    static const QRegularExpression intRe(QStringLiteral("^[-+]?[0-9]+$"));
    static const QRegularExpression floatRe(
        QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    if (intRe.match(text).hasMatch()) {
        bool ok = false;
        const qlonglong v = text.toLongLong(&ok);
        if (ok)
            return QVariant::fromValue(v);
        return QLocale::c().toDouble(text);
    }
    if (floatRe.match(text).hasMatch())
        return QLocale::c().toDouble(text);
    static const QSet<QString> trues{"true", "True", "TRUE"}, falses{"false", "False", "FALSE"};
    if (trues.contains(text))
        return true;
    if (falses.contains(text))
        return false;
    static const QSet<QString> infs{".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"};
    static const QSet<QString> ninfs{"-.inf", "-.Inf", "-.INF"};
    static const QSet<QString> nans{".nan", ".NaN", ".NAN"};
    if (infs.contains(text))
        return std::numeric_limits<double>::infinity();
    if (ninfs.contains(text))
        return -std::numeric_limits<double>::infinity();
    if (nans.contains(text))
        return std::numeric_limits<double>::quiet_NaN();
    if (text == QLatin1String("~") || text == QLatin1String("null") || text.isEmpty())
        return {};
    return text;
}

QVariant yamlToVariant(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Scalar:
        return yamlScalarValue(node);
    case YAML::NodeType::Sequence: {
        QVariantList list;
        for (const YAML::Node &item : node)
            list.append(yamlToVariant(item));
        return list;
    }
    case YAML::NodeType::Map: {
        QVariantMap map;
        for (const auto &kv : node)
            map.insert(QString::fromStdString(kv.first.Scalar()), yamlToVariant(kv.second));
        return map;
    }
    default:
        return {};
    }
}

} // namespace tunescope
