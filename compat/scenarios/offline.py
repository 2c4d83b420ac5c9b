"""A run logged with WANDB_MODE=offline; the Node side then runs `wandb sync` on its folder."""
import os

import wandb
from common import section

with section("offline") as out:
    run = wandb.init(project=os.environ["WANDB_PROJECT"], id="offline1", config={"lr": 0.3})
    for i in range(4):
        run.log({"loss": 4 - i})
    run.summary["best"] = 1
    run.finish()
    out["dir"] = run.dir
