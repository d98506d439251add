// Throwaway: TPE quality and speed on the public functions (10 seeds, medians).
// To be replaced by the bayes helper's bench/samplers.cpp, which runs every method.
#include "benchfunctions.h"
#include "tpesampler.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

using namespace tunescope;

static double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int main(int argc, char **argv)
{
    QVariantMap options;
    for (int i = 1; i + 1 < argc; i += 2)
        options.insert(QString::fromLatin1(argv[i]), QString::fromLatin1(argv[i + 1]));
    std::printf("%-18s %6s %12s %10s\n", "function", "budget", "regret(med)", "s/study");
    for (const bench::BenchFunction &f : bench::publicFunctions()) {
        std::vector<double> regrets, secs;
        for (quint64 seed = 0; seed < quint64(qEnvironmentVariableIntValue("TPE_SEEDS") ? qEnvironmentVariableIntValue("TPE_SEEDS") : 10); ++seed) {
            TpeSampler sampler(f.space, Goal::Minimize, seed, options);
            QList<Trial> trials;
            double best = std::numeric_limits<double>::infinity();
            QElapsedTimer timer;
            timer.start();
            for (int n = 0; n < f.budget; ++n) {
                Trial t;
                t.number = n;
                t.params = *sampler.suggest(trials, n);
                t.value = f.f(t.params);
                t.state = TrialState::Complete;
                best = std::min(best, *t.value);
                trials.append(t);
            }
            secs.push_back(timer.nsecsElapsed() * 1e-9);
            regrets.push_back(best - f.fMin);
        }
        std::printf("%-18s %6d %12.4g %10.4f\n", qPrintable(f.name), f.budget, median(regrets),
                    median(secs));
    }
    // Speed at 100 and 1000 trials (random history, one suggestion timed).
    for (int n : {100, 1000}) {
        const bench::BenchFunction f = bench::publicFunctions().at(4);
        TpeSampler sampler(f.space, Goal::Minimize, 1, options);
        TpeSampler warm(f.space, Goal::Minimize, 2, {{QStringLiteral("n_startup_trials"), 1 << 20}});
        QList<Trial> trials;
        for (int i = 0; i < n; ++i) {
            Trial t;
            t.number = i;
            t.params = *warm.suggest(trials, i);
            t.value = f.f(t.params);
            t.state = TrialState::Complete;
            trials.append(t);
        }
        QElapsedTimer timer;
        timer.start();
        const int reps = 20;
        for (int r = 0; r < reps; ++r)
            sampler.suggest(trials, n + r);
        std::printf("suggest at %d trials (mixed_svm): %.3f ms\n", n, timer.nsecsElapsed() * 1e-6 / reps);
    }
    return 0;
}
