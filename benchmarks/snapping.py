"""Does keeping generated values to the data's levels and grids change the TimeGAN scores?

Trains the default recipe once on a dataset prepared as TimeGAN does (as
`timegan_table.py`, without the checkpoint selection), generates as many windows as there
are real ones, and scores the same generated windows twice with the TimeGAN protocol:
as generated, and after `Scaler(snap=True)` (fitted on the raw series, in original
units) has snapped each feature of at most 10 distinct values to them and rounded each
feature on a decimal grid to it, which is what `RecurrentGAN.generate`, the CLI and the
SavedModel hand to users. Both are scored in TimeGAN's [0, 1) units.

    .venv/bin/python benchmarks/snapping.py --dataset energy --steps 3000
    .venv/bin/python benchmarks/snapping.py --dataset stocks_up --steps 3000   # with a 0/1 feature

Writes `benchmarks/results/snapping_<dataset>.json` (or `--output`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

from tfgan_rnn import datasets, recipe  # noqa: E402  (first: it imports TensorFlow without start-up notices)
import keras  # noqa: E402
from tfgan_rnn.callbacks import TimeBudget  # noqa: E402
from tfgan_rnn.metrics import evaluate  # noqa: E402
from tfgan_rnn.scaling import Scaler  # noqa: E402
from timegan_table import DEFAULT_ENERGY  # noqa: E402


def raw_series(name: str, energy_path: str):
    """The raw series `(time, features)` and its column names."""
    frame = datasets.energy(energy_path) if name == "energy" else datasets.stocks()
    if name == "stocks_up":  # a 0/1 feature derived from the real data: did the day close up?
        frame = frame.assign(Up=(frame["Close"] > frame["Open"]).astype(float))
    return np.asarray(frame, dtype="float64"), [str(c) for c in frame.columns]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", choices=["stocks", "stocks_up", "energy"], default="energy",
                        help="stocks_up: Stocks with a 0/1 feature, Close > Open")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--minutes", type=float, default=15.0, help="wall-clock cap on training")
    parser.add_argument("--metric-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--energy-path", default=DEFAULT_ENERGY)
    parser.add_argument("--log-skewed", action="store_true",
                        help="an experiment: train on log(1 + x) of the non-negative features whose skewness "
                        "exceeds 2, generated values mapped back with exp(x) - 1 before scoring")
    parser.add_argument("--output", default=None)
    args = parser.parse_args(argv)

    raw, columns = raw_series(args.dataset, args.energy_path)
    windows = datasets.timegan_windows(raw, length=24, reverse=True, shuffle_seed=0)
    low, span = raw.min(0), raw.max(0) - raw.min(0) + 1e-7  # TimeGAN's scaling of `windows`
    skewness = ((raw - raw.mean(0)) ** 3).mean(0) / np.maximum(raw.std(0), 1e-12) ** 3
    logged = [j for j in range(raw.shape[1]) if args.log_skewed and raw[:, j].min() >= 0 and skewness[j] > 2]
    trained_on = raw.copy()
    trained_on[:, logged] = np.log1p(raw[:, logged])
    train_windows = datasets.timegan_windows(trained_on, length=24, reverse=True, shuffle_seed=0)
    train_low, train_span = trained_on.min(0), trained_on.max(0) - trained_on.min(0) + 1e-7

    keras.utils.set_random_seed(args.seed)
    gan = recipe.build_gan(windows.shape[-1], seed=args.seed)
    steps_per_epoch = -(-len(windows) // recipe.DEFAULTS["batch_size"])
    started = time.monotonic()
    gan.fit(train_windows, batch_size=recipe.DEFAULTS["batch_size"], epochs=-(-args.steps // steps_per_epoch),
            callbacks=[TimeBudget(args.minutes)], verbose=0)
    train_seconds = time.monotonic() - started
    generated, _ = gan.generate(len(windows), windows.shape[1], seed=args.seed + 1)
    in_original_units = np.asarray(generated, "float64") * train_span + train_low
    in_original_units[..., logged] = np.expm1(in_original_units[..., logged])
    generated = (in_original_units - low) / span

    scaler = Scaler().fit(raw)
    kept = scaler.inverse_transform(scaler.transform(in_original_units)).astype("float64")
    snapped = ((kept - low) / span).astype("float32")
    snapped_features = {
        name: ("levels", len(levels)) if levels is not None else ("grid", grid)
        for name, levels, grid in zip(columns, scaler.levels, scaler.grids)
        if levels is not None or grid is not None
    }
    print(f"{args.dataset}: {int(gan.generator_optimizer.iterations)} steps in {train_seconds / 60:.1f} min; "
          f"kept to the data: {snapped_features}")
    if logged:
        print(f"  trained on log(1 + x) of {[columns[j] for j in logged]}")
    report = {"dataset": args.dataset, "logged_features": [columns[j] for j in logged],
              "train_steps": int(gan.generator_optimizer.iterations),
              "train_minutes": round(train_seconds / 60, 2), "snapped_features": snapped_features,
              "mean_abs_change": float(np.mean(np.abs(snapped - generated)))}
    for label, synthetic in (("as_generated", generated.astype("float32")), ("snapped", snapped)):
        scores = evaluate(windows, synthetic, budget="full", seed=args.seed, num_runs=args.metric_runs)
        report[label] = scores
        print(f"  {label:12s} discriminative {scores['discriminative_score']['mean']:.3f} "
              f"± {scores['discriminative_score']['std']:.3f} {scores['discriminative_score']['runs']}, "
              f"predictive {scores['predictive_score']['mean']:.4f} ± {scores['predictive_score']['std']:.4f}")
    output = args.output or os.path.join(os.path.dirname(os.path.abspath(__file__)), "results",
                                         f"snapping_{args.dataset}.json")
    with open(output, "w") as file:
        json.dump(report, file, indent=1, default=float)
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
