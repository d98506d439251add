#include "space/studyspec.h"

#include "pruners/pruner.h"
#include "space/yamlvalue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <limits>

namespace tunescope {

const QStringList &studyMethods()
{
    static const QStringList methods{QStringLiteral("random"), QStringLiteral("grid"), QStringLiteral("random-grid"),
                                     QStringLiteral("sobol"), QStringLiteral("tpe"), QStringLiteral("bayes")};
    return methods;
}

QString studyMethodsText()
{
    const QStringList &m = studyMethods();
    return QStringList(m.begin(), m.end() - 1).join(QLatin1String(", ")) + QLatin1String(" or ") + m.last();
}

namespace {

QString fromStd(const std::string &s) { return QString::fromStdString(s); }

bool isNumeric(const QVariant &v)
{
    return v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Double;
}

/// Collects errors and warnings, each at its key path.
struct Reader
{
    QList<SpecIssue> issues;

    void error(const QString &path, const QString &what) { issues << SpecIssue{path, what, SpecIssue::Severity::Error}; }
    void warn(const QString &path, const QString &what) { issues << SpecIssue{path, what, SpecIssue::Severity::Warning}; }
    bool hasErrors() const
    {
        return std::any_of(issues.begin(), issues.end(), [](const SpecIssue &i) { return i.isError(); });
    }

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
        const QVariant v = node.IsScalar() ? yamlScalarValue(node) : QVariant();
        if (!isNumeric(v)) {
            error(path, QStringLiteral("must be a number"));
            return std::nullopt;
        }
        return v.toDouble();
    }

    std::optional<qlonglong> integer(const YAML::Node &node, const QString &path, qlonglong minimum)
    {
        const QVariant v = node.IsScalar() ? yamlScalarValue(node) : QVariant();
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
        const QVariant v = node.IsScalar() ? yamlScalarValue(node) : QVariant();
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
            p.value = yamlToVariant(node["value"]);
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
                const QVariant v = yamlScalarValue(values[i]);
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
        const QVariant minV = node["min"].IsScalar() ? yamlScalarValue(node["min"]) : QVariant();
        const QVariant maxV = node["max"].IsScalar() ? yamlScalarValue(node["max"]) : QVariant();
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

SpecLoadResult loadResult(std::optional<StudySpec> spec, const QList<SpecIssue> &issues, const QString &source)
{
    SpecLoadResult result;
    result.spec = std::move(spec);
    result.issues = issues;
    result.errors = formatSpecIssues(issues, SpecIssue::Severity::Error, source);
    result.warnings = formatSpecIssues(issues, SpecIssue::Severity::Warning, source);
    return result;
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
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        SpecIssue malformed{QString(), QStringLiteral("malformed YAML: %1").arg(fromStd(e.msg))};
        malformed.line = e.mark.line + 1;
        malformed.column = e.mark.column + 1;
        return loadResult(std::nullopt, {malformed}, sourceName);
    }
    if (!root.IsMap()) {
        return loadResult(std::nullopt,
                          {SpecIssue{QString(), QStringLiteral("the study file must be a mapping of keys (name, method, "
                                                               "metric, parameters, ...)")}},
                          sourceName);
    }

    StudySpec spec;
    r.checkKeys(root, QString(),
                {"name", "description", "program", "command", "method", "metric", "parameters", "early_terminate",
                 "run_cap", "parallel", "trial_timeout", "heartbeat_interval", "heartbeat_grace", "seed", "repeats", "resources", "backend", "storage",
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
            if (spec.method == QLatin1String("random_grid"))
                spec.method = QStringLiteral("random-grid");
            if (!studyMethods().contains(spec.method))
                r.error("method", QStringLiteral("unknown method '%1' (expected %2)").arg(spec.method, studyMethodsText()));
        } else {
            r.error("method", QStringLiteral("missing: %1").arg(studyMethodsText()));
        }
        if (const YAML::Node m = root["method_options"]) {
            if (m.IsMap())
                spec.methodOptions = yamlToVariant(m).toMap();
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
                if (!r.hasErrors())
                    r.issues << spec.space.validate();
            }
        } else {
            r.error("parameters", QStringLiteral("missing: the search space"));
        }

        if (const YAML::Node et = root["early_terminate"]) {
            if (et.IsMap()) {
                spec.earlyTerminate = yamlToVariant(et).toMap();
                r.issues << validateEarlyTerminate(spec.earlyTerminate);
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
        for (const auto &[key, field] : {std::pair{"heartbeat_interval", &spec.heartbeatIntervalSeconds},
                                         std::pair{"heartbeat_grace", &spec.heartbeatGraceSeconds}}) {
            if (const YAML::Node node = root[key]) {
                const auto seconds = node.IsScalar() ? parseDurationSeconds(fromStd(node.Scalar())) : std::nullopt;
                if (!seconds || *seconds <= 0)
                    r.error(key, QStringLiteral("must be a duration such as 5s, 30s or 1m"));
                else
                    *field = *seconds;
            }
        }
        // A grace within one interval would declare live workers dead between two beats.
        if (spec.heartbeatGraceSeconds < 2 * spec.heartbeatIntervalSeconds)
            r.error(root["heartbeat_grace"] ? "heartbeat_grace" : "heartbeat_interval",
                    QStringLiteral("heartbeat_grace (%1 s) must be at least twice heartbeat_interval (%2 s)")
                        .arg(spec.heartbeatGraceSeconds)
                        .arg(spec.heartbeatIntervalSeconds));
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
        if (const YAML::Node backend = root["backend"])
            r.issues << parseBackendSpec(backend, &spec.backend);
        // GPU slots are this machine's; a Slurm job gets its GPUs from the scheduler.
        if (spec.backend.isSlurm() && !spec.resources.gpus.isEmpty())
            r.error("resources.gpus", QStringLiteral("GPU slots are for the local backend; with backend slurm ask each job for GPUs with backend.gres (gpu:1)"));
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
        r.issues << SpecIssue{QString(), fromStd(e.msg)};
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
    return loadResult(r.hasErrors() ? std::nullopt : std::optional<StudySpec>(spec), r.issues, sourceName);
}

SpecLoadResult loadStudySpec(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return loadResult(std::nullopt, {SpecIssue(QString(), QStringLiteral("cannot read the study file: %1").arg(file.errorString()))},
                          path);
    SpecLoadResult result = parseStudySpec(file.readAll(), path);
    if (result.spec) {
        result.spec->workingDirectory = QFileInfo(path).absolutePath();
    }
    return result;
}

} // namespace tunescope
