#include "space/searchspace.h"

#include "space/priors.h"

#include <QHash>
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

// Uniform parameters are sampled on [lo, hi] in (log) space. Grid-discrete ones (ints,
// stepped floats) widen the range by half a step on each side so every value gets the same
// share of the unit interval: the same convention Optuna uses for integer distributions.
// W&B's and NNI's q-distributions round the drawn number as their own formulas say instead.
struct Span
{
    double lo;
    double hi;
};

Span numericSpan(const Parameter &p)
{
    const bool discrete = p.hasStepGrid();
    const double half = discrete ? 0.5 * (p.step > 0 ? p.step : 1.0) : 0.0;
    double lo = p.low - half;
    double hi = p.high + half;
    if (p.log) {
        // Half a step below the lowest value can reach zero for ints starting at 1 with a
        // step of 2 or more; keep the log defined.
        lo = std::log(discrete ? std::max(lo, p.low * 0.5) : lo);
        hi = std::log(hi);
    }
    return {lo, hi};
}

double quantize(const Parameter &p, double x)
{
    switch (p.rounding) {
    case Parameter::Rounding::Multiple:
        return p.step > 0 ? roundToMultiple(x, p.step) : x;
    case Parameter::Rounding::ClippedMultiple:
        return std::clamp(p.step > 0 ? roundToMultiple(x, p.step) : x, p.low, p.high);
    case Parameter::Rounding::Grid:
        break;
    }
    const double step = p.type == Parameter::Type::Int ? std::max(1.0, p.step) : p.step;
    if (p.prior != Parameter::Prior::Uniform)
        return step > 0 ? roundToMultiple(x, step) : x;
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

/// Whether the parameter has a finite grid at all (a discrete uniform, as W&B's grid takes
/// int_uniform and q_uniform; NNI's clipped q-types; every categorical without weights).
bool hasGrid(const Parameter &p)
{
    switch (p.type) {
    case Parameter::Type::Constant:
        return true;
    case Parameter::Type::Categorical:
        return p.probabilities.isEmpty();
    case Parameter::Type::Int:
    case Parameter::Type::Float:
        if (p.prior != Parameter::Prior::Uniform || gridStep(p) <= 0 || p.high < p.low)
            return false;
        // W&B's grid refuses q_log_uniform(_values); NNI's grid enumerates its clipped q-types.
        return p.rounding != Parameter::Rounding::Multiple || !p.log;
    }
    return false;
}

/// Number of grid values of a parameter without listing them (0: no grid).
qint64 gridCount(const Parameter &p)
{
    if (!hasGrid(p))
        return 0;
    switch (p.type) {
    case Parameter::Type::Constant:
        return 1;
    case Parameter::Type::Categorical:
        return p.choices.size();
    case Parameter::Type::Int:
    case Parameter::Type::Float: {
        const double s = gridStep(p);
        double count = 0;
        switch (p.rounding) {
        case Parameter::Rounding::Grid:
            count = std::floor((p.high - p.low) / s + 1e-9) + 1;
            break;
        case Parameter::Rounding::Multiple: // numpy's arange(min, max, q): max excluded
            count = std::ceil((p.high - p.low) / s);
            break;
        case Parameter::Rounding::ClippedMultiple: // the multiples reachable from [min, max], clipped
            count = std::nearbyint(p.high / s) - std::nearbyint(p.low / s) + 1;
            break;
        }
        return count > 1e15 || !(count >= 1) ? 0 : qint64(count);
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
    case Parameter::Type::Float:
        break;
    }
    double x = 0;
    switch (p.rounding) {
    case Parameter::Rounding::Grid:
        x = p.low + double(k) * gridStep(p);
        break;
    case Parameter::Rounding::Multiple: {
        // As numpy fills an arange: start, start + step, then start + k * delta with delta
        // measured between the first two, so the values are numpy's to the last bit.
        const double second = p.low + p.step;
        x = k == 0 ? p.low : k == 1 ? second : p.low + double(k) * (second - p.low);
        break;
    }
    case Parameter::Rounding::ClippedMultiple:
        x = std::clamp((std::nearbyint(p.low / p.step) + double(k)) * p.step, p.low, p.high);
        break;
    }
    if (p.type == Parameter::Type::Int)
        return QVariant::fromValue(qlonglong(std::llround(x)));
    return x;
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
        double k = 0;
        if (p.rounding == Parameter::Rounding::ClippedMultiple)
            k = std::nearbyint(v.toDouble() / p.step) - std::nearbyint(p.low / p.step);
        else
            k = std::round((v.toDouble() - p.low) / gridStep(p));
        if (k < 0 || k >= double(gridCount(p)))
            return -1;
        return sameValue(gridValueAt(p, qint64(k)), v) ? qint64(k) : -1;
    }
    }
    return -1;
}

/// Why p has no grid, at its key path.
SpecIssue noGridReason(const Parameter &p)
{
    const QString at = QStringLiteral("parameters.%1").arg(p.name);
    if (p.type == Parameter::Type::Categorical) {
        if (!p.probabilities.isEmpty())
            return SpecIssue{at + QStringLiteral(".probabilities"),
                             QStringLiteral("a grid runs every value once, so it takes no probabilities (W&B's grid "
                                            "refuses them too)")};
        return SpecIssue{at, QStringLiteral("a grid needs at least one value"), SpecIssue::Severity::Error,
                         {QStringLiteral("values")}};
    }
    if (p.prior != Parameter::Prior::Uniform || (p.rounding == Parameter::Rounding::Multiple && p.log))
        return SpecIssue{at + QStringLiteral(".distribution"),
                         QStringLiteral("a grid takes values, int_uniform, q_uniform, quniform or qloguniform "
                                        "parameters, not %1 (as W&B's grid)")
                             .arg(p.distribution.isEmpty() ? QStringLiteral("this distribution") : p.distribution)};
    return SpecIssue{at,
                     QStringLiteral("a grid needs discrete values, but it is a continuous range [%1, %2]; give "
                                    "'values' or a 'q' step")
                         .arg(paramValueToString(p.low), paramValueToString(p.high)),
                     SpecIssue::Severity::Error, {QStringLiteral("q")}};
}

/// The grid of a conditional space as a tree: the parameters of the top level, and for each
/// choice that has conditional parameters, the parameters of each of its values. A level's
/// size is the product of its members'; a choice's is the sum over its values of the sizes
/// of their levels.
class GridTree
{
public:
    explicit GridTree(const QList<Parameter> &params)
        : mParams(params)
    {
        QHash<QString, int> indexOf;
        for (int i = 0; i < params.size(); ++i)
            indexOf.insert(params.at(i).name, i);
        for (int i = 0; i < params.size(); ++i) {
            const Parameter &p = params.at(i);
            const int parent = p.isConditional() ? indexOf.value(p.parent, -1) : -1;
            if (parent < 0) {
                mRoots << i;
                continue;
            }
            QList<QList<int>> &levels = mChildren[parent];
            levels.resize(params.at(parent).choices.size());
            const int c = params.at(parent).choiceIndex(p.parentValue);
            if (c >= 0)
                levels[c] << i;
        }
    }

    const QList<int> &roots() const { return mRoots; }

    /// Size of a level; nullopt (with the parameter that has no grid, or overflow) otherwise.
    std::optional<qint64> levelSize(const QList<int> &level, SpecIssue *whyNot) const
    {
        qint64 size = 1;
        for (int i : level) {
            const auto n = memberSize(i, whyNot);
            if (!n)
                return std::nullopt;
            if (*n == 0 || size > std::numeric_limits<qint64>::max() / *n) {
                if (whyNot)
                    *whyNot = *n == 0 ? noGridReason(mParams.at(i))
                                      : SpecIssue{QString(), QStringLiteral("the grid has more points than can be counted")};
                return std::nullopt;
            }
            size *= *n;
        }
        return size;
    }

    void point(const QList<int> &level, qint64 index, QVariantMap &out) const
    {
        for (auto it = level.crbegin(); it != level.crend(); ++it) {
            const qint64 n = memberSize(*it, nullptr).value_or(0);
            if (n <= 0)
                continue;
            assign(*it, index % n, out);
            index /= n;
        }
    }

    std::optional<qint64> index(const QList<int> &level, const QVariantMap &params) const
    {
        qint64 index = 0;
        for (int i : level) {
            const qint64 n = memberSize(i, nullptr).value_or(0);
            const auto digit = memberDigit(i, params);
            if (n <= 0 || !digit)
                return std::nullopt;
            index = index * n + *digit;
        }
        return index;
    }

private:
    const QList<Parameter> &mParams;
    QList<int> mRoots;
    QHash<int, QList<QList<int>>> mChildren; ///< parameter -> per choice, its conditional parameters

    std::optional<qint64> memberSize(int i, SpecIssue *whyNot) const
    {
        const auto children = mChildren.constFind(i);
        if (children == mChildren.constEnd()) {
            const qint64 n = gridCount(mParams.at(i));
            if (n == 0 && whyNot)
                *whyNot = noGridReason(mParams.at(i));
            return n == 0 ? std::nullopt : std::optional<qint64>(n);
        }
        if (!hasGrid(mParams.at(i))) {
            if (whyNot)
                *whyNot = noGridReason(mParams.at(i));
            return std::nullopt;
        }
        qint64 sum = 0;
        for (const QList<int> &level : *children) {
            const auto n = levelSize(level, whyNot);
            if (!n)
                return std::nullopt;
            if (sum > std::numeric_limits<qint64>::max() - *n) {
                if (whyNot)
                    *whyNot = SpecIssue{QString(), QStringLiteral("the grid has more points than can be counted")};
                return std::nullopt;
            }
            sum += *n;
        }
        return sum;
    }

    void assign(int i, qint64 digit, QVariantMap &out) const
    {
        const Parameter &p = mParams.at(i);
        const auto children = mChildren.constFind(i);
        if (children == mChildren.constEnd()) {
            out.insert(p.name, gridValueAt(p, digit));
            return;
        }
        for (qsizetype c = 0; c < children->size(); ++c) {
            const qint64 n = levelSize(children->at(c), nullptr).value_or(1);
            if (digit < n) {
                out.insert(p.name, p.choices.at(c));
                point(children->at(c), digit, out);
                return;
            }
            digit -= n;
        }
    }

    std::optional<qint64> memberDigit(int i, const QVariantMap &params) const
    {
        const Parameter &p = mParams.at(i);
        const auto children = mChildren.constFind(i);
        if (children == mChildren.constEnd()) {
            const qint64 position = gridPosition(p, params.value(p.name));
            return position < 0 ? std::nullopt : std::optional<qint64>(position);
        }
        const int chosen = p.choiceIndex(params.value(p.name));
        if (chosen < 0)
            return std::nullopt;
        qint64 offset = 0;
        for (int c = 0; c < chosen; ++c)
            offset += levelSize(children->at(c), nullptr).value_or(0);
        const auto within = index(children->at(chosen), params);
        return within ? std::optional<qint64>(offset + *within) : std::nullopt;
    }
};

/// Puts v into a nested map at path, making the maps on the way.
void insertAt(QVariantMap &map, const QStringList &path, qsizetype from, const QVariant &v)
{
    if (from + 1 >= path.size()) {
        map.insert(path.at(from), v);
        return;
    }
    QVariantMap inner = map.value(path.at(from)).toMap();
    insertAt(inner, path, from + 1, v);
    map.insert(path.at(from), inner);
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
        if (choices.isEmpty())
            return 0.5;
        const int i = std::max(choiceIndex(v), 0);
        if (probabilities.size() == choices.size()) {
            double below = 0;
            for (int k = 0; k < i; ++k)
                below += probabilities.at(k);
            return std::clamp(below + 0.5 * probabilities.at(i), 0.0, 1.0);
        }
        return (i + 0.5) / double(choices.size());
    }
    case Type::Int:
    case Type::Float: {
        const double x = v.toDouble();
        if (prior != Prior::Uniform)
            return std::clamp(priorCdf(*this, x), 0.0, 1.0);
        const Span s = numericSpan(*this);
        const double t = log ? std::log(std::max(x, std::numeric_limits<double>::min())) : x;
        if (!(s.hi > s.lo))
            return 0.5;
        return std::clamp((t - s.lo) / (s.hi - s.lo), 0.0, 1.0);
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
        if (probabilities.size() == choices.size()) {
            // W&B: the first value whose cumulative probability exceeds u.
            double cumulative = 0;
            qsizetype last = 0;
            for (qsizetype i = 0; i < choices.size(); ++i) {
                cumulative += probabilities.at(i);
                if (probabilities.at(i) > 0)
                    last = i;
                if (u < cumulative)
                    return choices.at(i);
            }
            return choices.at(last); // u at the very top (the sum rounds below 1)
        }
        const qsizetype i = std::min<qsizetype>(qsizetype(u * choices.size()), choices.size() - 1);
        return choices.at(i);
    }
    case Type::Int:
    case Type::Float: {
        double x = 0;
        if (prior != Prior::Uniform) {
            x = priorQuantile(*this, u);
        } else {
            const Span s = numericSpan(*this);
            x = s.lo + u * (s.hi - s.lo);
            if (log)
                x = std::exp(x);
            // The ends of the unit interval are the bounds themselves: exp(log(1000)) is
            // 999.9999999999998, and a sampler that settles on a bound put that on the trial's
            // command line and in the report as the best C.
            if (!hasStepGrid() && (u == 0.0 || u == 1.0))
                x = u == 0.0 ? low : high;
        }
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
        if (p.type == Parameter::Type::Constant)
            continue;
        const auto it = params.constFind(p.name);
        unit.push_back(it == params.constEnd() ? 0.5 : p.toUnit(*it));
    }
    return unit;
}

QVariantMap SearchSpace::decode(const std::vector<double> &unit) const
{
    QVariantMap out;
    size_t i = 0;
    for (const Parameter &p : mParams) {
        const bool searchable = p.type != Parameter::Type::Constant;
        const double u = searchable && i < unit.size() ? unit[i] : 0.5;
        if (searchable)
            ++i; // every parameter keeps its coordinate, active or not
        if (!isActive(p, out))
            continue; // its parent came out with another value (parents precede children)
        out.insert(p.name, searchable ? p.fromUnit(u) : p.value);
    }
    return out;
}

bool SearchSpace::hasConditions() const
{
    return std::any_of(mParams.begin(), mParams.end(), [](const Parameter &p) { return p.isConditional(); });
}

bool SearchSpace::isActive(const Parameter &p, const QVariantMap &params) const
{
    if (!p.isConditional())
        return true;
    const auto it = params.constFind(p.parent);
    const Parameter *parent = find(p.parent);
    return it != params.constEnd() && parent && parent->choiceIndex(*it) >= 0
           && parent->choiceIndex(*it) == parent->choiceIndex(p.parentValue);
}

bool SearchSpace::hasConditionalChildren(const Parameter &p) const
{
    return std::any_of(mParams.begin(), mParams.end(), [&](const Parameter &q) { return q.parent == p.name; });
}

QVariantMap SearchSpace::nested(const QVariantMap &params) const
{
    QVariantMap out;
    QSet<QString> placed;
    for (const Parameter &p : mParams) {
        const auto it = params.constFind(p.name);
        if (it == params.constEnd())
            continue;
        placed.insert(p.name);
        const QStringList path = p.jsonPath();
        if (hasConditionalChildren(p))
            insertAt(out, path + QStringList{QStringLiteral("_name")}, 0, *it);
        else
            insertAt(out, path, 0, *it);
    }
    for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
        if (!placed.contains(it.key()) && !out.contains(it.key()))
            out.insert(it.key(), it.value());
    }
    return out;
}

QList<QPair<QString, QVariant>> SearchSpace::flags(const QVariantMap &params) const
{
    QList<QPair<QString, QVariant>> out;
    for (const Parameter &p : mParams) {
        if (const auto it = params.constFind(p.name); it != params.constEnd())
            out.append({p.jsonPath().join(u'.'), *it});
    }
    return out;
}

std::optional<qint64> SearchSpace::gridSize(SpecIssue *whyNot) const
{
    const GridTree tree(mParams);
    return tree.levelSize(tree.roots(), whyNot);
}

QVariantMap SearchSpace::gridPoint(qint64 index) const
{
    const GridTree tree(mParams);
    QVariantMap out;
    tree.point(tree.roots(), index, out);
    return out;
}

std::optional<qint64> SearchSpace::gridIndex(const QVariantMap &params) const
{
    const GridTree tree(mParams);
    return tree.index(tree.roots(), params);
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
    QHash<QString, const Parameter *> earlier;
    if (mParams.isEmpty())
        error(QStringLiteral("parameters"), QStringLiteral("the search space has no parameters"));
    for (const Parameter &p : mParams) {
        const QString at = p.keyPath();
        if (p.name.trimmed().isEmpty())
            error(QStringLiteral("parameters"), QStringLiteral("a parameter has an empty name"), {QString()});
        else if (const QString why = nameProblem(p.name); !why.isEmpty())
            error(QStringLiteral("parameters.%1").arg(printableName(p.name)), QStringLiteral("invalid name: %1").arg(why));
        if (seen.contains(p.name))
            error(at, QStringLiteral("duplicate parameter name"));
        seen.insert(p.name);
        if (p.isConditional()) {
            const Parameter *parent = earlier.value(p.parent);
            if (!parent || parent->type != Parameter::Type::Categorical)
                error(at, QStringLiteral("depends on '%1', which is no choice listed before it").arg(p.parent));
            else if (parent->choiceIndex(p.parentValue) < 0)
                error(at, QStringLiteral("depends on %1 = '%2', which is not one of its values")
                              .arg(p.parent, paramValueToString(p.parentValue)));
        }
        earlier.insert(p.name, &p);
        const QString dist = p.distribution.isEmpty() ? QStringLiteral("this parameter") : p.distribution;
        const auto positive = [&](double v, const char *key) {
            if (!std::isfinite(v) || v <= 0)
                error(at + u'.' + QLatin1String(key), QStringLiteral("must be a number > 0"));
        };
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
            if (!p.probabilities.isEmpty()) {
                const QString probs = at + QStringLiteral(".probabilities");
                double sum = 0;
                bool valid = true;
                for (double w : p.probabilities) {
                    valid = valid && std::isfinite(w) && w >= 0;
                    sum += w;
                }
                if (p.probabilities.size() != p.choices.size())
                    error(probs, QStringLiteral("has %1 entries for %2 values; give one per value")
                                     .arg(p.probabilities.size()).arg(p.choices.size()));
                else if (!valid)
                    error(probs, QStringLiteral("must all be numbers >= 0"));
                else if (std::abs(sum - 1.0) > 1e-8 + 1e-5) // numpy.isclose(sum, 1), as W&B checks
                    error(probs, QStringLiteral("must sum to 1, not %1").arg(paramValueToString(sum)));
            }
            break;
        }
        case Parameter::Type::Int:
        case Parameter::Type::Float:
            if (p.rounding != Parameter::Rounding::Grid && !(p.step > 0))
                error(at + QStringLiteral(".q"), QStringLiteral("must be > 0"));
            if (p.prior == Parameter::Prior::Normal) {
                if (!std::isfinite(p.mu))
                    error(at + QStringLiteral(".mu"), QStringLiteral("must be a finite number"));
                positive(p.sigma, "sigma");
                break;
            }
            if (p.prior == Parameter::Prior::Beta) {
                positive(p.alpha, "a");
                positive(p.beta, "b");
                break;
            }
            if (!std::isfinite(p.low))
                error(at + QStringLiteral(".min"), QStringLiteral("must be a finite number"));
            if (!std::isfinite(p.high))
                error(at + QStringLiteral(".max"), QStringLiteral("must be a finite number"));
            if (p.low > p.high)
                error(at, QStringLiteral("min (%1) must not be greater than max (%2)")
                              .arg(paramValueToString(p.low), paramValueToString(p.high)), minAndMax);
            if (p.log && p.low <= 0)
                error(at + QStringLiteral(".min"), QStringLiteral("must be > 0 for %1 (log scale)").arg(dist));
            if (p.step < 0 || (p.type == Parameter::Type::Int && p.rounding == Parameter::Rounding::Grid && p.step != 0 && p.step < 1))
                error(at + QStringLiteral(".q"), QStringLiteral("must be %1").arg(p.type == Parameter::Type::Int ? ">= 1" : "> 0"));
            if (p.type == Parameter::Type::Int && p.rounding == Parameter::Rounding::Grid
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

std::optional<QVariant> Parameter::heldValue(const QVariant &v, QString *why) const
{
    const Parameter &p = *this;
    switch (p.type) {
    case Parameter::Type::Constant:
        if (paramValueToString(v) == paramValueToString(p.value))
            return p.value;
        *why = QStringLiteral("but the study file fixes it at %1").arg(paramValueToString(p.value));
        return std::nullopt;
    case Parameter::Type::Categorical:
        if (const int i = p.choiceIndex(v); i >= 0)
            return p.choices.at(i);
        *why = QStringLiteral("which is not one of its values");
        return std::nullopt;
    case Parameter::Type::Int:
    case Parameter::Type::Float: {
        if (!isNumber(v)) {
            *why = QStringLiteral("which is not a number");
            return std::nullopt;
        }
        const double x = v.toDouble();
        const double slack = 1e-12 * std::max({1.0, std::abs(p.low), std::abs(p.high)});
        // low and high bound a Uniform prior only; W&B's q_* round beyond them.
        const bool bounded = p.prior == Prior::Uniform && p.rounding != Rounding::Multiple;
        if (bounded && !(x >= p.low - slack && x <= p.high + slack)) {
            *why = QStringLiteral("outside its range [%1, %2]").arg(paramValueToString(p.low), paramValueToString(p.high));
            return std::nullopt;
        }
        if (p.type == Parameter::Type::Float)
            return QVariant(x);
        if (x != std::floor(x)) {
            *why = QStringLiteral("which is not an integer");
            return std::nullopt;
        }
        return QVariant::fromValue(qlonglong(x));
    }
    }
    return std::nullopt;
}

} // namespace tunescope
