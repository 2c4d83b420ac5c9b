"""Problems added on 2026-12-04, after bayes's settings were last chosen, and never used to choose them.

They live apart from objectives.py so that adding them leaves that file, and so the digest that keys
every kept study of its problems (study-cache.ts), unchanged. This script serves both sets: it adds
its problems to objectives.py's and answers the same commands (describe, serve, clip), each of its
problems described with "file": "heldout.py" so that run.ts keys their studies by both files.
"""
import json
import math
import sys

import numpy as np

import objectives

# Shekel-10 (4-d): ten narrow basins of different depths on a nearly flat plane.
SHEKEL_A = np.array([[4, 4, 4, 4], [1, 1, 1, 1], [8, 8, 8, 8], [6, 6, 6, 6], [3, 7, 3, 7],
                     [2, 9, 2, 9], [5, 5, 3, 3], [8, 1, 8, 1], [6, 2, 6, 2], [7, 3.6, 7, 3.6]], dtype=float)
SHEKEL_C = np.array([1, 2, 2, 4, 4, 6, 3, 7, 5, 5], dtype=float) / 10


def shekel(x):
    return float(-np.sum(1 / (np.sum((np.asarray(x) - SHEKEL_A) ** 2, axis=1) + SHEKEL_C)))


# A fixed rotation, so that Rastrigin's coordinates interact (the CEC benchmarks' "rotated" variant).
ROTATION = np.linalg.qr(np.random.default_rng(20261204).standard_normal((20, 20)))[0]


def rastrigin_rotated(x):
    z = ROTATION @ np.asarray(x)
    return float(10 * z.size + np.sum(z * z - 10 * np.cos(2 * math.pi * z)))


# Per optimizer of net_surrogate(): its best log10 learning rate, how wide that optimum is (in
# decades) and what the optimizer costs at its best; per activation, the capacity
# (layers · log2 width) it wants and what it costs.
NET_RATE = [-1.0, -3.0, -3.5]
NET_RATE_WIDTH = [0.7, 1.0, 0.6]
NET_OPTIMIZER_COST = [0.1, 0.0, 0.05]
NET_CAPACITY = [30, 20, 35]
NET_ACTIVATION_COST = [0.0, 0.08, 0.03]


def net_surrogate(x):
    """A stand-in for a network's validation loss over a mixed space: log learning rate and weight
    decay, integer depth and width, categorical optimizer and activation. The rate's optimum moves
    with the optimizer, the decay's with the rate, the capacity's with the activation; tanh pays
    for depth. 0 at Adam, ReLU, rate 1e-3, decay 1e-4 and 3 layers of 1,024 (among others)."""
    rate, decay, layers, width, opt, act = float(x[0]), float(x[1]), int(x[2]), int(x[3]), int(x[4]), int(x[5])
    r = (math.log10(rate) - NET_RATE[opt]) / NET_RATE_WIDTH[opt]
    w = math.log10(decay) - (-4 - 0.5 * (math.log10(rate) + 3))
    capacity = layers * math.log2(width)
    return (0.3 * r * r + 0.1 * math.sin(2 * r) ** 2 + 0.02 * w * w + 0.0005 * (capacity - NET_CAPACITY[act]) ** 2
            + (0.03 * max(0, layers - 4) if act == 1 else 0.0) + NET_OPTIMIZER_COST[opt] + NET_ACTIVATION_COST[act])


HELD_OUT = {
    "net_surrogate": (net_surrogate, [1e-5, 1e-7, 1, 16, 0, 0], [1.0, 0.1, 8, 1024, 2, 2],
                      ["log", "log", "int", "int", "cat", "cat"], 0.0, False),
    "shekel_noisy": (shekel, [0.0] * 4, [10.0] * 4, ["float"] * 4, -10.536409816692, False),
    "rastrigin20": (rastrigin_rotated, [-5.12] * 20, [5.12] * 20, ["float"] * 20, 0.0, True),
}
NOISE = {"shekel_noisy": 0.2}

# objectives.py's commands read its registries, so they serve these problems once added there.
objectives.PROBLEMS.update(HELD_OUT)
objectives.NOISE.update(NOISE)


def describe():
    spaces = objectives.describe()
    for name in HELD_OUT:
        spaces[name]["file"] = "heldout.py"
    return spaces


if __name__ == "__main__":
    if sys.argv[1:] == ["describe"]:
        print(json.dumps(describe()))
    else:
        objectives.main(sys.argv[1:])
