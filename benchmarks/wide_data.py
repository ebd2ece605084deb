"""What `tfgan-rnn train --max-minutes M` costs beyond its M minutes on a table of many features.

Usage (from the repository root):

    .venv/bin/python benchmarks/wide_data.py                          # 300 features, 1 minute
    .venv/bin/python benchmarks/wide_data.py --features 30 100 300 --minutes 1
    .venv/bin/python benchmarks/wide_data.py --minutes 4 --train-flags "--evaluate-every 2"   # evaluations in training

For each feature count, a seeded CSV shaped like a table of many meters (an hourly time
column, then --features columns of daily cycles with their own phase, noise and no
negative value, --rows rows) is written to a temporary folder, and `tfgan-rnn train
--max-minutes M --evaluation none` (every other setting the default) runs on it in a
fresh process. Each line it prints is time-stamped as it arrives, which splits the run
into: start-up (reading, building, up to the first epoch), training (to the end of the
last epoch), the calibration (from its "calibrating ..." line to its "kept"/"not kept"
line, which says how many classifier steps its check trained) and the rest (samples,
plot, saving). With --train-flags (added to the command, e.g. "--evaluate-every 2"), the
epochs' lines also time the in-training evaluations: an epoch that ends in one takes longer
than the others. Prints a table and writes benchmarks/results/wide_data.json (or --output).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def write_table(path: str, num_features: int, num_rows: int, seed: int) -> None:
    import pandas as pd

    rng = np.random.default_rng(seed)
    hours = np.arange(num_rows)
    cycles = np.sin(2 * np.pi * hours[:, None] / 24 + rng.uniform(0, 2 * np.pi, num_features))
    values = np.abs(100 * (cycles + 0.3 * rng.normal(size=(num_rows, num_features)))).round(1)
    frame = pd.DataFrame(values, columns=[f"MT_{i:03d}" for i in range(num_features)])
    frame.insert(0, "time", pd.date_range("2012-01-01", periods=num_rows, freq="h").astype(str))
    frame.to_csv(path, index=False)


def timed_run(command) -> tuple[list, int, float]:
    """`([(seconds since the start, line), ...], exit code, seconds in all)` of a `tfgan-rnn` run."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-u", "-m", "tfgan_rnn", *command], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines = [(time.perf_counter() - started, line.rstrip("\n")) for line in process.stdout]
    code = process.wait()
    return lines, code, time.perf_counter() - started


def phases(lines, total) -> dict:
    def first(pattern):
        return next((t for t, line in lines if re.search(pattern, line)), None)

    def last(pattern):
        return next((t for t, line in reversed(lines) if re.search(pattern, line)), None)

    epoch_start, epoch_end = first(r"^Epoch 1/"), last(r"^\s*\d+/\d+ - ")
    decided_pattern = r"tfgan-rnn: (not )?kept(?! the generator of epoch)"  # (not KeepBestGenerator's line)
    calibrating, decided = first(r"calibrating each generated feature"), first(decided_pattern)
    decision = next((line for _, line in lines if re.search(decided_pattern, line)), "")
    steps = re.search(r"classifiers of (\d+) steps", decision)
    epochs = re.search(r"trained (\d+) epoch", "\n".join(line for _, line in lines))
    ends = [t for t, line in lines if re.search(r"^\s*\d+/\d+ - ", line)]
    gaps = np.diff(ends) if len(ends) > 1 else np.array([])  # from one epoch's line to the next
    return {
        "start_up_seconds": round(epoch_start, 1) if epoch_start is not None else None,
        "training_seconds": round(epoch_end - epoch_start, 1) if epoch_end is not None else None,
        "calibration_seconds": round(decided - calibrating, 1) if decided is not None else None,
        "rest_seconds": round(total - (decided or epoch_end or 0.0), 1),
        "total_seconds": round(total, 1),
        "check_steps": int(steps.group(1)) if steps else 2000,
        "epochs": int(epochs.group(1)) if epochs else None,
        "calibration_line": decision.strip(),
        "epoch_gap_median_seconds": round(float(np.median(gaps)), 1) if len(gaps) else None,
        "epoch_gap_max_seconds": round(float(gaps.max()), 1) if len(gaps) else None,
        "epoch_gaps_seconds": [round(float(gap), 1) for gap in gaps],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, nargs="+", default=[300])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--minutes", type=float, default=1.0, help="--max-minutes of each run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train-flags", default="", help="more `tfgan-rnn train` flags, e.g. '--evaluate-every 2'")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "wide_data.json"))
    args = parser.parse_args(argv)
    results = {"rows": args.rows, "minutes": args.minutes, "seed": args.seed, "train_flags": args.train_flags,
               "runs": {}}
    with tempfile.TemporaryDirectory() as root:
        for num_features in args.features:
            path = os.path.join(root, f"meters_{num_features}.csv")
            write_table(path, num_features, args.rows, args.seed)
            lines, code, total = timed_run(["train", "--data", path, "--max-minutes", str(args.minutes), "--evaluation",
                                     "none", "--seed", str(args.seed), "--out", os.path.join(root, "model"),
                                     "--logdir", os.path.join(root, "logs"), "--verbose", "2",
                                     *shlex.split(args.train_flags)])
            if code != 0:
                raise SystemExit(f"tfgan-rnn train failed ({code}):\n" + "\n".join(line for _, line in lines[-20:]))
            results["runs"][str(num_features)] = entry = phases(lines, total)
            print(f"{num_features} features: " + ", ".join(f"{key} {value}" for key, value in entry.items()
                                                            if not key.endswith(("line", "gaps_seconds"))),
                  flush=True)
            print(f"  {entry['calibration_line']}", flush=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as file:
        json.dump(results, file, indent=2)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
