"""Optuna's TPE with its pruners, trained epoch by epoch, for bench/multifidelity/run.ts.

Runs in the optuna environment of bench/optimizer/venv.sh. JSON lines:
  {"op": "start", "dims": D, "seed": S, "pruner": "none"|"hyperband"|"halving", "epochs": R, "eta": E}
  {"op": "ask"}                          -> {"x": [...]}      (D floats in [0, 1])
  {"op": "report", "value": V, "epoch": T} -> {"prune": bool}
  {"op": "tell", "value": V, "pruned": bool} -> {}
"""
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")


def main():
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    study = trial = dists = None
    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        if op == "start":
            epochs, eta = request["epochs"], request["eta"]
            pruner = {
                "none": lambda: optuna.pruners.NopPruner(),
                "hyperband": lambda: optuna.pruners.HyperbandPruner(min_resource=1, max_resource=epochs, reduction_factor=eta),
                "halving": lambda: optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=eta),
            }[request["pruner"]]()
            study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=request["seed"]), pruner=pruner)
            dists = {f"x{i}": optuna.distributions.FloatDistribution(0.0, 1.0) for i in range(request["dims"])}
            answer = {}
        elif op == "ask":
            trial = study.ask(fixed_distributions=dists)
            answer = {"x": [trial.params[f"x{i}"] for i in range(len(dists))]}
        elif op == "report":
            trial.report(request["value"], request["epoch"])
            answer = {"prune": trial.should_prune()}
        else:
            state = optuna.trial.TrialState.PRUNED if request["pruned"] else optuna.trial.TrialState.COMPLETE
            study.tell(trial, None if request["pruned"] else request["value"], state=state)
            answer = {}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
