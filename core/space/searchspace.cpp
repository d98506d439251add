#include "space/searchspace.h"

#include <QLocale>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tunescope {

namespace {

bool isIntegral(const QVariant &v)
{
    const int t = v.typeId();
    return t == QMetaType::LongLong || t == QMetaType::Int || t == QMetaType::UInt
           || t == QMetaType::ULongLong || t == QMetaType::Long || t == QMetaType::ULong;
}

bool isNumber(const QVariant &v)
{
    return isIntegral(v) || v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Float;
}

bool sameValue(const QVariant &a, const QVariant &b)
{
    if (isNumber(a) && isNumber(b)) {
        if (isIntegral(a) && isIntegral(b))
            return a.toLongLong() == b.toLongLong();
        const double x = a.toDouble(), y = b.toDouble();
        return x == y || std::abs(x - y) <= 1e-12 * std::max(std::abs(x), std::abs(y));
    }
    if (a.typeId() == QMetaType::Bool || b.typeId() == QMetaType::Bool)
        return a.typeId() == b.typeId() && a.toBool() == b.toBool();
    if (isNumber(a) != isNumber(b))
        return false;
    return a.toString() == b.toString();
}

// Numeric parameters are sampled on [lo, hi] in (log) space. Discrete ones (ints, quantized
// floats) widen the range by half a step on each side so every value gets the same share of
// the unit interval: the same convention Optuna uses for integer distributions.
struct Span
{
    double lo;
    double hi;
};

Span numericSpan(const Parameter &p)
{
    const bool discrete = p.type == Parameter::Type::Int || p.step > 0;
    const double half = discrete ? 0.5 * (p.step > 0 ? p.step : 1.0) : 0.0;
    double lo = p.low - half;
    double hi = p.high + half;
    if (p.log) {
        // Half a step below the lowest value can reach zero for ints starting at 1 with a
        // step of 2 or more; keep the log defined.
        lo = std::log(std::max(lo, p.low * 0.5));
        hi = std::log(hi);
    }
    return {lo, hi};
}

double quantize(const Parameter &p, double x)
{
    const double step = p.type == Parameter::Type::Int ? std::max(1.0, p.step) : p.step;
    if (step <= 0)
        return std::clamp(x, p.low, p.high);
    const double k = std::round((x - p.low) / step);
    const double maxK = std::floor((p.high - p.low) / step + 1e-9);
    return p.low + std::clamp(k, 0.0, maxK) * step;
}

double gridStep(const Parameter &p)
{
    return p.type == Parameter::Type::Int ? std::max(1.0, p.step) : p.step;
}

/// Number of grid values of a parameter without listing them (0: no grid).
qint64 gridCount(const Parameter &p)
{
    switch (p.type) {
    case Parameter::Type::Constant:
        return 1;
    case Parameter::Type::Categorical:
        return p.choices.size();
    case Parameter::Type::Int:
    case Parameter::Type::Float: {
        const double s = gridStep(p);
        if (s <= 0 || p.high < p.low)
            return 0;
        const double count = std::floor((p.high - p.low) / s + 1e-9) + 1;
        return count > 1e15 ? 0 : qint64(count);
    }
    }
    return 0;
}

QVariant gridValueAt(const Parameter &p, qint64 k)
{
    switch (p.type) {
    case Parameter::Type::Constant:
        return p.value;
    case Parameter::Type::Categorical:
        return p.choices.at(k);
    case Parameter::Type::Int:
        return QVariant::fromValue(qlonglong(std::llround(p.low + double(k) * gridStep(p))));
    case Parameter::Type::Float:
        return p.low + double(k) * gridStep(p);
    }
    return {};
}

/// Position of v among the grid values of p, or -1.
qint64 gridPosition(const Parameter &p, const QVariant &v)
{
    switch (p.type) {
    case Parameter::Type::Constant:
        return sameValue(p.value, v) ? 0 : -1;
    case Parameter::Type::Categorical:
        return p.choiceIndex(v);
    case Parameter::Type::Int:
    case Parameter::Type::Float: {
        if (!isNumber(v))
            return -1;
        const double k = std::round((v.toDouble() - p.low) / gridStep(p));
        if (k < 0 || k >= double(gridCount(p)))
            return -1;
        return sameValue(gridValueAt(p, qint64(k)), v) ? qint64(k) : -1;
    }
    }
    return -1;
}

} // namespace

QVariantList Parameter::gridValues() const
{
    const qint64 n = gridCount(*this);
    if (n > 10'000'000) // a list that long helps no one; gridIndex/gridPoint never need it
        return {};
    QVariantList out;
    out.reserve(n);
    for (qint64 k = 0; k < n; ++k)
        out.append(gridValueAt(*this, k));
    return out;
}

double Parameter::toUnit(const QVariant &v) const
{
    switch (type) {
    case Type::Constant:
        return 0.5;
    case Type::Categorical: {
        const int i = choiceIndex(v);
        return choices.isEmpty() ? 0.5 : (std::max(i, 0) + 0.5) / double(choices.size());
    }
    case Type::Int:
    case Type::Float: {
        const Span s = numericSpan(*this);
        double x = v.toDouble();
        if (log)
            x = std::log(std::max(x, std::numeric_limits<double>::min()));
        if (!(s.hi > s.lo))
            return 0.5;
        return std::clamp((x - s.lo) / (s.hi - s.lo), 0.0, 1.0);
    }
    }
    return 0.5;
}

QVariant Parameter::fromUnit(double u) const
{
    if (!std::isfinite(u))
        u = 0.5;
    u = std::clamp(u, 0.0, 1.0);
    switch (type) {
    case Type::Constant:
        return value;
    case Type::Categorical: {
        if (choices.isEmpty())
            return {};
        const qsizetype i = std::min<qsizetype>(qsizetype(u * choices.size()), choices.size() - 1);
        return choices.at(i);
    }
    case Type::Int:
    case Type::Float: {
        const Span s = numericSpan(*this);
        double x = s.lo + u * (s.hi - s.lo);
        if (log)
            x = std::exp(x);
        x = quantize(*this, x);
        if (type == Type::Int)
            return QVariant::fromValue(qlonglong(std::llround(x)));
        return x;
    }
    }
    return {};
}

int Parameter::choiceIndex(const QVariant &v) const
{
    for (int i = 0; i < choices.size(); ++i) {
        if (sameValue(choices.at(i), v))
            return i;
    }
    return -1;
}

const Parameter *SearchSpace::find(const QString &name) const
{
    for (const Parameter &p : mParams) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

QList<Parameter> SearchSpace::searchable() const
{
    QList<Parameter> out;
    for (const Parameter &p : mParams) {
        if (p.type != Parameter::Type::Constant)
            out.append(p);
    }
    return out;
}

int SearchSpace::dimension() const
{
    return int(std::count_if(mParams.begin(), mParams.end(),
                             [](const Parameter &p) { return p.type != Parameter::Type::Constant; }));
}

std::vector<double> SearchSpace::encode(const QVariantMap &params) const
{
    std::vector<double> unit;
    unit.reserve(mParams.size());
    for (const Parameter &p : mParams) {
        if (p.type != Parameter::Type::Constant)
            unit.push_back(p.toUnit(params.value(p.name)));
    }
    return unit;
}

QVariantMap SearchSpace::decode(const std::vector<double> &unit) const
{
    QVariantMap out;
    size_t i = 0;
    for (const Parameter &p : mParams) {
        if (p.type == Parameter::Type::Constant) {
            out.insert(p.name, p.value);
        } else {
            out.insert(p.name, p.fromUnit(i < unit.size() ? unit[i] : 0.5));
            ++i;
        }
    }
    return out;
}

std::optional<qint64> SearchSpace::gridSize(SpecIssue *whyNot) const
{
    qint64 size = 1;
    for (const Parameter &p : mParams) {
        const qint64 n = gridCount(p);
        if (n == 0) {
            if (whyNot) {
                const QString at = QStringLiteral("parameters.%1").arg(p.name);
                *whyNot = p.type == Parameter::Type::Categorical
                              ? SpecIssue{at, QStringLiteral("a grid needs at least one value"), SpecIssue::Severity::Error,
                                          {QStringLiteral("values")}}
                              : SpecIssue{at,
                                          QStringLiteral("a grid needs discrete values, but it is a continuous range "
                                                         "[%1, %2]; give 'values' or a 'q' step")
                                              .arg(paramValueToString(p.low), paramValueToString(p.high)),
                                          SpecIssue::Severity::Error, {QStringLiteral("q")}};
            }
            return std::nullopt;
        }
        if (size > std::numeric_limits<qint64>::max() / n) {
            if (whyNot)
                *whyNot = SpecIssue{QString(), QStringLiteral("the grid has more points than can be counted")};
            return std::nullopt;
        }
        size *= n;
    }
    return size;
}

QVariantMap SearchSpace::gridPoint(qint64 index) const
{
    QVariantMap out;
    for (auto it = mParams.crbegin(); it != mParams.crend(); ++it) {
        const qint64 n = gridCount(*it);
        out.insert(it->name, n ? gridValueAt(*it, index % n) : QVariant());
        if (n)
            index /= n;
    }
    return out;
}

std::optional<qint64> SearchSpace::gridIndex(const QVariantMap &params) const
{
    qint64 index = 0;
    for (const Parameter &p : mParams) {
        const qint64 n = gridCount(p);
        const qint64 position = n ? gridPosition(p, params.value(p.name)) : -1;
        if (position < 0)
            return std::nullopt;
        index = index * n + position;
    }
    return index;
}

namespace {

constexpr qsizetype kMaxNameLength = 200;

/// Why a parameter name cannot be used, or empty. Names become `--name=value` arguments,
/// `${name}` macros, `name=value` protocol text, CSV headers and JSON keys: '=' would split
/// the argument in the wrong place, braces and '$' cannot be written inside a macro, and a
/// newline or other control character would break the line-based formats.
QString nameProblem(const QString &name)
{
    if (name.size() > kMaxNameLength)
        return QStringLiteral("longer than %1 characters").arg(kMaxNameLength);
    if (name != name.trimmed())
        return QStringLiteral("leading or trailing white space");
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            return QStringLiteral("contains a control character such as a newline or tab");
        if (c == u'=' || c == u'{' || c == u'}' || c == u'$')
            return QStringLiteral("contains '%1' (names may not contain =, {, } or $)").arg(c);
    }
    return {};
}

/// A name as it can be shown in one line of an error message.
QString printableName(const QString &name)
{
    QString shown = name.left(40);
    for (QChar &c : shown) {
        if (c.category() == QChar::Other_Control)
            c = u'?';
    }
    return name.size() > 40 ? shown + QStringLiteral("...") : shown;
}

} // namespace

QList<SpecIssue> SearchSpace::validate() const
{
    QList<SpecIssue> issues;
    const auto error = [&](const QString &path, const QString &message, const QStringList &keys = {}) {
        issues << SpecIssue{path, message, SpecIssue::Severity::Error, keys};
    };
    const QStringList minAndMax{QStringLiteral("min"), QStringLiteral("max")};
    QSet<QString> seen;
    if (mParams.isEmpty())
        error(QStringLiteral("parameters"), QStringLiteral("the search space has no parameters"));
    for (const Parameter &p : mParams) {
        const QString at = QStringLiteral("parameters.%1").arg(p.name);
        if (p.name.trimmed().isEmpty())
            error(QStringLiteral("parameters"), QStringLiteral("a parameter has an empty name"), {QString()});
        else if (const QString why = nameProblem(p.name); !why.isEmpty())
            error(QStringLiteral("parameters.%1").arg(printableName(p.name)), QStringLiteral("invalid name: %1").arg(why));
        if (seen.contains(p.name))
            error(at, QStringLiteral("duplicate parameter name"));
        seen.insert(p.name);
        const QString dist = p.distribution.isEmpty() ? QStringLiteral("this parameter") : p.distribution;
        switch (p.type) {
        case Parameter::Type::Constant:
            if (!p.value.isValid() || (p.value.typeId() == QMetaType::QString && p.value.toString().isEmpty()))
                error(at + QStringLiteral(".value"), QStringLiteral("must not be empty"));
            break;
        case Parameter::Type::Categorical: {
            if (p.choices.isEmpty())
                error(at + QStringLiteral(".values"), QStringLiteral("must not be empty"));
            for (int i = 0; i < p.choices.size(); ++i) {
                for (int j = 0; j < i; ++j) {
                    if (sameValue(p.choices.at(i), p.choices.at(j)))
                        error(at + QStringLiteral(".values"),
                              QStringLiteral("'%1' is listed twice").arg(paramValueToString(p.choices.at(i))));
                }
            }
            break;
        }
        case Parameter::Type::Int:
        case Parameter::Type::Float:
            if (!std::isfinite(p.low))
                error(at + QStringLiteral(".min"), QStringLiteral("must be a finite number"));
            if (!std::isfinite(p.high))
                error(at + QStringLiteral(".max"), QStringLiteral("must be a finite number"));
            if (p.low > p.high)
                error(at, QStringLiteral("min (%1) must not be greater than max (%2)")
                              .arg(paramValueToString(p.low), paramValueToString(p.high)), minAndMax);
            if (p.log && p.low <= 0)
                error(at + QStringLiteral(".min"), QStringLiteral("must be > 0 for %1 (log scale)").arg(dist));
            if (p.step < 0 || (p.type == Parameter::Type::Int && p.step != 0 && p.step < 1))
                error(at + QStringLiteral(".q"), QStringLiteral("must be %1").arg(p.type == Parameter::Type::Int ? ">= 1" : "> 0"));
            if (p.type == Parameter::Type::Int
                && (p.low != std::floor(p.low) || p.high != std::floor(p.high)))
                error(at, QStringLiteral("min and max must be integers for %1").arg(dist), minAndMax);
            break;
        }
    }
    return issues;
}

QString paramValueToString(const QVariant &v)
{
    if (v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Float)
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    if (v.typeId() == QMetaType::Bool)
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.toString();
}

} // namespace tunescope
