"""wandb.init with a well-formed but wrong API key."""
import os

import wandb
from common import section

with section("init") as out:
    try:
        run = wandb.init(project=os.environ["WANDB_PROJECT"], id="intruder")
        run.log({"x": 1})
        run.finish()
        out["raised"] = None
    except BaseException as e:  # noqa: B036
        out["raised"] = f"{type(e).__name__}: {e}"
