"""wandb.sweep + wandb.agent(function=...), then the sweep read back through wandb.Api."""
import os

import wandb
from common import api, section

project = os.environ["WANDB_PROJECT"]
config = {
    "method": "grid",
    "metric": {"name": "loss", "goal": "minimize"},
    "parameters": {"x": {"values": [3, 1, 2]}},
}


def train():
    run = wandb.init()
    run.log({"loss": run.config["x"] * 2})
    run.finish()


with section("agent") as out:
    sweep_id = wandb.sweep(config, project=project)
    out["id"] = sweep_id
    wandb.agent(sweep_id, function=train, count=2, project=project)

with section("read") as out:
    sweep = api().sweep(f"admin/{project}/{sweep_id}")
    out["runs"] = sorted(r.config["x"] for r in sweep.runs)
    out["best"] = sweep.best_run().config["x"]
    out["parameters"] = sweep.config["parameters"]

with section("project_sweeps") as out:
    out["ids"] = [s.id for s in api().project(project, entity="admin").sweeps()]
