#include "space/studyspec.h"

#include "pruners/pruner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <limits>

namespace tunescope {

namespace {

QString fromStd(const std::string &s) { return QString::fromStdString(s); }

/// A plain YAML scalar as the YAML 1.2 core schema reads it: integer, float, bool or string.
/// Quoted scalars stay strings, so `values: ["1", 2]` holds a string and an integer.
QVariant scalarValue(const YAML::Node &node)
{
    const QString text = fromStd(node.Scalar());
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

bool isNumeric(const QVariant &v)
{
    return v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Double;
}

QVariant toVariant(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Scalar:
        return scalarValue(node);
    case YAML::NodeType::Sequence: {
        QVariantList list;
        for (const YAML::Node &item : node)
            list.append(toVariant(item));
        return list;
    }
    case YAML::NodeType::Map: {
        QVariantMap map;
        for (const auto &kv : node)
            map.insert(fromStd(kv.first.Scalar()), toVariant(kv.second));
        return map;
    }
    default:
        return {};
    }
}

/// Collects errors and warnings, each prefixed with the file name and a key path.
struct Reader
{
    QString source;
    QStringList errors;
    QStringList warnings;

    void error(const QString &path, const QString &what) { errors << QStringLiteral("%1: %2: %3").arg(source, path, what); }
    void warn(const QString &path, const QString &what) { warnings << QStringLiteral("%1: %2: %3").arg(source, path, what); }

    void checkKeys(const YAML::Node &map, const QString &path, const QSet<QString> &known,
                   const QSet<QString> &ignoredOffline = {})
    {
        QSet<QString> seen;
        for (const auto &kv : map) {
            const QString key = fromStd(kv.first.Scalar());
            const QString at = path.isEmpty() ? key : path + u'.' + key;
            if (seen.contains(key))
                error(at, QStringLiteral("key appears twice"));
            seen.insert(key);
            if (ignoredOffline.contains(key))
                warn(at, QStringLiteral("has no meaning offline (ignored)"));
            else if (!known.contains(key))
                warn(at, QStringLiteral("unknown key (ignored)"));
        }
    }

    std::optional<QString> string(const YAML::Node &node, const QString &path)
    {
        if (!node.IsScalar()) {
            error(path, QStringLiteral("must be a string"));
            return std::nullopt;
        }
        return fromStd(node.Scalar());
    }

    std::optional<double> number(const YAML::Node &node, const QString &path)
    {
        const QVariant v = node.IsScalar() ? scalarValue(node) : QVariant();
        if (!isNumeric(v)) {
            error(path, QStringLiteral("must be a number"));
            return std::nullopt;
        }
        return v.toDouble();
    }

    std::optional<qlonglong> integer(const YAML::Node &node, const QString &path, qlonglong minimum)
    {
        const QVariant v = node.IsScalar() ? scalarValue(node) : QVariant();
        if (v.typeId() != QMetaType::LongLong) {
            error(path, QStringLiteral("must be an integer"));
            return std::nullopt;
        }
        if (v.toLongLong() < minimum) {
            error(path, QStringLiteral("must be >= %1").arg(minimum));
            return std::nullopt;
        }
        return v.toLongLong();
    }

    std::optional<bool> boolean(const YAML::Node &node, const QString &path)
    {
        const QVariant v = node.IsScalar() ? scalarValue(node) : QVariant();
        if (v.typeId() != QMetaType::Bool) {
            error(path, QStringLiteral("must be true or false"));
            return std::nullopt;
        }
        return v.toBool();
    }

    std::optional<MetricSpec> metric(const YAML::Node &node, const QString &path)
    {
        MetricSpec m;
        if (node.IsScalar()) {
            m.name = fromStd(node.Scalar());
            return m;
        }
        if (!node.IsMap()) {
            error(path, QStringLiteral("must be a mapping with name and goal"));
            return std::nullopt;
        }
        checkKeys(node, path, {"name", "goal", "use", "target"});
        if (node["target"])
            warn(path + ".target", QStringLiteral("stopping at a target value is not supported (ignored)"));
        if (const auto name = node["name"] ? string(node["name"], path + ".name") : std::nullopt)
            m.name = *name;
        if (m.name.trimmed().isEmpty()) {
            error(path + ".name", QStringLiteral("missing: the name of the metric to optimize"));
            return std::nullopt;
        }
        if (node["goal"]) {
            const QString goal = string(node["goal"], path + ".goal").value_or(QString()).toLower();
            if (goal == QLatin1String("maximize"))
                m.goal = Goal::Maximize;
            else if (goal == QLatin1String("minimize"))
                m.goal = Goal::Minimize;
            else
                error(path + ".goal", QStringLiteral("must be minimize or maximize, not '%1'").arg(goal));
        }
        if (node["use"]) {
            const QString use = string(node["use"], path + ".use").value_or(QString());
            if (use == QLatin1String("best"))
                m.useBest = true;
            else if (use != QLatin1String("last"))
                error(path + ".use", QStringLiteral("must be last or best, not '%1'").arg(use));
        }
        return m;
    }

    std::optional<Parameter> parameter(const QString &name, const YAML::Node &node)
    {
        const QString at = QStringLiteral("parameters.%1").arg(name);
        Parameter p;
        p.name = name;
        if (!node.IsMap()) {
            error(at, QStringLiteral("must be a mapping such as {min: 0, max: 1} or {values: [a, b]}"));
            return std::nullopt;
        }
        if (node["parameters"]) {
            error(at + ".parameters", QStringLiteral("nested parameters are not supported"));
            return std::nullopt;
        }
        checkKeys(node, at, {"distribution", "value", "values", "min", "max", "q", "log", "step", "type", "probabilities"});
        if (node["probabilities"])
            warn(at + ".probabilities", QStringLiteral("weighted categorical choices are not supported: values are sampled uniformly"));

        QString dist;
        if (node["distribution"])
            dist = string(node["distribution"], at + ".distribution").value_or(QString());
        else if (node["type"])
            dist = string(node["type"], at + ".type").value_or(QString());
        p.distribution = dist;

        if (node["value"] && !node["values"] && !node["min"]) {
            if (!dist.isEmpty() && dist != QLatin1String("constant"))
                error(at + ".value", QStringLiteral("a single value makes a constant, not '%1'").arg(dist));
            p.type = Parameter::Type::Constant;
            p.value = toVariant(node["value"]);
            if (!p.value.isValid())
                error(at + ".value", QStringLiteral("must not be empty"));
            return p;
        }
        if (node["values"]) {
            if (!dist.isEmpty() && dist != QLatin1String("categorical") && dist != QLatin1String("int")
                && dist != QLatin1String("float"))
                error(at + ".distribution", QStringLiteral("'%1' does not take a list of values").arg(dist));
            const YAML::Node values = node["values"];
            if (!values.IsSequence()) {
                error(at + ".values", QStringLiteral("must be a list"));
                return std::nullopt;
            }
            p.type = Parameter::Type::Categorical;
            for (size_t i = 0; i < values.size(); ++i) {
                if (!values[i].IsScalar()) {
                    error(QStringLiteral("%1.values[%2]").arg(at).arg(i), QStringLiteral("must be a string, number or boolean"));
                    continue;
                }
                const QVariant v = scalarValue(values[i]);
                if (!v.isValid()) {
                    error(QStringLiteral("%1.values[%2]").arg(at).arg(i), QStringLiteral("must not be empty"));
                    continue;
                }
                p.choices.append(v);
            }
            if (values.size() == 0)
                error(at + ".values", QStringLiteral("must not be empty"));
            return p;
        }
        if (!node["min"] || !node["max"]) {
            error(at, QStringLiteral("needs min and max, a list of values, or a single value"));
            return std::nullopt;
        }
        const QVariant minV = node["min"].IsScalar() ? scalarValue(node["min"]) : QVariant();
        const QVariant maxV = node["max"].IsScalar() ? scalarValue(node["max"]) : QVariant();
        if (!isNumeric(minV))
            error(at + ".min", QStringLiteral("must be a number"));
        if (!isNumeric(maxV))
            error(at + ".max", QStringLiteral("must be a number"));
        if (!isNumeric(minV) || !isNumeric(maxV))
            return std::nullopt;
        p.low = minV.toDouble();
        p.high = maxV.toDouble();
        if (dist.isEmpty()) {
            // W&B: integer bounds make an int_uniform, anything else a uniform.
            dist = (minV.typeId() == QMetaType::LongLong && maxV.typeId() == QMetaType::LongLong)
                       ? QStringLiteral("int_uniform") : QStringLiteral("uniform");
        }
        if (dist == QLatin1String("uniform") || dist == QLatin1String("float")) {
            p.type = Parameter::Type::Float;
        } else if (dist == QLatin1String("int_uniform") || dist == QLatin1String("int")) {
            p.type = Parameter::Type::Int;
        } else if (dist == QLatin1String("log_uniform_values")) {
            p.type = Parameter::Type::Float;
            p.log = true;
        } else if (dist == QLatin1String("log_uniform")) {
            // W&B's log_uniform takes natural-log exponents as bounds.
            p.type = Parameter::Type::Float;
            p.log = true;
            p.low = std::exp(p.low);
            p.high = std::exp(p.high);
        } else if (dist == QLatin1String("q_uniform")) {
            p.type = Parameter::Type::Float;
            p.step = 1.0;
        } else if (dist == QLatin1String("q_log_uniform_values")) {
            p.type = Parameter::Type::Float;
            p.log = true;
            p.step = 1.0;
        } else if (dist == QLatin1String("int_log_uniform_values")) {
            p.type = Parameter::Type::Int;
            p.log = true;
        } else {
            error(at + ".distribution", QStringLiteral("'%1' is not supported (use uniform, log_uniform_values, "
                                                       "int_uniform, q_uniform, log_uniform, categorical or constant)")
                                            .arg(dist));
            return std::nullopt;
        }
        p.distribution = dist;
        if (node["log"])
            p.log = boolean(node["log"], at + ".log").value_or(p.log);
        const YAML::Node stepNode = node["q"] ? node["q"] : node["step"];
        if (stepNode) {
            const QString stepPath = at + (node["q"] ? ".q" : ".step");
            if (const auto q = number(stepNode, stepPath)) {
                if (*q <= 0)
                    error(stepPath, QStringLiteral("must be > 0"));
                p.step = *q;
            }
        }
        if (p.type == Parameter::Type::Int && p.step == 0)
            p.step = 1;
        return p;
    }
};

void emitValue(YAML::Emitter &out, const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
        out << (v.toBool() ? "true" : "false");
        return;
    case QMetaType::LongLong:
    case QMetaType::Int:
        out << v.toLongLong();
        return;
    case QMetaType::Double: {
        const double d = v.toDouble();
        QString text;
        if (std::isnan(d))
            text = QStringLiteral(".nan");
        else if (std::isinf(d))
            text = d > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
        else {
            text = QString::number(d, 'g', QLocale::FloatingPointShortest);
            // Keep the float a float when read back ("1" would become an integer).
            if (!text.contains(u'.') && !text.contains(u'e'))
                text += QStringLiteral(".0");
        }
        out << text.toStdString();
        return;
    }
    default: {
        const QString s = v.toString();
        // Written plain only when it reads back as this very string. Text that is no valid
        // plain YAML at all ("`cmd`", "@x", "%x", "a: b") makes the probe throw: quote it.
        bool plainIsString = false;
        try {
            YAML::Node probe = YAML::Load(s.toStdString());
            plainIsString = probe.IsScalar() && probe.Scalar() == s.toStdString()
                            && scalarValue(probe).typeId() == QMetaType::QString;
        } catch (const YAML::Exception &) {
            plainIsString = false;
        }
        if (!plainIsString)
            out << YAML::DoubleQuoted;
        out << s.toStdString();
    }
    }
}

void emitVariant(YAML::Emitter &out, const QVariant &v)
{
    if (v.typeId() == QMetaType::QVariantMap) {
        out << YAML::BeginMap;
        const QVariantMap map = v.toMap();
        for (auto it = map.begin(); it != map.end(); ++it) {
            out << YAML::Key << it.key().toStdString() << YAML::Value;
            emitVariant(out, it.value());
        }
        out << YAML::EndMap;
    } else if (v.typeId() == QMetaType::QVariantList) {
        out << YAML::Flow << YAML::BeginSeq;
        for (const QVariant &item : v.toList())
            emitVariant(out, item);
        out << YAML::EndSeq;
    } else {
        emitValue(out, v);
    }
}

} // namespace

QString goalName(Goal g)
{
    return g == Goal::Maximize ? QStringLiteral("maximize") : QStringLiteral("minimize");
}

QStringList StudySpec::effectiveCommand() const
{
    if (!command.isEmpty())
        return command;
    return {QStringLiteral("${env}"), QStringLiteral("${interpreter}"), QStringLiteral("${program}"),
            QStringLiteral("${args}")};
}

std::optional<int> parseDurationSeconds(const QString &text)
{
    const QString t = text.trimmed();
    static const QRegularExpression clock(QStringLiteral("^(\\d+):(\\d{1,2}):(\\d{1,2})$"));
    if (const auto m = clock.match(t); m.hasMatch())
        return m.captured(1).toInt() * 3600 + m.captured(2).toInt() * 60 + m.captured(3).toInt();
    static const QRegularExpression parts(QStringLiteral("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s?)?$"));
    const auto m = parts.match(t);
    if (t.isEmpty() || !m.hasMatch())
        return std::nullopt;
    qint64 seconds = m.captured(1).toLongLong() * 86400 + m.captured(2).toLongLong() * 3600
                     + m.captured(3).toLongLong() * 60 + m.captured(4).toLongLong();
    if (seconds > std::numeric_limits<int>::max())
        return std::nullopt;
    return int(seconds);
}

SpecLoadResult parseStudySpec(const QByteArray &text, const QString &sourceName)
{
    Reader r;
    r.source = sourceName;
    SpecLoadResult result;
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        result.errors << QStringLiteral("%1:%2:%3: malformed YAML: %4")
                             .arg(sourceName).arg(e.mark.line + 1).arg(e.mark.column + 1)
                             .arg(fromStd(e.msg));
        return result;
    }
    if (!root.IsMap()) {
        result.errors << QStringLiteral("%1: the study file must be a mapping of keys (name, method, metric, parameters, ...)")
                             .arg(sourceName);
        return result;
    }

    StudySpec spec;
    r.checkKeys(root, QString(),
                {"name", "description", "program", "command", "method", "metric", "parameters", "early_terminate",
                 "run_cap", "parallel", "trial_timeout", "seed", "repeats", "resources", "backend", "storage",
                 "metric_regex", "method_options"},
                {"project", "entity", "job_type"});
    try {
        if (root["name"])
            spec.name = r.string(root["name"], "name").value_or(QString());
        if (root["description"])
            spec.description = r.string(root["description"], "description").value_or(QString());
        if (root["program"])
            spec.program = r.string(root["program"], "program").value_or(QString());
        if (const YAML::Node cmd = root["command"]) {
            if (!cmd.IsSequence() || cmd.size() == 0)
                r.error("command", QStringLiteral("must be a non-empty list of arguments"));
            else
                for (size_t i = 0; i < cmd.size(); ++i) {
                    if (const auto arg = r.string(cmd[i], QStringLiteral("command[%1]").arg(i)))
                        spec.command << *arg;
                }
        }
        if (spec.program.isEmpty() && spec.command.isEmpty())
            r.error("program", QStringLiteral("missing: the training program to run (or a command)"));

        if (root["method"]) {
            spec.method = r.string(root["method"], "method").value_or(QString()).toLower();
            static const QSet<QString> methods{"grid", "random", "random-grid", "sobol", "tpe", "bayes"};
            if (spec.method == QLatin1String("random_grid"))
                spec.method = QStringLiteral("random-grid");
            if (!methods.contains(spec.method))
                r.error("method", QStringLiteral("unknown method '%1' (expected grid, random, random-grid, sobol, tpe or bayes)")
                                      .arg(spec.method));
        } else {
            r.error("method", QStringLiteral("missing: grid, random, random-grid, sobol, tpe or bayes"));
        }
        if (const YAML::Node m = root["method_options"]) {
            if (m.IsMap())
                spec.methodOptions = toVariant(m).toMap();
            else
                r.error("method_options", QStringLiteral("must be a mapping"));
        }

        if (const YAML::Node metric = root["metric"]) {
            if (metric.IsSequence()) {
                for (size_t i = 0; i < metric.size(); ++i) {
                    if (const auto m = r.metric(metric[i], QStringLiteral("metric[%1]").arg(i)))
                        spec.metrics << *m;
                }
                if (metric.size() == 0)
                    r.error("metric", QStringLiteral("must not be an empty list"));
            } else if (const auto m = r.metric(metric, "metric")) {
                spec.metrics << *m;
            }
            QSet<QString> names;
            for (const MetricSpec &m : std::as_const(spec.metrics)) {
                if (names.contains(m.name))
                    r.error("metric", QStringLiteral("'%1' is listed twice").arg(m.name));
                names.insert(m.name);
            }
        } else {
            r.error("metric", QStringLiteral("missing: {name: ..., goal: minimize|maximize}"));
        }

        if (const YAML::Node params = root["parameters"]) {
            if (!params.IsMap()) {
                r.error("parameters", QStringLiteral("must be a mapping of parameter names"));
            } else {
                QSet<QString> names;
                for (const auto &kv : params) {
                    const QString name = fromStd(kv.first.Scalar());
                    if (names.contains(name)) {
                        r.error(QStringLiteral("parameters.%1").arg(name), QStringLiteral("duplicate parameter name"));
                        continue;
                    }
                    names.insert(name);
                    if (const auto p = r.parameter(name, kv.second))
                        spec.space.append(*p);
                }
                if (r.errors.isEmpty()) {
                    for (const QString &e : spec.space.validate())
                        r.errors << QStringLiteral("%1: %2").arg(sourceName, e);
                }
            }
        } else {
            r.error("parameters", QStringLiteral("missing: the search space"));
        }

        if (const YAML::Node et = root["early_terminate"]) {
            if (et.IsMap()) {
                spec.earlyTerminate = toVariant(et).toMap();
                for (const QString &e : validateEarlyTerminate(spec.earlyTerminate))
                    r.errors << QStringLiteral("%1: %2").arg(sourceName, e);
            } else
                r.error("early_terminate", QStringLiteral("must be a mapping such as {type: hyperband, min_iter: 3}"));
        }
        if (root["run_cap"])
            spec.runCap = int(r.integer(root["run_cap"], "run_cap", 1).value_or(0));
        if (root["parallel"])
            spec.parallel = int(r.integer(root["parallel"], "parallel", 1).value_or(1));
        if (root["repeats"])
            spec.repeats = int(r.integer(root["repeats"], "repeats", 1).value_or(1));
        if (root["seed"])
            spec.seed = quint64(r.integer(root["seed"], "seed", 0).value_or(0));
        if (const YAML::Node timeout = root["trial_timeout"]) {
            const auto seconds = timeout.IsScalar() ? parseDurationSeconds(fromStd(timeout.Scalar())) : std::nullopt;
            if (!seconds || *seconds <= 0)
                r.error("trial_timeout", QStringLiteral("must be a duration such as 90s, 10m, 1h30m or 01:00:00"));
            else
                spec.trialTimeoutSeconds = *seconds;
        }
        if (const YAML::Node res = root["resources"]) {
            if (!res.IsMap()) {
                r.error("resources", QStringLiteral("must be a mapping such as {gpus: [0, 1], trials_per_gpu: 1}"));
            } else {
                r.checkKeys(res, "resources", {"gpus", "trials_per_gpu"});
                if (const YAML::Node gpus = res["gpus"]) {
                    if (gpus.IsSequence()) {
                        for (size_t i = 0; i < gpus.size(); ++i) {
                            if (const auto g = r.integer(gpus[i], QStringLiteral("resources.gpus[%1]").arg(i), 0))
                                spec.resources.gpus << int(*g);
                        }
                    } else if (const auto n = r.integer(gpus, "resources.gpus", 0)) {
                        for (int i = 0; i < *n; ++i)
                            spec.resources.gpus << i;
                    }
                }
                if (res["trials_per_gpu"])
                    spec.resources.trialsPerGpu = int(r.integer(res["trials_per_gpu"], "resources.trials_per_gpu", 1).value_or(1));
            }
        }
        if (const YAML::Node backend = root["backend"]) {
            if (backend.IsScalar()) {
                spec.backend.type = fromStd(backend.Scalar());
            } else if (backend.IsMap()) {
                QVariantMap options = toVariant(backend).toMap();
                spec.backend.type = options.take(QStringLiteral("type")).toString();
                spec.backend.options = options;
            }
            if (spec.backend.type != QLatin1String("local") && spec.backend.type != QLatin1String("slurm"))
                r.error("backend", QStringLiteral("must be local or {type: slurm, ...}, not '%1'").arg(spec.backend.type));
        }
        if (root["storage"])
            spec.storage = r.string(root["storage"], "storage").value_or(QString());
        if (root["metric_regex"]) {
            spec.metricRegex = r.string(root["metric_regex"], "metric_regex").value_or(QString());
            QRegularExpression re(spec.metricRegex);
            if (!re.isValid())
                r.error("metric_regex", QStringLiteral("invalid regular expression: %1").arg(re.errorString()));
            else if (!re.namedCaptureGroups().contains(QStringLiteral("value")))
                r.error("metric_regex", QStringLiteral("needs a named group (?<value>...)"));
        }
        // Combinations that each key alone cannot judge.
        if (spec.metrics.size() > 1 && spec.method == QLatin1String("bayes"))
            r.error("method", QStringLiteral("bayes optimizes a single metric; for several metrics use tpe, random, sobol or grid"));
        if (spec.metrics.size() > 1 && !spec.earlyTerminate.isEmpty())
            r.error("early_terminate", QStringLiteral("pruning compares one metric; it cannot be combined with several metrics"));
    } catch (const YAML::Exception &e) {
        r.errors << QStringLiteral("%1: %2").arg(sourceName, fromStd(e.msg));
    }

    if (spec.name.isEmpty()) {
        // Unnamed: name it after the file, or after its folder for the usual "study.yaml".
        const QFileInfo info(sourceName);
        spec.name = info.completeBaseName() == QLatin1String("study") && !info.absoluteDir().dirName().isEmpty()
                        ? info.absoluteDir().dirName()
                        : info.completeBaseName();
        if (spec.name.isEmpty())
            spec.name = QStringLiteral("study");
    }
    result.errors = r.errors;
    result.warnings = r.warnings;
    if (result.errors.isEmpty())
        result.spec = spec;
    return result;
}

SpecLoadResult loadStudySpec(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        SpecLoadResult result;
        result.errors << QStringLiteral("%1: cannot read the study file: %2").arg(path, file.errorString());
        return result;
    }
    SpecLoadResult result = parseStudySpec(file.readAll(), path);
    if (result.spec) {
        result.spec->workingDirectory = QFileInfo(path).absolutePath();
    }
    return result;
}

QByteArray studySpecToYaml(const StudySpec &spec)
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value;
    emitValue(out, spec.name);
    if (!spec.description.isEmpty()) {
        out << YAML::Key << "description" << YAML::Value;
        emitValue(out, spec.description);
    }
    if (!spec.program.isEmpty()) {
        out << YAML::Key << "program" << YAML::Value;
        emitValue(out, spec.program);
    }
    if (!spec.command.isEmpty()) {
        out << YAML::Key << "command" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const QString &arg : spec.command)
            out << YAML::DoubleQuoted << arg.toStdString();
        out << YAML::EndSeq;
    }
    out << YAML::Key << "method" << YAML::Value << spec.method.toStdString();
    if (!spec.methodOptions.isEmpty()) {
        out << YAML::Key << "method_options" << YAML::Value;
        emitVariant(out, spec.methodOptions);
    }
    out << YAML::Key << "metric" << YAML::Value;
    auto emitMetric = [&](const MetricSpec &m) {
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value;
        emitValue(out, m.name);
        out << YAML::Key << "goal" << YAML::Value << goalName(m.goal).toStdString();
        if (m.useBest)
            out << YAML::Key << "use" << YAML::Value << "best";
        out << YAML::EndMap;
    };
    if (spec.metrics.size() == 1) {
        emitMetric(spec.metrics.first());
    } else {
        out << YAML::BeginSeq;
        for (const MetricSpec &m : spec.metrics)
            emitMetric(m);
        out << YAML::EndSeq;
    }
    out << YAML::Key << "parameters" << YAML::Value << YAML::BeginMap;
    for (const Parameter &p : spec.space.parameters()) {
        out << YAML::Key << p.name.toStdString() << YAML::Value << YAML::Flow << YAML::BeginMap;
        switch (p.type) {
        case Parameter::Type::Constant:
            out << YAML::Key << "value" << YAML::Value;
            emitValue(out, p.value);
            break;
        case Parameter::Type::Categorical:
            out << YAML::Key << "values" << YAML::Value << YAML::Flow << YAML::BeginSeq;
            for (const QVariant &c : p.choices)
                emitValue(out, c);
            out << YAML::EndSeq;
            break;
        case Parameter::Type::Float:
        case Parameter::Type::Int: {
            const bool isInt = p.type == Parameter::Type::Int;
            const char *dist = isInt ? "int_uniform" : (p.log ? "log_uniform_values" : "uniform");
            out << YAML::Key << "distribution" << YAML::Value << dist;
            out << YAML::Key << "min" << YAML::Value;
            emitValue(out, isInt ? QVariant::fromValue(qlonglong(p.low)) : QVariant(p.low));
            out << YAML::Key << "max" << YAML::Value;
            emitValue(out, isInt ? QVariant::fromValue(qlonglong(p.high)) : QVariant(p.high));
            if (isInt && p.log)
                out << YAML::Key << "log" << YAML::Value << "true";
            if (p.step > 0 && !(isInt && p.step == 1)) {
                out << YAML::Key << "q" << YAML::Value;
                emitValue(out, p.step);
            }
            break;
        }
        }
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    if (!spec.earlyTerminate.isEmpty()) {
        out << YAML::Key << "early_terminate" << YAML::Value;
        emitVariant(out, spec.earlyTerminate);
    }
    if (spec.runCap > 0)
        out << YAML::Key << "run_cap" << YAML::Value << spec.runCap;
    out << YAML::Key << "parallel" << YAML::Value << spec.parallel;
    if (spec.trialTimeoutSeconds > 0)
        out << YAML::Key << "trial_timeout" << YAML::Value << QStringLiteral("%1s").arg(spec.trialTimeoutSeconds).toStdString();
    out << YAML::Key << "seed" << YAML::Value << spec.seed;
    if (spec.repeats != 1)
        out << YAML::Key << "repeats" << YAML::Value << spec.repeats;
    if (!spec.resources.gpus.isEmpty()) {
        out << YAML::Key << "resources" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "gpus" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (int g : spec.resources.gpus)
            out << g;
        out << YAML::EndSeq << YAML::Key << "trials_per_gpu" << YAML::Value << spec.resources.trialsPerGpu << YAML::EndMap;
    }
    if (spec.backend.type != QLatin1String("local") || !spec.backend.options.isEmpty()) {
        QVariantMap backend = spec.backend.options;
        backend.insert(QStringLiteral("type"), spec.backend.type);
        out << YAML::Key << "backend" << YAML::Value;
        emitVariant(out, backend);
    }
    if (!spec.storage.isEmpty()) {
        out << YAML::Key << "storage" << YAML::Value;
        emitValue(out, spec.storage);
    }
    if (!spec.metricRegex.isEmpty()) {
        out << YAML::Key << "metric_regex" << YAML::Value << YAML::SingleQuoted << spec.metricRegex.toStdString();
    }
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

} // namespace tunescope
