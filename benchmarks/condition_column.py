"""Does `tfgan-rnn train --condition-column` learn its categories? A check as a user runs it.

Usage (from the repository root):

    .venv/bin/python benchmarks/condition_column.py              # 3,000 steps, the default recipe
    .venv/bin/python benchmarks/condition_column.py --kind number   # a numeric column instead
    .venv/bin/python benchmarks/condition_column.py --steps 500 --output /tmp/quick.json

The data is a CSV of hourly wind readings (`wind`, `gust`) in three weather regimes that
follow one another in spells of 30-120 hours: 'calm' (low, slow swings), 'breezy' (middle,
faster) and 'storm' (high, fast and rough), drawn from --seed. In fresh processes, as a
user would, it runs `tfgan-rnn train --data <csv> --condition-column regime --steps N
--evaluation none`, then `tfgan-rnn generate --condition <regime>` for each regime.

It then compares, per regime, the generated windows with the real windows that lie wholly
inside one spell of it: each feature's mean and standard deviation, and the accuracy with
which a classifier trained on real windows to tell the regimes apart (logistic regression
on each feature's window mean, standard deviation and mean absolute step) assigns the
generated windows to the regime they were asked for (chance: 1/3). Prints a table and
writes benchmarks/results/condition_column.json (or --output).

With `--kind number`, the CSV holds an hourly `temperature` (a seasonal swing, a daily
cycle and noise) and two columns it drives: `load` = 50 + 3 x temperature and `heating` =
2 x max(0, 16 - temperature), each with noise. It trains with `--condition-column
temperature` and generates, for each of five temperatures (the 10th to 90th percentiles),
`--num` windows held at it (`--condition T`); the table compares their mean load and
heating with the formulas' and with the real rows within 1 degree of T. Results in
benchmarks/results/condition_number.json (or --output).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REGIMES = ("calm", "breezy", "storm")
# Per regime: level, swing amplitude, swing period (hours), noise.
SHAPES = {"calm": (4.0, 1.5, 24.0, 0.3), "breezy": (11.0, 3.0, 8.0, 0.8), "storm": (20.0, 4.0, 4.0, 2.0)}


def wind_table(rows: int, seed: int):
    """`(frame, spell id per row)`: the regimes in spells of 30-120 rows, no two alike in a row."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    regimes, spells, previous = [], [], None
    while len(regimes) < rows:
        regime = rng.choice([r for r in REGIMES if r != previous])
        length = int(rng.integers(30, 121))
        regimes += [regime] * length
        spells += [len(set(spells))] * length
        previous = regime
    regimes, spells = np.array(regimes[:rows]), np.array(spells[:rows])
    t = np.arange(rows)
    level, amplitude, period, noise = (np.array([SHAPES[r][i] for r in regimes]) for i in range(4))
    wind = level + amplitude * np.sin(2 * np.pi * t / period) + rng.normal(0, 1, rows) * noise
    gust = 1.3 * wind + rng.normal(0, 0.5, rows) + rng.exponential(1.0, rows) * noise
    frame = pd.DataFrame({"time": pd.date_range("2024-01-01", periods=rows, freq="h").astype(str),
                          "regime": regimes, "wind": wind.round(3), "gust": gust.round(3)})
    return frame, spells


def pure_windows(frame, spells, window: int):
    """Real windows wholly inside one spell, with their regimes."""
    values = frame[["wind", "gust"]].to_numpy("float32")
    starts = [s for s in range(len(frame) - window + 1) if spells[s] == spells[s + window - 1]]
    windows = values[np.array(starts)[:, None] + np.arange(window)]
    return windows, frame["regime"].to_numpy()[starts]


def temperature_table(rows: int, seed: int):
    import pandas as pd

    rng = np.random.default_rng(seed)
    t = np.arange(rows)
    temperature = 14 + 9 * np.sin(2 * np.pi * t / 2000) + 4 * np.sin(2 * np.pi * t / 24) + rng.normal(0, 1, rows)
    load = 50 + 3 * temperature + rng.normal(0, 2, rows)
    heating = 2 * np.maximum(0, 16 - temperature) + rng.normal(0, 0.5, rows)
    return pd.DataFrame({"time": pd.date_range("2024-01-01", periods=rows, freq="h").astype(str),
                         "temperature": temperature.round(3), "load": load.round(3), "heating": heating.round(3)})


def number_check(args) -> dict:
    frame = temperature_table(args.rows, args.seed)
    levels = np.percentile(frame["temperature"], [10, 30, 50, 70, 90]).round(1)
    train_seconds, generated = train_and_generate(frame, "temperature", [f"{level:g}" for level in levels], args)
    generated = {float(level): generated[f"{level:g}"] for level in levels}  # columns: load, heating
    rows = []
    for level, fake in generated.items():
        near = frame[(frame["temperature"] - level).abs() <= 1.0]
        rows.append({"temperature": level, "real_rows_within_1_degree": int(len(near)),
                     "load": {"formula": round(50 + 3 * level, 2), "real": round(float(near["load"].mean()), 2),
                              "generated": round(float(fake[..., 0].mean()), 2)},
                     "heating": {"formula": round(2 * max(0.0, 16 - level), 2),
                                 "real": round(float(near["heating"].mean()), 2),
                                 "generated": round(float(fake[..., 1].mean()), 2)}})
    print(f"{args.steps} steps, default recipe, trained in {train_seconds / 60:.1f} min")
    print("| temperature | real rows within 1 degree | load: formula / real / generated | "
          "heating: formula / real / generated |")
    print("|---|---|---|---|")
    for row in rows:
        load, heating = row["load"], row["heating"]
        print(f"| {row['temperature']:g} | {row['real_rows_within_1_degree']} | {load['formula']:g} / {load['real']:g} / "
              f"{load['generated']:g} | {heating['formula']:g} / {heating['real']:g} / {heating['generated']:g} |")
    return {"kind": "number", "steps": args.steps, "rows": args.rows, "window": args.window, "seed": args.seed,
            "train_seconds": round(train_seconds, 1), "levels": rows}


def window_features(windows):
    """Per feature: the window's mean, standard deviation and mean absolute step."""
    steps = np.abs(np.diff(windows, axis=1)).mean(axis=1)
    return np.concatenate([windows.mean(axis=1), windows.std(axis=1), steps], axis=1)


def _rounded(values):
    return [round(float(value), 2) for value in values]


def _pair(values):
    return ", ".join(f"{value:g}" for value in values)


def train_and_generate(frame, column, values, args):
    """`tfgan-rnn train --condition-column column` on `frame`, then `generate --condition v`
    for each of `values`, each in a fresh process: `(training seconds, {v: windows})`."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "data.csv")
        frame.to_csv(path, index=False)
        out = os.path.join(folder, "model")
        with open(os.path.join(folder, "log.txt"), "w") as log:
            train_seconds = run(["train", "--data", path, "--condition-column", column, "--window",
                                 str(args.window), "--steps", str(args.steps), "--evaluation", "none",
                                 "--verbose", "0", "--seed", str(args.seed), "--out", out,
                                 "--logdir", os.path.join(folder, "logs")], log)
            generated = {}
            for value in values:
                target = os.path.join(folder, f"{value}.npy")
                run(["generate", "--model", out, "--num", str(args.num), "--condition", value,
                     "--seed", str(args.seed), "--out", target], log)
                generated[value] = np.load(target)
    return train_seconds, generated


def run(command, log):
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "tfgan_rnn", *command], capture_output=True, text=True)
    log.write(result.stdout + result.stderr)
    if result.returncode != 0:
        raise SystemExit(f"tfgan-rnn {command[0]} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return time.monotonic() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--window", type=int, default=24)
    parser.add_argument("--num", type=int, default=500, help="generated windows per regime")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kind", choices=["category", "number"], default="category")
    parser.add_argument("--output", default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if args.kind == "number":
        result = number_check(args)
        write(result, args.output or os.path.join(HERE, "results", "condition_number.json"))
        return 0
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    frame, spells = wind_table(args.rows, args.seed)
    real, real_regimes = pure_windows(frame, spells, args.window)
    classifier = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    classifier.fit(window_features(real), real_regimes)
    real_accuracy = float(classifier.score(window_features(real), real_regimes))

    train_seconds, generated = train_and_generate(frame, "regime", REGIMES, args)

    rows = []
    for regime in REGIMES:
        mine = real[real_regimes == regime]
        fake = generated[regime]
        rows.append({
            "regime": regime,
            "real_windows": int(len(mine)),
            "real_mean": _rounded(mine.mean(axis=(0, 1))),
            "generated_mean": _rounded(fake.mean(axis=(0, 1))),
            "real_std": _rounded(mine.std(axis=(0, 1))),
            "generated_std": _rounded(fake.std(axis=(0, 1))),
            "classified_as_asked": float(np.mean(classifier.predict(window_features(fake)) == regime)),
        })
    result = {"steps": args.steps, "rows": args.rows, "window": args.window, "seed": args.seed,
              "train_seconds": round(train_seconds, 1), "classifier_accuracy_on_real": real_accuracy,
              "regimes": rows}
    print(f"{args.steps} steps, default recipe, trained in {train_seconds / 60:.1f} min; the classifier "
          f"tells the real regimes apart with accuracy {real_accuracy:.3f} (chance 0.333)")
    print("| regime | real windows | wind, gust mean: real / generated | std: real / generated | "
          "generated classified as asked |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['regime']} | {row['real_windows']} | {_pair(row['real_mean'])} / {_pair(row['generated_mean'])} "
              f"| {_pair(row['real_std'])} / {_pair(row['generated_std'])} | {row['classified_as_asked']:.3f} |")
    write(result, args.output or os.path.join(HERE, "results", "condition_column.json"))
    return 0


def write(result, output):
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "w") as handle:
        json.dump(result, handle, indent=2)


if __name__ == "__main__":
    sys.exit(main())
