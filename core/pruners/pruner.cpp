#include "pruners/pruner.h"

#include "pruners/ashapruner.h"
#include "pruners/hyperbandpruner.h"
#include "pruners/medianpruner.h"
#include "pruners/medianstoppruner.h"
#include "pruners/wandbhyperbandpruner.h"

#include <QSet>

#include <cmath>

namespace tunescope {

namespace {

struct PrunerConfig
{
    QString type;
    MedianPruner::Options median;
    AshaPruner::Options asha;
    std::optional<double> maxResource;
    std::optional<WandbHyperbandPruner::Options> wandb; ///< hyperband written with W&B's keys only
    int startStep = 0;                                  ///< medianstop
    std::optional<Goal> medianstopGoal;                 ///< medianstop's optimize_mode
};

/// Keys only Tunescope's (Optuna-style) hyperband and ASHA take; a hyperband without any of
/// them is W&B's.
bool hasTunescopeResourceKeys(const QVariantMap &config)
{
    for (const char *key : {"min_resource", "max_resource", "reduction_factor", "min_early_stopping_rate"}) {
        if (config.contains(QLatin1String(key)))
            return true;
    }
    return false;
}

/// Reads an early_terminate mapping (W&B keys and Tunescope's), collecting errors.
PrunerConfig readConfig(const QVariantMap &config, QList<SpecIssue> *issues)
{
    PrunerConfig c;
    c.type = config.value(QStringLiteral("type")).toString().toLower();
    auto error = [&](const QString &key, const QString &what) {
        issues->append(SpecIssue{QStringLiteral("early_terminate.") + key, what});
    };
    // A message names a resource key as the mapping spells it, W&B's (min_iter) or Tunescope's
    // (min_resource); a missing one is spelled like its partner, W&B's when both are missing.
    const auto spelled = [&](const char *ours, const char *wandb) -> std::optional<QString> {
        if (config.contains(QLatin1String(ours)))
            return QLatin1String(ours);
        if (config.contains(QLatin1String(wandb)))
            return QLatin1String(wandb);
        return std::nullopt;
    };
    const std::optional<QString> minSpelled = spelled("min_resource", "min_iter");
    const std::optional<QString> maxSpelled = spelled("max_resource", "max_iter");
    const QString minKey = minSpelled.value_or(maxSpelled == QLatin1String("max_resource") ? QStringLiteral("min_resource")
                                                                                         : QStringLiteral("min_iter"));
    const QString maxKey = maxSpelled.value_or(minKey == QLatin1String("min_resource") ? QStringLiteral("max_resource")
                                                                                     : QStringLiteral("max_iter"));
    auto number = [&](std::initializer_list<const char *> keys, double minimum, bool integer) -> std::optional<double> {
        for (const char *key : keys) {
            if (!config.contains(QLatin1String(key)))
                continue;
            const QVariant v = config.value(QLatin1String(key));
            bool ok = v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Int;
            const double d = v.toDouble();
            if (!ok || !std::isfinite(d) || (integer && d != std::floor(d))) {
                error(QLatin1String(key), integer ? QStringLiteral("must be an integer") : QStringLiteral("must be a number"));
                return std::nullopt;
            }
            if (d < minimum) {
                error(QLatin1String(key), QStringLiteral("must be >= %1").arg(minimum));
                return std::nullopt;
            }
            return d;
        }
        return std::nullopt;
    };

    QSet<QString> known{QStringLiteral("type")};
    if (c.type == QLatin1String("median")) {
        known += {"n_startup_trials", "n_warmup_steps", "interval_steps", "n_min_trials"};
        c.median.startupTrials = int(number({"n_startup_trials"}, 0, true).value_or(c.median.startupTrials));
        c.median.warmupSteps = int(number({"n_warmup_steps"}, 0, true).value_or(c.median.warmupSteps));
        c.median.intervalSteps = int(number({"interval_steps"}, 1, true).value_or(c.median.intervalSteps));
        c.median.minTrials = int(number({"n_min_trials"}, 1, true).value_or(c.median.minTrials));
    } else if (c.type == QLatin1String("medianstop")) {
        known += {"start_step", "optimize_mode"};
        c.startStep = int(number({"start_step"}, 0, true).value_or(0));
        if (config.contains(QStringLiteral("optimize_mode"))) {
            const QString mode = config.value(QStringLiteral("optimize_mode")).toString();
            if (mode == QLatin1String("maximize") || mode == QLatin1String("minimize"))
                c.medianstopGoal = mode == QLatin1String("maximize") ? Goal::Maximize : Goal::Minimize;
            else
                error(QStringLiteral("optimize_mode"), QStringLiteral("must be maximize or minimize, not '%1'").arg(mode));
        }
    } else if (c.type == QLatin1String("hyperband") && !hasTunescopeResourceKeys(config)) {
        // W&B's hyperband_stopping, with its schema's keys and defaults (eta 3, strict true).
        known += {"min_iter", "max_iter", "s", "eta", "strict"};
        WandbHyperbandPruner::Options w;
        const auto maxIter = number({"max_iter"}, -1e18, true);
        const auto minIter = number({"min_iter"}, 1, true);
        const auto brackets = number({"s"}, 0, true);
        if (config.contains(QStringLiteral("eta"))) {
            if (const auto eta = number({"eta"}, -1e18, false); eta && !(*eta > 1))
                error(QStringLiteral("eta"), QStringLiteral("must be > 1"));
            else if (eta)
                w.eta = *eta;
        }
        if (config.contains(QStringLiteral("strict"))) {
            const QVariant strict = config.value(QStringLiteral("strict"));
            if (strict.typeId() == QMetaType::Bool)
                w.strict = strict.toBool();
            else
                error(QStringLiteral("strict"), QStringLiteral("must be true or false"));
        }
        if (maxIter) {
            w.maxIter = qint64(*maxIter);
            if (!brackets && !config.contains(QStringLiteral("s")))
                error(QStringLiteral("s"), QStringLiteral("missing: with max_iter, s gives the number of bands below it"));
            w.s = int(brackets.value_or(0));
        } else if (minIter) {
            w.minIter = qint64(*minIter);
        } else if (!config.contains(QStringLiteral("max_iter")) && !config.contains(QStringLiteral("min_iter"))) {
            error(QStringLiteral("min_iter"), QStringLiteral("missing: give min_iter, or max_iter with s"));
        }
        if (issues->isEmpty() && WandbHyperbandPruner::bandsFor(w).empty())
            issues->append(SpecIssue{QStringLiteral("early_terminate"),
                                     QStringLiteral("gives no band (W&B: bands must be an array of length at least 1); "
                                                    "try increasing s, decreasing eta, or increasing min_iter")});
        c.wandb = w;
    } else if (c.type == QLatin1String("asha") || c.type == QLatin1String("hyperband")) {
        known += {"min_iter", "min_resource", "max_iter", "max_resource", "eta", "reduction_factor", "s",
                  "min_early_stopping_rate"};
        if (config.contains(QStringLiteral("strict")))
            error(QStringLiteral("strict"), c.type == QLatin1String("asha")
                                                ? QStringLiteral("is W&B's hyperband's; asha takes no strict")
                                                : QStringLiteral("is W&B's hyperband's, which takes W&B's keys only "
                                                                 "(min_iter, max_iter, s, eta, strict), not min_resource, "
                                                                 "max_resource, reduction_factor or min_early_stopping_rate"));
        c.asha.reductionFactor = number({"reduction_factor", "eta"}, 2, false).value_or(3);
        c.asha.minEarlyStoppingRate = int(number({"min_early_stopping_rate"}, 0, true).value_or(0));
        c.maxResource = number({"max_resource", "max_iter"}, 1, false);
        const auto minResource = number({"min_resource", "min_iter"}, 1e-9, false);
        const auto brackets = number({"s"}, 0, true);
        if (minResource)
            c.asha.minResource = *minResource;
        else if (c.maxResource && brackets) // W&B: brackets end at max_iter, s of them, eta apart
            c.asha.minResource = *c.maxResource / std::pow(c.asha.reductionFactor, *brackets);
        else if (c.maxResource)
            error(minKey, QStringLiteral("missing: give %1, or s with %2").arg(minKey, maxKey));
        if (c.maxResource && *c.maxResource < c.asha.minResource)
            error(maxKey, QStringLiteral("must not be below %1").arg(minKey));
    } else {
        error(QStringLiteral("type"), c.type.isEmpty() ? QStringLiteral("missing: median, medianstop, asha or hyperband")
                                                       : QStringLiteral("unknown pruner '%1' (expected median, medianstop, asha or hyperband)").arg(c.type));
        return c;
    }
    for (auto it = config.begin(); it != config.end(); ++it) {
        if (!known.contains(it.key()))
            error(it.key(), QStringLiteral("unknown key for %1").arg(c.type));
    }
    return c;
}

} // namespace

QList<MetricPoint> Pruner::series(const Trial &trial) const
{
    QList<MetricPoint> points = trial.intermediate.value(mMetric);
    if (mGoal == Goal::Maximize) {
        for (MetricPoint &p : points)
            p.value = -p.value;
    }
    return points;
}

std::optional<double> Pruner::valueAtOrAfter(const Trial &trial, qint64 step) const
{
    for (const MetricPoint &p : trial.intermediate.value(mMetric)) {
        if (p.step >= step)
            return mGoal == Goal::Maximize ? -p.value : p.value;
    }
    return std::nullopt;
}

QList<SpecIssue> validateEarlyTerminate(const QVariantMap &config)
{
    QList<SpecIssue> issues;
    readConfig(config, &issues);
    return issues;
}

std::unique_ptr<Pruner> createPruner(const StudySpec &spec, QString *error)
{
    if (spec.earlyTerminate.isEmpty())
        return nullptr;
    QList<SpecIssue> issues;
    const PrunerConfig c = readConfig(spec.earlyTerminate, &issues);
    if (!issues.isEmpty()) {
        if (error)
            *error = formatSpecIssues(issues, SpecIssue::Severity::Error).join(QStringLiteral("; "));
        return nullptr;
    }
    // With repeats each run has its own series; the first run decides whether the
    // configuration deserves the others.
    const QString metric = spec.repeats > 1 ? spec.objective().name + QStringLiteral("[0]") : spec.objective().name;
    const Goal goal = spec.objective().goal;
    if (c.type == QLatin1String("median"))
        return std::make_unique<MedianPruner>(metric, goal, c.median);
    if (c.type == QLatin1String("medianstop"))
        return std::make_unique<MedianStopPruner>(metric, c.medianstopGoal.value_or(goal), c.startStep);
    if (c.wandb)
        return std::make_unique<WandbHyperbandPruner>(metric, goal, *c.wandb);
    // Hyperband needs both ends of the resource range to form brackets; with only a minimum
    // (W&B's usual `min_iter`) it is successive halving from that minimum, as W&B runs it.
    if (c.type == QLatin1String("hyperband") && c.maxResource && *c.maxResource > c.asha.minResource) {
        HyperbandPruner::Options o;
        o.minResource = c.asha.minResource;
        o.maxResource = *c.maxResource;
        o.reductionFactor = c.asha.reductionFactor;
        return std::make_unique<HyperbandPruner>(metric, goal, o);
    }
    return std::make_unique<AshaPruner>(metric, goal, c.asha);
}

} // namespace tunescope
