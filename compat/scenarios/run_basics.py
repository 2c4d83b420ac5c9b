"""init with every option the three generations share, log, summary, config updates, finish."""
import os

import wandb
from common import section

with section("init") as out:
    run = wandb.init(
        entity="admin",
        project=os.environ["WANDB_PROJECT"],
        dir=os.environ["WANDB_DIR"],
        id="basics1",
        name="first-light",
        notes="a note",
        tags=["a", "b"],
        config={"lr": 0.01, "layers": {"n": 2, "act": "relu"}, "secret": 1},
        config_exclude_keys=["secret"],
        allow_val_change=True,
        group="g1",
        job_type="train",
        mode="online",
        force=True,
        resume=None,
        save_code=False,
        settings=wandb.Settings(console="off"),
    )
    out["id"] = run.id
    out["name"] = run.name

with section("log") as out:
    for step in range(3):
        run.log({"loss": 1.0 / (step + 1), "acc": step / 10})
    run.log({"extra": 7}, commit=False)
    run.log({"loss": 0.25})
    run.log({"loss": 0.1}, step=5)

with section("summary") as out:
    run.summary["best"] = 0.05
    run.summary.update({"final": "done", "nested": {"k": 1}})
    run.summary["acc"] = 0.99

with section("config") as out:
    run.config.update({"epochs": 3})
    run.config.update({"lr": 0.02}, allow_val_change=True)

with section("finish") as out:
    run.finish()

with section("failed") as out:
    other = wandb.init(project=os.environ["WANDB_PROJECT"], id="basics2", settings=wandb.Settings(console="off"))
    other.log({"x": 1})
    other.finish(exit_code=1)
