"""How well the training-time fidelity score tracks the TimeGAN protocol, checkpoint by checkpoint.

Usage (from the repository root; run it alone, it is timed):

    .venv/bin/python benchmarks/selection_scores.py                    # Stocks, 240 epochs, every 20
    .venv/bin/python benchmarks/selection_scores.py --dataset sines --epochs 60 --every 10

`KeepBestGenerator` keeps the generator whose `EvaluationLogger` discriminative score was
lowest, so that score must rank generators the way the protocol does. This script trains
the default recipe (data prepared as in `timegan_table.py`) and at every --every epochs
scores the same generator three ways:

  former default   one classifier run of 300 steps on 1,000 + 1,000 windows (before 2026-11-24)
  current default  `EvaluationLogger()`'s: two runs of 2,000 steps on 2,000 + 2,000 windows
  protocol         the TimeGAN protocol on all real windows and as many generated ones
                   (2,000 steps, 3 runs), as `timegan_table.py` reports it

and prints the rows and the Spearman rank correlation of each training-time score with the
protocol. Writes benchmarks/results/selection_scores_<dataset>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tfgan_rnn  # noqa: E402,F401  (first: it imports TensorFlow without start-up notices)
import keras  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

from tfgan_rnn import recipe  # noqa: E402
from tfgan_rnn.callbacks import EvaluationLogger  # noqa: E402
from tfgan_rnn.metrics import discriminative_score  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from timegan_table import DEFAULT_ENERGY, load  # noqa: E402


class ScoreThreeWays(keras.callbacks.Callback):
    def __init__(self, real, every: int, seed: int, log_dir: str):
        super().__init__()
        self.real, self.every, self.seed = real, every, seed
        self.former = EvaluationLogger(real, log_dir, every_epochs=1, max_windows=1000, iterations=300,
                                       num_runs=1, seed=seed)
        self.current = EvaluationLogger(real, log_dir, every_epochs=1, seed=seed)
        self.rows = []

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every:
            return
        row = {"epoch": epoch + 1, "steps": int(self.model.generator_optimizer.iterations)}
        for name, evaluation in (("former default", self.former), ("current default", self.current)):
            evaluation.set_model(self.model)
            scores = {}
            started = time.monotonic()
            evaluation.on_epoch_end(0, scores)
            row[name] = round(scores["discriminative_score"], 4)
            row[name + " seconds"] = round(time.monotonic() - started, 1)
        generated, _ = self.model.generate(len(self.real), self.real.shape[1], seed=self.seed + 1,
                                           original_units=False)
        protocol = discriminative_score(self.real, generated, seed=self.seed)
        row["protocol"] = round(protocol.mean, 4)
        row["protocol runs"] = [round(run, 4) for run in protocol.runs]
        self.rows.append(row)
        print(json.dumps(row), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="stocks", choices=["stocks", "sines", "energy"])
    parser.add_argument("--epochs", type=int, default=240)
    parser.add_argument("--every", type=int, default=20, help="epochs between scorings")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--energy-path", default=DEFAULT_ENERGY)
    parser.add_argument("--output", default=None)
    args = parser.parse_args(argv)

    real = load(args.dataset, args.energy_path)
    keras.utils.set_random_seed(args.seed)
    gan = recipe.build_gan(real.shape[-1], seed=args.seed)
    with tempfile.TemporaryDirectory() as log_dir:
        scorer = ScoreThreeWays(real, args.every, args.seed, log_dir)
        gan.fit(real, batch_size=recipe.DEFAULTS["batch_size"], epochs=args.epochs, callbacks=[scorer], verbose=0)
    rows = scorer.rows
    protocol = [row["protocol"] for row in rows]
    correlation = {name: float(spearmanr([row[name] for row in rows], protocol).statistic)
                   for name in ("former default", "current default")}
    best = {name: min(rows, key=lambda row: row[name]) for name in ("former default", "current default")}
    summary = {
        "command": "python benchmarks/selection_scores.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores",
        "dataset": args.dataset, "rows": rows, "spearman_with_protocol": correlation,
        "kept_by": {name: {"epoch": row["epoch"], "protocol": row["protocol"]} for name, row in best.items()},
        "best_protocol": min(protocol), "last_protocol": protocol[-1],
    }
    print(f"Spearman rank correlation with the protocol: former {correlation['former default']:.2f}, "
          f"current {correlation['current default']:.2f}")
    for name, row in best.items():
        print(f"kept by the {name}: epoch {row['epoch']}, protocol score {row['protocol']:.3f}")
    print(f"best protocol score {min(protocol):.3f}, last {protocol[-1]:.3f}")
    output = args.output or os.path.join(HERE, "results", f"selection_scores_{args.dataset}.json")
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w") as handle:
        json.dump(summary, handle, indent=1)


if __name__ == "__main__":
    main()
