"""The program the sweep agents run. It logs `loss` for STEPS steps (default 3), sleeping SLOW
seconds after each. With BAD_AFTER=n, the runs started after the first n of this folder log a
loss 100 times worse and sleep BAD_SLOW seconds per step instead (for hyperband to stop them)."""
import os
import time

import wandb

os.makedirs("started", exist_ok=True)
index = len(os.listdir("started"))
open(os.path.join("started", str(os.getpid())), "w").close()
bad = index >= int(os.environ.get("BAD_AFTER", "1000000"))

run = wandb.init()
x = float(run.config.get("x", 0))
steps = int(os.environ.get("STEPS", "3"))
pause = float(os.environ.get("BAD_SLOW" if bad else "SLOW", "0"))
for step in range(steps):
    run.log({"loss": (x + 1) / (step + 1) * (100 if bad else 1)})
    time.sleep(pause)
run.finish()
