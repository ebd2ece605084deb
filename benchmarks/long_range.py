"""Long-range structure: training on long windows with carried state vs 24-step windows.

Usage (from the repository root; run it alone, it is timed):

    .venv/bin/python benchmarks/long_range.py                       # stocks and energy, 4 min per model
    .venv/bin/python benchmarks/long_range.py --datasets stocks --minutes 2

For each dataset (Stocks bundled; Energy from ../shared/data/energy_data.csv or
--energy-path), the series is min-max scaled and two models of the default recipe are
trained under the same wall-clock budget:

  carried state   windows of --long-window steps (default 200), trained in chunks of
                  --chunk-length steps (default 25) with both networks' LSTM state carried
                  from chunk to chunk (`RecurrentGAN(chunk_length=...)`);
  24-step windows the usual training, then streamed to --long-window steps by carrying the
                  generator's state (`gan.generate`).

Both generate --num-sequences sequences of --long-window steps. The autocorrelation
distance (mean |ACF_real - ACF_generated| over features and lags 1..--max-lag, each window
centred on its own mean) is reported for both, and for real vs real (two disjoint random
sets of real windows: the floor that sampling noise sets). Lags 1-10, 11-50 and 51-100 are
also reported separately. Writes benchmarks/results/long_range.md and long_range.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tfgan_rnn  # noqa: E402,F401  (first: it imports TensorFlow without start-up notices)
import keras  # noqa: E402
import numpy as np  # noqa: E402

from tfgan_rnn import data, datasets, recipe  # noqa: E402
from tfgan_rnn.callbacks import TimeBudget  # noqa: E402
from tfgan_rnn.metrics.similarity import autocorrelation  # noqa: E402
from tfgan_rnn.scaling import Scaler  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ENERGY = os.path.join(HERE, "..", "..", "shared", "data", "energy_data.csv")
BANDS = ((1, 10), (11, 50), (51, 100))


def load(name: str, energy_path: str) -> np.ndarray:
    frame = datasets.stocks() if name == "stocks" else datasets.energy(energy_path)
    values = frame.select_dtypes("number").to_numpy("float32")
    return Scaler().fit(values).transform(values)


def acf_distances(real, generated, max_lag: int) -> dict:
    difference = np.abs(autocorrelation(real, max_lag) - autocorrelation(generated, max_lag))
    result = {f"lags 1-{max_lag}": float(difference.mean())}
    for low, high in BANDS:
        if high <= max_lag:
            result[f"lags {low}-{high}"] = float(difference[low - 1 : high].mean())
    return result


def train(series, window: int, chunk_length, minutes: float, seed: int, batch_size: int, overrides=None):
    keras.utils.set_random_seed(seed)
    gan = recipe.build_gan(series.shape[-1], seed=seed, chunk_length=chunk_length, **(overrides or {}))
    dataset = data.window_dataset(series, length=window, batch_size=batch_size, seed=seed, repeat=True)
    budget = TimeBudget(minutes)
    steps_per_epoch = 50
    started = time.monotonic()
    history = gan.fit(dataset, steps_per_epoch=steps_per_epoch, epochs=100_000, callbacks=[budget], verbose=0)
    return gan, {
        "window": window,
        "chunk_length": chunk_length,
        "batch_size": batch_size,
        "train_minutes": (time.monotonic() - started) / 60,
        "steps": len(history.history["generator_loss"]) * steps_per_epoch,
    }


def run(name, series, args) -> dict:
    rng = np.random.default_rng(args.seed)
    real = data.sliding_windows(series, args.long_window)
    order = rng.permutation(len(real))
    count = min(args.num_sequences, len(real) // 2)
    real_a, real_b = real[order[:count]], real[order[count : 2 * count]]
    result = {"dataset": name, "series_length": len(series), "features": series.shape[-1],
              "real_windows": len(real), "compared_windows": count,
              "real_vs_real": acf_distances(real_a, real_b, args.max_lag), "models": {}}
    plans = {
        "carried state": (args.long_window, args.chunk_length, args.long_batch_size),
        "24-step windows, streamed": (24, None, recipe.DEFAULTS["batch_size"]),
    }
    for label, (window, chunk_length, batch_size) in plans.items():
        gan, info = train(series, window, chunk_length, args.minutes, args.seed, batch_size, args.recipe)
        generated, _ = gan.generate(count, args.long_window, seed=args.seed)
        info["acf_distance"] = acf_distances(real_a, generated, args.max_lag)
        result["models"][label] = info
        print(f"{name:7s} {label:26s} {info['steps']:6d} steps in {info['train_minutes']:.1f} min, "
              f"ACF distance lags 1-{args.max_lag}: {info['acf_distance'][f'lags 1-{args.max_lag}']:.4f}",
              flush=True)
    print(f"{name:7s} {'real vs real':26s} ACF distance: "
          f"{result['real_vs_real'][f'lags 1-{args.max_lag}']:.4f}", flush=True)
    return result


def table(results, args) -> str:
    lines = [
        "# Long-range structure: carried-state training vs 24-step windows",
        "",
        f"Command: `{args.command}` "
        f"({time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} CPU cores). "
        f"Autocorrelation distance between real and generated windows of {args.long_window} "
        "steps (mean |ACF difference| over features and lags; lower is better); both models "
        f"trained for {args.minutes:g} min with the default recipe"
        + (f" and {json.dumps(args.recipe)}" if args.recipe else "")
        + " (with chunks its discriminator judges every step).",
        "",
    ]
    bands = [f"lags 1-{args.max_lag}"] + [f"lags {lo}-{hi}" for lo, hi in BANDS if hi <= args.max_lag]
    lines.append("| dataset | model | training | " + " | ".join(bands) + " |")
    lines.append("|---|---|---|" + "---|" * len(bands))
    for result in results:
        for label, info in result["models"].items():
            training = (f"{info['steps']} steps, windows of {info['window']}"
                        + (f" in chunks of {info['chunk_length']}" if info["chunk_length"] else "")
                        + f", batch {info['batch_size']}")
            lines.append(f"| {result['dataset']} | {label} | {training} | "
                         + " | ".join(f"{info['acf_distance'][band]:.4f}" for band in bands) + " |")
        lines.append(f"| {result['dataset']} | real vs real | {result['compared_windows']} vs "
                     f"{result['compared_windows']} windows | "
                     + " | ".join(f"{result['real_vs_real'][band]:.4f}" for band in bands) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", default=["stocks", "energy"], choices=["stocks", "energy"])
    parser.add_argument("--minutes", type=float, default=4.0, help="training budget per model")
    parser.add_argument("--long-window", type=int, default=200)
    parser.add_argument("--chunk-length", type=int, default=25)
    parser.add_argument("--long-batch-size", type=int, default=64)
    parser.add_argument("--max-lag", type=int, default=100)
    parser.add_argument("--num-sequences", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--energy-path", default=DEFAULT_ENERGY)
    parser.add_argument("--recipe", type=json.loads, default={},
                        help="JSON overrides of the recipe for both models, e.g. "
                             "'{\"moment_matching_scale\": \"absolute\"}'")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "long_range"))
    args = parser.parse_args(argv)
    args.command = " ".join(["python", "benchmarks/long_range.py"] + (sys.argv[1:] if argv is None else argv))

    results = []
    for name in args.datasets:
        if name == "energy" and not os.path.exists(args.energy_path):
            print(f"energy: {args.energy_path} not found, skipped")
            continue
        results.append(run(name, load(name, args.energy_path), args))
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output + ".json", "w") as handle:
        json.dump({"arguments": vars(args), "results": results}, handle, indent=1)
    with open(args.output + ".md", "w") as handle:
        handle.write(table(results, args))
    print(table(results, args))


if __name__ == "__main__":
    main()
