"""The benchmark's objective functions, evaluated in one place for every optimizer.

Run by bench/optimizer/run.ts in the `objectives` environment of venv.sh (numpy, scikit-learn):
  objectives.py describe      problem spaces as JSON
  objectives.py serve         evaluate {"problem", "seed", "trial", "x"} lines from stdin, answering
                              {"y": what the optimizer sees, "f": the noiseless value scored}
  objectives.py clip PROBLEM  median value of one uniform random point (100k draws)
A categorical coordinate is the index of its choice. All problems are minimized.
"""
import json
import math
import sys

import numpy as np

# Hartmann-6 constants (Dixon & Szegő).
H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
H6_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                 [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]], dtype=float)
H3_ALPHA = H6_ALPHA
H3_A = np.array([[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]])
H3_P = 1e-4 * np.array([[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]], dtype=float)
H6_P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                        [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]], dtype=float)


def branin(x):
    a, b = x
    return (b - 5.1 / (4 * math.pi ** 2) * a * a + 5 / math.pi * a - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(a) + 10


def hartmann6(x):
    return float(-np.sum(H6_ALPHA * np.exp(-np.sum(H6_A * (np.asarray(x) - H6_P) ** 2, axis=1))))


def rosenbrock(x):
    x = np.asarray(x)
    return float(np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def ackley(x):
    x = np.asarray(x)
    n = x.size
    return float(-20 * math.exp(-0.2 * math.sqrt(np.sum(x * x) / n)) - math.exp(np.sum(np.cos(2 * math.pi * x)) / n) + 20 + math.e)


def levy(x):
    w = 1 + (np.asarray(x) - 1) / 4
    body = np.sum((w[:-1] - 1) ** 2 * (1 + 10 * np.sin(math.pi * w[:-1] + 1) ** 2))
    return float(math.sin(math.pi * w[0]) ** 2 + body + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2))


DATA = {}


def dataset(name):
    if name not in DATA:
        from sklearn import datasets
        DATA[name] = {"breast": datasets.load_breast_cancer, "digits": datasets.load_digits}[name](return_X_y=True)
    return DATA[name]


def cv_error(model, name):
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    X, y = dataset(name)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return 1.0 - float(cross_val_score(model, X, y, cv=folds, scoring="accuracy").mean())


def svm_breast(x):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC
    return cv_error(make_pipeline(StandardScaler(), SVC(C=float(x[0]), gamma=float(x[1]))), "breast")


def dt_digits(x):
    from sklearn.tree import DecisionTreeClassifier
    model = DecisionTreeClassifier(max_depth=int(x[0]), min_samples_split=float(x[1]), min_samples_leaf=float(x[2]),
                                   max_features=float(x[3]), min_impurity_decrease=float(x[4]), random_state=0)
    return cv_error(model, "digits")


def hartmann3(x):
    return float(-np.sum(H3_ALPHA * np.exp(-np.sum(H3_A * (np.asarray(x) - H3_P) ** 2, axis=1))))


def styblinski_tang(x):
    x = np.asarray(x)
    return float(0.5 * np.sum(x ** 4 - 16 * x ** 2 + 5 * x))


# Per category of mixed(): where log10(rate) and the integer are best, and what the category costs.
MIXED_RATE = [-2.5, -1.0, -3.5, -0.5]
MIXED_DEPTH = [7, 3, 11, 5]
MIXED_COST = [0.0, 0.15, 0.3, 0.6]


def mixed(x):
    """A log-scaled rate, two integers, a float and a 4-way category that moves the others' optimum."""
    rate, depth, width, dropout, c = float(x[0]), int(x[1]), int(x[2]), float(x[3]), int(x[4])
    r = math.log10(rate) - MIXED_RATE[c]
    return (r * r / 4 + 0.02 * (depth - MIXED_DEPTH[c]) ** 2 + 0.1 * math.log2(width / 96) ** 2
            + (dropout - 0.2 - 0.1 * c) ** 2 + 0.1 * r * (dropout - 0.5) + MIXED_COST[c] + 0.05 * math.sin(3 * r) ** 2)


SGD_LOSS = ["hinge", "log_loss", "modified_huber", "perceptron"]
SGD_PENALTY = ["l2", "l1", "elasticnet"]
SGD_SCHEDULE = ["optimal", "invscaling", "adaptive", "constant"]


def sgd_digits(x):
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    model = SGDClassifier(alpha=float(x[0]), l1_ratio=float(x[1]), eta0=float(x[2]), max_iter=int(x[3]), loss=SGD_LOSS[int(x[4])],
                          penalty=SGD_PENALTY[int(x[5])], learning_rate=SGD_SCHEDULE[int(x[6])], tol=None, random_state=0)
    return cv_error(make_pipeline(StandardScaler(), model), "digits")


# name: (function, lower bounds, upper bounds, kinds, f* (None: best value seen), shifted per seed)
# Kind "cat" is a category index from 0 to its upper bound. The problems from hartmann3_noisy on
# were added after bayes's settings were chosen and were never used to choose them.
PROBLEMS = {
    "branin": (branin, [-5.0, 0.0], [10.0, 15.0], ["float"] * 2, 0.397887357729738, False),
    "hartmann6": (hartmann6, [0.0] * 6, [1.0] * 6, ["float"] * 6, -3.32236801141551, False),
    "rosenbrock10": (rosenbrock, [-5.0] * 10, [10.0] * 10, ["float"] * 10, 0.0, True),
    "ackley10": (ackley, [-32.768] * 10, [32.768] * 10, ["float"] * 10, 0.0, True),
    "levy10": (levy, [-10.0] * 10, [10.0] * 10, ["float"] * 10, 0.0, True),
    "svm_breast": (svm_breast, [1e-2, 1e-5], [1e3, 1.0], ["log", "log"], None, False),
    "dt_digits": (dt_digits, [1, 0.01, 0.001, 0.05, 1e-6], [20, 0.9, 0.5, 1.0, 0.1], ["int", "float", "float", "float", "log"], None, False),
    "hartmann3_noisy": (hartmann3, [0.0] * 3, [1.0] * 3, ["float"] * 3, -3.86278214782076, False),
    "styblinski20": (styblinski_tang, [-5.0] * 20, [5.0] * 20, ["float"] * 20, -39.1661657037714 * 20, True),
    "mixed": (mixed, [1e-5, 1, 8, 0.0, 0], [1.0, 16, 1024, 0.8, 3], ["log", "int", "int", "float", "cat"], 0.0, False),
    "sgd_digits": (sgd_digits, [1e-7, 0.0, 1e-4, 5, 0, 0, 0], [1.0, 1.0, 1.0, 100, 3, 2, 3],
                   ["log", "float", "log", "int", "cat", "cat", "cat"], None, False),
}
# Standard deviation of the Gaussian noise the optimizers see (scored without it).
NOISE = {"hartmann3_noisy": 0.2}


def offset(problem, seed):
    """Seed s evaluates f(x - o_s), o_s uniform in ±20% of the box width (numpy default_rng(1000 + s))."""
    fn, lo, hi, kinds, fstar, shifted = PROBLEMS[problem]
    if not shifted:
        return np.zeros(len(lo))
    return np.random.default_rng(1000 + seed).uniform(-0.2, 0.2, len(lo)) * (np.array(hi) - np.array(lo))


def evaluate(problem, seed, x):
    fn = PROBLEMS[problem][0]
    return float(fn(np.asarray(x, dtype=float) - offset(problem, seed)))


def observe(problem, seed, trial, x):
    """What the optimizer sees: the value plus, on noisy problems, noise drawn from (seed, trial)."""
    f = evaluate(problem, seed, x)
    sd = NOISE.get(problem, 0.0)
    return f + sd * float(np.random.default_rng([seed, trial]).standard_normal()) if sd else f, f


def describe():
    return {name: {"lower": lo, "upper": hi, "kinds": kinds, "fstar": fstar}
            for name, (fn, lo, hi, kinds, fstar, shifted) in PROBLEMS.items()}


def clip(problem):
    """The median of 100,000 random points drawn as random search draws them (log, integer, category)."""
    fn, lo, hi, kinds, fstar, shifted = PROBLEMS[problem]
    rng = np.random.default_rng(12345)
    u = rng.random((100_000, len(lo)))
    columns = []
    for i, kind in enumerate(kinds):
        if kind == "log":
            columns.append(np.exp(np.log(lo[i]) + u[:, i] * (np.log(hi[i]) - np.log(lo[i]))))
        elif kind in ("int", "cat"):
            columns.append(np.floor(lo[i] + u[:, i] * (hi[i] - lo[i] + 1)))
        else:
            columns.append(lo[i] + u[:, i] * (hi[i] - lo[i]))
    return float(np.median([fn(x) for x in np.stack(columns, axis=1)]))


def main(argv):
    command = argv[0]
    if command == "describe":
        print(json.dumps(describe()))
    elif command == "clip":
        print(json.dumps(clip(argv[1])))
    elif command == "serve":
        for line in sys.stdin:
            request = json.loads(line)
            y, f = observe(request["problem"], request["seed"], request["trial"], request["x"])
            sys.stdout.write(json.dumps({"y": y, "f": f}) + "\n")
            sys.stdout.flush()
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
