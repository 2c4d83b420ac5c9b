"""NaN and ±Infinity in history and summary arrive and read back as such. The client's own
summary file is reported too: the clients themselves drop a NaN summary value before sending."""
import json
import os

import wandb
from common import api, section

project = os.environ["WANDB_PROJECT"]
with section("log") as out:
    run = wandb.init(project=project, id="nonfinite")
    run.log({"a": float("nan"), "b": float("inf"), "c": float("-inf"), "ok": 1})
    run.log({"a": 1.5, "b": 2.5, "c": 3.5, "ok": 2})
    run.summary["s_nan"] = float("nan")
    run.summary["s_inf"] = float("inf")
    summary_file = os.path.join(run.dir, "wandb-summary.json")
    run.finish()
    with open(summary_file) as f:
        local = json.load(f)
    out["local_summary"] = {k: local.get(k) for k in ("s_nan", "s_inf")}

with section("read") as out:
    r = api().run(f"admin/{project}/nonfinite")
    rows = r.history(keys=["a", "b", "c", "ok"], pandas=False)
    out["rows"] = rows
    out["summary"] = {k: r.summary.get(k) for k in ("s_nan", "s_inf")}
