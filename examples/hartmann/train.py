"""A stand-in for a training script: the 6-d Hartmann function (minimum -3.32237), no wandb needed.

It reads --x1=... --x6=... as the agent passes them and prints `loss=...`; run the sweep with
`sextant launch ... --metrics-from-stdout` and the agent logs that line as the run's metric.
"""
import math
import sys

ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]

args = dict(arg[2:].split("=", 1) for arg in sys.argv[1:] if arg.startswith("--"))
x = [float(args[f"x{i}"]) for i in range(1, 7)]
loss = -sum(a * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i, a in enumerate(ALPHA))
print(f"loss={loss}")
