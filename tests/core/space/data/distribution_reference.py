#!/usr/bin/python3
"""Reference values for tst_distributions: the value each distribution gives at a unit
coordinate u, computed with numpy and scipy by the formulas of W&B's sweeps library
(src/sweeps/params.py, HyperParameter.ppf) and of NNI (nni/common/hpo_utils/formatting.py,
deformat_parameters). Run with Debian's /usr/bin/python3 (python3-scipy) and paste the output
into tst_distributions.cpp.
"""
import math

import numpy as np
import scipy.stats as stats

US = [0.001, 0.05, 0.3, 0.5, 0.77, 0.999]


def wandb_q(r, q):
    # W&B: np.round(r / q) * q, ints when q is an int; no clipping.
    v = np.round(r / q) * q
    return int(v) if isinstance(q, int) else float(v)


def nni_q(x, q, low, high):
    # NNI: round(x / q) * q (Python's round), then clipped to [low, high]; floats.
    x = round(x / q) * q
    return float(min(max(x, low), high))


CASES = [
    # (yaml of the parameter, function of u)
    ("{distribution: uniform, min: -2.5, max: 4}", lambda u: float(stats.uniform.ppf(u, -2.5, 6.5))),
    ("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1}",
     lambda u: float(np.exp(stats.uniform.ppf(u, np.log(1e-5), np.log(0.1) - np.log(1e-5))))),
    ("{distribution: log_uniform, min: -9.2, max: -2.3}", lambda u: float(np.exp(stats.uniform.ppf(u, -9.2, 6.9)))),
    ("{distribution: inv_log_uniform, min: 1, max: 4}", lambda u: float(np.exp(-stats.uniform.ppf(1 - u, 1, 3)))),
    ("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5}",
     lambda u: float(np.exp(-stats.uniform.ppf(1 - u, -np.log(0.5), -np.log(0.001) + np.log(0.5))))),
    ("{distribution: q_uniform, min: 1, max: 10, q: 4}", lambda u: wandb_q(stats.uniform.ppf(u, 1, 9), 4)),
    ("{distribution: q_uniform, min: 0, max: 1, q: 0.25}", lambda u: wandb_q(stats.uniform.ppf(u, 0, 1), 0.25)),
    ("{distribution: q_uniform, min: 0, max: 10}", lambda u: wandb_q(stats.uniform.ppf(u, 0, 10), 1.0)),
    ("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8}",
     lambda u: wandb_q(np.exp(stats.uniform.ppf(u, np.log(16), np.log(512) - np.log(16))), 8)),
    ("{distribution: q_log_uniform, min: 2, max: 6, q: 1}", lambda u: wandb_q(np.exp(stats.uniform.ppf(u, 2, 4)), 1)),
    ("{distribution: normal, mu: 0.5, sigma: 0.2}", lambda u: float(stats.norm.ppf(u, loc=0.5, scale=0.2))),
    ("{distribution: normal}", lambda u: float(stats.norm.ppf(u, loc=0.0, scale=1.0))),
    ("{distribution: q_normal, mu: 64, sigma: 16, q: 8}", lambda u: wandb_q(stats.norm.ppf(u, loc=64, scale=16), 8)),
    ("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5}", lambda u: wandb_q(stats.norm.ppf(u, loc=0, scale=1), 0.5)),
    ("{distribution: log_normal, mu: -3, sigma: 1.5}",
     lambda u: float(stats.lognorm.ppf(u, s=1.5, scale=np.exp(-3)))),
    ("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2}",
     lambda u: wandb_q(stats.lognorm.ppf(u, s=0.5, scale=np.exp(3)), 2)),
    ("{distribution: beta, a: 2, b: 5}", lambda u: float(stats.beta.ppf(u, a=2, b=5))),
    ("{distribution: beta}", lambda u: float(stats.beta.ppf(u, a=1, b=1))),
    ("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1}", lambda u: wandb_q(stats.beta.ppf(u, a=0.5, b=0.5), 0.1)),
    ("{distribution: int_uniform, min: -3, max: 7}", lambda u: int(stats.randint.ppf(u, -3, 8))),
    # NNI's q-types: clipped to the range
    ("{distribution: quniform, min: 2, max: 10, q: 5}", lambda u: nni_q(2 + u * 8, 5.0, 2.0, 10.0)),
    ("{distribution: qloguniform, min: 1, max: 1000, q: 50}",
     lambda u: nni_q(math.exp(math.log(1) + u * (math.log(1000) - math.log(1))), 50.0, 1.0, 1000.0)),
]

PROBABILITIES = ([0.2, 0.5, 0.3], ["a", "b", "c"])


def categorical(u):
    # W&B: values[np.argmin(u >= np.cumsum(probabilities))]
    cdf = np.cumsum(PROBABILITIES[0])
    return PROBABILITIES[1][int(np.argmin(u >= cdf))]


def cpp(v):
    if isinstance(v, str):
        return 'QVariant(QStringLiteral("%s"))' % v
    if isinstance(v, int):
        return "QVariant(qlonglong(%d))" % v
    return "QVariant(%s)" % repr(float(v))


for yaml_text, f in CASES:
    for u in US:
        print('    QTest::newRow("%s @ %s") << QStringLiteral("%s") << %r << %s;'
              % (yaml_text, u, yaml_text, u, cpp(f(u))))
for u in [0.0, 0.1, 0.19, 0.2, 0.69, 0.7, 0.95]:
    print('    QTest::newRow("categorical_w_probabilities @ %s") << QStringLiteral("{values: [a, b, c], '
          'probabilities: [0.2, 0.5, 0.3]}") << %r << %s;' % (u, u, cpp(categorical(u))))
