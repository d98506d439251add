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
