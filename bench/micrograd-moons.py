"""micrograd's moons demo, for a side-by-side timing with `dotnet backprop train`.

Needs micrograd importable (`pip install micrograd`, or PYTHONPATH pointing at a checkout).
Trains on the same data file as our command, with the demo's settings: MLP(2, [16, 16, 1]),
max-margin loss + 1e-4 L2, 100 full-batch steps, learning rate 1.0 - 0.9 k / 100.

usage: python3 bench/micrograd-moons.py examples/moons.csv [--gc-off]
"""
import csv
import gc
import random
import sys
import time

from micrograd.nn import MLP

started = time.perf_counter()
path = sys.argv[1]
if "--gc-off" in sys.argv:
    gc.disable()

with open(path) as handle:
    rows = [row for row in csv.reader(handle)][1:]
X = [[float(row[0]), float(row[1])] for row in rows]
y = [float(row[2]) for row in rows]

random.seed(1337)
model = MLP(2, [16, 16, 1])


def loss():
    scores = [model(x) for x in X]
    losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum((p * p for p in model.parameters()))
    accuracy = [(yi > 0) == (si.data > 0) for yi, si in zip(y, scores)]
    return data_loss + reg_loss, sum(accuracy) / len(accuracy)


steps = 100
for k in range(steps):
    total, accuracy = loss()
    model.zero_grad()
    total.backward()
    rate = 1.0 - 0.9 * k / steps
    for p in model.parameters():
        p.data -= rate * p.grad

total, accuracy = loss()
print(f"steps {steps} loss {total.data:.6f} accuracy {accuracy:.2f} seconds {time.perf_counter() - started:.1f}")
