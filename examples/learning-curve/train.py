"""A stand-in for a training run that takes a few seconds: a simulated learning curve, no wandb needed.

It reads --lr, --batch_size, --optimizer and --dropout as the agent passes them and prints one
`epoch=... train_loss=... val_loss=... val_acc=...` line per epoch (0.3 s each), so the dashboard's
charts grow while it runs and hyperband has curves to cut. The best settings are near lr=0.01 with
adam, a batch size of 64 and dropout 0.2.
"""
import math
import random
import sys
import time

args = dict(arg[2:].split("=", 1) for arg in sys.argv[1:] if arg.startswith("--"))
lr = float(args["lr"])
batch_size = int(args["batch_size"])
optimizer = args["optimizer"]
dropout = float(args["dropout"])
epochs = int(args.get("epochs", 15))

rng = random.Random(f"{lr}-{batch_size}-{optimizer}-{dropout}")
floor = (0.05 + 0.4 * math.log10(lr / 0.01) ** 2 + 0.3 * (dropout - 0.2) ** 2
         + 0.05 * abs(math.log2(batch_size / 64)) + {"adam": 0.0, "sgd": 0.15, "rmsprop": 0.05}[optimizer])
speed = 0.25 * min(1.0, lr / 0.003) * (1.5 if optimizer == "adam" else 1.0)
for epoch in range(epochs):
    progress = 1 - math.exp(-speed * (epoch + 1))
    train_loss = 2.3 - (2.3 - floor * 0.8) * progress + rng.gauss(0, 0.01)
    val_loss = 2.3 - (2.3 - floor) * progress + rng.gauss(0, 0.02)
    val_acc = max(0.0, min(1.0, 1 - val_loss / 2.5))
    print(f"epoch={epoch} train_loss={train_loss:.4f} val_loss={val_loss:.4f} val_acc={val_acc:.4f}", flush=True)
    time.sleep(0.3)
