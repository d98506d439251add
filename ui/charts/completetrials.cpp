#include "charts/completetrials.h"

#include "common/trial.h"
#include "space/studyspec.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace tunescope {

CompleteTrials CompleteTrials::of(const QList<Trial> &trials)
{
    return of(trials, [](const Trial &t) { return t.value; });
}

CompleteTrials CompleteTrials::of(const QList<Trial> &trials, const std::function<std::optional<double>(const Trial &)> &valueOf)
{
    CompleteTrials c;
    for (const Trial &t : trials) {
        if (t.state != TrialState::Complete)
            continue;
        const std::optional<double> v = valueOf(t);
        if (!v || !std::isfinite(*v))
            continue;
        c.low = c.trials.empty() ? *v : std::min(c.low, *v);
        c.high = c.trials.empty() ? *v : std::max(c.high, *v);
        c.highestNumber = std::max(c.highestNumber, t.number);
        c.trials.push_back(&t);
        c.values.push_back(*v);
    }
    return c;
}

CompleteTrials CompleteTrials::best(size_t n, bool maximize) const
{
    if (n >= trials.size())
        return *this;
    std::vector<size_t> order(trials.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::nth_element(order.begin(), order.begin() + qsizetype(n), order.end(), [&](size_t a, size_t b) {
        return maximize ? values[a] > values[b] : values[a] < values[b];
    });
    order.resize(n);
    std::sort(order.begin(), order.end()); // back in the trials' order
    CompleteTrials c;
    for (size_t i : order) {
        const double v = values[i];
        c.low = c.trials.empty() ? v : std::min(c.low, v);
        c.high = c.trials.empty() ? v : std::max(c.high, v);
        c.highestNumber = std::max(c.highestNumber, trials[i]->number);
        c.trials.push_back(trials[i]);
        c.values.push_back(v);
    }
    return c;
}

QList<PlotAxis> CompleteTrials::parameterAxes(const QList<Parameter> &params) const
{
    QList<PlotAxis> axes;
    for (const Parameter &p : params) {
        QList<QVariant> seen;
        for (const Trial *t : trials)
            seen << t->params.value(p.name);
        axes << PlotAxis::forParameter(p, seen);
    }
    return axes;
}

QString objectiveAxisName(const StudySpec &spec)
{
    return spec.metrics.isEmpty() ? QCoreApplication::translate("CompleteTrials", "objective") : spec.objective().name;
}

bool maximizesObjective(const StudySpec &spec)
{
    return !spec.metrics.isEmpty() && spec.objective().goal == Goal::Maximize;
}

} // namespace tunescope
