#include "charts/completetrials.h"

#include "common/trial.h"
#include "space/studyspec.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace tunescope {

CompleteTrials CompleteTrials::of(const QList<Trial> &trials)
{
    CompleteTrials c;
    for (const Trial &t : trials) {
        if (t.state != TrialState::Complete || !t.value || !std::isfinite(*t.value))
            continue;
        c.low = c.trials.empty() ? *t.value : std::min(c.low, *t.value);
        c.high = c.trials.empty() ? *t.value : std::max(c.high, *t.value);
        c.highestNumber = std::max(c.highestNumber, t.number);
        c.trials.push_back(&t);
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
