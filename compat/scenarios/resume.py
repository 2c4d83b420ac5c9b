"""A finished run resumed with resume="must" and resume="allow" continues its history."""
import os

import wandb
from common import section

project = os.environ["WANDB_PROJECT"]
with section("first") as out:
    run = wandb.init(project=project, id="resumed1", config={"lr": 0.1})
    for i in range(3):
        run.log({"loss": 1.0 - i / 10})
    run.finish()

with section("must") as out:
    run = wandb.init(project=project, id="resumed1", resume="must")
    out["starting_step"] = run.starting_step if hasattr(run, "starting_step") else None
    for i in range(2):
        run.log({"loss": 0.5 - i / 10})
    run.summary["resumed"] = True
    run.finish()

with section("allow") as out:
    run = wandb.init(project=project, id="resumed1", resume="allow")
    run.log({"loss": 0.2})
    run.finish()

with section("never") as out:
    try:
        wandb.init(project=project, id="resumed1", resume="never")
        out["raised"] = None
    except Exception as e:  # the client must refuse: the run exists
        out["raised"] = f"{type(e).__name__}: {e}"
