"""The benchmark's objective functions, evaluated in one place for every optimizer.

Run by bench/optimizer/run.ts with Debian's /usr/bin/python3 (numpy, scikit-learn, optuna):
  objectives.py describe                      problem spaces as JSON
  objectives.py serve                         evaluate {"problem", "seed", "x"} lines from stdin
  objectives.py clip PROBLEM                  median value of one uniform random point (100k draws)
  objectives.py optuna PROBLEM SAMPLER SEEDS TRIALS  Optuna studies for seeds 0..SEEDS-1; a JSON line of values per seed
  objectives.py latency SAMPLER DIM COMPLETED REPS   seconds per study.ask() after COMPLETED trials
All problems are minimized.
"""
import json
import math
import sys
import time

import numpy as np

# Hartmann-6 constants (Dixon & Szegő).
H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
H6_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                 [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]], dtype=float)
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


# name: (function, lower bounds, upper bounds, kinds, f* (None: best value seen), shifted per seed)
PROBLEMS = {
    "branin": (branin, [-5.0, 0.0], [10.0, 15.0], ["float"] * 2, 0.397887357729738, False),
    "hartmann6": (hartmann6, [0.0] * 6, [1.0] * 6, ["float"] * 6, -3.32236801141551, False),
    "rosenbrock10": (rosenbrock, [-5.0] * 10, [10.0] * 10, ["float"] * 10, 0.0, True),
    "ackley10": (ackley, [-32.768] * 10, [32.768] * 10, ["float"] * 10, 0.0, True),
    "levy10": (levy, [-10.0] * 10, [10.0] * 10, ["float"] * 10, 0.0, True),
    "svm_breast": (svm_breast, [1e-2, 1e-5], [1e3, 1.0], ["log", "log"], None, False),
    "dt_digits": (dt_digits, [1, 0.01, 0.001, 0.05, 1e-6], [20, 0.9, 0.5, 1.0, 0.1], ["int", "float", "float", "float", "log"], None, False),
}


def offset(problem, seed):
    """Seed s evaluates f(x - o_s), o_s uniform in ±20% of the box width (numpy default_rng(1000 + s))."""
    fn, lo, hi, kinds, fstar, shifted = PROBLEMS[problem]
    if not shifted:
        return np.zeros(len(lo))
    return np.random.default_rng(1000 + seed).uniform(-0.2, 0.2, len(lo)) * (np.array(hi) - np.array(lo))


def evaluate(problem, seed, x):
    fn = PROBLEMS[problem][0]
    return float(fn(np.asarray(x, dtype=float) - offset(problem, seed)))


def describe():
    return {name: {"lower": lo, "upper": hi, "kinds": kinds, "fstar": fstar}
            for name, (fn, lo, hi, kinds, fstar, shifted) in PROBLEMS.items()}


def clip(problem):
    fn, lo, hi, kinds, fstar, shifted = PROBLEMS[problem]
    rng = np.random.default_rng(12345)
    lo_a, hi_a = np.array(lo), np.array(hi)
    return float(np.median([fn(x) for x in lo_a + rng.random((100_000, len(lo))) * (hi_a - lo_a)]))


def optuna_distributions(optuna, problem):
    fn, lo, hi, kinds, fstar, shifted = PROBLEMS[problem]
    return {f"x{i}": (optuna.distributions.IntDistribution(int(lo[i]), int(hi[i])) if kinds[i] == "int"
                      else optuna.distributions.FloatDistribution(lo[i], hi[i], log=kinds[i] == "log"))
            for i in range(len(lo))}


def quiet_optuna():
    import warnings
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore")
    return optuna


def sampler(optuna, kind, seed):
    return {"tpe": lambda: optuna.samplers.TPESampler(seed=seed),
            "tpe_mv": lambda: optuna.samplers.TPESampler(seed=seed, multivariate=True),
            "random": lambda: optuna.samplers.RandomSampler(seed=seed)}[kind]()


def run_optuna(problem, kind, seed, trials):
    optuna = quiet_optuna()
    dists = optuna_distributions(optuna, problem)
    study = optuna.create_study(direction="minimize", sampler=sampler(optuna, kind, seed))
    values = []
    for _ in range(trials):
        trial = study.ask(fixed_distributions=dists)
        y = evaluate(problem, seed, [trial.params[f"x{i}"] for i in range(len(dists))])
        study.tell(trial, y)
        values.append(y)
    return values


def latency(kind, dim, completed, reps):
    optuna = quiet_optuna()
    dists = {f"x{i}": optuna.distributions.FloatDistribution(0.0, 1.0) for i in range(dim)}
    rng = np.random.default_rng(0)
    times = []
    for rep in range(reps):
        study = optuna.create_study(direction="minimize", sampler=sampler(optuna, kind, rep))
        for _ in range(completed):
            x = rng.random(dim)
            study.add_trial(optuna.trial.create_trial(params={f"x{i}": float(x[i]) for i in range(dim)},
                                                      distributions=dists, value=float(np.sum((x - 0.3) ** 2))))
        t0 = time.perf_counter()
        study.ask(fixed_distributions=dists)
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def main(argv):
    command = argv[0]
    if command == "describe":
        print(json.dumps(describe()))
    elif command == "clip":
        print(json.dumps(clip(argv[1])))
    elif command == "optuna":
        for seed in range(int(argv[3])):
            start = time.perf_counter()
            values = run_optuna(argv[1], argv[2], seed, int(argv[4]))
            print(json.dumps({"seed": seed, "values": values, "seconds": time.perf_counter() - start}), flush=True)
    elif command == "latency":
        print(json.dumps(latency(argv[1], int(argv[2]), int(argv[3]), int(argv[4]))))
    elif command == "serve":
        for line in sys.stdin:
            request = json.loads(line)
            y = evaluate(request["problem"], request["seed"], request["x"])
            sys.stdout.write(json.dumps({"y": y}) + "\n")
            sys.stdout.flush()
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
