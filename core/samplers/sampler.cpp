#include "samplers/sampler.h"

#include "samplers/conditionalsampler.h"
#include "samplers/gp/gpsampler.h"
#include "samplers/imputingsampler.h"
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

namespace {

/// tpe and bayes on a conditional space (ConditionalSampler), and with W&B's impute
/// (ImputingSampler): what they see of the trials, around the sampler itself.
std::unique_ptr<Sampler> adapted(const StudySpec &spec, std::unique_ptr<Sampler> sampler,
                                 const ConditionalSampler::Factory &groupSampler)
{
    if (spec.space.hasConditions()) {
        sampler = groupSampler ? ConditionalSampler::grouped(spec.space, sampler->goal(), spec.seed, groupSampler)
                               : ConditionalSampler::neutral(std::move(sampler));
    }
    const MetricSpec &metric = spec.objective();
    if (!metric.impute.isEmpty() || !metric.imputeWhileRunning.isEmpty())
        sampler = std::make_unique<ImputingSampler>(std::move(sampler), metric, spec.repeats);
    return sampler;
}

/// TPE (one goal) or MOTPE (a list of goals) with the study's options: the same factory
/// makes the sampler and, on a conditional space, each group's own.
template <class TpeKind, class Goals>
std::unique_ptr<Sampler> tpeFamily(const StudySpec &spec, const Goals &goals)
{
    auto make = [goals, options = spec.methodOptions, costAware = spec.costAware](const SearchSpace &space,
                                                                                   quint64 seed) {
        auto sampler = std::make_unique<TpeKind>(space, goals, seed, options);
        sampler->setCostAware(costAware);
        return sampler;
    };
    return adapted(spec, make(spec.space, spec.seed), make);
}

} // namespace

std::unique_ptr<Sampler> createSampler(const StudySpec &spec, QString *error)
{
    const Goal goal = spec.metrics.isEmpty() ? Goal::Minimize : spec.objective().goal;
    const QString &method = spec.method;
    if (method == QLatin1String("random"))
        return std::make_unique<RandomSampler>(spec.space, goal, spec.seed);
    if (method == QLatin1String("tpe")) {
        if (const QString bad = TpeSampler::checkOptions(spec.methodOptions); !bad.isEmpty()) {
            if (error)
                *error = bad;
            return nullptr;
        }
        if (spec.metrics.size() > 1) {
            QList<Goal> goals;
            for (const MetricSpec &m : spec.metrics)
                goals << m.goal;
            return tpeFamily<MotpeSampler>(spec, goals);
        }
        return tpeFamily<TpeSampler>(spec, goal);
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
        auto sampler = std::make_unique<GpSampler>(spec.space, goal, spec.seed, spec.methodOptions, spec.repeats);
        sampler->setCostAware(spec.costAware);
        return adapted(spec, std::move(sampler), {});
    }
    if (error)
        *error = QStringLiteral("method: unknown method '%1' (expected %2)").arg(method, studyMethodsText());
    return nullptr;
}

} // namespace tunescope
