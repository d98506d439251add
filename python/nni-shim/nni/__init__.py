"""The trial API of NNI (Neural Network Intelligence), for NNI trial code run by Tunescope.

Tunescope puts this package on the PYTHONPATH of the trials of an NNI experiment (and of a
study file with ``trial_api: nni``), before any NNI that is installed, so that trial code
written for NNI runs unchanged: ``nni.get_next_parameter()`` returns the trial's parameters
(a nested choice as {"_name": ..., ...}, as NNI gives it), and results reported with
``report_intermediate_result`` and ``report_final_result`` (a number, or a dict whose
"default" is the number the tuner uses) reach Tunescope as the metric ``default``, with the
other numbers of a dict as metrics of their own. Standard library only.
"""

import os

import tunescope_trial as _trial

__version__ = "tunescope"

__all__ = [
    "get_next_parameter",
    "get_next_parameters",
    "get_current_parameter",
    "report_intermediate_result",
    "report_final_result",
    "get_experiment_id",
    "get_trial_id",
    "get_sequence_id",
    "NoMoreTrialError",
]

_params = None
_intermediate_seq = 0


class NoMoreTrialError(Exception):
    def __init__(self, ErrorInfo="Search space fully explored"):
        super().__init__(self)
        self.errorinfo = ErrorInfo

    def __str__(self):
        return self.errorinfo


def get_next_parameter():
    """The hyperparameters of this trial."""
    global _params
    _params = _trial.params()
    return _params


def get_next_parameters():
    """Alias of get_next_parameter()."""
    return get_next_parameter()


def get_current_parameter(tag=None):
    if _params is None:
        return None
    if tag is None:
        return _params
    return _params[tag]


def get_experiment_id():
    return os.environ.get("NNI_EXP_ID") or "STANDALONE"


def get_trial_id():
    return os.environ.get("NNI_TRIAL_JOB_ID") or "STANDALONE"


def get_sequence_id():
    seq = os.environ.get("NNI_TRIAL_SEQ_ID")
    return int(seq) if seq is not None else 0


def _metrics(metric):
    if isinstance(metric, dict):
        if "default" not in metric:
            raise ValueError('a metric dict needs a "default" entry, the number the tuner uses')
        values = {"default": metric["default"]}
        for key, value in metric.items():
            if key != "default" and isinstance(value, (int, float)) and not isinstance(value, bool):
                values[str(key)] = value
        return values
    return {"default": metric}


def _check_parameters_received(function):
    # As NNI: on a platform, a trial reports only after it took its parameters.
    if _params is None and os.environ.get("NNI_PLATFORM") is not None:
        raise AssertionError("nni.get_next_parameter() needs to be called before %s" % function)


def report_intermediate_result(metric):
    """Reports an intermediate result (typically per epoch): a number, or a dict with "default"."""
    global _intermediate_seq
    _check_parameters_received("report_intermediate_result")
    _trial.report(step=_intermediate_seq, **_metrics(metric))
    _intermediate_seq += 1


def report_final_result(metric):
    """Reports the trial's result: a number, or a dict with "default". It is the last value of
    the metric "default", one step after the intermediate results."""
    _check_parameters_received("report_final_result")
    _trial.report(step=_intermediate_seq, **_metrics(metric))
