"""One recipe variant, trained under a time budget and scored: how the default recipe was chosen.

Usage (from the repository root):

    .venv/bin/python benchmarks/recipe_search.py stocks 3 '{"moment_matching_weight": 1.0}'

Trains `tfgan_rnn.recipe.build_gan(**overrides)` on TimeGAN-prepared windows (Stocks,
Sines, or Energy from ../shared/data) for the given minutes, generates as many windows,
and scores them with a shortened TimeGAN protocol (1 run; 1,000 discriminative and 2,000
predictive classifier steps) to compare variants cheaply. Appends one JSON line to
benchmarks/results/recipe_search.jsonl.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tfgan_rnn import datasets, recipe  # noqa: E402  (first: quiet TensorFlow import)
import keras  # noqa: E402
from tfgan_rnn.callbacks import TimeBudget  # noqa: E402
from tfgan_rnn.metrics import discriminative_score, predictive_score  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ENERGY = os.path.join(HERE, "..", "..", "shared", "data", "energy_data.csv")


def main(name: str, minutes: float, overrides: dict) -> dict:
    windows = {
        "stocks": lambda: datasets.timegan_windows(datasets.stocks(), reverse=True, shuffle_seed=0),
        "sines": lambda: datasets.sines(10_000, seed=0),
        "energy": lambda: datasets.timegan_windows(datasets.energy(ENERGY), reverse=True, shuffle_seed=0),
    }[name]()
    keras.utils.set_random_seed(0)
    gan = recipe.build_gan(windows.shape[-1], seed=0, **overrides)
    started = time.time()
    gan.fit(windows, batch_size=128, epochs=100_000, callbacks=[TimeBudget(minutes)], verbose=0)
    synthetic, _ = gan.generate(len(windows), windows.shape[1], seed=1)
    row = {
        "dataset": name, "minutes": minutes, "overrides": overrides,
        "steps": int(gan.generator_optimizer.iterations), "train_s": round(time.time() - started),
        "discriminative": round(discriminative_score(windows, synthetic, num_runs=1, iterations=1000).mean, 4),
        "predictive": round(predictive_score(windows, synthetic, num_runs=1, iterations=2000).mean, 4),
    }
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "recipe_search.jsonl"), "a") as handle:
        handle.write(json.dumps(row) + "\n")
    return row


if __name__ == "__main__":
    print(main(sys.argv[1], float(sys.argv[2]), json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}))
