"""wandb.Image, wandb.Table (with an image column) and wandb.Histogram in history rows."""
import os

import numpy as np
import wandb
from common import section

with section("log") as out:
    run = wandb.init(project=os.environ["WANDB_PROJECT"], id="media1")
    pixels = np.zeros((8, 6, 3), dtype=np.uint8)
    pixels[:, :, 0] = 200
    run.log({"picture": wandb.Image(pixels, caption="red")})
    table = wandb.Table(columns=["name", "score", "thumb"])
    table.add_data("a", 1.5, wandb.Image(pixels))
    table.add_data("b", 2.5, wandb.Image(pixels))
    run.log({"scores": table})
    run.log({"spread": wandb.Histogram([1, 2, 2, 3, 3, 3])})
    run.finish()
