#include "analysis/metricsummary.h"

#include <cmath>
#include <limits>

namespace tunescope {

Goal metricGoal(const StudySpec &spec, const QString &metric)
{
    for (const MetricSpec &m : spec.metrics) {
        if (m.name == metric)
            return m.goal;
    }
    const QString n = metric.toLower();
    for (const char *word : {"loss", "err", "mse", "mae", "perplexity", "regret", "time"}) {
        if (n.contains(QLatin1String(word)))
            return Goal::Minimize;
    }
    for (const char *word : {"acc", "auc", "f1", "precision", "recall", "score", "r2", "iou", "map", "reward"}) {
        if (n.contains(QLatin1String(word)))
            return Goal::Maximize;
    }
    return spec.metrics.isEmpty() ? Goal::Minimize : spec.objective().goal;
}

double bestReported(const QList<MetricPoint> &points, Goal goal)
{
    double best = std::numeric_limits<double>::quiet_NaN();
    for (const MetricPoint &p : points) {
        if (std::isnan(p.value))
            continue;
        if (std::isnan(best) || (goal == Goal::Maximize ? p.value > best : p.value < best))
            best = p.value;
    }
    return best;
}

} // namespace tunescope
