"""The multi-objective anchors of bench/multiobjective: Optuna's samplers with two minimized objectives.

Run by bench/multiobjective/run.ts with the optuna environment's interpreter (bench/optimizer/venv.sh
optuna); it answers one JSON line per JSON line on stdin and never evaluates an objective itself:
  {"op": "start", "optimizer": "nsga2" | "tpe", "dim": D, "seed": S}  -> {"version": V}
  {"op": "ask"}                -> {"x": [...]}   (every coordinate in [0, 1])
  {"op": "tell", "ys": [f1, f2]} -> {}
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)
SAMPLERS = {
    "nsga2": lambda seed: optuna.samplers.NSGAIISampler(seed=seed),
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
}

study = dists = trial = None
for line in sys.stdin:
    request = json.loads(line)
    op = request["op"]
    if op == "start":
        study = optuna.create_study(directions=["minimize", "minimize"], sampler=SAMPLERS[request["optimizer"]](request["seed"]))
        dists = {f"x{i}": optuna.distributions.FloatDistribution(0.0, 1.0) for i in range(request["dim"])}
        answer = {"version": optuna.__version__}
    elif op == "ask":
        trial = study.ask(fixed_distributions=dists)
        answer = {"x": [trial.params[f"x{i}"] for i in range(len(dists))]}
    elif op == "tell":
        study.tell(trial, request["ys"])
        answer = {}
    else:
        raise ValueError(f"unknown op {op}")
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
