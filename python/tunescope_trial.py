"""Tunescope's helper for trial programs written in Python (standard library only).

Tunescope puts this module on every trial's PYTHONPATH:

    import tunescope_trial

    params = tunescope_trial.params()        # {"lr": 0.01, "optimizer": {"momentum": 0.9}}
    for epoch in range(params["epochs"]):
        loss = train_one_epoch(params)
        tunescope_trial.report(step=epoch, val_loss=loss)
    tunescope_trial.artifact("plots/loss.png")  # a file written into the trial folder
        if tunescope_trial.should_stop():    # a pruner stopped the trial
            break

A trial needs none of it: printing ``val_loss=0.3`` is a report just the same.
"""

import json
import os
import signal
import threading

__all__ = ["params", "report", "artifact", "trial_dir", "should_stop"]

_stop_requested = False
_handler_installed = False


def params():
    """The trial's parameters, from TUNESCOPE_PARAMS: a new dict on each call, nested as the
    study nests them (a choice with parameters of its own as {"_name": value, ...}).
    Outside Tunescope (no TUNESCOPE_PARAMS) it is empty."""
    text = os.environ.get("TUNESCOPE_PARAMS", "")
    return json.loads(text) if text else {}


def report(step=None, **metrics):
    """Prints metrics in Tunescope's trial protocol, one JSON object per line:
    report(step=3, val_loss=0.21, val_accuracy=0.94). `step` is optional (Tunescope then
    counts each metric's reports); values are numbers, NaN and infinities included."""
    if not metrics:
        raise TypeError("report() needs at least one metric, such as report(val_loss=0.2)")
    line = {}
    if step is not None:
        if isinstance(step, bool) or int(step) != step:
            raise ValueError("step must be a whole number, not %r" % (step,))
        line["step"] = int(step)
    for name, value in metrics.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value)  # numpy and torch scalars
            except (TypeError, ValueError):
                raise TypeError("metric %s must be a number, not %r" % (name, value)) from None
        line[name] = value
    print(json.dumps(line), flush=True)


def trial_dir():
    """The trial's own folder (TUNESCOPE_TRIAL_DIR), where its artifacts belong; outside
    Tunescope the current folder."""
    return os.environ.get("TUNESCOPE_TRIAL_DIR", "") or os.getcwd()


def artifact(path):
    """Declares a file the trial wrote, printing ``artifact=PATH``: Tunescope stores it with the
    trial and lists it first in the detail pane, the JSON export and the report. A relative
    path is taken from the trial folder (trial_dir()); a path outside that folder is refused
    (a line in the trial's log says so). Returns the path."""
    text = os.fspath(path)
    if not text or "\n" in text or "\r" in text:
        raise ValueError("artifact() needs a path on one line, not %r" % (text,))
    print("artifact=" + text, flush=True)
    return path


def _on_sigterm(signum, frame):
    global _stop_requested
    _stop_requested = True


def should_stop():
    """Whether Tunescope asked the trial to stop (a pruner's SIGTERM). The first call turns
    SIGTERM into this flag, so the trial can end its loop, save what it wants and exit; until
    then SIGTERM ends the process as usual. Tunescope kills a trial that has not exited a few
    seconds after SIGTERM."""
    global _handler_installed
    if not _handler_installed and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)
        _handler_installed = True
    return _stop_requested
