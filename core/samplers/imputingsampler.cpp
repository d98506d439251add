#include "samplers/imputingsampler.h"

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {
// W&B's failed_val: what it imputes when a strategy finds no value.
constexpr double kNoValue = 0.0;
} // namespace

ImputingSampler::ImputingSampler(std::unique_ptr<Sampler> inner, const MetricSpec &metric, int repeats)
    : Sampler(inner->space(), inner->goal(), inner->seed())
    , mInner(std::move(inner))
    , mMetric(metric)
    , mSeries(repeats > 1 ? metric.name + QStringLiteral("[0]") : metric.name)
{
}

QList<double> ImputingSampler::history(const Trial &trial) const
{
    QList<double> values;
    for (const MetricPoint &p : trial.intermediate.value(mSeries)) {
        if (std::isfinite(p.value))
            values << p.value;
    }
    return values;
}

double ImputingSampler::bestOf(const QList<double> &values) const
{
    return mMetric.goal == Goal::Maximize ? *std::max_element(values.begin(), values.end())
                                          : *std::min_element(values.begin(), values.end());
}

double ImputingSampler::worstOf(const QList<double> &values) const
{
    return mMetric.goal == Goal::Maximize ? *std::min_element(values.begin(), values.end())
                                          : *std::max_element(values.begin(), values.end());
}

double ImputingSampler::impute(const QString &strategy, const Trial &trial, double worst) const
{
    if (strategy == QLatin1String("latest")) {
        const QList<double> h = history(trial);
        return h.isEmpty() ? kNoValue : h.last();
    }
    if (strategy == QLatin1String("best")) {
        QList<double> h = history(trial);
        if (trial.value && std::isfinite(*trial.value))
            h << *trial.value;
        return h.isEmpty() ? kNoValue : bestOf(h);
    }
    return worst;
}

QList<Trial> ImputingSampler::imputed(const QList<Trial> &trials) const
{
    // W&B's worst: over every finished run (terminal state), the worst value it reported.
    std::optional<double> worst;
    for (const Trial &t : trials) {
        if (!isFinished(t.state) || isInterrupted(t))
            continue;
        QList<double> h = history(t);
        if (t.value && std::isfinite(*t.value))
            h << *t.value;
        if (h.isEmpty())
            continue;
        const double w = worstOf(h);
        worst = !worst ? w : (mMetric.goal == Goal::Maximize ? std::min(*worst, w) : std::max(*worst, w));
    }
    const QString strategy = mMetric.impute.isEmpty() ? QStringLiteral("worst") : mMetric.impute;

    QList<Trial> out = trials;
    for (Trial &t : out) {
        const bool stopped = (t.state == TrialState::Failed && !isInterrupted(t)) || t.state == TrialState::Pruned;
        if (stopped && !mMetric.impute.isEmpty()) {
            t.value = impute(strategy, t, worst.value_or(kNoValue));
            t.state = TrialState::Complete;
        } else if (t.state == TrialState::Running && !mMetric.imputeWhileRunning.isEmpty()) {
            const QList<double> h = history(t);
            t.value = h.isEmpty() ? impute(mMetric.imputeWhileRunning, t, worst.value_or(kNoValue)) : bestOf(h);
            t.state = TrialState::Complete;
        }
    }
    return out;
}

std::optional<QVariantMap> ImputingSampler::suggest(const QList<Trial> &trials, int number)
{
    return mInner->suggest(imputed(trials), number);
}

std::optional<int> ImputingSampler::recommendedTrial(const QList<Trial> &trials)
{
    return mInner->recommendedTrial(imputed(trials));
}

} // namespace tunescope
