"""The anchors of bench/optimizer: other projects' optimizers, driven one trial at a time.

Run by bench/optimizer/run.ts with the interpreter of the anchor's environment (venv.sh), so each
library sees only its own pinned packages. It never evaluates an objective: it answers JSON lines
on stdin, and run.ts sends each suggestion to objectives.py, which evaluates every optimizer's.
  {"op": "start", "optimizer": NAME, "space": {lower, upper, kinds}, "seed": S, "trials": T}
  {"op": "ask"}           -> {"x": [...]}   (a "cat" coordinate is its choice's index)
  {"op": "tell", "y": Y}  -> {}
  {"op": "latency", "optimizer": NAME, "dim": D, "completed": N}  -> {"seconds": one ask after N trials}
Optimizers: tpe, tpe_mv, gp, cmaes (optuna environment), hebo, smac, wandb_bayes (sweeps).
"""
import tempfile
import time
import warnings

from json_lines import serve

warnings.filterwarnings("ignore")


def category(i):
    return f"c{i}"


class Optuna:
    def __init__(self, kind, space, seed, trials):
        import optuna
        optuna.logging.set_verbosity(optuna.logging.ERROR)
        self.optuna = optuna
        samplers = {
            "tpe": lambda: optuna.samplers.TPESampler(seed=seed),
            "tpe_mv": lambda: optuna.samplers.TPESampler(seed=seed, multivariate=True),
            "gp": lambda: optuna.samplers.GPSampler(seed=seed),
            "cmaes": lambda: optuna.samplers.CmaEsSampler(seed=seed),
        }
        self.study = optuna.create_study(direction="minimize", sampler=samplers[kind]())
        self.space = space
        self.dists = {f"x{i}": self.distribution(i) for i in range(len(space["lower"]))}

    def distribution(self, i):
        d, lo, hi, kind = self.optuna.distributions, self.space["lower"][i], self.space["upper"][i], self.space["kinds"][i]
        if kind == "cat":
            return d.CategoricalDistribution([category(k) for k in range(int(hi) + 1)])
        if kind == "int":
            return d.IntDistribution(int(lo), int(hi))
        return d.FloatDistribution(lo, hi, log=kind == "log")

    def ask(self):
        self.trial = self.study.ask(fixed_distributions=self.dists)
        return [decode(self.trial.params[f"x{i}"]) for i in range(len(self.dists))]

    def tell(self, y):
        self.study.tell(self.trial, y)

    def add(self, x, y):
        self.study.add_trial(self.optuna.trial.create_trial(params={f"x{i}": v for i, v in enumerate(x)}, distributions=self.dists, value=y))


def decode(value):
    return int(value[1:]) if isinstance(value, str) else value


class Hebo:
    def __init__(self, space, seed, trials):
        import numpy as np
        import torch
        from hebo.design_space.design_space import DesignSpace
        from hebo.optimizers.hebo import HEBO
        np.random.seed(seed)
        torch.manual_seed(seed)
        self.np = np
        self.names = [f"x{i}" for i in range(len(space["lower"]))]
        params = []
        for name, lo, hi, kind in zip(self.names, space["lower"], space["upper"], space["kinds"]):
            if kind == "cat":
                params.append({"name": name, "type": "cat", "categories": [category(k) for k in range(int(hi) + 1)]})
            elif kind == "int":
                params.append({"name": name, "type": "int", "lb": int(lo), "ub": int(hi)})
            else:
                params.append({"name": name, "type": "pow" if kind == "log" else "num", "lb": lo, "ub": hi})
        self.opt = HEBO(DesignSpace().parse(params), scramble_seed=seed)

    def ask(self):
        self.rec = self.opt.suggest(n_suggestions=1)
        row = self.rec.iloc[0]
        return [decode(row[n].item() if hasattr(row[n], "item") else row[n]) for n in self.names]

    def tell(self, y):
        self.opt.observe(self.rec, self.np.array([[y]]))


class Smac:
    def __init__(self, space, seed, trials):
        from ConfigSpace import Categorical, ConfigurationSpace, Float, Integer
        from smac import HyperparameterOptimizationFacade, Scenario
        from smac.runhistory.dataclasses import TrialValue
        self.TrialValue = TrialValue
        self.names = [f"x{i}" for i in range(len(space["lower"]))]
        cs = ConfigurationSpace(seed=seed)
        for name, lo, hi, kind in zip(self.names, space["lower"], space["upper"], space["kinds"]):
            if kind == "cat":
                cs.add(Categorical(name, [category(k) for k in range(int(hi) + 1)]))
            elif kind == "int":
                cs.add(Integer(name, (int(lo), int(hi))))
            else:
                cs.add(Float(name, (lo, hi), log=kind == "log"))
        self.tmp = tempfile.TemporaryDirectory()
        scenario = Scenario(cs, deterministic=True, n_trials=trials, seed=seed, output_directory=self.tmp.name)
        self.smac = HyperparameterOptimizationFacade(scenario, lambda config, seed=0: 0.0, overwrite=True, logging_level=40)

    def ask(self):
        self.info = self.smac.ask()
        return [decode(self.info.config[n]) for n in self.names]

    def tell(self, y):
        self.smac.tell(self.info, self.TrialValue(cost=y))


class WandbBayes:
    """W&B's own `method: bayes`, as its sweeps package implements it."""

    def __init__(self, space, seed, trials):
        import numpy as np
        import sweeps
        np.random.seed(seed)
        self.sweeps = sweeps
        self.names = [f"x{i}" for i in range(len(space["lower"]))]
        params = {}
        for name, lo, hi, kind in zip(self.names, space["lower"], space["upper"], space["kinds"]):
            if kind == "cat":
                params[name] = {"values": [category(k) for k in range(int(hi) + 1)]}
            elif kind == "int":
                params[name] = {"distribution": "int_uniform", "min": int(lo), "max": int(hi)}
            else:
                params[name] = {"distribution": "log_uniform_values" if kind == "log" else "uniform", "min": lo, "max": hi}
        self.config = {"method": "bayes", "metric": {"name": "objective", "goal": "minimize"}, "parameters": params}
        self.runs = []

    def ask(self):
        self.run = self.sweeps.next_run(self.config, self.runs, validate=False)
        return [decode(self.run.config[n]["value"]) for n in self.names]

    def tell(self, y):
        self.run.state = "finished"
        self.run.summary_metrics = {"objective": y}
        self.runs.append(self.run)


def make(name, space, seed, trials):
    if name in ("tpe", "tpe_mv", "gp", "cmaes"):
        return Optuna(name, space, seed, trials)
    return {"hebo": Hebo, "smac": Smac, "wandb_bayes": WandbBayes}[name](space, seed, trials)


def latency(name, dim, completed):
    """Seconds for one suggestion after `completed` trials of a random 2-norm problem (Optuna only)."""
    import numpy as np
    space = {"lower": [0.0] * dim, "upper": [1.0] * dim, "kinds": ["float"] * dim}
    opt = Optuna(name, space, 0, completed + 1)
    rng = np.random.default_rng(0)
    for _ in range(completed):
        x = rng.random(dim)
        opt.add([float(v) for v in x], float(np.sum((x - 0.3) ** 2)))
    t0 = time.perf_counter()
    opt.ask()
    return time.perf_counter() - t0


def main():
    state = {}

    def handle(request):
        op = request["op"]
        if op == "start":
            state["optimizer"] = make(request["optimizer"], request["space"], request["seed"], request["trials"])
            return {}
        if op == "ask":
            return {"x": state["optimizer"].ask()}
        if op == "tell":
            state["optimizer"].tell(request["y"])
            return {}
        if op == "latency":
            return {"seconds": latency(request["optimizer"], request["dim"], request["completed"])}
        return {"error": f"unknown op {op}"}

    serve(handle)


if __name__ == "__main__":
    main()
