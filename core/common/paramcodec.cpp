#include "common/paramcodec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace tunescope {

namespace {

void appendJsonString(QByteArray &out, const QString &s)
{
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

bool appendJson(QByteArray &out, const QVariant &v, const QString &path, QString *error)
{
    switch (v.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        out += "null";
        return true;
    case QMetaType::Bool:
        out += v.toBool() ? "true" : "false";
        return true;
    case QMetaType::Int:
    case QMetaType::Short:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::SChar:
        out += QByteArray::number(v.toLongLong());
        return true;
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::ULong:
    case QMetaType::ULongLong:
    case QMetaType::UChar:
        out += QByteArray::number(v.toULongLong());
        return true;
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = v.toDouble();
        if (!std::isfinite(d)) {
            *error = QStringLiteral("parameter %1: %2 cannot be written as JSON (it has no NaN/inf)")
                         .arg(path, QString::number(d));
            return false;
        }
        QByteArray s = shortestDoubleText(d);
        if (!s.contains('.') && !s.contains('e'))
            s += ".0";
        out += s;
        return true;
    }
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        out += '[';
        const QVariantList list = v.toList();
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (i)
                out += ',';
            if (!appendJson(out, list[i], path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'), error))
                return false;
        }
        out += ']';
        return true;
    }
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash: {
        out += '{';
        const QVariantMap map = v.toMap();
        bool first = true;
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (!first)
                out += ',';
            first = false;
            appendJsonString(out, it.key());
            out += ':';
            if (!appendJson(out, it.value(), path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key(), error))
                return false;
        }
        out += '}';
        return true;
    }
    default:
        if (v.canConvert<QString>()) {
            appendJsonString(out, v.toString());
            return true;
        }
        *error = QStringLiteral("parameter %1: values of type %2 cannot be written as JSON")
                     .arg(path, QString::fromLatin1(v.typeName()));
        return false;
    }
}

/// The reading half: QJsonDocument turns "64.0" into an integer, so numbers are typed here by
/// their spelling (a '.', 'e' or 'E' makes a double), the way the writer above spells them.
class JsonReader
{
public:
    /// pythonNumbers: also NaN, Infinity and -Infinity (Python's json.dumps writes them).
    explicit JsonReader(const QByteArray &text, bool pythonNumbers = false)
        : mText(text), mPythonNumbers(pythonNumbers)
    {
    }

    std::optional<QVariant> document()
    {
        auto v = value();
        skipSpace();
        if (!v || mPos != mText.size())
            return std::nullopt;
        return v;
    }

private:
    const QByteArray mText;
    const bool mPythonNumbers;
    qsizetype mPos = 0;
    int mDepth = 0;

    void skipSpace()
    {
        while (mPos < mText.size() && (mText[mPos] == ' ' || mText[mPos] == '\t' || mText[mPos] == '\n' || mText[mPos] == '\r'))
            ++mPos;
    }

    bool take(const char *word)
    {
        const qsizetype n = qsizetype(std::strlen(word));
        if (mText.mid(mPos, n) != word)
            return false;
        mPos += n;
        return true;
    }

    std::optional<QVariant> value()
    {
        skipSpace();
        if (mPos >= mText.size() || mDepth > 64)
            return std::nullopt;
        const char c = mText[mPos];
        if (c == '{' || c == '[') {
            ++mDepth;
            auto v = c == '{' ? object() : array();
            --mDepth;
            return v;
        }
        if (c == '"') {
            auto s = string();
            return s ? std::optional<QVariant>(*s) : std::nullopt;
        }
        if (take("true"))
            return QVariant(true);
        if (take("false"))
            return QVariant(false);
        if (take("null"))
            return QVariant();
        if (mPythonNumbers) {
            if (take("NaN"))
                return QVariant(std::numeric_limits<double>::quiet_NaN());
            if (take("Infinity"))
                return QVariant(std::numeric_limits<double>::infinity());
            if (take("-Infinity"))
                return QVariant(-std::numeric_limits<double>::infinity());
        }
        return number();
    }

    std::optional<QVariant> object()
    {
        ++mPos; // '{'
        QVariantMap map;
        skipSpace();
        if (mPos < mText.size() && mText[mPos] == '}') {
            ++mPos;
            return map;
        }
        for (;;) {
            skipSpace();
            auto key = string();
            skipSpace();
            if (!key || mPos >= mText.size() || mText[mPos] != ':')
                return std::nullopt;
            ++mPos;
            auto v = value();
            if (!v)
                return std::nullopt;
            map.insert(*key, *v);
            skipSpace();
            if (mPos < mText.size() && mText[mPos] == ',') {
                ++mPos;
                continue;
            }
            if (mPos < mText.size() && mText[mPos] == '}') {
                ++mPos;
                return map;
            }
            return std::nullopt;
        }
    }

    std::optional<QVariant> array()
    {
        ++mPos; // '['
        QVariantList list;
        skipSpace();
        if (mPos < mText.size() && mText[mPos] == ']') {
            ++mPos;
            return list;
        }
        for (;;) {
            auto v = value();
            if (!v)
                return std::nullopt;
            list.append(*v);
            skipSpace();
            if (mPos < mText.size() && mText[mPos] == ',') {
                ++mPos;
                continue;
            }
            if (mPos < mText.size() && mText[mPos] == ']') {
                ++mPos;
                return list;
            }
            return std::nullopt;
        }
    }

    std::optional<uint> hex4()
    {
        if (mPos + 4 > mText.size())
            return std::nullopt;
        bool ok = false;
        const uint u = mText.mid(mPos, 4).toUInt(&ok, 16);
        mPos += 4;
        return ok ? std::optional<uint>(u) : std::nullopt;
    }

    std::optional<QString> string()
    {
        if (mPos >= mText.size() || mText[mPos] != '"')
            return std::nullopt;
        ++mPos;
        QByteArray utf8;
        while (mPos < mText.size()) {
            const char c = mText[mPos++];
            if (c == '"')
                return QString::fromUtf8(utf8);
            if (c != '\\') {
                utf8 += c;
                continue;
            }
            if (mPos >= mText.size())
                return std::nullopt;
            const char e = mText[mPos++];
            switch (e) {
            case '"': utf8 += '"'; break;
            case '\\': utf8 += '\\'; break;
            case '/': utf8 += '/'; break;
            case 'b': utf8 += '\b'; break;
            case 'f': utf8 += '\f'; break;
            case 'n': utf8 += '\n'; break;
            case 'r': utf8 += '\r'; break;
            case 't': utf8 += '\t'; break;
            case 'u': {
                auto u = hex4();
                if (!u)
                    return std::nullopt;
                char32_t cp = *u;
                if (cp >= 0xd800 && cp < 0xdc00 && take("\\u")) { // surrogate pair
                    auto low = hex4();
                    if (!low)
                        return std::nullopt;
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (*low - 0xdc00);
                }
                utf8 += QString::fromUcs4(&cp, 1).toUtf8();
                break;
            }
            default:
                return std::nullopt;
            }
        }
        return std::nullopt;
    }

    std::optional<QVariant> number()
    {
        const qsizetype start = mPos;
        bool isDouble = false;
        while (mPos < mText.size()) {
            const char c = mText[mPos];
            if (c == '.' || c == 'e' || c == 'E')
                isDouble = true;
            else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9')))
                break;
            ++mPos;
        }
        const QByteArray token = mText.mid(start, mPos - start);
        bool ok = false;
        if (!isDouble) {
            const qlonglong n = token.toLongLong(&ok);
            if (ok)
                return QVariant(n);
        }
        const double d = token.toDouble(&ok); // C locale, exact shortest round trip
        return ok ? std::optional<QVariant>(QVariant(d)) : std::nullopt;
    }
};

} // namespace

QByteArray shortestDoubleText(double d)
{
    if (d == 0.0 && std::signbit(d))
        return QByteArrayLiteral("-0");
    return QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
}

std::optional<QByteArray> paramsToJson(const QVariantMap &params, QString *error)
{
    QByteArray json;
    QString why;
    if (!appendJson(json, params, QString(), &why)) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    return json;
}

std::optional<QVariant> valueFromPythonJson(const QByteArray &json)
{
    return JsonReader(json, true).document();
}

QVariantMap paramsFromJson(const QByteArray &json)
{
    const auto v = JsonReader(json).document();
    if (v && v->typeId() == QMetaType::QVariantMap)
        return v->toMap();
    // Not what the writer produces (hand-edited?): take what Qt's parser makes of it.
    return QJsonDocument::fromJson(json).object().toVariantMap();
}

} // namespace tunescope
