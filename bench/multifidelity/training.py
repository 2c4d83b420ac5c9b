"""A real training task with epochs for bench/multifidelity/run.ts: a one-hidden-layer network
(scikit-learn's MLPClassifier, plain SGD with momentum) on the digits dataset that scikit-learn
ships, trained one epoch per request.

Runs in the objectives environment of bench/optimizer/venv.sh. A search point x has four
coordinates in [0, 1]: log learning rate (0.001–1), log L2 penalty (1e-6–0.1), momentum (0.5–0.99)
and log batch size (16–256). The seed
picks the split of the 1,797 images into training (49%), validation (21%) and test (30%) and the
weights' initialization, so every optimizer of a seed sees the same numbers for the same point.
The logged loss is the validation log loss; the score of a run trained to the end is its test log
loss, which no optimizer sees. JSON lines:
  {"op": "start", "seed": S}                    -> {}
  {"op": "epoch", "x": [...], "epoch": E}       -> {"loss": L}   (E = 1 starts a new run)
  {"op": "final"}                               -> {"loss": L}   (the current run's test log loss)
  {"op": "random", "count": N, "epochs": R}     -> {"losses": [...]}  (N random points trained R epochs)
"""
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "optimizer"))
from json_lines import serve  # noqa: E402

warnings.filterwarnings("ignore")
CLASSES = np.arange(10)
DIVERGED = 10.0


def hyperparameters(x):
    return {
        "learning_rate_init": 10 ** (-3 + 3 * x[0]),
        "alpha": 10 ** (-6 + 5 * x[1]),
        "momentum": 0.5 + 0.49 * x[2],
        "batch_size": int(round(2 ** (4 + 4 * x[3]))),
    }


def main():
    from sklearn.datasets import load_digits
    from sklearn.metrics import log_loss
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier

    state = {}

    def new_model(x):
        return MLPClassifier(hidden_layer_sizes=(32,), solver="sgd", random_state=state["seed"], **hyperparameters(x))

    def loss_on(model, split):
        probabilities = model.predict_proba(state[split][0])
        # A run whose weights diverged logs a fixed loss worse than chance (log 10 = 2.3).
        return float(log_loss(state[split][1], probabilities, labels=CLASSES)) if np.isfinite(probabilities).all() else DIVERGED

    def train_epoch(model):
        model.partial_fit(state["train"][0], state["train"][1], classes=CLASSES)
        return loss_on(model, "valid")

    def test_loss(model):
        return loss_on(model, "test")

    def handle(request):
        op = request["op"]
        if op == "start":
            seed = request["seed"]
            images, labels = load_digits(return_X_y=True)
            images = images / 16.0
            rest_x, test_x, rest_y, test_y = train_test_split(images, labels, test_size=0.3, random_state=seed, stratify=labels)
            train_x, valid_x, train_y, valid_y = train_test_split(rest_x, rest_y, test_size=0.3, random_state=seed + 1, stratify=rest_y)
            state.update(seed=seed, train=(train_x, train_y), valid=(valid_x, valid_y), test=(test_x, test_y), model=None)
            return {}
        if op == "epoch":
            if request["epoch"] == 1:
                state["model"] = new_model(request["x"])
            return {"loss": train_epoch(state["model"])}
        if op == "final":
            return {"loss": test_loss(state["model"])}
        if op == "random":
            rng = np.random.default_rng(state["seed"] + 12345)
            losses = []
            for _ in range(request["count"]):
                model = new_model(rng.uniform(size=4))
                for _ in range(request["epochs"]):
                    train_epoch(model)
                losses.append(test_loss(model))
            return {"losses": losses}
        raise ValueError(f"unknown op {op}")

    serve(handle)


if __name__ == "__main__":
    main()
