"""Optuna's TPE asked for a round of N suggestions before any is told, as N parallel agents ask.

Run by bench/parallel/run.ts in the optuna environment of bench/optimizer/venv.sh. JSON lines:
  {"op": "start", "space": {lower, upper, kinds}, "seed": S}
  {"op": "ask", "n": N}      -> {"xs": [[...], ...]}   (the earlier asks of the round are running)
  {"op": "tell", "ys": [...]} -> {}                     (the round's values, in the order asked)
TPE runs with constant_liar=True, Optuna's own answer to parallel workers: running trials count as
the worst value seen, so the next ask looks elsewhere.
"""
import os
import sys
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "optimizer"))
from anchors import Optuna, decode  # noqa: E402
from json_lines import serve  # noqa: E402

warnings.filterwarnings("ignore")


class ParallelTpe(Optuna):
    def __init__(self, space, seed):
        super().__init__("tpe", space, seed, 0)
        self.study = self.optuna.create_study(
            direction="minimize", sampler=self.optuna.samplers.TPESampler(seed=seed, constant_liar=True))

    def ask_round(self, n):
        self.trials = [self.study.ask(fixed_distributions=self.dists) for _ in range(n)]
        return [[decode(t.params[f"x{i}"]) for i in range(len(self.dists))] for t in self.trials]

    def tell_round(self, ys):
        for trial, y in zip(self.trials, ys):
            self.study.tell(trial, y)


def main():
    state = {}

    def handle(request):
        if request["op"] == "start":
            state["tpe"] = ParallelTpe(request["space"], request["seed"])
            return {}
        if request["op"] == "ask":
            return {"xs": state["tpe"].ask_round(request["n"])}
        state["tpe"].tell_round(request["ys"])
        return {}

    serve(handle)


if __name__ == "__main__":
    main()
