"""wandb.Api writes: run.update() with config, tags and summary; run.summary.update(); run.delete()."""
import os

import wandb
from common import api, section

project = os.environ["WANDB_PROJECT"]

with section("setup") as out:
    for rid in ("edited", "doomed"):
        run = wandb.init(project=project, id=rid, config={"lr": 0.1}, tags=["old"])
        run.log({"loss": 1})
        run.finish()

with section("update") as out:
    r = api().run(f"admin/{project}/edited")
    r.config["lr"] = 0.5
    r.tags.append("new")
    r.name = "renamed"
    r.summary["note"] = "edited"
    r.update()

with section("summary") as out:
    r = api().run(f"admin/{project}/edited")
    r.summary.update({"extra": 42})

with section("delete") as out:
    api().run(f"admin/{project}/doomed").delete()
