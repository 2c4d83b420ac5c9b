"""Branching a finished run: fork_from starts a new run after a step of it, resume_from rewinds it."""
import os

import wandb
from common import section

project = os.environ["WANDB_PROJECT"]
with section("parent") as out:
    run = wandb.init(project=project, id="parent1")
    for i in range(5):
        run.log({"loss": 1.0 / (i + 1)})
    run.finish()

with section("fork") as out:
    run = wandb.init(project=project, id="forked1", fork_from="parent1?_step=2")
    out["starting_step"] = run.starting_step
    run.log({"loss": 9.0})
    run.finish()

with section("rewind") as out:
    try:
        run = wandb.init(project=project, id="parent1", resume_from="parent1?_step=2")
        run.log({"loss": 9.0})
        run.finish()
        out["raised"] = None
    except Exception as e:
        out["raised"] = f"{type(e).__name__}: {e}"
