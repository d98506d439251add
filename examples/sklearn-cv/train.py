#!/usr/bin/python3
"""An SVM tuned by cross-validation, a Tunescope example with scikit-learn only.

Each trial fits a support vector classifier (StandardScaler + SVC) with the
given C, gamma and kernel in stratified k-fold cross-validation (5 folds) on a
data set bundled with scikit-learn (nothing is downloaded), and prints

    step=K fold_accuracy=...          one line per fold, K = 1..folds
    cv_accuracy=... cv_std=...        the mean and standard deviation, last

The study's metric is cv_accuracy: the trial's objective is the last reported
value of the metric, so the per-fold figures use another key.
"""

import argparse
import math
import os
import sys
import time

DATASETS = ("breast_cancer", "wine", "digits")


def positive_float(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number")
    if not (v > 0 and math.isfinite(v)):
        raise argparse.ArgumentTypeError(f"'{text}' must be a finite number > 0")
    return v


def int_at_least(lo):
    def parse(text):
        # Accept "3" and, from samplers that write every number as a float, "3.0".
        try:
            f = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not an integer")
        if not f.is_integer():
            raise argparse.ArgumentTypeError(f"'{text}' is not an integer")
        if f < lo:
            raise argparse.ArgumentTypeError(f"'{text}' must be >= {lo}")
        return int(f)
    return parse


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Cross-validate an SVM on a bundled scikit-learn data set; prints cv_accuracy.",
        allow_abbrev=False)
    p.add_argument("--C", type=positive_float, default=1.0,
                   help="regularisation: larger C fits the training data harder (default 1)")
    p.add_argument("--gamma", type=positive_float, default=None,
                   help="kernel coefficient for rbf and poly (default: scikit-learn's 'scale'); "
                        "ignored by the linear kernel")
    p.add_argument("--kernel", choices=["rbf", "poly", "linear", "sigmoid"], default="rbf",
                   help="SVC kernel (default rbf)")
    p.add_argument("--degree", type=int_at_least(1), default=3, help="degree of the poly kernel (default 3)")
    p.add_argument("--dataset", choices=DATASETS, default="breast_cancer",
                   help="bundled data set (default breast_cancer: 569 samples, 30 features, 2 classes)")
    p.add_argument("--folds", type=int_at_least(2), default=5, help="cross-validation folds (default 5)")
    p.add_argument("--seed", type=int_at_least(0), default=0,
                   help="seed of the fold shuffle (default 0; deliberately not $TUNESCOPE_TRIAL, "
                        "so that every trial is scored on the same folds)")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    try:
        import numpy as np
        from sklearn import datasets
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.model_selection import StratifiedKFold
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        from sklearn.svm import SVC
    except ImportError as e:
        print(f"train.py: {e}; this example needs scikit-learn "
              f"(Debian: apt install python3-sklearn, run with /usr/bin/python3; this is {sys.executable})",
              file=sys.stderr)
        return 1
    import warnings
    warnings.filterwarnings("ignore", category=ConvergenceWarning)

    data = getattr(datasets, f"load_{args.dataset}")()
    x, y = data.data, data.target
    print(f"sklearn-cv: {args.dataset} with {x.shape[0]} samples and {x.shape[1]} features, "
          f"{args.folds}-fold stratified cross-validation, {args.kernel} kernel", flush=True)

    # A cap on solver iterations keeps a pathological C/gamma from running for
    # minutes (it then scores whatever it reached, usually poorly).
    svc = SVC(C=args.C, kernel=args.kernel, degree=args.degree,
              gamma=args.gamma if args.gamma is not None else "scale",
              max_iter=200_000, cache_size=100)
    model = make_pipeline(StandardScaler(), svc)   # the scaler is fit on each training fold only

    folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
    scores = []
    start = time.monotonic()
    for k, (train, test) in enumerate(folds.split(x, y), start=1):
        model.fit(x[train], y[train])
        acc = float(model.score(x[test], y[test]))
        scores.append(acc)
        print(f"step={k} fold_accuracy={acc:.4f}", flush=True)
    print(f"cv_accuracy={np.mean(scores):.6f} cv_std={np.std(scores):.6f}", flush=True)
    print(f"sklearn-cv: cross-validation took {time.monotonic() - start:.2f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
