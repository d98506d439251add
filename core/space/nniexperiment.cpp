#include "space/nniexperiment.h"

#include "space/nnisearchspace.h"
#include "space/yamlvalue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <limits>

namespace tunescope {

namespace {

QString fromStd(const std::string &s) { return QString::fromStdString(s); }

/// NNI reads its config keys case-insensitively and without underscores (ConfigBase).
QString canonical(const QString &key)
{
    return key.toLower().remove(u'_');
}

/// One mapping of an NNI config, its keys looked up as NNI looks them up.
class NniMap
{
public:
    NniMap(const YAML::Node &node, QString path, QList<SpecIssue> *issues)
        : mPath(std::move(path)), mIssues(issues)
    {
        for (const auto &kv : node) {
            const QString key = fromStd(kv.first.Scalar());
            const QString c = canonical(key);
            if (mKeys.contains(c)) {
                error(key, QStringLiteral("given twice (as %1 and %2)").arg(mKeys.value(c), key));
                continue;
            }
            mKeys.insert(c, key);
            mNodes.insert(c, kv.second);
            mOrder << c;
        }
    }

    bool has(const char *key) const { return mNodes.contains(QLatin1String(key)) && !mNodes.value(QLatin1String(key)).IsNull(); }
    YAML::Node node(const char *key) const { return mNodes.value(QLatin1String(key)); }
    /// The key path of a key as the file spells it.
    QString at(const char *key) const
    {
        const QString spelled = mKeys.value(QLatin1String(key), QLatin1String(key));
        return mPath.isEmpty() ? spelled : mPath + u'.' + spelled;
    }
    QVariant value(const char *key) const
    {
        const YAML::Node n = node(key);
        return n && n.IsScalar() ? yamlScalarValue(n) : QVariant();
    }
    const QStringList &keys() const { return mOrder; }
    QString spelled(const QString &canonicalKey) const { return mKeys.value(canonicalKey); }
    QString path() const { return mPath; }

    void error(const QString &key, const QString &message) const
    {
        *mIssues << SpecIssue{mPath.isEmpty() ? key : mPath + u'.' + key, message};
    }
    void warn(const QString &key, const QString &message) const
    {
        *mIssues << SpecIssue{mPath.isEmpty() ? key : mPath + u'.' + key, message, SpecIssue::Severity::Warning};
    }

private:
    QString mPath;
    QList<SpecIssue> *mIssues;
    QHash<QString, QString> mKeys; ///< canonical -> as written
    QHash<QString, YAML::Node> mNodes;
    QStringList mOrder;
};

/// NNI's parse_time: seconds as a number, or a number with s, m, h or d (rounded up).
std::optional<int> nniSeconds(const QVariant &v)
{
    if (v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Double) {
        const double s = v.toDouble();
        return s > 0 && s < 2e9 ? std::optional<int>(int(std::ceil(s))) : std::nullopt;
    }
    const QString text = v.toString().trimmed().toLower();
    static const QList<std::pair<QChar, int>> units{{u'd', 86400}, {u'h', 3600}, {u'm', 60}, {u's', 1}};
    for (const auto &[unit, factor] : units) {
        if (!text.endsWith(unit))
            continue;
        bool ok = false;
        const double n = text.chopped(1).trimmed().toDouble(&ok);
        const double s = std::ceil(n * factor);
        return ok && s > 0 && s < 2e9 ? std::optional<int>(int(s)) : std::nullopt;
    }
    return std::nullopt;
}

/// Splits a command line into words the way a POSIX shell does for plain commands (quotes
/// and backslashes), or says which shell syntax it would need: Tunescope runs trials without
/// a shell.
std::optional<QStringList> splitCommand(const QString &text, QString *why)
{
    QStringList words;
    QString word;
    bool inWord = false;
    enum class Quote { None, Single, Double } quote = Quote::None;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quote == Quote::Single) {
            if (c == u'\'')
                quote = Quote::None;
            else
                word += c;
            continue;
        }
        if (quote == Quote::Double) {
            if (c == u'"') {
                quote = Quote::None;
            } else if (c == u'\\' && i + 1 < text.size() && QStringLiteral("\"\\$`").contains(text.at(i + 1))) {
                word += text.at(++i);
            } else if (c == u'$' || c == u'`') {
                *why = QStringLiteral("'%1' inside double quotes needs a shell").arg(c);
                return std::nullopt;
            } else {
                word += c;
            }
            continue;
        }
        if (c.isSpace()) {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
            continue;
        }
        if (c == u'\'' || c == u'"') {
            quote = c == u'\'' ? Quote::Single : Quote::Double;
            inWord = true;
            continue;
        }
        if (c == u'\\' && i + 1 < text.size()) {
            word += text.at(++i);
            inWord = true;
            continue;
        }
        if (QStringLiteral("|&;<>()$`*?[{}").contains(c) || (c == u'~' && !inWord) || (c == u'#' && !inWord)) {
            *why = QStringLiteral("'%1' needs a shell").arg(c);
            return std::nullopt;
        }
        if (c == u'=' && words.isEmpty() && !word.isEmpty() && !word.contains(u'/')) {
            *why = QStringLiteral("a variable assignment before the command (%1=...) needs a shell").arg(word);
            return std::nullopt;
        }
        word += c;
        inWord = true;
    }
    if (quote != Quote::None) {
        *why = QStringLiteral("a quote is not closed");
        return std::nullopt;
    }
    if (inWord)
        words << word;
    if (words.isEmpty()) {
        *why = QStringLiteral("it is empty");
        return std::nullopt;
    }
    return words;
}

/// NNI's GPU index lists: [0, 1], "0,1" or 0.
std::optional<QList<int>> gpuIndices(const YAML::Node &node)
{
    QList<int> out;
    if (node.IsSequence()) {
        for (const YAML::Node &item : node) {
            const QVariant v = item.IsScalar() ? yamlScalarValue(item) : QVariant();
            if (v.typeId() != QMetaType::LongLong || v.toLongLong() < 0)
                return std::nullopt;
            out << int(v.toLongLong());
        }
        return out;
    }
    const QVariant v = node.IsScalar() ? yamlScalarValue(node) : QVariant();
    if (v.typeId() == QMetaType::LongLong && v.toLongLong() >= 0)
        return QList<int>{int(v.toLongLong())};
    for (const QString &part : v.toString().split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int i = part.trimmed().toInt(&ok);
        if (!ok || i < 0)
            return std::nullopt;
        out << i;
    }
    return out.isEmpty() ? std::nullopt : std::optional<QList<int>>(out);
}

/// Reads tuner: {name, classArgs} into the method, the goal and the sampler's options.
void readTuner(const NniMap &tuner, StudySpec &spec, Goal &goal)
{
    for (const QString &key : tuner.keys()) {
        if (key != QLatin1String("name") && key != QLatin1String("classargs"))
            tuner.error(tuner.spelled(key), key == QLatin1String("classname") || key == QLatin1String("codedirectory")
                                                ? QStringLiteral("custom tuners are NNI's own Python classes; use one of TPE, Random, GridSearch, BatchTuner or GPTuner")
                                                : QStringLiteral("unknown key"));
    }
    const QString name = tuner.value("name").toString();
    const QString lower = name.toLower();
    QStringList argsAllowed{QStringLiteral("optimize_mode")};
    bool defaultMaximize = true;
    if (lower == QLatin1String("tpe")) {
        spec.method = QStringLiteral("tpe");
        argsAllowed << QStringLiteral("seed") << QStringLiteral("tpe_args");
        defaultMaximize = false; // TpeTuner(optimize_mode='minimize')
    } else if (lower == QLatin1String("random")) {
        spec.method = QStringLiteral("random");
        argsAllowed << QStringLiteral("seed");
    } else if (lower == QLatin1String("gridsearch") || lower == QLatin1String("batchtuner")) {
        spec.method = QStringLiteral("grid");
    } else if (lower == QLatin1String("gptuner")) {
        spec.method = QStringLiteral("bayes");
        argsAllowed << QStringLiteral("cold_start_num");
    } else {
        tuner.error(tuner.spelled(QStringLiteral("name")),
                    name.isEmpty() ? QStringLiteral("missing: TPE, Random, GridSearch, BatchTuner or GPTuner")
                                   : QStringLiteral("'%1' has no counterpart here; Tunescope runs TPE (as tpe), Random, "
                                                    "GridSearch and BatchTuner (as grid) and GPTuner (as bayes)")
                                         .arg(name));
        return;
    }
    goal = defaultMaximize ? Goal::Maximize : Goal::Minimize;
    if (!tuner.has("classargs"))
        return;
    const YAML::Node args = tuner.node("classargs");
    if (!args.IsMap()) {
        tuner.error(tuner.spelled(QStringLiteral("classargs")), QStringLiteral("must be a mapping"));
        return;
    }
    for (const auto &kv : args) {
        const QString key = fromStd(kv.first.Scalar());
        const QVariant v = kv.second.IsScalar() ? yamlScalarValue(kv.second) : QVariant();
        if (!argsAllowed.contains(key)) {
            tuner.error(tuner.spelled(QStringLiteral("classargs")) + u'.' + key,
                        QStringLiteral("%1 takes %2 here").arg(name, argsAllowed.join(QStringLiteral(", "))));
            continue;
        }
        if (key == QLatin1String("optimize_mode")) {
            if (v.toString() == QLatin1String("maximize"))
                goal = Goal::Maximize;
            else if (v.toString() == QLatin1String("minimize"))
                goal = Goal::Minimize;
            else
                tuner.error(tuner.spelled(QStringLiteral("classargs")) + u'.' + key,
                            QStringLiteral("must be maximize or minimize, not '%1'").arg(v.toString()));
        } else if (key == QLatin1String("seed")) {
            if (v.typeId() == QMetaType::LongLong && v.toLongLong() >= 0)
                spec.seed = quint64(v.toLongLong());
            else
                tuner.error(tuner.spelled(QStringLiteral("classargs")) + u'.' + key, QStringLiteral("must be an integer >= 0"));
        } else if (key == QLatin1String("cold_start_num")) {
            if (v.typeId() == QMetaType::LongLong && v.toLongLong() >= 1)
                spec.methodOptions.insert(QStringLiteral("n_startup_trials"), v);
            else
                tuner.error(tuner.spelled(QStringLiteral("classargs")) + u'.' + key, QStringLiteral("must be an integer >= 1"));
        } else if (key == QLatin1String("tpe_args")) {
            if (!kv.second.IsMap()) {
                tuner.error(tuner.spelled(QStringLiteral("classargs")) + u'.' + key, QStringLiteral("must be a mapping"));
                continue;
            }
            for (const auto &arg : kv.second) {
                const QString a = fromStd(arg.first.Scalar());
                const QString aAt = tuner.spelled(QStringLiteral("classargs")) + u'.' + key + u'.' + a;
                const QVariant av = arg.second.IsScalar() ? yamlScalarValue(arg.second) : QVariant();
                if (a == QLatin1String("n_startup_jobs") || a == QLatin1String("n_ei_candidates")) {
                    if (av.typeId() == QMetaType::LongLong && av.toLongLong() >= (a == QLatin1String("n_ei_candidates") ? 1 : 0))
                        spec.methodOptions.insert(a == QLatin1String("n_startup_jobs") ? QStringLiteral("n_startup_trials") : a, av);
                    else
                        tuner.error(aAt, QStringLiteral("must be a whole number"));
                } else if (a == QLatin1String("prior_weight")) {
                    if ((av.typeId() == QMetaType::LongLong || av.typeId() == QMetaType::Double) && av.toDouble() >= 0)
                        spec.methodOptions.insert(a, av.toDouble());
                    else
                        tuner.error(aAt, QStringLiteral("must be a number >= 0"));
                } else if (a == QLatin1String("constant_liar_type")) {
                    // Pending trials as the worst results is what Tunescope's constant liar does.
                    if (!av.isValid())
                        spec.methodOptions.insert(QStringLiteral("constant_liar"), false);
                    else if (av.toString() == QLatin1String("worst"))
                        spec.methodOptions.insert(QStringLiteral("constant_liar"), true);
                    else
                        tuner.error(aAt, QStringLiteral("'%1' is not available: Tunescope's TPE counts running trials as "
                                                        "the worst (worst) or not at all (null)")
                                             .arg(av.toString()));
                } else {
                    tuner.error(aAt, QStringLiteral("NNI's TPE chooses its good trials and forgets old ones differently "
                                                    "from Tunescope's (Optuna's); n_startup_jobs, n_ei_candidates, "
                                                    "prior_weight and constant_liar_type are taken"));
                }
            }
        }
    }
}

/// Reads assessor: {name, classArgs} into early_terminate.
void readAssessor(const NniMap &assessor, StudySpec &spec)
{
    for (const QString &key : assessor.keys()) {
        if (key != QLatin1String("name") && key != QLatin1String("classargs"))
            assessor.error(assessor.spelled(key), QStringLiteral("unknown key (custom assessors are NNI's own classes)"));
    }
    const QString name = assessor.value("name").toString();
    if (name.toLower() != QLatin1String("medianstop")) {
        assessor.error(assessor.spelled(QStringLiteral("name")),
                       QStringLiteral("'%1' has no counterpart here; Tunescope runs Medianstop (NNI's median stopping rule)%2")
                           .arg(name, name.toLower() == QLatin1String("curvefitting")
                                          ? QStringLiteral(", or early_terminate asha, hyperband or median in a study file")
                                          : QString()));
        return;
    }
    QVariantMap et{{QStringLiteral("type"), QStringLiteral("medianstop")},
                   {QStringLiteral("optimize_mode"), QStringLiteral("maximize")}}; // MedianstopAssessor's default
    if (assessor.has("classargs")) {
        const YAML::Node args = assessor.node("classargs");
        if (!args.IsMap()) {
            assessor.error(assessor.spelled(QStringLiteral("classargs")), QStringLiteral("must be a mapping"));
            return;
        }
        for (const auto &kv : args) {
            const QString key = fromStd(kv.first.Scalar());
            const QVariant v = kv.second.IsScalar() ? yamlScalarValue(kv.second) : QVariant();
            if (key == QLatin1String("optimize_mode") || key == QLatin1String("start_step"))
                et.insert(key, v);
            else
                assessor.error(assessor.spelled(QStringLiteral("classargs")) + u'.' + key,
                               QStringLiteral("Medianstop takes optimize_mode and start_step"));
        }
    }
    spec.earlyTerminate = et;
}

void readTrainingService(const NniMap &ts, StudySpec &spec, std::optional<int> gpuNumber, const NniMap &top)
{
    const QString platform = ts.value("platform").toString();
    if (platform != QLatin1String("local")) {
        ts.error(ts.spelled(QStringLiteral("platform")),
                 platform.isEmpty() ? QStringLiteral("missing: local")
                                    : QStringLiteral("Tunescope runs NNI trials on this machine (local), not on '%1'").arg(platform));
        return;
    }
    static const QStringList known{"platform", "useactivegpu", "maxtrialnumberpergpu", "gpuindices", "trialcommand",
                                   "trialcodedirectory", "trialgpunumber", "nnimanagerip", "reusemode"};
    for (const QString &key : ts.keys()) {
        if (!known.contains(key))
            ts.error(ts.spelled(key), QStringLiteral("unknown key for the local platform"));
        else if (key == QLatin1String("nnimanagerip") || key == QLatin1String("reusemode"))
            ts.warn(ts.spelled(key), QStringLiteral("has no meaning for local trials (ignored)"));
    }
    if (!gpuNumber || *gpuNumber == 0) {
        if (ts.has("gpuindices") && gpuNumber)
            ts.warn(ts.spelled(QStringLiteral("gpuindices")), QStringLiteral("has no effect with trialGpuNumber 0 (ignored)"));
        return;
    }
    if (*gpuNumber > 1) {
        top.error(top.spelled(QStringLiteral("trialgpunumber")),
                  QStringLiteral("Tunescope gives each trial one GPU (a slot per GPU); %1 per trial is not available").arg(*gpuNumber));
        return;
    }
    if (!ts.has("gpuindices")) {
        ts.error(QStringLiteral("gpuIndices"), QStringLiteral("missing: the GPUs trials may use (Tunescope does not pick GPUs itself)"));
        return;
    }
    const auto gpus = gpuIndices(ts.node("gpuindices"));
    if (!gpus) {
        ts.error(ts.spelled(QStringLiteral("gpuindices")), QStringLiteral("must be a list of GPU indices such as [0, 1]"));
        return;
    }
    if (ts.value("useactivegpu").toBool() != true) {
        ts.error(ts.has("useactivegpu") ? ts.spelled(QStringLiteral("useactivegpu")) : QStringLiteral("useActiveGpu"),
                 QStringLiteral("Tunescope uses the listed GPUs whether or not other programs use them; set useActiveGpu: true"));
        return;
    }
    spec.resources.gpus = *gpus;
    if (ts.has("maxtrialnumberpergpu")) {
        const QVariant v = ts.value("maxtrialnumberpergpu");
        if (v.typeId() == QMetaType::LongLong && v.toLongLong() >= 1)
            spec.resources.trialsPerGpu = int(v.toLongLong());
        else
            ts.error(ts.spelled(QStringLiteral("maxtrialnumberpergpu")), QStringLiteral("must be an integer >= 1"));
    }
}

} // namespace

bool isNniExperiment(const YAML::Node &root)
{
    if (!root.IsMap() || root["method"] || root["parameters"] || root["program"])
        return false;
    static const QStringList nniKeys{"trialcommand", "searchspace", "searchspacefile", "trialconcurrency", "tuner",
                                     "advisor", "trainingservice", "experimentname", "trialcodedirectory"};
    bool bareSpace = root.size() > 0;
    for (const auto &kv : root) {
        if (nniKeys.contains(canonical(fromStd(kv.first.Scalar()))))
            return true;
        bareSpace = bareSpace && kv.second.IsMap() && kv.second["_type"];
    }
    return bareSpace;
}

bool isNniSearchSpace(const YAML::Node &root)
{
    if (!root.IsMap() || root.size() == 0)
        return false;
    for (const auto &kv : root) {
        if (!kv.second.IsMap() || !kv.second["_type"])
            return false;
    }
    return true;
}

QList<Parameter> readNniSearchSpaceFile(const QString &path, QList<SpecIssue> *issues)
{
    const QString shown = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *issues << SpecIssue{shown, QStringLiteral("cannot read the search space file: %1").arg(file.errorString())};
        return {};
    }
    YAML::Node space;
    try {
        space = YAML::Load(file.readAll().toStdString());
    } catch (const YAML::Exception &e) {
        *issues << SpecIssue{shown, QStringLiteral("malformed JSON at line %1, column %2: %3")
                                        .arg(e.mark.line + 1)
                                        .arg(e.mark.column + 1)
                                        .arg(fromStd(e.msg))};
        return {};
    }
    NniSearchSpaceReader reader(shown);
    const QList<Parameter> params = reader.read(space);
    *issues << reader.issues();
    return params;
}

NniExperiment readNniExperiment(const YAML::Node &root, const QString &sourceName)
{
    NniExperiment result;
    QList<SpecIssue> &issues = result.issues;
    const NniMap top(root, QString(), &issues);
    const QDir base = QFileInfo(sourceName).absoluteDir();
    StudySpec spec;
    spec.trialApi = QStringLiteral("nni");

    // A search space without its experiment: nothing says what to run.
    if (isNniSearchSpace(root)) {
        issues << SpecIssue{QString(), QStringLiteral("this is an NNI search space, not an experiment: run its experiment "
                                                      "config (config.yml), or make a study file with "
                                                      "`tunescope convert`")};
        return result;
    }

    static const QStringList known{"experimentname", "experimenttype", "searchspacefile", "searchspace", "trialcommand",
                                   "trialcodedirectory", "trialconcurrency", "trialgpunumber", "maxexperimentduration",
                                   "maxtrialnumber", "maxtrialduration", "nnimanagerip", "useannotation", "debug",
                                   "loglevel", "experimentworkingdirectory", "tunergpuindices", "tuner", "assessor",
                                   "advisor", "trainingservice", "sharedstorage"};
    for (const QString &key : top.keys()) {
        const QString spelled = top.spelled(key);
        if (!known.contains(key))
            top.error(spelled, QStringLiteral("unknown key of an NNI experiment config"));
        else if (key == QLatin1String("nnimanagerip") || key == QLatin1String("tunergpuindices"))
            top.warn(spelled, QStringLiteral("has no meaning here: Tunescope's samplers run in its own process (ignored)"));
        else if (key == QLatin1String("debug") || key == QLatin1String("loglevel"))
            top.warn(spelled, QStringLiteral("sets NNI's own logging (ignored); trial output goes to each trial's folder"));
        else if (key == QLatin1String("experimentworkingdirectory"))
            top.warn(spelled, QStringLiteral("is NNI's log folder (ignored): the study goes to tunescope.db next to this "
                                             "file, trial logs to runs/"));
        else if (key == QLatin1String("sharedstorage"))
            top.error(spelled, QStringLiteral("shared storage mounts are NNI's own; trials here read this machine's files"));
    }

    if (top.has("experimentname"))
        spec.name = top.value("experimentname").toString();
    if (top.has("experimenttype") && top.value("experimenttype").toString() != QLatin1String("hpo"))
        top.error(top.spelled(QStringLiteral("experimenttype")), QStringLiteral("only hpo experiments (not NAS) run here"));
    if (top.value("useannotation").toBool())
        top.error(top.spelled(QStringLiteral("useannotation")),
                  QStringLiteral("NNI annotations need NNI's code rewriting; give a search space and call nni.get_next_parameter()"));

    // The search space.
    if (top.has("searchspace") && top.has("searchspacefile")) {
        top.error(top.spelled(QStringLiteral("searchspacefile")), QStringLiteral("give searchSpace or searchSpaceFile, not both"));
    } else if (top.has("searchspacefile")) {
        const QString file = top.value("searchspacefile").toString();
        const QString path = QDir::isAbsolutePath(file) ? file : base.absoluteFilePath(file);
        QList<SpecIssue> spaceIssues;
        const QList<Parameter> params = readNniSearchSpaceFile(path, &spaceIssues);
        for (SpecIssue issue : std::as_const(spaceIssues)) {
            issue.path = top.at("searchspacefile") + QStringLiteral(" (") + issue.path + u')';
            issues << issue;
        }
        for (const Parameter &p : params)
            spec.space.append(p);
    } else if (top.has("searchspace")) {
        NniSearchSpaceReader reader(top.at("searchspace"));
        for (const Parameter &p : reader.read(top.node("searchspace")))
            spec.space.append(p);
        issues << reader.issues();
    } else {
        top.error(QStringLiteral("searchSpaceFile"), QStringLiteral("missing: the search space (searchSpaceFile or searchSpace)"));
    }

    // The trial: NNI's trialCommand may also sit in the training service.
    const YAML::Node tsNode = top.node("trainingservice");
    std::optional<NniMap> ts;
    if (top.has("trainingservice")) {
        if (tsNode.IsMap())
            ts.emplace(tsNode, top.at("trainingservice"), &issues);
        else
            top.error(top.spelled(QStringLiteral("trainingservice")),
                      tsNode.IsSequence() ? QStringLiteral("hybrid training services are not available; Tunescope runs trials locally")
                                          : QStringLiteral("must be a mapping such as {platform: local}"));
    } else {
        top.error(QStringLiteral("trainingService"), QStringLiteral("missing: {platform: local}"));
    }
    const auto field = [&](const char *key) -> std::pair<const NniMap *, bool> {
        if (top.has(key))
            return {&top, true};
        if (ts && ts->has(key))
            return {&*ts, true};
        return {nullptr, false};
    };

    if (const auto [map, found] = field("trialcommand"); found) {
        QString why;
        const QString text = map->value("trialcommand").toString();
        if (const auto words = splitCommand(text, &why))
            spec.command = *words;
        else
            map->error(map->spelled(QStringLiteral("trialcommand")),
                       QStringLiteral("%1: Tunescope runs trials without a shell; put such a command in a script").arg(why));
    } else {
        top.error(QStringLiteral("trialCommand"), QStringLiteral("missing: the command that runs one trial"));
    }
    if (const auto [map, found] = field("trialcodedirectory"); found) {
        QString dir = map->value("trialcodedirectory").toString();
        if (dir.startsWith(QLatin1String("~/")))
            dir = QDir::home().absoluteFilePath(dir.mid(2));
        spec.trialWorkingDirectory = dir == QLatin1String(".") ? QString() : dir;
    }
    if (top.has("trialconcurrency")) {
        const QVariant v = top.value("trialconcurrency");
        if (v.typeId() == QMetaType::LongLong && v.toLongLong() >= 1)
            spec.parallel = int(v.toLongLong());
        else
            top.error(top.spelled(QStringLiteral("trialconcurrency")), QStringLiteral("must be an integer >= 1"));
    } else {
        top.error(QStringLiteral("trialConcurrency"), QStringLiteral("missing: how many trials run at once"));
    }
    std::optional<int> gpuNumber;
    if (const auto [map, found] = field("trialgpunumber"); found) {
        const QVariant v = map->value("trialgpunumber");
        if (v.typeId() == QMetaType::LongLong && v.toLongLong() >= 0)
            gpuNumber = int(v.toLongLong());
        else
            map->error(map->spelled(QStringLiteral("trialgpunumber")), QStringLiteral("must be an integer >= 0"));
    } else {
        top.warn(QStringLiteral("trialGpuNumber"),
                 QStringLiteral("not set: NNI would let such trials use every GPU; here they run on CPU slots with "
                                "CUDA_VISIBLE_DEVICES empty (set trialGpuNumber: 1 and gpuIndices to give each a GPU)"));
    }
    if (ts)
        readTrainingService(*ts, spec, gpuNumber, top);

    for (const auto &[key, target] : {std::pair{"maxexperimentduration", &spec.maxDurationSeconds},
                                      std::pair{"maxtrialduration", &spec.trialTimeoutSeconds}}) {
        if (!top.has(key))
            continue;
        if (const auto seconds = nniSeconds(top.value(key)))
            *target = *seconds;
        else
            top.error(top.spelled(QLatin1String(key)), QStringLiteral("must be a duration such as 30m, 0.5h or 1d"));
    }
    if (top.has("maxtrialnumber")) {
        const QVariant v = top.value("maxtrialnumber");
        if (v.typeId() == QMetaType::LongLong && v.toLongLong() >= 1 && v.toLongLong() <= std::numeric_limits<int>::max())
            spec.runCap = int(v.toLongLong());
        else
            top.error(top.spelled(QStringLiteral("maxtrialnumber")), QStringLiteral("must be an integer >= 1"));
    }

    // The tuner (or the deprecated advisor) picks the method and the goal of "default".
    Goal goal = Goal::Maximize;
    const char *tunerKey = top.has("tuner") ? "tuner" : top.has("advisor") ? "advisor" : nullptr;
    if (top.has("tuner") && top.has("advisor"))
        top.error(top.spelled(QStringLiteral("advisor")), QStringLiteral("is deprecated in favour of tuner; give only tuner"));
    if (!tunerKey) {
        top.error(QStringLiteral("tuner"), QStringLiteral("missing: {name: TPE, classArgs: {optimize_mode: maximize}}"));
    } else if (!top.node(tunerKey).IsMap()) {
        top.error(top.spelled(QLatin1String(tunerKey)), QStringLiteral("must be a mapping such as {name: TPE}"));
    } else {
        readTuner(NniMap(top.node(tunerKey), top.at(tunerKey), &issues), spec, goal);
    }
    spec.metrics = {MetricSpec{QStringLiteral("default"), goal}};

    if (top.has("assessor")) {
        if (top.node("assessor").IsMap())
            readAssessor(NniMap(top.node("assessor"), top.at("assessor"), &issues), spec);
        else
            top.error(top.spelled(QStringLiteral("assessor")), QStringLiteral("must be a mapping such as {name: Medianstop}"));
    }

    if (spec.name.isEmpty()) {
        // NNI's configs are usually config.yml: the experiment is its folder.
        spec.name = base.dirName().isEmpty() ? QStringLiteral("nni-experiment") : base.dirName();
    }
    const bool failed = std::any_of(issues.begin(), issues.end(), [](const SpecIssue &i) { return i.isError(); });
    if (!failed)
        issues << spec.space.validate();
    const bool valid = std::none_of(issues.begin(), issues.end(), [](const SpecIssue &i) { return i.isError(); });
    if (valid)
        result.spec = spec;
    return result;
}

} // namespace tunescope
