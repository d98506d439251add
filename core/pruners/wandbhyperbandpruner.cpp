#include "pruners/wandbhyperbandpruner.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tunescope {

namespace {
// No trial reports more often than this; W&B's 100 bands from min_iter go far beyond it.
constexpr double kLastBand = 1e15;
} // namespace

std::vector<qint64> WandbHyperbandPruner::bandsFor(const Options &options)
{
    std::vector<qint64> bands;
    if (options.maxIter) {
        double band = double(*options.maxIter);
        for (int i = 0; i < options.s; ++i) {
            band /= options.eta;
            if (band < 1)
                break;
            bands.push_back(qint64(band)); // Python's int(): towards zero
        }
        std::sort(bands.begin(), bands.end());
    } else if (options.minIter) {
        double band = double(*options.minIter);
        for (int i = 0; i < 100 && band <= kLastBand; ++i) {
            bands.push_back(qint64(band));
            band *= options.eta;
        }
    }
    return bands;
}

WandbHyperbandPruner::WandbHyperbandPruner(QString metric, Goal goal, Options options)
    : Pruner(std::move(metric), goal), mOptions(options), mBands(bandsFor(options))
{
}

std::vector<double> WandbHyperbandPruner::history(const Trial &trial) const
{
    std::vector<double> out;
    for (const MetricPoint &p : series(trial)) {
        if (std::isfinite(p.value))
            out.push_back(p.value);
    }
    return out;
}

PruneDecision WandbHyperbandPruner::decide(const Trial &trial, const QList<Trial> &trials) const
{
    const std::vector<double> own = history(trial);
    // The band this trial passed last; none yet means no decision.
    qint64 closest = -1;
    for (const qint64 band : mBands) {
        if (band <= qint64(own.size()))
            closest = band;
        else
            break;
    }
    if (closest < 1)
        return {};

    // W&B computes the threshold of every band from every run with a history, this one too.
    std::vector<double> atBand;
    const auto collect = [&](const std::vector<double> &h) {
        if (qint64(h.size()) >= closest)
            atBand.push_back(h[size_t(closest - 1)]);
    };
    collect(own);
    for (const Trial &t : trials) {
        if (t.number != trial.number)
            collect(history(t));
    }
    std::sort(atBand.begin(), atBand.end());
    const double r = 1.0 / mOptions.eta;
    const double threshold = atBand[size_t(r * double(atBand.size()))];

    const double condition = mOptions.strict ? own[size_t(closest - 1)] : *std::min_element(own.begin(), own.end());
    if (condition > threshold) {
        return {true, QStringLiteral("pruned after %1 reports by hyperband: %2 %3 is worse than the band's threshold %4 "
                                     "(the best 1/%5 of %6 trials)")
                          .arg(own.size())
                          .arg(mOptions.strict ? QStringLiteral("its value at report %1,").arg(closest) : QStringLiteral("its best value"))
                          .arg(shown(condition))
                          .arg(shown(threshold))
                          .arg(mOptions.eta)
                          .arg(atBand.size())};
    }
    return {};
}

} // namespace tunescope
