"""Which generator does `tfgan-rnn train` keep for a conditional model: by the plain
discriminative score, or by the score with the condition beside the values?

Usage (from the repository root):

    .venv/bin/python benchmarks/conditional_selection.py --minutes 12 --evaluate-every 10

Trains `tfgan-rnn train --condition-column weather` on the bundled Seattle weather
(`tfgan_rnn.datasets.seattle_weather()`, written to a CSV as a user's file would be) in a
fresh process, with `--evaluate-every` epochs between the logger's scores, and reads both
scores of each evaluated epoch from its `history.json` (`EvaluationLogger` logs both for a
conditional GAN). Prints them, their Spearman rank correlation, and the epoch each score
would keep under `KeepBestGenerator`'s rule (the latest within .01 of the lowest); writes
benchmarks/results/conditional_selection.json (or --output).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from unseen_data import run  # noqa: E402  (a `tfgan-rnn` command in a fresh process, logged)


def kept_epoch(scores, tolerance: float = 0.01):
    """The epoch `KeepBestGenerator` keeps: the latest within `tolerance` of the lowest so far."""
    lowest, kept = np.inf, None
    for epoch, score in scores:
        lowest = min(lowest, score)
        if score <= lowest + tolerance:
            kept = epoch
    return kept


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=12.0)
    parser.add_argument("--evaluate-every", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", default=os.path.join(HERE, "results", "conditional_selection.json"))
    args = parser.parse_args(argv)

    from scipy.stats import spearmanr

    import tfgan_rnn

    with tempfile.TemporaryDirectory() as root:
        path = os.path.join(root, "seattle_weather.csv")
        tfgan_rnn.datasets.seattle_weather().to_csv(path, index=False)
        log = []
        run(["train", "--data", path, "--condition-column", "weather", "--max-minutes", str(args.minutes),
             "--evaluate-every", str(args.evaluate_every), "--evaluation", "none", "--no-calibrate",
             "--seed", str(args.seed), "--num-samples", "10", "--out", os.path.join(root, "model"),
             "--logdir", os.path.join(root, "logs")], log)
        with open(os.path.join(root, "model", "history.json")) as handle:
            history = json.load(handle)
    plain, conditional = history["discriminative_score"], history["conditional_discriminative_score"]
    # Keras' history holds a score for each evaluated epoch only: every --evaluate-every epochs.
    rows = [((index + 1) * args.evaluate_every, first, second)
            for index, (first, second) in enumerate(zip(plain, conditional))]
    correlation = float(spearmanr([r[1] for r in rows], [r[2] for r in rows]).statistic) if len(rows) > 2 else None
    result = {"minutes": args.minutes, "evaluate_every": args.evaluate_every, "seed": args.seed,
              "epochs_trained": len(history["generator_loss"]), "evaluations": [dict(zip(("epoch", "plain", "conditional"), r))
                                                           for r in rows],
              "spearman": correlation,
              "kept_by_plain": kept_epoch([(r[0], r[1]) for r in rows]),
              "kept_by_conditional": kept_epoch([(r[0], r[2]) for r in rows]), "log": log}
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as handle:
        json.dump(result, handle, indent=2)
    print("| epoch | discriminative score | with the condition |\n|---|---|---|")
    for epoch, first, second in rows:
        print(f"| {epoch} | {first:.3f} | {second:.3f} |")
    print(f"\nSpearman {correlation}; kept by the plain score: epoch {result['kept_by_plain']}, "
          f"by the score with the condition: epoch {result['kept_by_conditional']} "
          f"({result['epochs_trained']} epochs trained)\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
