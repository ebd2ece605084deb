"""The TimeGAN scores' cost: seconds per score and ms per classifier step, XLA on and off.

Usage (from the repository root):

    .venv/bin/python benchmarks/metrics.py                 # 5, 6 and 28 features
    .venv/bin/python benchmarks/metrics.py --features 28 --iterations 500

Both scores train a small GRU (`tfgan_rnn.metrics.timegan`). On a machine without a GPU
the scoring models are compiled with XLA; `--xla off` measures the plain `tf.function`
path that the scores took before. For each width (windows 24 x features, the TimeGAN
sizes: Sines 5, Stocks 6, Energy 28) and each setting, in its own process: the first
score (tracing and compiling included) and a second one with another seed (the compiled
model reused, as `tfgan-rnn train` does every evaluation), each with --iterations
classifier steps, and the scores themselves (XLA must not change what is measured).
Prints a table and writes benchmarks/results/metrics.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(features: int, iterations: int, xla: bool) -> dict:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np

    from tfgan_rnn.metrics import discriminative_score, predictive_score, timegan

    timegan._compile_with_xla = lambda: xla  # the benchmark's switch, not an option users need
    rng = np.random.default_rng(0)
    real = rng.random((4000, 24, features), dtype=np.float32)
    synthetic = np.clip(real + rng.normal(0, 0.05, real.shape).astype(np.float32), 0, 1)
    row = {"features": features, "iterations": iterations, "xla": xla}
    for name, score in (("discriminative", discriminative_score), ("predictive", predictive_score)):
        for attempt, seed in (("first", 0), ("again", 1)):
            started = time.perf_counter()
            value = score(real, synthetic, num_runs=1, iterations=iterations, seed=seed).mean
            seconds = time.perf_counter() - started
            row[f"{name}_{attempt}_s"] = round(seconds, 2)
            row[f"{name}_{attempt}_score"] = round(value, 4)
        row[f"{name}_ms_per_step"] = round(1000 * row[f"{name}_again_s"] / iterations, 2)
    return row


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", default="5,6,28")
    parser.add_argument("--iterations", type=int, default=1000)
    parser.add_argument("--xla", choices=["on", "off", "both"], default="both")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: one measurement, in a child process
    args = parser.parse_args(argv)
    if args.one:
        features, xla = args.one.split(",")
        print(json.dumps(measure(int(features), args.iterations, xla == "on")))
        return
    settings = ["off", "on"] if args.xla == "both" else [args.xla]
    rows = []
    for features in [int(f) for f in args.features.split(",")]:
        for xla in settings:
            child = subprocess.run(
                [sys.executable, __file__, "--iterations", str(args.iterations), "--one", f"{features},{xla}"],
                check=True, capture_output=True, text=True)
            rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
            print(rows[-1], flush=True)
    print(f"\n{'features':>8} {'xla':>5} | {'disc. ms/step':>13} {'first s':>8} {'score':>7} | "
          f"{'pred. ms/step':>13} {'first s':>8} {'score':>7}")
    for r in rows:
        print(f"{r['features']:>8} {str(r['xla']):>5} | {r['discriminative_ms_per_step']:>13} "
              f"{r['discriminative_first_s']:>8} {r['discriminative_again_score']:>7} | "
              f"{r['predictive_ms_per_step']:>13} {r['predictive_first_s']:>8} {r['predictive_again_score']:>7}")
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "metrics.json"), "w") as out:
        json.dump(rows, out, indent=1)


if __name__ == "__main__":
    main()
