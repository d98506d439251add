#!/usr/bin/python3
"""Writes Optuna studies into an Optuna storage and reports what Optuna itself reads back.

    make_optuna_studies.py STORAGE_URL REPORT.json            # the test studies
    make_optuna_studies.py STORAGE_URL REPORT.json --large N  # one study of N trials (bench)

The test suite tst_optunareader runs this with Debian's python3-optuna (3.1) at test time, for a
SQLite file and for PostgreSQL, and compares what Tunescope reads from the storage with the
report: the values, parameters, distributions, intermediate values, attributes, states and
times as Optuna's own API returns them. The Optuna 4 fixture (optuna-4.7.db, its report
optuna-4.7.json) was written once by the same script under Optuna 4.7 (make-optuna4-fixture.sh).

The script only uses Optuna's public API; the report spells the floats JSON cannot hold as
"inf", "-inf" and "nan".
"""

import json
import math
import sys

import optuna
import sqlalchemy


def number(x):
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def plain(value):
    """A parameter or attribute value as JSON can hold it (floats as number() spells them)."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return number(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return repr(value)


def report(storage_url, path):
    studies = []
    for summary in optuna.get_all_study_summaries(storage_url):
        study = optuna.load_study(study_name=summary.study_name, storage=storage_url)
        trials = []
        for t in study.get_trials(deepcopy=False):
            trials.append({
                "number": t.number,
                "state": t.state.name,
                "values": None if t.values is None else [number(v) for v in t.values],
                "params": {k: plain(v) for k, v in t.params.items()},
                "param_types": {k: type(v).__name__ for k, v in t.params.items()},
                "distributions": {k: optuna.distributions.distribution_to_json(d)
                                  for k, d in t.distributions.items()},
                "intermediate": [[step, number(v)] for step, v in sorted(t.intermediate_values.items())],
                "user_attrs": plain(t.user_attrs),
                "system_attrs": plain(t.system_attrs),
                "datetime_start": t.datetime_start.isoformat() if t.datetime_start else None,
                "datetime_complete": t.datetime_complete.isoformat() if t.datetime_complete else None,
                "duration_s": t.duration.total_seconds() if t.duration is not None else None,
            })
        metric_names = getattr(study, "metric_names", None)
        studies.append({
            "name": study.study_name,
            "directions": [d.name for d in study.directions],
            "metric_names": metric_names,
            "user_attrs": plain(study.user_attrs),
            "trials": trials,
        })
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"optuna": optuna.__version__, "studies": studies}, f, indent=1, ensure_ascii=False)


def single_objective(storage_url):
    """Minimize with every kind of parameter, pruned, failed, waiting and running trials."""
    study = optuna.create_study(study_name="single minimize", storage=storage_url,
                                sampler=optuna.samplers.TPESampler(seed=1, n_startup_trials=5),
                                pruner=optuna.pruners.MedianPruner(n_startup_trials=3, n_warmup_steps=1))
    study.set_user_attr("owner", "team-a")

    def objective(trial):
        lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
        dropout = trial.suggest_float("dropout", 0.0, 0.5, step=0.05)
        layers = trial.suggest_int("layers", 1, 6)
        units = trial.suggest_int("units", 16, 512, log=True)
        batch = trial.suggest_int("batch", 16, 128, step=16)
        optimizer = trial.suggest_categorical("optimizer", ["adam", "sgd", "rmsprop"])
        mixed = trial.suggest_categorical("mixed", [1, 2.5, "three", True, None])
        trial.set_user_attr("note", f"trial {trial.number}")
        trial.set_user_attr("sizes", [layers, units, 0.5])
        trial.set_user_attr("nested", {"a": 1, "b": [True, None]})
        if trial.number == 4:
            raise RuntimeError("diverged")
        if trial.number == 6:
            return float("nan")  # Optuna fails a trial whose value is NaN
        loss = (math.log10(lr) + 3) ** 2 + dropout + 0.01 * layers + (0.5 if optimizer == "sgd" else 0.0)
        for step in range(6):
            value = loss + 1.0 / (step + 1)
            if trial.number == 3 and step == 2:
                value = float("inf")
            if trial.number == 3 and step == 3:
                value = float("nan")
            if trial.number == 3 and step == 4:
                value = float("-inf")
            trial.report(value, step)
            if trial.number != 3 and trial.should_prune():
                raise optuna.TrialPruned()
        if trial.number == 7:
            return float("inf")
        return loss

    study.optimize(objective, n_trials=18, catch=(RuntimeError,))
    running = study.ask()  # stays RUNNING
    running.suggest_float("lr", 1e-5, 1e-1, log=True)
    running.report(0.25, 0)
    study.enqueue_trial({"lr": 0.001, "dropout": 0.1, "layers": 2, "units": 64, "batch": 32,
                         "optimizer": "adam", "mixed": "three"})  # stays WAITING


def multi_objective(storage_url):
    study = optuna.create_study(study_name="multi", storage=storage_url,
                                directions=["minimize", "maximize"],
                                sampler=optuna.samplers.NSGAIISampler(seed=2, population_size=6))
    if hasattr(study, "set_metric_names"):
        study.set_metric_names(["latency_ms", "accuracy"])

    def objective(trial):
        width = trial.suggest_int("width", 8, 256, log=True)
        depth = trial.suggest_int("depth", 1, 8)
        activation = trial.suggest_categorical("activation", ["relu", "gelu"])
        if trial.number == 5:
            raise ValueError("out of memory")
        latency = width * depth / 10.0
        accuracy = 1.0 - 1.0 / (width * depth) - (0.01 if activation == "relu" else 0.0)
        return latency, accuracy

    study.optimize(objective, n_trials=12, catch=(ValueError,))


def define_by_run(storage_url):
    """Maximize; conditional parameters and a range that changes from trial to trial."""
    study = optuna.create_study(study_name="résumé: maximize", storage=storage_url, direction="maximize",
                                sampler=optuna.samplers.RandomSampler(seed=3))

    def objective(trial):
        kind = trial.suggest_categorical("classifier", ["svm", "forest"])
        if kind == "svm":
            c = trial.suggest_float("svm_c", 1e-3, 1e3, log=True)
            score = 1.0 / (1.0 + abs(math.log10(c)))
        else:
            depth = trial.suggest_int("forest_depth", 2, 32, log=True)
            score = 1.0 - 1.0 / depth
        scale = trial.suggest_float("scale", 0.0, 1.0 + trial.number)  # define-by-run range
        for step in range(10, 40, 10):
            trial.report(score * step / 30.0, step)
        return score + 0.001 * scale

    study.optimize(objective, n_trials=10)


def quadratic(storage_url):
    """Random search on a bowl: the trials a sampler that continues the study should learn from."""
    study = optuna.create_study(study_name="quadratic", storage=storage_url,
                                sampler=optuna.samplers.RandomSampler(seed=4))
    study.optimize(lambda t: (t.suggest_float("x", 0.0, 1.0) - 0.8) ** 2 + (t.suggest_float("y", 0.0, 1.0) - 0.2) ** 2,
                   n_trials=30)


def empty(storage_url):
    optuna.create_study(study_name="empty", storage=storage_url)


def large(storage_url, n):
    """n complete trials added at once (Optuna's add_trials), for the reading benchmark."""
    study = optuna.create_study(study_name=f"large-{n}", storage=storage_url)
    distributions = {
        "x": optuna.distributions.FloatDistribution(-5.0, 5.0),
        "y": optuna.distributions.FloatDistribution(1e-4, 1.0, log=True),
        "n": optuna.distributions.IntDistribution(1, 64),
        "kind": optuna.distributions.CategoricalDistribution(["a", "b", "c"]),
    }
    import random
    rng = random.Random(5)
    trials = []
    for i in range(n):
        params = {"x": rng.uniform(-5, 5), "y": math.exp(rng.uniform(math.log(1e-4), 0.0)),
                  "n": rng.randint(1, 64), "kind": rng.choice(["a", "b", "c"])}
        value = params["x"] ** 2 + params["y"] + params["n"] / 64.0
        trials.append(optuna.trial.create_trial(
            params=params, distributions=distributions, value=value,
            intermediate_values={step: value + 1.0 / (step + 1) for step in range(5)},
            user_attrs={"seed": i}))
    study.add_trials(trials)


def open_storage(url):
    """Optuna's RDB storage; on SQLite without an fsync per commit (a test writes a thousand
    small transactions; the file is the same)."""
    storage = optuna.storages.RDBStorage(url)
    if storage.engine.name == "sqlite":
        sqlalchemy.event.listen(storage.engine, "connect",
                                lambda connection, _: connection.execute("PRAGMA synchronous=OFF"))
    return storage


def main():
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    storage_url, report_path = open_storage(sys.argv[1]), sys.argv[2]
    if len(sys.argv) > 3 and sys.argv[3] == "--large":
        large(storage_url, int(sys.argv[4]))
        return
    single_objective(storage_url)
    multi_objective(storage_url)
    define_by_run(storage_url)
    quadratic(storage_url)
    empty(storage_url)
    report(storage_url, report_path)


if __name__ == "__main__":
    main()
