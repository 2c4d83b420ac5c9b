"""Optuna's TPE with its pruners, trained epoch by epoch, for bench/multifidelity/run.ts.

Runs in the optuna environment of bench/optimizer/venv.sh. JSON lines:
  {"op": "start", "dims": D, "seed": S, "pruner": "none"|"hyperband"|"halving", "epochs": R, "eta": E}
  {"op": "ask"}                          -> {"x": [...]}      (D floats in [0, 1])
  {"op": "report", "value": V, "epoch": T} -> {"prune": bool}
  {"op": "tell", "value": V, "pruned": bool} -> {}
"""
import os
import sys
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "optimizer"))
from json_lines import serve  # noqa: E402

warnings.filterwarnings("ignore")


def main():
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    state = {}

    def handle(request):
        op = request["op"]
        if op == "start":
            epochs, eta = request["epochs"], request["eta"]
            pruner = {
                "none": lambda: optuna.pruners.NopPruner(),
                "hyperband": lambda: optuna.pruners.HyperbandPruner(min_resource=1, max_resource=epochs, reduction_factor=eta),
                "halving": lambda: optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=eta),
            }[request["pruner"]]()
            # HyperbandPruner puts a trial in a bracket by a hash of the study's name and the trial's
            # number; the default name is a random UUID, which would make every run of the bench differ.
            name = f"multifidelity-{request['seed']}"
            state["study"] = optuna.create_study(study_name=name, direction="minimize", sampler=optuna.samplers.TPESampler(seed=request["seed"]), pruner=pruner)
            state["dists"] = {f"x{i}": optuna.distributions.FloatDistribution(0.0, 1.0) for i in range(request["dims"])}
            return {}
        if op == "ask":
            state["trial"] = state["study"].ask(fixed_distributions=state["dists"])
            return {"x": [state["trial"].params[f"x{i}"] for i in range(len(state["dists"]))]}
        if op == "report":
            state["trial"].report(request["value"], request["epoch"])
            return {"prune": state["trial"].should_prune()}
        pruned = optuna.trial.TrialState.PRUNED if request["pruned"] else optuna.trial.TrialState.COMPLETE
        state["study"].tell(state["trial"], None if request["pruned"] else request["value"], state=pruned)
        return {}

    serve(handle)


if __name__ == "__main__":
    main()
