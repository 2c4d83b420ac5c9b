"""Optuna's TPE on bench/conditional's space, define-by-run: a model's parameters are asked only
when that model is chosen, which is how Optuna expresses a conditional space.

Runs in the optuna environment of bench/optimizer/venv.sh. JSON lines:
  {"op": "start", "models": {name: [{"name", "kind": "float"|"log"|"int", "low", "high"}]}, "seed": S}
  {"op": "ask"}               -> {"params": {"model": name, <that model's parameters>}}
  {"op": "tell", "value": V}  -> {}
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

    def suggest(trial, p):
        if p["kind"] == "int":
            return trial.suggest_int(p["name"], p["low"], p["high"])
        return trial.suggest_float(p["name"], p["low"], p["high"], log=p["kind"] == "log")

    def handle(request):
        op = request["op"]
        if op == "start":
            state["models"] = request["models"]
            state["study"] = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=request["seed"]))
            return {}
        if op == "ask":
            trial = state["study"].ask()
            model = trial.suggest_categorical("model", list(state["models"]))
            for p in state["models"][model]:
                suggest(trial, p)
            state["trial"] = trial
            return {"params": trial.params}
        state["study"].tell(state["trial"], request["value"])
        return {}

    serve(handle)


if __name__ == "__main__":
    main()
