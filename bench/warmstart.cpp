// bench_warmstart: how much a warm start from a related study saves (issue 15).
//
//   bench_warmstart [--seeds 20] [--methods bayes,tpe] [--pairs branin,hartmann3,styblinski_tang4,branin_against]
//
// For each pair of related tasks (a source objective of the suite, and a target that is the
// same function shifted in its inputs and shifted or rescaled in its values) and each seed:
// a source study of the method runs cold on the source task; a cold study runs on the target;
// then the target again, warm-started from the source study: `prior` (the source's trials as
// prior observations of another task) and `best_first` (the source's 5 best configurations
// enqueued first, then the sampler with nothing else from the source). Each study gets the same
// budget. Printed: how many trials the warm study needs to reach the cold study's final best,
// against the trials the cold study needed for it (the trial that found it), the median of
// that ratio over the seeds, and how often the warm study got there at all (a seed where it
// never does counts budget + 1 trials). branin_against is a control where the target runs
// against the source (what a wrong source costs). Every study is the samplers' ask/tell loop on the
// function directly (no processes); the warm start's reading of sources is what
// readWarmStartSources does, done here in memory.

#include "benchfunctions.h"
#include "samplers/sampler.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace tunescope;
using namespace tunescope::bench;

namespace {

/// A target task: offset + scale * f(x + shift) on the source's space.
struct TaskPair
{
    QString name;
    const Objective *source = nullptr;
    double offset = 0.0;
    double scale = 1.0;
    double shift = 0.0; ///< in units of each parameter's range
    int budget = 30;
    QString relation;   ///< as printed
};

double evaluate(const Objective &o, const QVariantMap &params, const TaskPair *target)
{
    std::vector<double> x = objectiveInput(o, params);
    if (!target)
        return o.f(x.data());
    for (size_t i = 0; i < x.size(); ++i) {
        const ObjectiveParam &p = o.params[i];
        x[i] = std::clamp(x[i] + target->shift * (p.high - p.low), p.low, p.high);
    }
    return target->offset + target->scale * o.f(x.data());
}

/// One study of `budget` trials, one at a time; `queued` configurations run first.
QList<Trial> runStudy(const TaskPair &pair, const QString &method, quint64 seed, bool onTarget,
                      const QList<Trial> &prior, const QList<QVariantMap> &queued)
{
    StudySpec spec;
    spec.name = pair.name;
    spec.method = method;
    spec.space = spaceOf(*pair.source);
    spec.metrics = {MetricSpec{QStringLiteral("value"), Goal::Minimize, false}};
    spec.seed = seed;
    QString error;
    std::unique_ptr<Sampler> sampler = createSampler(spec, &error);
    if (!sampler)
        qFatal("%s", qPrintable(error));
    if (!prior.isEmpty())
        sampler->setPriorTrials(prior);
    QList<Trial> trials;
    for (int number = 0; number < pair.budget; ++number) {
        Trial t;
        t.number = number;
        if (number < queued.size()) {
            t.params = queued[number];
            t.origin = trialOriginBestFirst;
        } else {
            const std::optional<QVariantMap> params = sampler->suggest(trials, number);
            if (!params)
                break;
            t.params = *params;
        }
        t.value = evaluate(*pair.source, t.params, onTarget ? &pair : nullptr);
        t.state = TrialState::Complete;
        trials.append(t);
    }
    return trials;
}

/// 1-based number of trials until the best value is at most `level`; budget + 1 when never.
int trialsToReach(const QList<Trial> &trials, double level, int budget)
{
    for (int i = 0; i < trials.size(); ++i)
        if (*trials[i].value <= level)
            return i + 1;
    return budget + 1;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n == 0 ? 0.0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double cpuNow()
{
    return double(std::clock()) / CLOCKS_PER_SEC;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int seeds = 20;
    QStringList methods{QStringLiteral("bayes"), QStringLiteral("tpe")};
    QStringList pairNames{QStringLiteral("branin"), QStringLiteral("hartmann3"), QStringLiteral("styblinski_tang4"),
                          QStringLiteral("branin_against")};
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--seeds"))
            seeds = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--methods"))
            methods = args[i + 1].split(u',');
        else if (args[i] == QLatin1String("--pairs"))
            pairNames = args[i + 1].split(u',');
        else {
            std::fprintf(stderr, "usage: bench_warmstart [--seeds N] [--methods bayes,tpe] [--pairs branin,...]\n");
            return 2;
        }
    }

    QList<TaskPair> pairs;
    for (const QString &name : pairNames) {
        TaskPair p;
        p.name = name;
        p.source = findObjective(name.section(u'_', 0, 0) == QLatin1String("branin") ? "branin" : name.toStdString());
        if (!p.source) {
            std::fprintf(stderr, "no objective %s\n", qPrintable(name));
            return 2;
        }
        // Related, not equal: every target moves the optimum by 2-3 % of each range and
        // changes the values' level; two of them also their scale.
        if (name == QLatin1String("branin_against")) {
            // A control: the target runs against the source (its best is the source's worst).
            p.offset = 300.0, p.scale = -1.0, p.shift = 0.0, p.budget = 30;
        } else if (name == QLatin1String("branin")) {
            p.offset = 10.0, p.scale = 1.0, p.shift = 0.02, p.budget = 30;
        } else if (name == QLatin1String("hartmann3")) {
            p.offset = 2.0, p.scale = 3.0, p.shift = 0.03, p.budget = 30;
        } else {
            p.offset = 50.0, p.scale = 0.5, p.shift = 0.02, p.budget = 40;
        }
        p.relation = QStringLiteral("%1 + %2 f(x + %3 range)").arg(p.offset).arg(p.scale).arg(p.shift);
        pairs << p;
    }

    std::printf("| Pair (target) | Method | Mode | Cold: trials to its final best (median) | Warm: trials to it (median) "
                "| Ratio warm/cold (median of %d seeds) | Seeds reaching it | CPU s per warm study |\n",
                seeds);
    std::printf("|---|---|---|---|---|---|---|---|\n");
    for (const TaskPair &pair : pairs) {
        for (const QString &method : methods) {
            std::vector<double> coldNeeded;
            std::vector<double> needed[2], ratios[2], cpu[2];
            int reached[2] = {0, 0};
            for (int s = 0; s < seeds; ++s) {
                const quint64 seed = quint64(s) + 1;
                // The source study: the method, cold, on the source task, with another seed.
                const QList<Trial> source = runStudy(pair, method, seed + 1000, false, {}, {});
                const QList<Trial> cold = runStudy(pair, method, seed, true, {}, {});
                const double coldBest = *bestTrial(cold, Goal::Minimize)->value;
                const int coldTrials = trialsToReach(cold, coldBest, pair.budget);
                coldNeeded.push_back(coldTrials);

                // What readWarmStartSources gives: prior observations (negative numbers,
                // marked), or the best configurations.
                QList<Trial> sorted = source;
                std::stable_sort(sorted.begin(), sorted.end(), [](const Trial &a, const Trial &b) { return *a.value < *b.value; });
                QList<Trial> prior = sorted;
                for (int i = 0; i < prior.size(); ++i) {
                    prior[i].number = i - int(prior.size());
                    prior[i].source = QStringLiteral("source.db#%1").arg(pair.name);
                }
                QList<QVariantMap> best;
                for (int i = 0; i < 5 && i < sorted.size(); ++i)
                    best << sorted[i].params;

                for (int mode = 0; mode < 2; ++mode) {
                    const double start = cpuNow();
                    const QList<Trial> warm = mode == 0 ? runStudy(pair, method, seed, true, prior, {})
                                                        : runStudy(pair, method, seed, true, {}, best);
                    cpu[mode].push_back(cpuNow() - start);
                    const int n = trialsToReach(warm, coldBest, pair.budget);
                    needed[mode].push_back(n);
                    ratios[mode].push_back(double(n) / coldTrials);
                    reached[mode] += n <= pair.budget;
                }
            }
            for (int mode = 0; mode < 2; ++mode) {
                std::printf("| %s (%s), %d trials | %s | %s | %.1f | %.1f | %.2f | %d/%d | %.3f |\n", qPrintable(pair.name),
                            qPrintable(pair.relation), pair.budget, qPrintable(method), mode == 0 ? "prior" : "best_first",
                            median(coldNeeded), median(needed[mode]), median(ratios[mode]), reached[mode], seeds,
                            median(cpu[mode]));
                std::fflush(stdout);
            }
        }
    }
    return 0;
}
