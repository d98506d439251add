#include "space/warmstartspec.h"

#include "space/studyspec.h"
#include "space/yamlvalue.h"
#include "storage/studylocation.h"

#include <yaml-cpp/yaml.h>

namespace tunescope {

namespace {
const QString kPath = QStringLiteral("warm_start");
}

int WarmStartSpec::effectiveTopK() const
{
    if (topK > 0)
        return topK;
    return mode == Mode::BestFirst ? 5 : std::numeric_limits<int>::max();
}

QString warmStartModeName(WarmStartSpec::Mode mode)
{
    return mode == WarmStartSpec::Mode::Prior ? QStringLiteral("prior") : QStringLiteral("best_first");
}

bool splitWarmStartSource(const QString &source, QString *database, QString *study)
{
    const qsizetype hash = source.lastIndexOf(u'#');
    if (hash <= 0 || hash == source.size() - 1)
        return false;
    *database = source.left(hash);
    *study = source.mid(hash + 1);
    return true;
}

QList<SpecIssue> parseWarmStartSpec(const YAML::Node &node, WarmStartSpec *warmStart)
{
    QList<SpecIssue> issues;
    auto error = [&](const QString &path, const QString &what) { issues << SpecIssue(path, what); };
    if (!node.IsMap()) {
        error(kPath, QStringLiteral("must be a mapping such as {from: [other.db#study], mode: best_first, top_k: 5}"));
        return issues;
    }
    static const QStringList known{QStringLiteral("from"), QStringLiteral("mode"), QStringLiteral("top_k"),
                                   QStringLiteral("rename")};
    for (const auto &kv : node) {
        const QString key = QString::fromStdString(kv.first.Scalar());
        if (!known.contains(key))
            error(kPath + u'.' + key, QStringLiteral("unknown key (expected from, mode, top_k or rename)"));
    }

    const YAML::Node from = node["from"];
    QList<YAML::Node> items;
    QStringList paths;
    if (!from) {
        error(kPath + QStringLiteral(".from"), QStringLiteral("missing: the studies to start from, as DATABASE#STUDY"));
    } else if (from.IsScalar()) {
        items << from;
        paths << kPath + QStringLiteral(".from");
    } else if (from.IsSequence() && from.size() > 0) {
        for (size_t i = 0; i < from.size(); ++i) {
            items << from[i];
            paths << kPath + QStringLiteral(".from[%1]").arg(i);
        }
    } else {
        error(kPath + QStringLiteral(".from"), QStringLiteral("must be a source or a non-empty list of sources (DATABASE#STUDY)"));
    }
    for (int i = 0; i < items.size(); ++i) {
        const QString text = items[i].IsScalar() ? QString::fromStdString(items[i].Scalar()) : QString();
        QString database, study;
        if (!splitWarmStartSource(text, &database, &study)) {
            error(paths[i], QStringLiteral("must be DATABASE#STUDY, such as ../last-week/tunescope.db#mnist, not '%1'")
                                .arg(redactedLocation(text)));
            continue;
        }
        if (warmStart->from.contains(text))
            error(paths[i], QStringLiteral("'%1' is listed twice").arg(redactedLocation(text)));
        warmStart->from << text;
    }

    if (const YAML::Node mode = node["mode"]) {
        const QString name = mode.IsScalar() ? QString::fromStdString(mode.Scalar()) : QString();
        if (name == QLatin1String("best_first"))
            warmStart->mode = WarmStartSpec::Mode::BestFirst;
        else if (name == QLatin1String("prior"))
            warmStart->mode = WarmStartSpec::Mode::Prior;
        else
            error(kPath + QStringLiteral(".mode"), QStringLiteral("must be best_first or prior, not '%1'").arg(name));
    }
    if (const YAML::Node topK = node["top_k"]) {
        const QVariant v = topK.IsScalar() ? yamlScalarValue(topK) : QVariant();
        if (v.typeId() != QMetaType::LongLong || v.toLongLong() < 1 || v.toLongLong() > 100000)
            error(kPath + QStringLiteral(".top_k"), QStringLiteral("must be an integer from 1 to 100000"));
        else
            warmStart->topK = int(v.toLongLong());
    }
    if (const YAML::Node rename = node["rename"]) {
        const QString at = kPath + QStringLiteral(".rename");
        if (!rename.IsMap()) {
            error(at, QStringLiteral("must map a source's parameter names to this study's, such as {learning_rate: lr}"));
        } else {
            for (const auto &kv : rename) {
                const QString from = QString::fromStdString(kv.first.Scalar());
                const QString to = kv.second.IsScalar() ? QString::fromStdString(kv.second.Scalar()) : QString();
                if (to.isEmpty()) {
                    error(at + u'.' + from, QStringLiteral("must be the parameter's name in this study"));
                } else if (const QString earlier = warmStart->rename.key(to); !earlier.isEmpty()) {
                    error(at + u'.' + from, QStringLiteral("'%1' is already the new name of '%2'").arg(to, earlier));
                } else {
                    warmStart->rename.insert(from, to);
                }
            }
        }
    }
    return issues;
}

QList<SpecIssue> checkWarmStartSpec(const StudySpec &spec)
{
    const WarmStartSpec &w = spec.warmStart;
    if (!w.isEnabled())
        return {};
    QList<SpecIssue> issues;
    for (auto it = w.rename.cbegin(); it != w.rename.cend(); ++it) {
        if (!spec.space.find(it.value()))
            issues << SpecIssue(kPath + QStringLiteral(".rename.") + it.key(),
                                QStringLiteral("'%1' is not a parameter of this study").arg(it.value()));
    }
    if (!issues.isEmpty() || w.mode != WarmStartSpec::Mode::Prior)
        return issues;
    const QString at = kPath + QStringLiteral(".mode");
    if (spec.method != QLatin1String("tpe") && spec.method != QLatin1String("bayes"))
        return {SpecIssue(at, QStringLiteral("prior needs a method that models the trials (tpe or bayes); method %1 "
                                             "cannot use prior observations: use best_first")
                                  .arg(spec.method))};
    if (spec.metrics.size() > 1)
        return {SpecIssue(at, QStringLiteral("prior works with one metric; with several use best_first"))};
    if (spec.space.hasConditions())
        return {SpecIssue(at, QStringLiteral("prior needs a search space without conditions (when:); use best_first"))};
    return {};
}

QVariantMap warmStartSpecToMap(const WarmStartSpec &warmStart)
{
    if (!warmStart.isEnabled())
        return {};
    QVariantList from;
    for (const QString &source : warmStart.from) {
        QString database, study;
        splitWarmStartSource(source, &database, &study);
        from << QString(redactedLocation(database) + u'#' + study);
    }
    QVariantMap map{{QStringLiteral("from"), from}, {QStringLiteral("mode"), warmStartModeName(warmStart.mode)}};
    if (warmStart.topK > 0)
        map.insert(QStringLiteral("top_k"), qlonglong(warmStart.topK));
    if (!warmStart.rename.isEmpty()) {
        QVariantMap rename;
        for (auto it = warmStart.rename.cbegin(); it != warmStart.rename.cend(); ++it)
            rename.insert(it.key(), it.value());
        map.insert(QStringLiteral("rename"), rename);
    }
    return map;
}

} // namespace tunescope
