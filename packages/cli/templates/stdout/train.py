"""A training script that does not use wandb: each run gets its hyperparameters as --name=value
arguments and prints its metrics as `name=value` lines, which `sextant launch
--metrics-from-stdout` logs as the run's history.

The training below is simulated (a loss curve that depends on the hyperparameters) so that the
project runs anywhere in seconds; replace it with your own model and data.
"""
import argparse
import json
import math
import os
import time


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

    for epoch in range(args.epochs):
        train_loss, val_loss = simulated_epoch(args.lr, args.batch_size, args.dropout, epoch)
        # Full precision (repr): the logged metric is the very value the model below keeps.
        print(f"epoch={epoch} train_loss={train_loss!r} val_loss={val_loss!r}", flush=True)
        time.sleep(0.1)

    # The agent names each run in WANDB_RUN_ID: keep the model under that name.
    os.makedirs("models", exist_ok=True)
    with open(os.path.join("models", os.environ.get("WANDB_RUN_ID", "local") + ".json"), "w") as f:
        json.dump({"lr": args.lr, "batch_size": args.batch_size, "dropout": args.dropout, "val_loss": val_loss}, f)


if __name__ == "__main__":
    main()
