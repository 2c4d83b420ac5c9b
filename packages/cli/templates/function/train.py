"""A function agent: wandb.agent calls train() once per run of the sweep, in this process.

`python3 train.py` creates a sweep from sweep.yaml and runs it; `python3 train.py --sweep-id ID`
joins a sweep created before (several such processes share its runs). The training below is
simulated (a loss curve that depends on the hyperparameters) so that the project runs anywhere
in seconds; replace it with your own model and data.
"""
import argparse
import json
import math
import os
import time

import wandb
import yaml


def simulated_epoch(lr, batch_size, dropout, epoch):
    """Train and validation loss after `epoch` + 1 epochs; best near lr=0.01, batch 64, dropout 0.2."""
    quality = (math.log10(lr) + 2) ** 2 + (math.log2(batch_size) - 6) ** 2 / 8 + (dropout - 0.2) ** 2 * 4
    train_loss = 0.1 + quality + 2.0 / (epoch + 1)
    return train_loss, train_loss + 0.05 + dropout / 10


def train():
    # Inside wandb.agent, wandb.init starts the run the sweep chose; run.config has its parameters.
    with wandb.init() as run:
        config = run.config
        for epoch in range(config.epochs):
            train_loss, val_loss = simulated_epoch(config.lr, config.batch_size, config.dropout, epoch)
            run.log({"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss})
            time.sleep(0.1)
        model_path = os.path.join(run.dir, "model.json")
        with open(model_path, "w") as f:
            json.dump({"lr": config.lr, "batch_size": config.batch_size, "dropout": config.dropout, "val_loss": val_loss}, f)
        run.save(model_path, base_path=run.dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", default=os.environ.get("WANDB_PROJECT", "PROJECT_NAME"))
    parser.add_argument("--sweep-id", help="join this sweep instead of creating one from sweep.yaml")
    parser.add_argument("--count", type=int, help="runs for this process (default: until the sweep ends)")
    args = parser.parse_args()
    sweep_id = args.sweep_id
    if not sweep_id:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sweep.yaml")) as f:
            sweep_id = wandb.sweep(yaml.safe_load(f), project=args.project)
    wandb.agent(sweep_id, function=train, project=args.project, count=args.count)


if __name__ == "__main__":
    main()
