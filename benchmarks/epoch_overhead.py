"""What an epoch's end costs in `tfgan-rnn train`, and what short epochs cost a small dataset.

Usage (from the repository root):

    .venv/bin/python benchmarks/epoch_overhead.py
    .venv/bin/python benchmarks/epoch_overhead.py --windows 500 --steps 500

Each run is `tfgan-rnn train` (the default recipe, --evaluation none) in a fresh process,
with a timing callback first in `fit`'s list: the median step, and the median gap from an
epoch's last step to the next one's first, which is everything done at an epoch's end
(the model saved, the backup written, history and TensorBoard logs, an image every 5
epochs). Two runs:
- `stocks`: the bundled GOOG data (3,662 windows, 29 steps a pass) for --epochs 20;
- `small`: a CSV of --windows windows (sine waves with noise) for --steps, first in epochs
  of one pass (`--epochs`, as the default budget ran before MIN_EPOCH_STEPS), then with the
  default plan (`--steps`: epochs of at least MIN_EPOCH_STEPS steps).
Prints a table and writes benchmarks/results/epoch_overhead.json (or --output).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

_CHILD = r"""
import json, sys, time
import keras, numpy as np
from tfgan_rnn import cli, gan as gan_lib

marks = []

class Timing(keras.callbacks.Callback):
    def on_train_batch_begin(self, batch, logs=None):
        marks.append((batch, time.perf_counter()))

    def on_train_batch_end(self, batch, logs=None):
        marks.append((None, time.perf_counter()))

fit = gan_lib.RecurrentGAN.fit
gan_lib.RecurrentGAN.fit = lambda self, *a, callbacks=None, **k: fit(self, *a, callbacks=[Timing(), *(callbacks or [])], **k)
started = time.perf_counter()
code = cli.main(sys.argv[2:])
fit_seconds = marks[-1][1] - marks[0][1]
steps = [end[1] - begin[1] for begin, end in zip(marks[::2], marks[1::2])]
gaps = [(begin[0], begin[1] - end[1]) for end, begin in zip(marks[1::2], marks[2::2])]
epoch_ends = [gap for batch, gap in gaps if batch == 0]
json.dump({"code": code, "steps": len(steps), "epochs": len(epoch_ends) + 1,
           "median_step_ms": 1e3 * float(np.median(steps[5:])),
           "median_epoch_end_ms": 1e3 * float(np.median(epoch_ends)) if epoch_ends else None,
           "epoch_ends_seconds": float(sum(epoch_ends)), "fit_seconds": fit_seconds}, open(sys.argv[1], "w"))
"""


def small_csv(path, windows: int, window: int = 24):
    import numpy as np
    import pandas as pd

    rows = windows + window - 1
    rng = np.random.default_rng(0)
    t = np.arange(rows)
    pd.DataFrame({"a": np.sin(t / 5) + rng.normal(0, 0.1, rows),
                  "b": np.cos(t / 9) + rng.normal(0, 0.1, rows)}).to_csv(path, index=False)


def run(name, flags, folder):
    result_path = os.path.join(folder, f"{name}.json")
    command = [sys.executable, "-c", _CHILD, result_path, "train", *flags, "--evaluation", "none", "--verbose", "0",
               "--out", os.path.join(folder, name), "--logdir", os.path.join(folder, f"{name}-logs")]
    started = time.monotonic()
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"{name} failed:\n{completed.stderr[-2000:]}")
    with open(result_path) as handle:
        result = json.load(handle)
    result.update(name=name, flags=" ".join(flags), process_seconds=time.monotonic() - started)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=500, help="windows of the small CSV")
    parser.add_argument("--steps", type=int, default=500, help="steps of the small runs")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "epoch_overhead.json"))
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with tempfile.TemporaryDirectory() as folder:
        csv = os.path.join(folder, "small.csv")
        small_csv(csv, args.windows)
        passes = math.ceil(args.steps / math.ceil(args.windows / 128))
        results = [
            run("stocks", ["--data", "stocks", "--epochs", "20"], folder),
            run("small, epochs of one pass", ["--data", csv, "--epochs", str(passes)], folder),
            run("small, default plan", ["--data", csv, "--steps", str(args.steps)], folder),
        ]
    print("| run | steps | epochs | median step (ms) | median epoch end (ms) | epoch ends (s) | fit (s) |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        end = "-" if r["median_epoch_end_ms"] is None else f"{r['median_epoch_end_ms']:.0f}"
        print(f"| {r['name']} | {r['steps']} | {r['epochs']} | {r['median_step_ms']:.0f} | {end} | "
              f"{r['epoch_ends_seconds']:.1f} | {r['fit_seconds']:.1f} |")
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as handle:
        json.dump(results, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
