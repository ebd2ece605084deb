"""Few long whole sequences: does `tfgan-rnn train` cover them, or make one sequence whatever
its noise (mode collapse)?

UCR's GunPoint: 50 training sequences of 150 steps (a hand drawing a gun or pointing, its
timing varying from one sequence to the next) and 150 test sequences from the same
recordings. sktime's wheel ships both files; get them without installing sktime:

    .venv/bin/pip download sktime==1.2.0 --no-deps -d /tmp/sk
    unzip -o -q /tmp/sk/sktime-1.2.0-py3-none-any.whl 'sktime/datasets/data/GunPoint/*' -d /tmp/sk
    .venv/bin/python benchmarks/few_sequences.py --data-dir /tmp/sk/sktime/datasets/data/GunPoint
    .venv/bin/python benchmarks/few_sequences.py --data-dir ... --seeds 0 1 --variant="--no-moment-matching-per-step" --variant="--moment-matching-per-step"

For each variant (extra `train` flags) and training seed, in fresh processes as a user runs
it: `tfgan-rnn train --data GunPoint_TRAIN.ts --max-minutes M --evaluation none`, then
`tfgan-rnn evaluate --budget quick` (its score line). Then, in this process, the saved model
generates 50 sequences of 150 steps (seed 0) and they are compared with the 50 training
sequences by `metrics.density_and_coverage` (5 nearest neighbours) and by their spread: the
mean distance between two generated sequences over the mean distance between two real
ones (1 for as varied as the data, near 0 for a generator that makes one sequence). The
reference is held-out real data: three sets of 50 test sequences against the training ones,
the coverage a perfect generator would reach. All values scaled by the training range.
Prints a table and writes benchmarks/results/few_sequences.json (or --output).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from unseen_data import run  # noqa: E402  (a `tfgan-rnn` command in a fresh process, logged)


def sequences(path) -> np.ndarray:
    from tfgan_rnn import tables

    read, _, _ = tables.read_ts(path)
    return np.stack([np.asarray(sequence, "float64") for sequence in read])


def spread(windows) -> float:
    """The mean Euclidean distance between two different windows, flattened."""
    from sklearn.metrics import pairwise_distances

    flat = windows.reshape(len(windows), -1)
    distances = pairwise_distances(flat)
    return float(distances.sum() / (len(flat) * (len(flat) - 1)))


def compare(train, other) -> dict:
    from tfgan_rnn.metrics import density_and_coverage, scaled_pair

    real, other = scaled_pair(train, other)
    return {**density_and_coverage(real, other), "spread": spread(other) / spread(real)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, help="the folder of GunPoint_TRAIN.ts and GunPoint_TEST.ts")
    parser.add_argument("--name", default="GunPoint")
    parser.add_argument("--minutes", type=float, default=8.0, help="training budget per run (--max-minutes)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--variant", action="append", dest="variants",
                        help="extra `train` flags of one variant, e.g. --variant=\"--no-moment-matching-per-step\" "
                        "(repeat for several; default: one run of the defaults)")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "few_sequences.json"))
    args = parser.parse_args(argv)
    args.variants = args.variants or [""]
    train_path = os.path.join(args.data_dir, f"{args.name}_TRAIN.ts")
    train, test = sequences(train_path), sequences(os.path.join(args.data_dir, f"{args.name}_TEST.ts"))
    held_out = [compare(train, test[start:start + len(train)])
                for start in range(0, len(test) - len(train) + 1, len(train))]
    results = {"data": args.name, "num_train": len(train), "num_test": len(test), "length": train.shape[1],
               "minutes": args.minutes, "held_out": held_out, "runs": []}
    print(f"held-out real: {json.dumps(held_out)}", flush=True)
    import keras

    with tempfile.TemporaryDirectory() as root:
        for variant in args.variants:
            for seed in args.seeds:
                out, log = os.path.join(root, f"run{len(results['runs'])}"), []
                started = time.perf_counter()
                run(["train", "--data", train_path, "--max-minutes", str(args.minutes), "--evaluation", "none",
                     "--seed", str(seed), "--num-samples", "10", "--out", out,
                     "--logdir", os.path.join(out + "_logs"), *shlex.split(variant)], log)
                trained = time.perf_counter() - started
                printed = run(["evaluate", "--model", out, "--data", train_path, "--budget", "quick",
                               "--seed", str(seed)], log)
                gan = keras.saving.load_model(os.path.join(out, "model.keras"))
                generated, _ = gan.generate(len(train), train.shape[1], seed=0)
                with open(os.path.join(out, "history.json")) as file:
                    history = json.load(file)
                entry = {"variant": variant, "seed": seed, "train_seconds": round(trained, 1),
                         "steps": int(gan.generator_optimizer.iterations.numpy()),
                         "epochs": len(next(iter(history.values()))),
                         "score_line": [line for line in printed.splitlines() if "discriminative" in line][-1:],
                         **compare(train, np.asarray(generated, "float64")), "log": log}
                results["runs"].append(entry)
                print(json.dumps({k: v for k, v in entry.items() if k != "log"}), flush=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as file:
        json.dump(results, file, indent=2)
    print("\n| run | training | coverage | density | spread |\n|---|---|---|---|---|")
    for number, reference in enumerate(held_out):
        print(f"| held-out real, test sequences {number * len(train)}-{(number + 1) * len(train) - 1} | | "
              f"{reference['coverage']:.2f} | {reference['density']:.2f} | {reference['spread']:.2f} |")
    for entry in results["runs"]:
        print(f"| {entry['variant'] or 'defaults'}, seed {entry['seed']} | {entry['train_seconds'] / 60:.1f} min, "
              f"{entry['steps']} steps | {entry['coverage']:.2f} | {entry['density']:.2f} | {entry['spread']:.2f} |")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
