#include "samplers/sampler.h"

#include "samplers/gp/gpsampler.h"
#include "samplers/gridsampler.h"
#include "samplers/motpesampler.h"
#include "samplers/randomsampler.h"
#include "samplers/sobolsampler.h"
#include "common/splitmix.h"
#include "samplers/tpesampler.h"

namespace tunescope {

quint64 Sampler::trialSeed(int number, quint64 salt) const
{
    return splitmix64(mSeed ^ splitmix64(quint64(qint64(number)) ^ splitmix64(salt)));
}

std::unique_ptr<Sampler> createSampler(const StudySpec &spec, QString *error)
{
    const Goal goal = spec.metrics.isEmpty() ? Goal::Minimize : spec.objective().goal;
    const QString &method = spec.method;
    if (method == QLatin1String("random"))
        return std::make_unique<RandomSampler>(spec.space, goal, spec.seed);
    if (method == QLatin1String("tpe"))
    {
        if (const QString bad = TpeSampler::checkOptions(spec.methodOptions); !bad.isEmpty()) {
            if (error)
                *error = bad;
            return nullptr;
        }
        if (spec.metrics.size() > 1) {
            QList<Goal> goals;
            for (const MetricSpec &m : spec.metrics)
                goals << m.goal;
            return std::make_unique<MotpeSampler>(spec.space, goals, spec.seed, spec.methodOptions);
        }
        return std::make_unique<TpeSampler>(spec.space, goal, spec.seed, spec.methodOptions);
    }
    if (method == QLatin1String("grid") || method == QLatin1String("random-grid")) {
        SpecIssue why;
        if (!spec.space.gridSize(&why)) {
            if (error)
                *error = QStringLiteral("method %1: %2").arg(method, formatSpecIssue(why));
            return nullptr;
        }
        return std::make_unique<GridSampler>(spec.space, goal, spec.seed,
                                             method == QLatin1String("grid") ? GridSampler::Order::Sequential
                                                                             : GridSampler::Order::Shuffled);
    }
    if (method == QLatin1String("sobol"))
        return std::make_unique<SobolSampler>(spec.space, goal, spec.seed);
    if (method == QLatin1String("bayes")) {
        if (const QString bad = GpSampler::checkOptions(spec.methodOptions); !bad.isEmpty()) {
            if (error)
                *error = bad;
            return nullptr;
        }
        return std::make_unique<GpSampler>(spec.space, goal, spec.seed, spec.methodOptions, spec.repeats);
    }
    if (error)
        *error = QStringLiteral("method: unknown method '%1' (expected %2)").arg(method, studyMethodsText());
    return nullptr;
}

} // namespace tunescope
