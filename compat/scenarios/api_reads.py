"""wandb.Api reads: runs() with filters and order, run() fields, history, scan_history, files,
file download, projects()."""
import os

import wandb
from common import api, section

project = os.environ["WANDB_PROJECT"]

with section("setup") as out:
    for rid, lr in (("slow", 0.01), ("fast", 0.1), ("mid", 0.05)):
        run = wandb.init(project=project, id=rid, config={"lr": lr, "opt": "sgd" if rid != "mid" else "adam"}, tags=[rid])
        for i in range(5):
            run.log({"loss": lr * (5 - i), "i": i})
        run.summary["best"] = lr
        run.finish()

with section("runs") as out:
    runs = api().runs(f"admin/{project}", filters={"config.lr": {"$gt": 0.02}}, order="-summary_metrics.best")
    out["ids"] = [r.id for r in runs]
    out["count"] = len(api().runs(f"admin/{project}", filters={"config.opt": "sgd"}))
    out["tagged"] = [r.id for r in api().runs(f"admin/{project}", filters={"tags": "mid"})]

with section("run") as out:
    r = api().run(f"admin/{project}/fast")
    out["config"] = r.config
    out["summary_best"] = r.summary["best"]
    out["state"] = r.state
    out["history"] = r.history(keys=["loss"], pandas=False)
    out["scan"] = [row["loss"] for row in r.scan_history(keys=["loss"], page_size=2)]
    out["scan_all"] = len(list(r.scan_history()))

with section("files") as out:
    r = api().run(f"admin/{project}/fast")
    out["names"] = sorted(f.name for f in r.files())
    f = r.file("wandb-summary.json")
    path = f.download(root=os.path.join(os.environ["WANDB_DIR"], "fetched"), replace=True)
    out["summary_file"] = open(path.name).read()

with section("projects") as out:
    out["names"] = [p.name for p in api().projects("admin")]
