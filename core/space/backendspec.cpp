#include "space/backendspec.h"

#include "space/studyspec.h"
#include "space/yamlvalue.h"

#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

namespace tunescope {

namespace {

const QString kPrefix = QStringLiteral("backend");

QString at(const QString &key)
{
    return kPrefix + u'.' + key;
}

/// A Slurm name or expression (partition, account, constraint, ...): one line, no NUL.
bool isSingleLine(const QString &s)
{
    return !s.contains(u'\n') && !s.contains(u'\r') && !s.contains(QChar(0));
}

/// Collects the backend's issues, each at its key path.
struct BackendReader
{
    QList<SpecIssue> issues;

    void error(const QString &path, const QString &what) { issues << SpecIssue{path, what}; }

    /// A scalar as text: strings, and numbers where Slurm takes a number (mem: 4000, time: 60).
    std::optional<QString> text(const YAML::Node &node, const QString &path)
    {
        if (!node.IsScalar()) {
            error(path, QStringLiteral("must be a string"));
            return std::nullopt;
        }
        const QString value = QString::fromStdString(node.Scalar()).trimmed();
        if (value.isEmpty()) {
            error(path, QStringLiteral("must not be empty (leave the key out for Slurm's default)"));
            return std::nullopt;
        }
        if (!isSingleLine(value)) {
            error(path, QStringLiteral("must be a single line"));
            return std::nullopt;
        }
        return value;
    }

    std::optional<int> seconds(const YAML::Node &node, const QString &path, int minimum)
    {
        const auto s = node.IsScalar() ? parseDurationSeconds(QString::fromStdString(node.Scalar())) : std::nullopt;
        if (!s || *s < minimum) {
            error(path, QStringLiteral("must be a duration of at least %1 s, such as 5s, 1m or 10m").arg(minimum));
            return std::nullopt;
        }
        return s;
    }
};

} // namespace

bool isSlurmTime(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(
        "^(\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}|\\d+-\\d{1,2}|\\d+-\\d{1,2}:\\d{1,2}|\\d+-\\d{1,2}:\\d{1,2}:\\d{1,2})$"));
    return re.match(text).hasMatch() || text.compare(QLatin1String("UNLIMITED"), Qt::CaseInsensitive) == 0
           || text.compare(QLatin1String("INFINITE"), Qt::CaseInsensitive) == 0;
}

const QList<ReservedSbatchOption> &reservedSbatchOptions()
{
    static const QList<ReservedSbatchOption> options{
        {QStringLiteral("--partition"), QStringLiteral("-p"), at(QStringLiteral("partition"))},
        {QStringLiteral("--time"), QStringLiteral("-t"), at(QStringLiteral("time"))},
        {QStringLiteral("--gres"), QString(), at(QStringLiteral("gres"))},
        {QStringLiteral("--cpus-per-task"), QStringLiteral("-c"), at(QStringLiteral("cpus_per_task"))},
        {QStringLiteral("--mem"), QString(), at(QStringLiteral("mem"))},
        {QStringLiteral("--account"), QStringLiteral("-A"), at(QStringLiteral("account"))},
        {QStringLiteral("--qos"), QStringLiteral("-q"), at(QStringLiteral("qos"))},
        {QStringLiteral("--constraint"), QStringLiteral("-C"), at(QStringLiteral("constraint"))},
        // Tunescope's own: where output goes, how the job is named and found again, what runs.
        {QStringLiteral("--output"), QStringLiteral("-o"), QString()},
        {QStringLiteral("--error"), QStringLiteral("-e"), QString()},
        {QStringLiteral("--input"), QStringLiteral("-i"), QString()},
        {QStringLiteral("--array"), QStringLiteral("-a"), QString()},
        {QStringLiteral("--job-name"), QStringLiteral("-J"), QString()},
        {QStringLiteral("--comment"), QString(), QString()},
        {QStringLiteral("--chdir"), QStringLiteral("-D"), QString()},
        {QStringLiteral("--parsable"), QString(), QString()},
        {QStringLiteral("--wrap"), QString(), QString()},
        {QStringLiteral("--wait"), QStringLiteral("-W"), QString()},
        {QStringLiteral("--test-only"), QString(), QString()},
        {QStringLiteral("--open-mode"), QString(), QString()},
    };
    return options;
}

QList<SpecIssue> parseBackendSpec(const YAML::Node &node, BackendSpec *backend)
{
    BackendReader r;
    *backend = BackendSpec();
    const QString types = QStringLiteral("must be local or slurm");
    if (node.IsScalar()) {
        backend->type = QString::fromStdString(node.Scalar()).trimmed();
        if (backend->type != QLatin1String("local") && backend->type != QLatin1String("slurm"))
            r.error(kPrefix, QStringLiteral("%1, not '%2'").arg(types, backend->type));
        return r.issues;
    }
    if (!node.IsMap()) {
        r.error(kPrefix, QStringLiteral("must be local, slurm, or a mapping such as {type: slurm, partition: gpu}"));
        return r.issues;
    }
    if (!node["type"]) {
        r.error(at(QStringLiteral("type")), QStringLiteral("missing: local or slurm"));
        return r.issues;
    }
    backend->type = r.text(node["type"], at(QStringLiteral("type"))).value_or(QString());
    if (backend->type.isEmpty())
        return r.issues;
    if (backend->type != QLatin1String("local") && backend->type != QLatin1String("slurm")) {
        r.error(at(QStringLiteral("type")), QStringLiteral("%1, not '%2'").arg(types, backend->type));
        return r.issues;
    }

    static const QStringList slurmKeys{"partition", "time", "gres", "cpus_per_task", "mem", "account", "qos",
                                       "constraint", "extra", "poll_interval", "controller_timeout"};
    QSet<QString> seen;
    for (const auto &kv : node) {
        const QString key = QString::fromStdString(kv.first.Scalar());
        if (seen.contains(key))
            r.error(at(key), QStringLiteral("key appears twice"));
        seen.insert(key);
        if (key == QLatin1String("type"))
            continue;
        if (!backend->isSlurm())
            r.error(at(key), QStringLiteral("the local backend takes no settings (this key is for type: slurm)"));
        else if (!slurmKeys.contains(key))
            r.error(at(key), QStringLiteral("not a setting of the Slurm backend (it takes %1)").arg(slurmKeys.join(QStringLiteral(", "))));
    }
    if (!backend->isSlurm())
        return r.issues;

    SlurmSettings &s = backend->slurm;
    for (const auto &[key, field] : {std::pair{"partition", &s.partition}, std::pair{"account", &s.account},
                                     std::pair{"qos", &s.qos}, std::pair{"constraint", &s.constraint}}) {
        if (const YAML::Node value = node[key]) {
            if (const auto t = r.text(value, at(QString::fromLatin1(key)))) {
                if (t->contains(u' ') && QLatin1String(key) != QLatin1String("constraint"))
                    r.error(at(QString::fromLatin1(key)), QStringLiteral("must be a Slurm name, without spaces: '%1'").arg(*t));
                else
                    *field = *t;
            }
        }
    }
    if (const YAML::Node time = node["time"]) {
        if (const auto t = r.text(time, at(QStringLiteral("time")))) {
            if (isSlurmTime(*t))
                s.time = *t;
            else
                r.error(at(QStringLiteral("time")),
                        QStringLiteral("must be a Slurm time limit such as 30 (minutes), 4:00:00 or 2-00:00:00, not '%1'").arg(*t));
        }
    }
    if (const YAML::Node gres = node["gres"]) {
        static const QRegularExpression gresRe(QStringLiteral("^[A-Za-z0-9_]+(:[A-Za-z0-9_.\\-]+)*(,[A-Za-z0-9_]+(:[A-Za-z0-9_.\\-]+)*)*$"));
        if (const auto t = r.text(gres, at(QStringLiteral("gres")))) {
            if (gresRe.match(*t).hasMatch())
                s.gres = *t;
            else
                r.error(at(QStringLiteral("gres")), QStringLiteral("must be generic resources as sbatch --gres takes them, such as gpu:1 or gpu:a100:2, not '%1'").arg(*t));
        }
    }
    if (const YAML::Node cpus = node["cpus_per_task"]) {
        const QVariant v = cpus.IsScalar() ? yamlScalarValue(cpus) : QVariant();
        if (v.typeId() != QMetaType::LongLong || v.toLongLong() < 1 || v.toLongLong() > 1000000)
            r.error(at(QStringLiteral("cpus_per_task")), QStringLiteral("must be an integer >= 1"));
        else
            s.cpusPerTask = int(v.toLongLong());
    }
    if (const YAML::Node mem = node["mem"]) {
        static const QRegularExpression memRe(QStringLiteral("^[0-9]+[KMGT]?$"), QRegularExpression::CaseInsensitiveOption);
        if (const auto t = r.text(mem, at(QStringLiteral("mem")))) {
            if (memRe.match(*t).hasMatch())
                s.mem = t->toUpper();
            else
                r.error(at(QStringLiteral("mem")), QStringLiteral("must be memory per node as sbatch --mem takes it, such as 4000 (MB), 8G or 512M, not '%1'").arg(*t));
        }
    }
    if (const YAML::Node extra = node["extra"]) {
        if (!extra.IsSequence()) {
            r.error(at(QStringLiteral("extra")), QStringLiteral("must be a list of sbatch options, one argument each, such as [--exclusive]"));
        } else {
            for (size_t i = 0; i < extra.size(); ++i) {
                const QString path = QStringLiteral("%1[%2]").arg(at(QStringLiteral("extra"))).arg(i);
                const auto arg = r.text(extra[i], path);
                if (!arg)
                    continue;
                if (!arg->startsWith(u'-')) {
                    r.error(path, QStringLiteral("must be an sbatch option starting with '-' (a value goes with its option: --nodelist=node1), not '%1'").arg(*arg));
                    continue;
                }
                bool reserved = false;
                for (const ReservedSbatchOption &o : reservedSbatchOptions()) {
                    // sbatch (getopt_long) also takes an unambiguous abbreviation: --part=gpu.
                    const QString name = arg->section(u'=', 0, 0);
                    const bool isLong = name.startsWith(QLatin1String("--")) && name.size() > 3 && o.option.startsWith(name);
                    const bool isShort = !o.shortName.isEmpty() && arg->startsWith(o.shortName);
                    if (!isLong && !isShort)
                        continue;
                    reserved = true;
                    r.error(path, o.key.isEmpty()
                                      ? QStringLiteral("%1 is set by Tunescope itself (trial folders, job names, arrays)").arg(o.option)
                                      : QStringLiteral("%1 has its own key: use %2").arg(o.option, o.key));
                    break;
                }
                if (!reserved)
                    s.extra << *arg;
            }
        }
    }
    if (const YAML::Node poll = node["poll_interval"]) {
        if (const auto v = r.seconds(poll, at(QStringLiteral("poll_interval")), 1))
            s.pollIntervalSeconds = *v;
    }
    if (const YAML::Node timeout = node["controller_timeout"]) {
        if (const auto v = r.seconds(timeout, at(QStringLiteral("controller_timeout")), 1))
            s.controllerTimeoutSeconds = *v;
    }
    return r.issues;
}

QVariantMap backendSpecToMap(const BackendSpec &backend)
{
    QVariantMap map;
    if (!backend.isSlurm())
        return map;
    map.insert(QStringLiteral("type"), backend.type);
    const SlurmSettings &s = backend.slurm;
    const SlurmSettings defaults;
    for (const auto &[key, value] : {std::pair{"partition", s.partition}, std::pair{"time", s.time}, std::pair{"gres", s.gres},
                                     std::pair{"mem", s.mem}, std::pair{"account", s.account}, std::pair{"qos", s.qos},
                                     std::pair{"constraint", s.constraint}}) {
        if (!value.isEmpty())
            map.insert(QString::fromLatin1(key), value);
    }
    if (s.cpusPerTask > 0)
        map.insert(QStringLiteral("cpus_per_task"), s.cpusPerTask);
    if (!s.extra.isEmpty())
        map.insert(QStringLiteral("extra"), QVariantList(s.extra.begin(), s.extra.end()));
    if (s.pollIntervalSeconds != defaults.pollIntervalSeconds)
        map.insert(QStringLiteral("poll_interval"), QStringLiteral("%1s").arg(s.pollIntervalSeconds));
    if (s.controllerTimeoutSeconds != defaults.controllerTimeoutSeconds)
        map.insert(QStringLiteral("controller_timeout"), QStringLiteral("%1s").arg(s.controllerTimeoutSeconds));
    return map;
}

} // namespace tunescope
