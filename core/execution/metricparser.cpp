#include "execution/metricparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QVarLengthArray>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

namespace tunescope {

namespace {

// The built-in path scans raw bytes: it runs on every output line of every trial, and keys are
// ASCII identifiers, so bytes outside ASCII (invalid UTF-8 included) can never become part of a
// metric name.

inline bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

inline bool isKeyStart(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

inline bool isKeyChar(char c)
{
    return isKeyStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '/' || c == '-';
}

// What may stand right before a key in `key=value` text: "a=1 b=2", "Namespace(lr=0.1, x=2)".
// Not '?', '&', ':' or '/', so URLs and paths do not turn into metrics.
inline bool isKeyBoundary(char c)
{
    return isSpace(c) || c == ',' || c == ';' || c == '(' || c == '[' || c == '{' || c == '|';
}

// What may end a value: "loss=0.5, acc=0.9)" but not "time=12:30" or "rate=5%".
inline bool isValueEnd(char c)
{
    return isSpace(c) || c == ',' || c == ';' || c == ')' || c == ']' || c == '}' || c == '|';
}

inline bool equalsNoCase(const char *s, qsizetype n, const char *word)
{
    const qsizetype len = qsizetype(std::strlen(word));
    if (n != len)
        return false;
    for (qsizetype i = 0; i < n; ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

/// Parses a whole token as a float: [+-] digits [. digits] [e [+-] digits], ".5", "5.",
/// nan, inf, infinity (any case). Anything else in the token makes it not a number.
std::optional<double> parseNumber(const char *s, qsizetype n)
{
    if (n <= 0)
        return std::nullopt;
    bool negative = false;
    if (s[0] == '+' || s[0] == '-') {
        negative = s[0] == '-';
        ++s;
        --n;
        if (n == 0)
            return std::nullopt;
    }
    if (isKeyStart(s[0])) {
        if (equalsNoCase(s, n, "nan"))
            return std::numeric_limits<double>::quiet_NaN();
        if (equalsNoCase(s, n, "inf") || equalsNoCase(s, n, "infinity"))
            return negative ? -std::numeric_limits<double>::infinity()
                            : std::numeric_limits<double>::infinity();
        return std::nullopt;
    }
    // Validate the grammar first: from_chars would accept a prefix ("1.5abc") or hex forms.
    qsizetype i = 0;
    qsizetype digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        ++i;
        ++digits;
    }
    if (i < n && s[i] == '.') {
        ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            ++i;
            ++digits;
        }
    }
    if (digits == 0)
        return std::nullopt;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            ++i;
        qsizetype expDigits = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            ++i;
            ++expDigits;
        }
        if (expDigits == 0)
            return std::nullopt;
    }
    if (i != n)
        return std::nullopt;
    double value = 0.0;
    const auto [end, ec] = std::from_chars(s, s + n, value); // locale-independent
    if (end != s + n)
        return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        // from_chars leaves the value untouched on overflow/underflow; strtod's answer (inf or
        // a denormal/zero) is what a reader expects. The token is plain ASCII digits here.
        const std::string copy(s, size_t(n));
        value = std::strtod(copy.c_str(), nullptr);
    } else if (ec != std::errc()) {
        return std::nullopt;
    }
    return negative ? -value : value;
}

/// A step must be a finite integer ("epoch": 3.0 is fine, "epoch": 0.27 is not a step).
std::optional<qint64> toStep(double v)
{
    if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > 9.0e15)
        return std::nullopt;
    return qint64(v);
}

/// Lower number = preferred as the step of the line, in the order the protocol lists them.
int stepKeyRank(const char *s, qsizetype n)
{
    static constexpr const char *keys[] = {"step", "epoch", "iteration", "global_step"};
    for (int r = 0; r < 4; ++r) {
        const qsizetype len = qsizetype(std::strlen(keys[r]));
        if (n == len && std::memcmp(s, keys[r], size_t(n)) == 0)
            return r;
    }
    return -1;
}

struct RawReport
{
    const char *key = nullptr;
    qsizetype keyLen = 0;
    double value = 0.0;
};

/// Collects the reports of one line before steps are assigned (the step key may come last).
struct LineReports
{
    QVarLengthArray<RawReport, 8> items;
    std::optional<qint64> step;
    int stepRank = 99;

    void add(const char *key, qsizetype keyLen, double value)
    {
        items.append({key, keyLen, value});
        const int rank = stepKeyRank(key, keyLen);
        if (rank >= 0 && rank < stepRank) {
            if (const auto s = toStep(value)) {
                step = s;
                stepRank = rank;
            }
        }
    }
};

/// `key=value` pairs anywhere in the line.
void scanKeyValues(const char *line, qsizetype n, LineReports &out)
{
    const char *p = line;
    const char *end = line + n;
    while (p < end) {
        const char *eq = static_cast<const char *>(std::memchr(p, '=', size_t(end - p)));
        if (!eq)
            break;
        p = eq + 1;
        const char *keyStart = eq;
        while (keyStart > line && isKeyChar(keyStart[-1]))
            --keyStart;
        if (keyStart == eq || !isKeyStart(*keyStart))
            continue;
        if (keyStart > line && !isKeyBoundary(keyStart[-1]))
            continue;
        const char *valueEnd = p;
        while (valueEnd < end && !isValueEnd(*valueEnd))
            ++valueEnd;
        if (const auto v = parseNumber(p, valueEnd - p)) {
            out.add(keyStart, eq - keyStart, *v);
            p = valueEnd;
        }
    }
}

/// A line made only of `key: value` pairs (separated by spaces, ',', ';', '|' or " - "),
/// optionally followed by "(step N)". All or nothing: "time: 12:30:01" or "loss: 0.5 at best"
/// are log text.
bool scanColonLine(const char *line, qsizetype n, LineReports &out)
{
    const char *p = line;
    const char *end = line + n;
    LineReports found;
    std::optional<qint64> explicitStep;
    auto skipSpace = [&] {
        while (p < end && isSpace(*p))
            ++p;
    };
    skipSpace();
    while (p < end) {
        if (*p == '(') {
            // "(step N)", also "(step: N)" / "(step=N)", must end the line.
            ++p;
            skipSpace();
            if (end - p < 4 || std::memcmp(p, "step", 4) != 0)
                return false;
            p += 4;
            skipSpace();
            if (p < end && (*p == ':' || *p == '='))
                ++p;
            skipSpace();
            const char *numStart = p;
            while (p < end && !isSpace(*p) && *p != ')')
                ++p;
            const auto v = parseNumber(numStart, p - numStart);
            if (!v)
                return false;
            explicitStep = toStep(*v);
            if (!explicitStep)
                return false;
            skipSpace();
            if (p == end || *p != ')')
                return false;
            ++p;
            skipSpace();
            if (p != end)
                return false;
            break;
        }
        if (!isKeyStart(*p))
            return false;
        const char *keyStart = p;
        while (p < end && isKeyChar(*p))
            ++p;
        if (p == end || *p != ':')
            return false;
        const char *keyEnd = p;
        ++p;
        skipSpace();
        const char *valueStart = p;
        while (p < end && !isValueEnd(*p))
            ++p;
        const auto v = parseNumber(valueStart, p - valueStart);
        if (!v)
            return false;
        found.add(keyStart, keyEnd - keyStart, *v);
        // Separator: whitespace with at most one of , ; | - in it.
        skipSpace();
        if (p < end && (*p == ',' || *p == ';' || *p == '|' || *p == '-')) {
            const bool dash = *p == '-';
            ++p;
            if (dash && p < end && !isSpace(*p))
                return false; // "-5" glued to a key is no separator
            skipSpace();
        }
    }
    if (found.items.isEmpty())
        return false;
    if (explicitStep) {
        found.step = explicitStep;
        found.stepRank = -1;
    }
    out = std::move(found);
    return true;
}

/// Python prints json.dumps(nan) as NaN and a dict as {'loss': 0.5, 'epoch': 1.0} (Hugging
/// Face's Trainer does); rewrite both into JSON that QJsonDocument accepts. Non-finite numbers
/// become marker strings, mapped back after parsing.
QByteArray pythonToJson(const char *s, qsizetype n)
{
    QByteArray out;
    out.reserve(n + 16);
    qsizetype i = 0;
    while (i < n) {
        const char c = s[i];
        if (c == '"' || c == '\'') {
            const char quote = c;
            out += '"';
            ++i;
            while (i < n && s[i] != quote) {
                if (s[i] == '\\' && i + 1 < n) {
                    if (quote == '\'' && s[i + 1] == '\'')
                        out += '\'';
                    else {
                        out += s[i];
                        out += s[i + 1];
                    }
                    i += 2;
                    continue;
                }
                if (quote == '\'' && s[i] == '"')
                    out += '\\';
                out += s[i];
                ++i;
            }
            out += '"';
            ++i;
            continue;
        }
        if (isKeyStart(c) || ((c == '-' || c == '+') && i + 1 < n && isKeyStart(s[i + 1]))) {
            qsizetype j = i + 1;
            while (j < n && (isKeyStart(s[j]) || (s[j] >= '0' && s[j] <= '9')))
                ++j;
            const char *w = s + i;
            const qsizetype len = j - i;
            if (equalsNoCase(w, len, "nan") || equalsNoCase(w, len, "+nan") || equalsNoCase(w, len, "-nan"))
                out += "\"\\u0000nan\"";
            else if (equalsNoCase(w, len, "inf") || equalsNoCase(w, len, "infinity")
                     || equalsNoCase(w, len, "+inf") || equalsNoCase(w, len, "+infinity"))
                out += "\"\\u0000inf\"";
            else if (equalsNoCase(w, len, "-inf") || equalsNoCase(w, len, "-infinity"))
                out += "\"\\u0000-inf\"";
            else if (len == 4 && std::memcmp(w, "True", 4) == 0)
                out += "true";
            else if (len == 5 && std::memcmp(w, "False", 5) == 0)
                out += "false";
            else if (len == 4 && std::memcmp(w, "None", 4) == 0)
                out += "null";
            else
                out.append(w, len);
            i = j;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

bool isValidKey(const QString &key)
{
    if (key.isEmpty() || key.size() > 256)
        return false;
    const QChar first = key.at(0);
    if (!(first.isLetter() || first == u'_') || first.unicode() > 127)
        return false;
    for (QChar ch : key) {
        const char16_t u = ch.unicode();
        if (u > 127 || !isKeyChar(char(u)))
            return false;
    }
    return true;
}

/// One JSON object per line; only numeric members (and Python's non-finite markers) count.
bool scanJson(const char *line, qsizetype n, QList<QPair<QString, double>> &out)
{
    auto parse = [](const QByteArray &text) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return QJsonObject();
        return doc.object();
    };
    QJsonObject object = parse(QByteArray::fromRawData(line, n));
    if (object.isEmpty()) {
        object = parse(pythonToJson(line, n));
        if (object.isEmpty())
            return false;
    }
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString key = it.key();
        if (!isValidKey(key))
            continue;
        const QJsonValue v = it.value();
        if (v.isDouble()) {
            out.append({key, v.toDouble()});
        } else if (v.isString()) {
            const QString s = v.toString();
            if (s.size() < 4 || s.at(0) != QChar(0))
                continue;
            const QStringView marker = QStringView(s).mid(1);
            if (marker == u"nan")
                out.append({key, std::numeric_limits<double>::quiet_NaN()});
            else if (marker == u"inf")
                out.append({key, std::numeric_limits<double>::infinity()});
            else if (marker == u"-inf")
                out.append({key, -std::numeric_limits<double>::infinity()});
        }
    }
    return true;
}

} // namespace

bool MetricParser::setCustomRegex(const QString &pattern, QString *error)
{
    QRegularExpression re(pattern);
    if (!re.isValid()) {
        if (error)
            *error = QStringLiteral("invalid metric regex at offset %1: %2")
                         .arg(re.patternErrorOffset())
                         .arg(re.errorString());
        return false;
    }
    if (!re.namedCaptureGroups().contains(QStringLiteral("value"))) {
        if (error)
            *error = QStringLiteral("metric regex needs a named group (?<value>...)");
        return false;
    }
    re.optimize();
    mCustomHasName = re.namedCaptureGroups().contains(QStringLiteral("name"));
    mCustom = std::move(re);
    return true;
}

QList<MetricReport> MetricParser::feed(const QByteArray &chunk)
{
    QList<MetricReport> reports;
    const char *data = chunk.constData();
    const qsizetype n = chunk.size();
    qsizetype pos = 0;
    while (pos < n) {
        // Find the next line end: '\n', or '\r' so that progress bars redrawn with '\r' are
        // lines too (CRLF then gives an empty line, which is harmless).
        qsizetype eol = pos;
        while (eol < n && data[eol] != '\n' && data[eol] != '\r')
            ++eol;
        const bool complete = eol < n;
        const qsizetype len = eol - pos;
        if (mDiscardingLongLine) {
            if (complete)
                mDiscardingLongLine = false;
        } else if (mPending.isEmpty() && complete && len <= maxLineBytes) {
            // Common case: the whole line is in this chunk, parse it without copying.
            reports += parseLine(QByteArray::fromRawData(data + pos, len));
        } else {
            const qsizetype room = maxLineBytes - mPending.size();
            if (len <= room) {
                mPending.append(data + pos, len);
                if (complete) {
                    reports += parseLine(mPending);
                    mPending.clear();
                }
            } else {
                // Too long: parse what fits, minus a token that may have been cut in half
                // ("loss=0.12|345" must not report 0.12), and drop the rest of the line.
                mPending.append(data + pos, room);
                qsizetype cut = mPending.size();
                while (cut > 0 && !isSpace(mPending.at(cut - 1)))
                    --cut;
                mPending.truncate(cut);
                reports += parseLine(mPending);
                mPending.clear();
                mDiscardingLongLine = !complete;
            }
        }
        pos = complete ? eol + 1 : n;
    }
    return reports;
}

QList<MetricReport> MetricParser::finish()
{
    QList<MetricReport> reports;
    if (!mDiscardingLongLine && !mPending.isEmpty())
        reports = parseLine(mPending);
    mPending.clear();
    mDiscardingLongLine = false;
    return reports;
}

QStringList MetricParser::takeArtifacts()
{
    return std::exchange(mArtifacts, {});
}

QList<MetricReport> MetricParser::parseLine(const QByteArray &line)
{
    QList<MetricReport> reports;
    // An artifact declaration is a whole line of its own, so a path may hold '=' or spaces.
    static constexpr char artifactKey[] = "artifact=";
    if (const QByteArray trimmed = line.trimmed(); trimmed.startsWith(artifactKey)) {
        const QString path = QString::fromUtf8(trimmed.mid(qsizetype(sizeof artifactKey) - 1)).trimmed();
        if (!path.isEmpty() && !path.contains(QChar(0xFFFD)) && !path.contains(QChar(0)))
            mArtifacts.append(path);
        return reports;
    }
    auto emitReport = [&](const QString &name, double value, std::optional<qint64> step) {
        qint64 &counter = mCounters[name];
        reports.append({name, value, step ? *step : counter});
        ++counter;
    };

    if (mCustom) {
        const QString text = QString::fromUtf8(line);
        auto it = mCustom->globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            const QString valueText = m.captured(u"value").trimmed();
            const QByteArray valueBytes = valueText.toLatin1();
            const auto value = parseNumber(valueBytes.constData(), valueBytes.size());
            if (!value)
                continue;
            const QString name =
                mCustomHasName ? m.captured(u"name").trimmed() : QStringLiteral("value");
            // A user pattern may capture anything; keep names printable and free of the
            // replacement characters that invalid UTF-8 decodes to.
            if (name.isEmpty() || name.size() > 256)
                continue;
            bool printable = true;
            for (QChar ch : name) {
                if (ch.unicode() == 0xFFFD || !ch.isPrint()) {
                    printable = false;
                    break;
                }
            }
            if (!printable)
                continue;
            std::optional<qint64> step;
            const QString stepText = m.captured(u"step").trimmed();
            if (!stepText.isEmpty()) {
                const QByteArray stepBytes = stepText.toLatin1();
                if (const auto s = parseNumber(stepBytes.constData(), stepBytes.size()))
                    step = toStep(*s);
            }
            emitReport(name, *value, step);
        }
        return reports;
    }

    const char *s = line.constData();
    qsizetype n = line.size();
    // Cheap reject: no '=', ':' or '{' means no report; most log lines end here.
    if (!std::memchr(s, '=', size_t(n)) && !std::memchr(s, ':', size_t(n)))
        return reports;

    qsizetype b = 0;
    while (b < n && isSpace(s[b]))
        ++b;
    qsizetype e = n;
    while (e > b && isSpace(s[e - 1]))
        --e;
    if (e - b >= 2 && s[b] == '{' && s[e - 1] == '}') {
        QList<QPair<QString, double>> members;
        if (scanJson(s + b, e - b, members)) {
            std::optional<qint64> step;
            int stepRank = 99;
            for (const auto &[key, value] : members) {
                const QByteArray k = key.toLatin1();
                const int rank = stepKeyRank(k.constData(), k.size());
                if (rank >= 0 && rank < stepRank) {
                    if (const auto st = toStep(value)) {
                        step = st;
                        stepRank = rank;
                    }
                }
            }
            for (const auto &[key, value] : members)
                emitReport(key, value, step);
            return reports;
        }
    }

    LineReports found;
    if (!scanColonLine(s, n, found))
        scanKeyValues(s, n, found);
    for (const RawReport &r : found.items)
        emitReport(QString::fromLatin1(r.key, r.keyLen), r.value, found.step);
    return reports;
}

} // namespace tunescope
