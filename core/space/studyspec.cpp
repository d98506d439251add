#include "space/studyspec.h"

#include "pruners/pruner.h"
#include "space/nniexperiment.h"
#include "space/parameterreader.h"
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
                error(at, QStringLiteral("unknown key"));
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
        checkKeys(node, path, {"name", "goal", "use", "target", "impute", "impute_while_running"});
        if (node["target"]) {
            if (const auto target = number(node["target"], path + ".target")) {
                if (std::isfinite(*target))
                    m.target = *target;
                else
                    error(path + ".target", QStringLiteral("must be a finite number"));
            }
        }
        if (node["impute"]) {
            m.impute = string(node["impute"], path + ".impute").value_or(QString());
            if (m.impute != QLatin1String("latest") && m.impute != QLatin1String("best") && m.impute != QLatin1String("worst"))
                error(path + ".impute", QStringLiteral("must be latest, best or worst, not '%1'").arg(m.impute));
        }
        if (node["impute_while_running"]) {
            // W&B's schema spells "no" as the string "false"; YAML's false means the same.
            const QVariant v = node["impute_while_running"].IsScalar() ? yamlScalarValue(node["impute_while_running"]) : QVariant();
            const QString mode = v.typeId() == QMetaType::Bool ? (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                                                              : v.toString();
            if (mode == QLatin1String("latest") || mode == QLatin1String("best") || mode == QLatin1String("worst"))
                m.imputeWhileRunning = mode;
            else if (mode != QLatin1String("false"))
                error(path + ".impute_while_running", QStringLiteral("must be latest, best, worst or false, not '%1'").arg(mode));
        }
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

QString StudySpec::runDirectory() const
{
    const QString base = workingDirectory.isEmpty() ? QDir::currentPath() : workingDirectory;
    return trialWorkingDirectory.isEmpty() ? base : QDir::cleanPath(QDir(base).absoluteFilePath(trialWorkingDirectory));
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

    if (isNniExperiment(root)) {
        NniExperiment nni = readNniExperiment(root, sourceName);
        return loadResult(std::move(nni.spec), nni.issues, sourceName);
    }

    StudySpec spec;
    r.checkKeys(root, QString(),
                {"name", "description", "program", "command", "method", "metric", "parameters", "early_terminate",
                 "run_cap", "parallel", "trial_timeout", "heartbeat_interval", "heartbeat_grace", "seed", "repeats", "resources", "backend", "storage",
                 "metric_regex", "method_options", "max_duration", "max_duration_hard", "working_directory", "trial_api", "warm_start",
                 "cost_aware", "apiVersion", "kind", "metrics", "scheduler"},
                {"project", "entity", "job_type", "controller", "job", "image_uri"});
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
            if (spec.method == QLatin1String("custom"))
                r.error("method", QStringLiteral("custom needs a scheduler run by W&B's service; here use %1").arg(studyMethodsText()));
            else if (!studyMethods().contains(spec.method))
                r.error("method", QStringLiteral("unknown method '%1' (expected %2)").arg(spec.method, studyMethodsText()));
        } else {
            r.error("method", QStringLiteral("missing: %1").arg(studyMethodsText()));
        }
        if (root["metrics"])
            r.error("metrics", QStringLiteral("W&B's multi-objective metrics need method: custom and its service; "
                                              "Tunescope takes several objectives as a list under metric"));
        if (root["scheduler"])
            r.error("scheduler", QStringLiteral("custom schedulers run in W&B's service; here use method: %1").arg(studyMethodsText()));
        if (root["kind"] && r.string(root["kind"], "kind").value_or(QString()) != QLatin1String("sweep"))
            r.error("kind", QStringLiteral("must be sweep"));
        if (root["apiVersion"])
            r.string(root["apiVersion"], "apiVersion");
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
            ParameterReader reader;
            for (const Parameter &p : reader.read(params))
                spec.space.append(p);
            r.issues << reader.issues();
            if (!r.hasErrors())
                r.issues << spec.space.validate();
        } else {
            r.error("parameters", QStringLiteral("missing: the search space"));
        }
        // `{lr}` (Python format style, as in many launch scripts) reaches the program as written:
        // only `${lr}` is substituted. Warn where the braces name a parameter, not for any
        // braces (a JSON argument is legitimate).
        for (qsizetype i = 0; i < spec.command.size(); ++i) {
            static const QRegularExpression bare(QStringLiteral("(?<!\\$)\\{([A-Za-z_][A-Za-z0-9_.-]*)\\}"));
            for (auto it = bare.globalMatch(spec.command.at(i)); it.hasNext();) {
                const QString name = it.next().captured(1);
                if (spec.space.find(name))
                    r.warn(QStringLiteral("command[%1]").arg(i),
                           QStringLiteral("{%1} is passed as written; write ${%1} to pass the value of parameter %1").arg(name));
            }
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
        if (const YAML::Node d = root["max_duration"]) {
            const auto seconds = d.IsScalar() ? parseDurationSeconds(fromStd(d.Scalar())) : std::nullopt;
            if (!seconds || *seconds <= 0)
                r.error("max_duration", QStringLiteral("must be a duration such as 30m, 2h or 1d"));
            else
                spec.maxDurationSeconds = *seconds;
        }
        if (const YAML::Node hard = root["max_duration_hard"]) {
            spec.maxDurationHard = r.boolean(hard, "max_duration_hard").value_or(false);
            if (spec.maxDurationHard && !root["max_duration"])
                r.error("max_duration_hard", QStringLiteral("needs max_duration: the limit at which running trials are stopped"));
        }
        if (spec.methodOptions.contains(QStringLiteral("cost_aware")))
            r.error("method_options.cost_aware", QStringLiteral("is a key of its own: write cost_aware: true at the top of the study file"));
        if (const YAML::Node costAware = root["cost_aware"]) {
            spec.costAware = r.boolean(costAware, "cost_aware").value_or(false);
            if (spec.costAware && spec.method != QLatin1String("bayes") && spec.method != QLatin1String("tpe"))
                r.error("cost_aware", QStringLiteral("only methods bayes and tpe model what a trial costs (a second Gaussian process on "
                                                     "run time); method %1 does not").arg(spec.method));
            else if (spec.costAware && spec.method == QLatin1String("tpe")
                     && spec.methodOptions.value(QStringLiteral("multivariate"), true) == QVariant(false))
                r.error("cost_aware", QStringLiteral("tpe weighs a whole configuration's cost: it needs method_options.multivariate: true"));
        }
        if (root["working_directory"])
            spec.trialWorkingDirectory = r.string(root["working_directory"], "working_directory").value_or(QString());
        if (root["trial_api"]) {
            spec.trialApi = r.string(root["trial_api"], "trial_api").value_or(QString());
            if (spec.trialApi == QLatin1String("tunescope"))
                spec.trialApi.clear();
            else if (spec.trialApi != QLatin1String("nni"))
                r.error("trial_api", QStringLiteral("must be tunescope or nni, not '%1'").arg(spec.trialApi));
        }
        if (root["metric_regex"]) {
            spec.metricRegex = r.string(root["metric_regex"], "metric_regex").value_or(QString());
            QRegularExpression re(spec.metricRegex);
            if (!re.isValid())
                r.error("metric_regex", QStringLiteral("invalid regular expression: %1").arg(re.errorString()));
            else if (!re.namedCaptureGroups().contains(QStringLiteral("value")))
                r.error("metric_regex", QStringLiteral("needs a named group (?<value>...)"));
        }
        if (const YAML::Node warm = root["warm_start"])
            r.issues << parseWarmStartSpec(warm, &spec.warmStart);
        // Combinations that each key alone cannot judge.
        if (spec.metrics.size() > 1 && spec.method == QLatin1String("bayes"))
            r.error("method", QStringLiteral("bayes optimizes a single metric; for several metrics use tpe, random, sobol or grid"));
        if (spec.metrics.size() > 1 && !spec.earlyTerminate.isEmpty())
            r.error("early_terminate", QStringLiteral("pruning compares one metric; it cannot be combined with several metrics"));
        if (!r.hasErrors())
            r.issues << checkWarmStartSpec(spec);
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
