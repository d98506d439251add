#!/usr/bin/python3
"""Live reference for bench_samplers: Debian's Optuna (TPE, multivariate TPE, random, QMC)
on the same public functions and seeds, printed in the same table format.

    /usr/bin/python3 bench/optuna_reference.py [--methods tpe,tpe-mv,random,qmc]
                                               [--functions branin,...] [--seeds 10]
                                               [--functions-py PATH]

The objectives come from shared/bench/functions.py (found next to the repository, through
--functions-py or $TUNESCOPE_BENCH_DIR), so both programs optimize exactly the same thing.
"""
import argparse
import importlib.util
import os
import statistics
import sys
import time

ANCHORS = {  # GPSampler regret, GP s/study, TPE multivariate, TPE, random (Optuna 4.7)
    "branin": (3.6e-05, 2.53, 0.148, 0.489, 0.884),
    "hartmann3": (3.1e-05, 2.22, 0.134, 0.207, 0.581),
    "ackley5": (2.27, 4.67, 3.74, 3.71, 5.83),
    "styblinski_tang4": (18.9, 4.88, 18.9, 28.7, 34.3),
    "mixed_svm": (5.6e-08, 4.76, 0.0035, 0.0067, 0.024),
}


def find_functions(explicit):
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [explicit, os.environ.get("TUNESCOPE_BENCH_DIR"),
                  os.path.join(here, "..", "..", "shared", "bench"),
                  os.path.join(here, "..", "..", "..", "shared", "bench"), "/work/shared/bench"]
    for c in candidates:
        if not c:
            continue
        path = c if c.endswith(".py") else os.path.join(c, "functions.py")
        if os.path.exists(path):
            spec = importlib.util.spec_from_file_location("bench_functions", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    sys.exit("functions.py not found: pass --functions-py PATH or set TUNESCOPE_BENCH_DIR")


def make_sampler(optuna, method, seed):
    s = optuna.samplers
    if method == "tpe":
        return s.TPESampler(seed=seed)
    if method == "tpe-mv":
        return s.TPESampler(seed=seed, multivariate=True, warn_independent_sampling=False)
    if method == "random":
        return s.RandomSampler(seed=seed)
    if method == "qmc":
        return s.QMCSampler(seed=seed, warn_independent_sampling=False)
    raise SystemExit(f"unknown method {method}")


def run_study(optuna, space, f, budget, method, seed):
    def objective(trial):
        p = {}
        for entry in space:
            if entry[1] == "float":
                p[entry[0]] = trial.suggest_float(entry[0], entry[2], entry[3], log=entry[4])
            elif entry[1] == "int":
                p[entry[0]] = trial.suggest_int(entry[0], entry[2], entry[3], log=entry[4])
            else:
                p[entry[0]] = trial.suggest_categorical(entry[0], entry[2])
        return f(p)

    wall, cpu = time.perf_counter(), time.process_time()
    study = optuna.create_study(sampler=make_sampler(optuna, method, seed))
    study.optimize(objective, n_trials=budget)
    return study.best_value, time.perf_counter() - wall, time.process_time() - cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--methods", default="tpe,tpe-mv,random")
    ap.add_argument("--functions", default="")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--functions-py", default=None)
    args = ap.parse_args()

    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    import warnings
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    bench = find_functions(args.functions_py)
    only = [x for x in args.functions.split(",") if x]

    print(f"Optuna {optuna.__version__}, {args.seeds} seeds (0..{args.seeds - 1}); median final regret and median seconds per study\n")
    print("| function | budget | method | regret | s/study | CPU s/study | anchor GPSampler | GP s/study | TPE mv | TPE | random |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, (space, f, f_min, budget) in bench.FUNCTIONS.items():
        if only and name not in only:
            continue
        a = ANCHORS.get(name, (0, 0, 0, 0, 0))
        for method in args.methods.split(","):
            regrets, walls, cpus = [], [], []
            for seed in range(args.seeds):
                best, wall, cpu = run_study(optuna, space, f, budget, method, seed)
                regrets.append(max(best - f_min, 0.0))
                walls.append(wall)
                cpus.append(cpu)
            print(f"| {name} | {budget} | optuna-{method} | {statistics.median(regrets):.3g} | "
                  f"{statistics.median(walls):.3f} | {statistics.median(cpus):.3f} | {a[0]:.3g} | {a[1]:.2f} | "
                  f"{a[2]:.3g} | {a[3]:.3g} | {a[4]:.3g} |", flush=True)


if __name__ == "__main__":
    main()
