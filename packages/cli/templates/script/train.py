"""A training script run by a sweep: each run gets its hyperparameters as --name=value arguments.

The training below is simulated (a loss curve that depends on the hyperparameters) so that the
project runs anywhere in seconds; replace it with your own model and data.
"""
import argparse
import json
import math
import os
import time

import wandb


def simulated_epoch(lr, batch_size, dropout, epoch):
    """Train and validation loss after `epoch` + 1 epochs; best near lr=0.01, batch 64, dropout 0.2."""
    quality = (math.log10(lr) + 2) ** 2 + (math.log2(batch_size) - 6) ** 2 / 8 + (dropout - 0.2) ** 2 * 4
    train_loss = 0.1 + quality + 2.0 / (epoch + 1)
    return train_loss, train_loss + 0.05 + dropout / 10


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--batch_size", type=int, default=64)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--epochs", type=int, default=9)
    args = parser.parse_args()

    # Under a sweep agent, wandb.init joins the sweep's run (project and run id come from the agent).
    run = wandb.init(config=vars(args))
    config = run.config
    for epoch in range(config.epochs):
        train_loss, val_loss = simulated_epoch(config.lr, config.batch_size, config.dropout, epoch)
        run.log({"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss})
        time.sleep(0.1)

    # Keep the model with the run: wandb uploads the file, so the best run's model can be fetched later.
    model_path = os.path.join(run.dir, "model.json")
    with open(model_path, "w") as f:
        json.dump({"lr": config.lr, "batch_size": config.batch_size, "dropout": config.dropout, "val_loss": val_loss}, f)
    run.save(model_path, base_path=run.dir)
    run.finish()


if __name__ == "__main__":
    main()
