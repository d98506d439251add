// bench_costaware: what cost-aware bayes and tpe (cost_aware: true, issue 20) buy when what a
// trial costs depends on its parameters.
//
//   bench_costaware [--seeds 10] [--budget 100] [--cases branin_cheap_min,hartmann3_costly_min]
//                   [--methods bayes,tpe]
//
// Each case is a function of the suite with a synthetic run time per configuration, from 1 to
// 10 units along its first input: branin_cheap_min makes x1 expensive (branin's three minima
// lie at x1 = -pi, pi and 9.42: one is cheap), hartmann3_costly_min makes x1 cheap (its one
// minimum lies at x1 = 0.11, where a trial costs 7.7 units): a control, where preferring
// cheap points is the wrong bet. Each study is the ask/tell loop of the method on the function,
// each trial's run time stored as its TrialUsage::runSeconds as the runner does, and it runs
// until the compute spent (the sum of run times) reaches the budget. Printed, per case: the
// median over seeds of the regret (best value found - the function's minimum) after a quarter,
// half and all of the budget, with and without cost_aware; the median compute each needed to
// reach a regret of 0.01 (a seed that never does counts all it spent; how many seeds did is
// printed), and the trials each ran. CPU s is the samplers' own time.

#include "benchfunctions.h"
#include "samplers/sampler.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

using namespace tunescope;
using namespace tunescope::bench;

namespace {

/// The regret whose reaching is timed: close to the minimum on both functions' scales.
constexpr double kTargetRegret = 0.01;

struct CostCase
{
    QString name;
    const Objective *objective = nullptr;
    bool cheapLow = true; ///< cost rises along the first input (else falls)
    QString costText;
};

/// 1 to 10 units, log-linear along the first input's unit coordinate.
double trialCost(const CostCase &c, const QVariantMap &params)
{
    const ObjectiveParam &p = c.objective->params[0];
    const double x = objectiveInput(*c.objective, params)[0];
    const double u = std::clamp((x - p.low) / (p.high - p.low), 0.0, 1.0);
    return std::exp(std::log(10.0) * (c.cheapLow ? u : 1.0 - u));
}

struct Run
{
    std::vector<double> spent;  ///< compute after each trial
    std::vector<double> best;   ///< best value after each trial
    double cpuSeconds = 0.0;
};

Run runStudy(const CostCase &c, const QString &method, quint64 seed, bool costAware, double budget)
{
    StudySpec spec;
    spec.name = c.name;
    spec.method = method;
    spec.space = spaceOf(*c.objective);
    spec.metrics = {MetricSpec{QStringLiteral("value"), Goal::Minimize, false}};
    spec.seed = seed;
    spec.costAware = costAware;
    QString error;
    std::unique_ptr<Sampler> sampler = createSampler(spec, &error);
    if (!sampler)
        qFatal("%s", qPrintable(error));
    QList<Trial> trials;
    Run run;
    double spent = 0.0;
    double best = std::numeric_limits<double>::infinity();
    const std::clock_t start = std::clock();
    for (int number = 0; spent < budget; ++number) {
        const std::optional<QVariantMap> params = sampler->suggest(trials, number);
        if (!params)
            break;
        Trial t;
        t.number = number;
        t.params = *params;
        t.value = c.objective->f(objectiveInput(*c.objective, t.params).data());
        t.state = TrialState::Complete;
        t.usage.runSeconds = trialCost(c, t.params);
        spent += *t.usage.runSeconds;
        best = std::min(best, *t.value);
        run.spent.push_back(spent);
        run.best.push_back(best);
        trials.append(t);
    }
    run.cpuSeconds = double(std::clock() - start) / CLOCKS_PER_SEC;
    return run;
}

/// The best value once `compute` was spent (the last trial finished by then).
double bestAt(const Run &run, double compute)
{
    double best = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < run.spent.size() && run.spent[i] <= compute; ++i)
        best = run.best[i];
    return best;
}

/// The compute spent when the best value first reached `level`; nullopt when never.
std::optional<double> computeToReach(const Run &run, double level)
{
    for (size_t i = 0; i < run.best.size(); ++i)
        if (run.best[i] <= level)
            return run.spent[i];
    return std::nullopt;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n == 0 ? 0.0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

const Objective *objectiveNamed(const char *name)
{
    for (const Objective &o : objectives())
        if (o.name == name)
            return &o;
    qFatal("no objective %s", name);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int seeds = 10;
    double budget = 100.0;
    QStringList only;
    QStringList methods{QStringLiteral("bayes"), QStringLiteral("tpe")};
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--seeds") && i + 1 < args.size())
            seeds = args[++i].toInt();
        else if (args[i] == QLatin1String("--budget") && i + 1 < args.size())
            budget = args[++i].toDouble();
        else if (args[i] == QLatin1String("--cases") && i + 1 < args.size())
            only = args[++i].split(QLatin1Char(','));
        else if (args[i] == QLatin1String("--methods") && i + 1 < args.size())
            methods = args[++i].split(QLatin1Char(','));
        else {
            std::fprintf(stderr, "usage: bench_costaware [--seeds N] [--budget UNITS] [--cases branin_cheap_min,hartmann3_costly_min] [--methods bayes,tpe]\n");
            return 2;
        }
    }
    const QList<CostCase> cases = {
        {QStringLiteral("branin_cheap_min"), objectiveNamed("branin"), true, QStringLiteral("1-10 rising with x1")},
        {QStringLiteral("hartmann3_costly_min"), objectiveNamed("hartmann3"), false, QStringLiteral("10-1 falling with x1")},
    };
    std::printf("bench_costaware: %s with and without cost_aware, %d seeds, stopped at %.0f units of compute\n\n", qPrintable(methods.join(QStringLiteral(", "))),
                seeds, budget);
    std::printf("| Method | Case | Cost | Regret at 1/4, 1/2, all of the budget: plain | cost_aware | Compute to regret 0.01: plain (seeds reaching it) | cost_aware | Trials plain / cost_aware | CPU s per study plain / cost_aware |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|\n");
    for (const QString &method : std::as_const(methods))
    for (const CostCase &c : cases) {
        if (!only.isEmpty() && !only.contains(c.name))
            continue;
        std::vector<double> regret[2][3], reach[2], trials[2], cpu[2];
        int reached[2] = {0, 0};
        for (int s = 0; s < seeds; ++s) {
            const Run runs[2] = {runStudy(c, method, quint64(s), false, budget), runStudy(c, method, quint64(s), true, budget)};
            const double target = c.objective->fMin + kTargetRegret;
            for (int a = 0; a < 2; ++a) {
                for (int q = 0; q < 3; ++q)
                    regret[a][q].push_back(bestAt(runs[a], budget * (q + 1 == 3 ? 1.0 : 0.25 * (q + 1))) - c.objective->fMin);
                const std::optional<double> r = computeToReach(runs[a], target);
                if (r)
                    ++reached[a];
                reach[a].push_back(r.value_or(runs[a].spent.back()));
                trials[a].push_back(double(runs[a].spent.size()));
                cpu[a].push_back(runs[a].cpuSeconds);
            }
        }
        auto regrets = [&](int a) {
            return QStringLiteral("%1, %2, %3").arg(median(regret[a][0]), 0, 'g', 3).arg(median(regret[a][1]), 0, 'g', 3).arg(median(regret[a][2]), 0, 'g', 3);
        };
        std::printf("| %s | %s | %s | %s | %s | %.0f (%d of %d) | %.0f (%d of %d) | %.0f / %.0f | %.2f / %.2f |\n", qPrintable(method), qPrintable(c.name), qPrintable(c.costText),
                    qPrintable(regrets(0)), qPrintable(regrets(1)), median(reach[0]), reached[0], seeds, median(reach[1]), reached[1], seeds,
                    median(trials[0]), median(trials[1]), median(cpu[0]), median(cpu[1]));
        std::fflush(stdout);
    }
    return 0;
}
