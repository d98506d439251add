#!/usr/bin/python3
"""NNI trial code: scikit-learn's 8x8 digits, classified by the model a nested choice picks.

Written for NNI's trial API and run by Tunescope unchanged (`tunescope run config.yml`):
nni.get_next_parameter() gives {"model": {"_name": "mlp", "hidden_size": 64, ...},
"scale": "standard"}; the MLP reports its validation accuracy after every epoch
(nni.report_intermediate_result), every model its final accuracy (nni.report_final_result).
The data set is bundled with scikit-learn: nothing is downloaded. A trial takes a few seconds.
"""

import argparse
import logging

import nni
from nni.utils import merge_parameter
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.svm import SVC

logger = logging.getLogger("nni_digits")


def get_params():
    parser = argparse.ArgumentParser(description="digits classifier (an NNI trial)")
    parser.add_argument("--epochs", type=int, default=12, help="MLP epochs")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    return args


def main(args):
    x, y = load_digits(return_X_y=True)
    x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.25, random_state=args.seed, stratify=y)
    scaler = StandardScaler() if args.scale == "standard" else MinMaxScaler()
    x_train = scaler.fit_transform(x_train)
    x_val = scaler.transform(x_val)

    model = args.model
    name = model["_name"]
    if name == "mlp":
        clf = MLPClassifier(hidden_layer_sizes=(model["hidden_size"],), alpha=model["alpha"],
                            learning_rate_init=model["learning_rate"], random_state=args.seed)
        classes = sorted(set(y))
        for epoch in range(args.epochs):
            clf.partial_fit(x_train, y_train, classes=classes)
            accuracy = clf.score(x_val, y_val)
            nni.report_intermediate_result(accuracy)
            logger.debug("epoch %d: %.4f", epoch, accuracy)
    elif name == "svm":
        clf = SVC(C=model["C"], gamma=model["gamma"]).fit(x_train, y_train)
        accuracy = clf.score(x_val, y_val)
    else:
        # quniform gives floats (NNI's rule): 8.0 for max_depth.
        clf = RandomForestClassifier(n_estimators=model["n_estimators"], max_depth=int(model["max_depth"]),
                                     random_state=args.seed).fit(x_train, y_train)
        accuracy = clf.score(x_val, y_val)
    nni.report_final_result({"default": accuracy, "train_accuracy": clf.score(x_train, y_train)})


if __name__ == "__main__":
    params = get_params()
    params.model = None
    params.scale = None
    merge_parameter(params, nni.get_next_parameter())
    main(params)
