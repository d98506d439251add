#pragma once

#include "pruners/pruner.h"

#include <vector>

namespace tunescope {

/// W&B's hyperband early termination, as its sweeps library decides it
/// (src/sweeps/hyperband_stopping.py): bands at report counts, from max_iter / eta^k for s
/// bands below max_iter, or min_iter * eta^k upwards from min_iter. The threshold of a band
/// is the value ranked floor(n / eta) among the n trials (any state) that reported that
/// often; a running trial past a band is stopped when its value at the band it last passed
/// (strict, W&B's default) or its best value so far (strict: false) is worse than that band's
/// threshold. Counts and values are its finite reports of the metric, in order: W&B's history.
class WandbHyperbandPruner : public Pruner
{
public:
    struct Options
    {
        std::optional<qint64> maxIter; ///< with s: the bands end here
        int s = 0;
        std::optional<qint64> minIter; ///< without max_iter: the first band
        double eta = 3;
        bool strict = true;
    };

    WandbHyperbandPruner(QString metric, Goal goal, Options options);

    PruneDecision decide(const Trial &trial, const QList<Trial> &trials) const override;
    QString name() const override { return QStringLiteral("hyperband"); }

    /// The bands (report counts), ascending; empty when the options make none.
    const std::vector<qint64> &bands() const { return mBands; }
    /// W&B's bands for these options (what the constructor uses).
    static std::vector<qint64> bandsFor(const Options &options);

private:
    /// A trial's finite reports of the metric, turned so that lower is better.
    std::vector<double> history(const Trial &trial) const;

    Options mOptions;
    std::vector<qint64> mBands;
};

} // namespace tunescope
