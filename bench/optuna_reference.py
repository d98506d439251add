#!/usr/bin/python3
"""Live reference for bench_samplers: Optuna's samplers on the same suite, seeds and budgets.

    /usr/bin/python3 bench/optuna_reference.py --bench build/bench/bench_samplers \\
        [--optuna-src /tmp/optuna-4.7] [--methods gp,tpe-mv] [--functions branin,...]
        [--seeds 10] [--budget N] [--out reference.jsonl]

The suite (spaces, budgets, noise) comes from `bench_samplers --list`, and every objective
value from a `bench_samplers --serve` process, so Optuna optimizes exactly the functions (and
the same noise draws) that Tunescope's samplers do. Each finished study is one JSON line in
--out: the function, method, seed, Optuna's best trial's parameters and value, and the wall
and CPU seconds of the study (in-process, objective calls included). `bench_samplers
--reference FILE` judges those parameters with the same code as its own results (noise-free
regret, basin of a local descent) and prints the ratios.

Optuna 4.7's GPSampler is not in Debian (python3-optuna is 3.1): pass --optuna-src with a
checkout of its v4.7.0 tag (`git archive v4.7.0 | tar -x -C /tmp/optuna-4.7`); Debian's
torch, scipy and numpy are enough to run it. Methods: gp (GPSampler), tpe-mv (multivariate
TPE), tpe, random, qmc. Torch and BLAS are held to one thread, as the C++ samplers are.
"""
import argparse
import json
import os
import subprocess
import sys
import time

for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(var, "1")


class Evaluator:
    """The suite's objectives, evaluated by a `bench_samplers --serve` child process."""

    def __init__(self, bench):
        self.proc = subprocess.Popen([bench, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def __call__(self, name, seed, number, params):
        self.proc.stdin.write(f"{name}\t{seed}\t{number}\t{json.dumps(params)}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            sys.exit("bench_samplers --serve stopped")
        return float(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def make_sampler(optuna, method, seed):
    s = optuna.samplers
    if method == "gp":
        if not hasattr(s, "GPSampler"):
            sys.exit(f"Optuna {optuna.__version__} has no GPSampler: pass --optuna-src with Optuna 4")
        return s.GPSampler(seed=seed)
    if method == "tpe":
        return s.TPESampler(seed=seed)
    if method == "tpe-mv":
        return s.TPESampler(seed=seed, multivariate=True, warn_independent_sampling=False)
    if method == "random":
        return s.RandomSampler(seed=seed)
    if method == "qmc":
        return s.QMCSampler(seed=seed, warn_independent_sampling=False)
    sys.exit(f"unknown method {method}")


def run_study(optuna, fn, budget, method, seed, evaluate):
    def objective(trial):
        p = {}
        for q in fn["params"]:
            if q["kind"] == "float":
                p[q["name"]] = trial.suggest_float(q["name"], q["low"], q["high"], log=q["log"])
            elif q["kind"] == "int":
                p[q["name"]] = trial.suggest_int(q["name"], int(q["low"]), int(q["high"]), step=int(q["step"]),
                                                 log=q["log"])
            else:
                p[q["name"]] = trial.suggest_categorical(q["name"], q["choices"])
        return evaluate(fn["name"], seed, trial.number, p)

    wall, cpu = time.perf_counter(), time.process_time()
    study = optuna.create_study(sampler=make_sampler(optuna, method, seed))
    study.optimize(objective, n_trials=budget)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    best = study.best_trial
    return {"function": fn["name"], "method": method, "seed": seed, "budget": budget, "params": best.params,
            "best_value": best.value, "wall": wall, "cpu": cpu}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build",
                                                    "bench", "bench_samplers"),
                    help="the bench_samplers executable (lists the suite and evaluates it)")
    ap.add_argument("--optuna-src", default=None, help="an Optuna source tree to import instead of Debian's")
    ap.add_argument("--methods", default="gp,tpe-mv")
    ap.add_argument("--functions", default="", help="comma-separated names (default: the whole suite)")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--first-seed", type=int, default=0)
    ap.add_argument("--budget", type=int, default=0, help="trials per study (default: each function's budget)")
    ap.add_argument("--out", default="-", help="JSON lines, one per study (default: stdout); appended to")
    args = ap.parse_args()

    if args.optuna_src:
        sys.path.insert(0, os.path.abspath(args.optuna_src))
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    import warnings
    warnings.filterwarnings("ignore")
    try:
        import torch
        torch.set_num_threads(1)
    except ImportError:
        pass

    suite = json.loads(subprocess.run([args.bench, "--list"], check=True, capture_output=True, text=True).stdout)
    only = [x for x in args.functions.split(",") if x]
    unknown = [x for x in only if x not in {f["name"] for f in suite}]
    if unknown:
        sys.exit(f"unknown functions: {', '.join(unknown)}")
    evaluate = Evaluator(args.bench)
    out = sys.stdout if args.out == "-" else open(args.out, "a")
    for fn in suite:
        if only and fn["name"] not in only:
            continue
        for method in args.methods.split(","):
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                record = run_study(optuna, fn, args.budget or fn["budget"], method, seed, evaluate)
                record["optuna"] = optuna.__version__
                out.write(json.dumps(record) + "\n")
                out.flush()
                print(f"{fn['name']} {method} seed {seed}: {record['best_value']:.6g} in {record['wall']:.2f} s",
                      file=sys.stderr, flush=True)
    evaluate.close()


if __name__ == "__main__":
    main()
