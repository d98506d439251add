#!/usr/bin/python3
"""Reference hypervolumes for tst_hypervolume from Optuna's own WFG (Debian's python3-optuna 3.1).

The point sets are made by a formula that tst_hypervolume.cpp repeats (golden-ratio sequences,
no random generator), so both sides see the same points. Run with Debian's interpreter:

    /usr/bin/python3 tests/core/analysis/hypervolume_reference.py

and paste the printed rows into the test's _data() table.
"""
import math

import numpy as np
from optuna._hypervolume import WFG


def frac(x):
    return x - math.floor(x)


def point_set(dims, count):
    """A curved front with dominated points among it: coordinate k of point i is a
    low-discrepancy value, the last coordinate closes the front, every 3rd point is pushed back."""
    alphas = [0.6180339887498949, 0.7548776662466927, 0.5698402909980532, 0.8191725133961645]
    points = []
    for i in range(count):
        p = [frac((i + 1) * alphas[k]) for k in range(dims - 1)]
        p.append(1.0 - math.sqrt(sum(v * v for v in p) / (dims - 1)))
        if i % 3 == 2:
            p = [v + 0.15 for v in p]
        points.append(p)
    return np.array(points)


for dims, count, ref in [(2, 60, 1.2), (3, 150, 1.3), (4, 40, 1.4), (5, 25, 1.5)]:
    pts = point_set(dims, count)
    value = WFG().compute(pts, np.full(dims, ref))
    print(f'QTest::newRow("{dims}-D, {count} points") << {dims} << {count} << {ref} << {value!r};')
