#pragma once

#include "samplers/sampler.h"

#include <memory>

namespace tunescope {

/// W&B's metric.impute and impute_while_running (src/sweeps/bayes_search.py): the trials a
/// model-based sampler sees, with values put in where W&B's bayes search puts them.
///
/// A failed or pruned trial (W&B's failed, crashed or killed run) becomes a complete one with
/// the imputed value: worst, the worst value any finished trial reported (its worst report
/// or its result); best, its own best report or result; latest, its last report. With
/// impute_while_running, a running trial counts as complete with its best report so far (or
/// the imputed value when it has none). Where W&B has no value to impute it uses 0, and so
/// does this. Everything else reaches the inner sampler as it is.
class ImputingSampler : public Sampler
{
public:
    ImputingSampler(std::unique_ptr<Sampler> inner, const MetricSpec &metric, int repeats);

    std::optional<QVariantMap> suggest(const QList<Trial> &trials, int number) override;
    bool readsTrials() const override { return true; }
    std::optional<int> recommendedTrial(const QList<Trial> &trials) override;
    std::optional<qint64> capacity() const override { return mInner->capacity(); }
    void setPriorTrials(const QList<Trial> &prior) override { mInner->setPriorTrials(prior); }

    /// The trials as the inner sampler gets them.
    QList<Trial> imputed(const QList<Trial> &trials) const;

private:
    /// Finite reports of the objective, and the result when there is one, in order.
    QList<double> history(const Trial &trial) const;
    double bestOf(const QList<double> &values) const;
    double worstOf(const QList<double> &values) const;
    double impute(const QString &strategy, const Trial &trial, double worst) const;

    std::unique_ptr<Sampler> mInner;
    MetricSpec mMetric;
    QString mSeries; ///< the series of the objective ("name", "name[0]" with repeats)
};

} // namespace tunescope
