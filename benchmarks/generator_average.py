"""Does a moving average of the generator's weights score better than the raw weights?

Usage (from the repository root, with .venv/ set up by `make test` or `make demo`):

    .venv/bin/python benchmarks/generator_average.py --dataset stocks --steps 6000
    .venv/bin/python benchmarks/generator_average.py --dataset sines --momenta 0.99,0.999

Trains the default recipe with its generator average switched off (the raw trajectory
is then the same whatever the momentum), keeps one exponential moving average of the
generator's trainable weights per momentum in a callback (updated after every step, as
`keras.optimizers.Adam(use_ema=True, ema_momentum=m)` does), and about every
`--every-steps` steps scores the raw generator and each average with the selection score
of `tfgan-rnn train` (`EvaluationLogger`'s defaults: two 2,000-step TimeGAN classifier runs
on 2,000 real and 2,000 generated windows, the same generation seed for all). Data as
in `timegan_table.py`. Prints a table and writes
benchmarks/results/generator_average_<dataset>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import keras  # noqa: E402
import numpy as np  # noqa: E402

from tfgan_rnn import recipe  # noqa: E402
from tfgan_rnn.metrics import discriminative_score  # noqa: E402
from timegan_table import DEFAULT_ENERGY, load  # noqa: E402


class Averages(keras.callbacks.Callback):
    """Moving averages of the generator's trainable weights, one per momentum, scored
    with the raw weights every `every_epochs` epochs."""

    def __init__(self, momenta, real, every_epochs, seed):
        super().__init__()
        self.momenta = momenta
        self.real = real
        self.every_epochs = every_epochs
        self.seed = seed
        self.averages = None
        self.rows = []
        self._started = time.monotonic()

    def on_train_batch_end(self, batch, logs=None):
        current = [v.numpy() for v in self.model.generator.trainable_variables]
        if self.averages is None:  # the first step copies, as Keras' EMA does
            self.averages = {m: [w.copy() for w in current] for m in self.momenta}
            return
        for m, average in self.averages.items():
            for a, w in zip(average, current):
                a *= m
                a += (1.0 - m) * w

    def score(self):
        generated, _ = self.model.generate(len(self.real), self.real.shape[1], seed=self.seed, original_units=False)
        return discriminative_score(self.real, generated, num_runs=2, iterations=2000, seed=self.seed).mean

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_epochs:
            return
        variables = self.model.generator.trainable_variables
        raw = [v.numpy() for v in variables]
        row = {"epoch": epoch, "step": int(self.model.generator_optimizer.iterations),
               "elapsed_seconds": round(time.monotonic() - self._started, 1), "raw": self.score()}
        for m, average in self.averages.items():
            for v, a in zip(variables, average):
                v.assign(a)
            row[str(m)] = self.score()
        for v, w in zip(variables, raw):
            v.assign(w)
        self.rows.append(row)
        print("  step {step} ({elapsed_seconds} s): raw {raw:.3f}".format(**row)
              + "".join(f", average {m} {row[str(m)]:.3f}" for m in self.momenta), flush=True)


# The recipe with its own generator average off, so that the raw weights are the trajectory.
OFF = {"generator_ema_momentum": None}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="stocks", choices=("stocks", "sines", "energy"))
    parser.add_argument("--steps", type=int, default=6000, help="training steps, rounded up to whole epochs (default 6000)")
    parser.add_argument("--momenta", default="0.99,0.995,0.999", help="comma-separated EMA momenta")
    parser.add_argument("--every-steps", type=int, default=1000, help="score about this often (default 1000)")
    parser.add_argument("--energy-path", default=DEFAULT_ENERGY)
    parser.add_argument("--max-windows", type=int, default=2000, help="real windows scored (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", default=None, help="JSON path (default results/generator_average_<dataset>.json)")
    args = parser.parse_args(argv)
    momenta = [float(m) for m in args.momenta.split(",")]
    windows = load(args.dataset, args.energy_path)
    real = windows[np.random.default_rng(args.seed).choice(len(windows), min(args.max_windows, len(windows)),
                                                           replace=False)]
    keras.utils.set_random_seed(args.seed)
    gan = recipe.build_gan(windows.shape[-1], seed=args.seed, **OFF)
    batch_size = recipe.DEFAULTS["batch_size"]
    steps_per_epoch = -(-len(windows) // batch_size)
    every_epochs = max(1, round(args.every_steps / steps_per_epoch))
    epochs = -(-args.steps // steps_per_epoch)
    averages = Averages(momenta, real, every_epochs, args.seed)
    print(f"{args.dataset}: {windows.shape}, training {epochs} epochs, scoring every {every_epochs} epochs",
          flush=True)
    started = time.monotonic()
    gan.fit(windows, batch_size=batch_size, epochs=epochs, callbacks=[averages], verbose=0)
    result = {"dataset": args.dataset, "momenta": momenta, "every_epochs": every_epochs,
              "wall_minutes": round((time.monotonic() - started) / 60, 2), "rows": averages.rows,
              "selection_score": "discriminative_score(num_runs=2, iterations=2000) on "
                                 f"{len(real)} real and as many generated windows",
              "command": " ".join(["python", "benchmarks/generator_average.py"]
                                  + (sys.argv[1:] if argv is None else argv))}
    output = args.output or os.path.join(HERE, "results", f"generator_average_{args.dataset}.json")
    with open(output, "w") as handle:
        json.dump(result, handle, indent=2)
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
