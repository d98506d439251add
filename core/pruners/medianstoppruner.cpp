#include "pruners/medianstoppruner.h"

#include <algorithm>
#include <cmath>

namespace tunescope {

PruneDecision MedianStopPruner::decide(const Trial &trial, const QList<Trial> &trials) const
{
    // Lower is better here (series() turns maximized values); NaN reports count as reports
    // but never as a best value.
    const QList<MetricPoint> own = series(trial);
    const qsizetype step = own.size();
    if (step == 0 || step < mStartStep)
        return {};
    double best = qInf();
    for (const MetricPoint &p : own) {
        if (!std::isnan(p.value))
            best = std::min(best, p.value);
    }

    std::vector<double> averages;
    for (const Trial &t : trials) {
        if (t.state != TrialState::Complete || t.number == trial.number)
            continue;
        const QList<MetricPoint> history = series(t);
        if (history.size() < step)
            continue;
        double sum = 0;
        for (qsizetype k = 0; k < step; ++k)
            sum += history.at(k).value;
        averages.push_back(sum / double(step));
    }
    if (averages.empty() || std::isinf(best))
        return {};
    std::sort(averages.begin(), averages.end());
    // NNI picks the lower middle when higher is better and the upper middle when lower is;
    // turned to lower-is-better, both are the same element: the worse middle.
    const double median = averages[averages.size() / 2];
    if (best > median) {
        return {true, QStringLiteral("pruned after %1 reports by medianstop: best %2 is worse than the median %3 of %4 "
                                     "completed trials' running averages")
                          .arg(step)
                          .arg(shown(best))
                          .arg(shown(median))
                          .arg(averages.size())};
    }
    return {};
}

} // namespace tunescope
