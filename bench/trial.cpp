// bench_trial: the trial program of the end-to-end benchmark. Evaluates one objective of
// objectives.h at the parameters on its command line and prints `value=V`, like any training
// program would print its metric. No Qt and statically linked, so that launching it costs
// what launching a small C program costs and the benchmark measures Tunescope, not this.
//
//   bench_trial FUNCTION SEED --name=value ...
//
// With a noisy objective the noise is drawn for (SEED, $TUNESCOPE_TRIAL), the same draw
// bench_samplers and optuna_reference.py use for that trial.

#include "objectives.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace tunescope::bench;

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_trial FUNCTION SEED --name=value ...\n");
        return 2;
    }
    const Objective *o = findObjective(argv[1]);
    if (!o) {
        std::fprintf(stderr, "bench_trial: unknown function %s\n", argv[1]);
        return 2;
    }
    const unsigned long long seed = std::strtoull(argv[2], nullptr, 10);
    std::vector<double> x(o->params.size(), std::nan(""));
    for (int i = 3; i < argc; ++i) {
        const char *arg = argv[i];
        if (std::strncmp(arg, "--", 2) != 0)
            continue;
        const char *eq = std::strchr(arg, '=');
        if (!eq)
            continue;
        const std::string name(arg + 2, eq), value(eq + 1);
        for (size_t p = 0; p < o->params.size(); ++p) {
            const ObjectiveParam &q = o->params[p];
            if (q.name != name)
                continue;
            if (q.kind == ObjectiveParam::Kind::Categorical) {
                for (size_t c = 0; c < q.choices.size(); ++c)
                    if (q.choices[c] == value)
                        x[p] = double(c);
            } else {
                x[p] = std::strtod(value.c_str(), nullptr);
            }
        }
    }
    for (size_t p = 0; p < x.size(); ++p) {
        if (std::isnan(x[p])) {
            std::fprintf(stderr, "bench_trial: no valid --%s=...\n", o->params[p].name.c_str());
            return 2;
        }
    }
    double v = o->f(x.data());
    if (o->noise > 0) {
        const char *trial = std::getenv("TUNESCOPE_TRIAL");
        v += o->noise * objectiveNoise(seed, trial ? std::atoi(trial) : 0);
    }
    std::printf("value=%.17g\n", v);
    return 0;
}
