"""Recipe variants on a fixed number of epochs, scored with the discriminative score: a quick screen.

Usage (from the repository root):

    .venv/bin/python benchmarks/recipe_sweep.py energy 20 '[{}, {"discriminator_units": 96}]'

For each JSON object of recipe overrides (keys of `tfgan_rnn.recipe.DEFAULTS`), trains
`tfgan_rnn.recipe.build_gan(**overrides)` with seed 0 for the given epochs on the
benchmark's windows (`timegan_table.load`: Sines, Stocks, or Energy from ../shared/data),
generates as many windows (seed 1) and scores them with the TimeGAN discriminative score
(2 runs of 2,000 classifier steps). About 3,000 steps (Energy 20 epochs, Stocks 103, Sines
38) take 1.5-2.5 minutes on this 2-core machine: a screen for what to run under the full
protocol (`timegan_table.py --recipe`), not a result of its own. Appends one JSON line per
variant to benchmarks/results/recipe_sweep.jsonl.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from timegan_table import DEFAULT_ENERGY, load  # noqa: E402  (imports tfgan_rnn quietly first)
import keras  # noqa: E402
import numpy as np  # noqa: E402
from tfgan_rnn import recipe  # noqa: E402
from tfgan_rnn.metrics import discriminative_score  # noqa: E402


def main(name: str, epochs: int, variants: list) -> None:
    windows = load(name, DEFAULT_ENERGY)
    command = " ".join(["python", "benchmarks/recipe_sweep.py", name, str(epochs), json.dumps(variants)])
    for overrides in variants:
        keras.utils.set_random_seed(0)
        gan = recipe.build_gan(windows.shape[-1], seed=0, **overrides)
        started = time.time()
        gan.fit(windows, batch_size=128, epochs=epochs, verbose=0)
        took = time.time() - started
        synthetic = np.clip(np.asarray(gan.generate(len(windows), windows.shape[1], seed=1)[0]), 0, 1)
        score = discriminative_score(windows, synthetic, num_runs=2, iterations=2000)
        row = {"dataset": name, "epochs": epochs, "overrides": overrides,
               "steps": int(gan.generator_optimizer.iterations), "train_s": round(took),
               "discriminative": round(score.mean, 4), "discriminative_std": round(score.std, 4),
               "command": command}
        print(json.dumps(overrides), f"{score.mean:.3f} ± {score.std:.3f}", f"train {took:.0f} s", flush=True)
        with open(os.path.join(HERE, "results", "recipe_sweep.jsonl"), "a") as handle:
            handle.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]))
