"""Artifacts: log two versions with aliases, use and download one in another run, then edit
aliases, list collections and delete a version through wandb.Api."""
import os
import pathlib

import wandb
from common import api, section

project = os.environ["WANDB_PROJECT"]
home = pathlib.Path(os.environ["WANDB_DIR"])

with section("log") as out:
    run = wandb.init(project=project, id="producer")
    (home / "data.txt").write_text("version one\n")
    (home / "tree").mkdir(exist_ok=True)
    (home / "tree" / "nested.csv").write_text("a,b\n1,2\n")
    art = wandb.Artifact("dataset", type="dataset", metadata={"rows": 1})
    art.add_file(str(home / "data.txt"))
    art.add_dir(str(home / "tree"), name="tree")
    run.log_artifact(art, aliases=["best"])
    art.wait()
    (home / "data.txt").write_text("version two\n")
    art2 = wandb.Artifact("dataset", type="dataset", metadata={"rows": 2})
    art2.add_file(str(home / "data.txt"))
    run.log_artifact(art2, aliases=["candidate"])
    art2.wait()
    out["versions"] = [art.version, art2.version]
    run.finish()

with section("use") as out:
    run = wandb.init(project=project, id="consumer")
    used = run.use_artifact("dataset:best")
    where = pathlib.Path(used.download(root=str(home / "download")))
    out["best"] = (where / "data.txt").read_text()
    out["nested"] = (where / "tree" / "nested.csv").read_text()
    out["version"] = used.version
    latest = run.use_artifact("dataset:latest")
    out["latest"] = (pathlib.Path(latest.download(root=str(home / "download-latest"))) / "data.txt").read_text()
    run.finish()

with section("aliases") as out:
    art = api().artifact(f"admin/{project}/dataset:v0")
    art.aliases.append("gold")
    art.save()
    out["aliases"] = sorted(api().artifact(f"admin/{project}/dataset:gold").aliases)

with section("collections") as out:
    kind = api().artifact_type("dataset", project=f"admin/{project}")
    out["names"] = sorted(c.name for c in kind.collections())

with section("delete") as out:
    api().artifact(f"admin/{project}/dataset:v1").delete(delete_aliases=True)
