// Sampler benchmark: runs each method on the public benchmark functions for several
// seeds, in-process through createSampler() (the code `tunescope run` uses), and prints the
// median final regret and median seconds per study next to the anchor figures.
//
//   bench_samplers [--methods bayes,tpe,sobol,random] [--functions branin,...] [--seeds 10]
//                  [--parallel N] [--large] [--verbose]
//
// --large instead times one bayes suggestion with 1,000 completed trials in 10 dimensions.

#include "benchfunctions.h"
#include "common/splitmix.h"
#include "samplers/gp/gpsampler.h"
#include "samplers/sampler.h"
#include "space/studyspec.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>

#include <algorithm>
#include <ctime>
#include <cstdio>

using namespace tunescope;
using namespace tunescope::bench;

namespace {

struct Anchor
{
    double gp, gpSeconds, tpeMv, tpe, random;
};

Anchor anchorFor(const QString &name)
{
    if (name == QLatin1String("branin"))
        return {3.6e-05, 2.53, 0.148, 0.489, 0.884};
    if (name == QLatin1String("hartmann3"))
        return {3.1e-05, 2.22, 0.134, 0.207, 0.581};
    if (name == QLatin1String("ackley5"))
        return {2.27, 4.67, 3.74, 3.71, 5.83};
    if (name == QLatin1String("styblinski_tang4"))
        return {18.9, 4.88, 18.9, 28.7, 34.3};
    if (name == QLatin1String("mixed_svm"))
        return {5.6e-08, 4.76, 0.0035, 0.0067, 0.024};
    return {0, 0, 0, 0, 0};
}

double median(std::vector<double> v)
{
    if (v.empty())
        return std::nan("");
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct StudyResult
{
    double regret = 0.0;
    double seconds = 0.0;
    double cpuSeconds = 0.0;
    bool ok = false;
};

// One study: `parallel` trials are suggested before the oldest one is told, so with
// parallel > 1 the sampler always sees parallel - 1 running trials.
QVariantMap gOptions; // --option key=value: sampler settings, as a study file's method settings

StudyResult runStudy(const BenchFunction &fn, const QString &method, quint64 seed, int parallel, bool verbose)
{
    StudySpec spec;
    spec.name = fn.name;
    spec.method = method;
    spec.space = fn.space;
    spec.metrics = {MetricSpec{QStringLiteral("value"), Goal::Minimize, false}};
    spec.seed = seed;
    spec.runCap = fn.budget;
    spec.parallel = parallel;
    spec.methodOptions = gOptions;
    QString error;
    StudyResult result;
    QElapsedTimer timer;
    timer.start();
    const std::clock_t cpuStart = std::clock();
    std::unique_ptr<Sampler> sampler = createSampler(spec, &error);
    if (!sampler) {
        if (verbose)
            std::fprintf(stderr, "%s: %s\n", qPrintable(method), qPrintable(error));
        return result;
    }
    QList<Trial> trials;
    double best = std::numeric_limits<double>::infinity();
    int told = 0;
    double fitSeconds = 0.0, acqSeconds = 0.0;
    int fitIterations = 0;
    const auto *gp = dynamic_cast<const GpSampler *>(sampler.get());
    for (int number = 0; number < fn.budget; ++number) {
        const std::optional<QVariantMap> params = sampler->suggest(trials, number);
        if (!params)
            break;
        if (gp) {
            fitSeconds += gp->lastDiagnostics().fitSeconds;
            acqSeconds += gp->lastDiagnostics().acquisitionSeconds;
            fitIterations += gp->lastDiagnostics().fitIterations;
        }
        Trial t;
        t.number = number;
        t.state = TrialState::Running;
        t.params = *params;
        trials.append(t);
        // Tell the oldest running trial once `parallel` are in flight (and all at the end).
        while (told < trials.size() && (trials.size() - told >= parallel || number == fn.budget - 1)) {
            Trial &r = trials[told++];
            r.value = fn.f(r.params);
            r.state = TrialState::Complete;
            best = std::min(best, *r.value);
        }
    }
    result.seconds = timer.nsecsElapsed() * 1e-9;
    result.cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    if (gp && verbose)
        std::fprintf(stderr, "  fit %.3f s (%d iterations), acquisition %.3f s\n", fitSeconds, fitIterations,
                     acqSeconds);
    result.regret = std::max(best - fn.fMin, 0.0);
    result.ok = true;
    return result;
}

void largeSuggestion()
{
    const int dim = 10, n = 1000;
    SearchSpace space = boxSpace(dim, -5, 5);
    SplitMix64 rng(1);
    QList<Trial> trials;
    for (int i = 0; i < n; ++i) {
        Trial t;
        t.number = i;
        t.state = TrialState::Complete;
        double s = 0.0;
        for (int d = 0; d < dim; ++d) {
            const double x = -5.0 + 10.0 * rng.unit();
            t.params.insert(QStringLiteral("x%1").arg(d + 1), x);
            s += x * x * x * x - 16 * x * x + 5 * x;
        }
        t.value = s / 2;
        trials.append(t);
    }
    GpSampler sampler(space, Goal::Minimize, 0);
    for (int call = 0; call < 2; ++call) {
        QElapsedTimer timer;
        timer.start();
        sampler.suggest(trials, n + call);
        const double s = timer.nsecsElapsed() * 1e-9;
        const auto &d = sampler.lastDiagnostics();
        std::printf("bayes suggestion, %d completed trials, %d-D, %s fit: %.3f s (fit %.3f s, %d iterations; "
                    "acquisition %.3f s)\n",
                    n, dim, call == 0 ? "cold" : "warm-started", s, d.fitSeconds, d.fitIterations,
                    d.acquisitionSeconds);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList methods = {QStringLiteral("bayes"), QStringLiteral("tpe"), QStringLiteral("sobol"),
                           QStringLiteral("random")};
    QStringList only;
    int seeds = 10, parallel = 1;
    bool verbose = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--methods") && i + 1 < args.size())
            methods = args[++i].split(QLatin1Char(','));
        else if (a == QLatin1String("--functions") && i + 1 < args.size())
            only = args[++i].split(QLatin1Char(','));
        else if (a == QLatin1String("--seeds") && i + 1 < args.size())
            seeds = args[++i].toInt();
        else if (a == QLatin1String("--parallel") && i + 1 < args.size())
            parallel = std::max(1, args[++i].toInt());
        else if (a == QLatin1String("--option") && i + 1 < args.size()) {
            const QStringList kv = args[++i].split(QLatin1Char('='));
            gOptions.insert(kv.value(0), kv.value(1));
        } else if (a == QLatin1String("--verbose"))
            verbose = true;
        else if (a == QLatin1String("--large")) {
            largeSuggestion();
            return 0;
        } else {
            std::fprintf(stderr, "usage: bench_samplers [--methods a,b] [--functions f,g] [--seeds N] "
                                 "[--parallel N] [--option key=value] [--large] [--verbose]\n");
            return 2;
        }
    }

    std::printf("%d seeds (0..%d), parallel %d; median final regret and median seconds per study\n\n", seeds,
                seeds - 1, parallel);
    std::printf("| function | budget | method | regret | s/study | CPU s/study | anchor GPSampler | GP s/study | TPE mv | TPE | random |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const BenchFunction &fn : publicFunctions()) {
        if (!only.isEmpty() && !only.contains(fn.name))
            continue;
        const Anchor a = anchorFor(fn.name);
        for (const QString &method : methods) {
            std::vector<double> regrets, seconds, cpu;
            for (int s = 0; s < seeds; ++s) {
                const StudyResult r = runStudy(fn, method, quint64(s), parallel, verbose);
                if (!r.ok)
                    break;
                regrets.push_back(r.regret);
                seconds.push_back(r.seconds);
                cpu.push_back(r.cpuSeconds);
                if (verbose)
                    std::fprintf(stderr, "%s %s seed %d: regret %.3g, %.3f s\n", qPrintable(fn.name),
                                 qPrintable(method), s, r.regret, r.seconds);
            }
            if (regrets.empty()) {
                std::printf("| %s | %d | %s | (unavailable) | | | | | | | |\n", qPrintable(fn.name), fn.budget,
                            qPrintable(method));
                continue;
            }
            std::printf("| %s | %d | %s | %.3g | %.3f | %.3f | %.3g | %.2f | %.3g | %.3g | %.3g |\n", qPrintable(fn.name),
                        fn.budget, qPrintable(method), median(regrets), median(seconds), median(cpu), a.gp, a.gpSeconds, a.tpeMv,
                        a.tpe, a.random);
            std::fflush(stdout);
        }
    }
    return 0;
}
