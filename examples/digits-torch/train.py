#!/usr/bin/python3
"""A PyTorch MLP on scikit-learn's 8x8 handwritten digits, a Tunescope example.

The data ships with scikit-learn (sklearn.datasets.load_digits), so nothing is
downloaded. Hyperparameters arrive as --name=value arguments (the ${args}
macro); after every epoch one line is printed on stdout:

    epoch=N train_loss=... val_loss=... val_accuracy=...

Run with Debian's /usr/bin/python3, which has python3-torch and python3-sklearn.
"""

import argparse
import os
import sys


def positive_float(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number")
    if not (v > 0 and v < float("inf")):
        raise argparse.ArgumentTypeError(f"'{text}' must be a finite number > 0")
    return v


def positive_int(text):
    # Accept "64" and, from samplers that write every number as a float, "64.0".
    try:
        f = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an integer")
    if not f.is_integer():
        raise argparse.ArgumentTypeError(f"'{text}' is not an integer")
    if f < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be >= 1")
    return int(f)


def non_negative_int(text):
    if text == "0" or text == "0.0":
        return 0
    return positive_int(text)


def dropout_rate(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number")
    if not (0.0 <= v < 1.0):
        raise argparse.ArgumentTypeError(f"'{text}' must be in [0, 1)")
    return v


def default_seed():
    trial = os.environ.get("TUNESCOPE_TRIAL", "")
    return int(trial) if trial.isdigit() else 0


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Train an MLP on sklearn's 8x8 digits and print val_accuracy every epoch.",
        allow_abbrev=False)  # --hid=64 is an error, not a silent --hidden
    p.add_argument("--lr", type=positive_float, default=1e-3, help="learning rate (default 0.001)")
    p.add_argument("--batch_size", type=positive_int, default=64, help="mini-batch size (default 64)")
    p.add_argument("--epochs", type=positive_int, default=20, help="passes over the training set (default 20)")
    p.add_argument("--hidden", type=positive_int, default=64, help="units in each of the two hidden layers (default 64)")
    p.add_argument("--optimizer", choices=["sgd", "momentum", "adam"], default="adam",
                   help="sgd, momentum (SGD with momentum 0.9) or adam (default adam)")
    p.add_argument("--dropout", type=dropout_rate, default=0.0, help="dropout after each hidden layer, [0, 1) (default 0)")
    p.add_argument("--seed", type=non_negative_int, default=default_seed(),
                   help="torch seed for initial weights and batch order (default $TUNESCOPE_TRIAL, else 0)")
    # argparse exits with status 2 and a message on stderr on any bad or unknown argument.
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)

    # One thread per trial: Tunescope runs `parallel` trials side by side.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")
    # Imported after parsing so that --help and argument errors are instant.
    try:
        import numpy as np
        import torch
        from torch import nn
        from sklearn.datasets import load_digits
        from sklearn.model_selection import train_test_split
    except ImportError as e:
        print(f"train.py: {e}; this example needs PyTorch and scikit-learn "
              f"(Debian: apt install python3-torch python3-sklearn, run with /usr/bin/python3; "
              f"this is {sys.executable})", file=sys.stderr)
        return 1

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)

    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)          # pixels 0..16 -> 0..1
    y = digits.target.astype(np.int64)
    # The split is fixed (random_state) so every trial sees the same validation set.
    x_train, x_val, y_train, y_val = train_test_split(
        x, y, test_size=0.2, random_state=0, stratify=y)
    x_train, y_train = torch.from_numpy(x_train), torch.from_numpy(y_train)
    x_val, y_val = torch.from_numpy(x_val), torch.from_numpy(y_val)
    print(f"digits: using {len(x_train)} training and {len(x_val)} validation images, "
          f"{args.optimizer} optimizer, seed {args.seed}", flush=True)

    model = nn.Sequential(
        nn.Linear(64, args.hidden), nn.ReLU(), nn.Dropout(args.dropout),
        nn.Linear(args.hidden, args.hidden), nn.ReLU(), nn.Dropout(args.dropout),
        nn.Linear(args.hidden, 10),
    )
    if args.optimizer == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    elif args.optimizer == "momentum":
        opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()

    n = len(x_train)
    for epoch in range(1, args.epochs + 1):
        model.train()
        total = 0.0
        for idx in torch.randperm(n).split(args.batch_size):
            opt.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        model.eval()
        with torch.no_grad():
            logits = model(x_val)
            val_loss = loss_fn(logits, y_val).item()
            val_acc = (logits.argmax(dim=1) == y_val).float().mean().item()
        print(f"epoch={epoch} train_loss={total / n:.6g} val_loss={val_loss:.6g} "
              f"val_accuracy={val_acc:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
