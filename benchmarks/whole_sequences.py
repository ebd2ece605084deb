"""Sequences of different lengths: trained whole (`train --whole-sequences`) or in windows?

Usage (from the repository root; JapaneseVowels comes from sktime's wheel, unzipped without
installing sktime, as for `unseen_data.py`):

    .venv/bin/pip download sktime==1.2.0 --no-deps -d /tmp/sk
    unzip -o -q /tmp/sk/sktime-1.2.0-py3-none-any.whl 'sktime/datasets/data/*' -d /tmp/sk
    .venv/bin/python benchmarks/whole_sequences.py --minutes 4
    .venv/bin/python benchmarks/whole_sequences.py --minutes 4 --variants whole \
        --output benchmarks/results/whole_sequences_calibrated.json       # since train calibrates them

and any other archive of sequences of different lengths, as `<NAME>_TRAIN.ts` and
`<NAME>_TEST.ts` in one folder, e.g. PickupGestureWiimoteZ from aeon's wheel:

    .venv/bin/pip download aeon==1.6.0 --no-deps -d /tmp/aeon
    unzip -o -q /tmp/aeon/aeon-1.6.0-py3-none-any.whl 'aeon/datasets/data/PickupGestureWiimoteZ/*' -d /tmp/aeon
    .venv/bin/python benchmarks/whole_sequences.py --minutes 4 \
        --data-dir /tmp/aeon/aeon/datasets/data/PickupGestureWiimoteZ \
        --output benchmarks/results/whole_sequences_pickup.json

JapaneseVowels' 270 training utterances have 7 to 26 steps of 12 features. Each variant is
trained in a fresh process as a user runs it, `tfgan-rnn train --data <_TRAIN.ts>
--max-minutes M --evaluation none` with every other setting the default:
- `windows`: `--no-whole-sequences`, windows of the shortest sequence (7 steps), the default
  before this benchmark;
- `whole`: `--whole-sequences`, each sequence whole, padded and masked, the default since.
Both saved models are then scored the same way on the archive's 370 held-out `_TEST.ts`
utterances, whole: for each real one a generated one of the same length (the windows model's
generator runs past the 7 steps it was trained on; a recurrent generator can), both held at
their last value after their end (`data.hold_last`), and the TimeGAN protocol on the pairs
(`metrics.evaluate`, full budget: 3 runs). The first 7 steps (the shortest test sequence's
length) alone are scored too, where the windows model was trained. Coverage and density
(`metrics.density_and_coverage`, in the report) are recorded too: with few test sequences the
discriminative score is coarse. Prints a table and writes benchmarks/results/whole_sequences.json
(or --output).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from unseen_data import run  # noqa: E402  (a `tfgan-rnn` command, logged)

VARIANTS = {"windows": ["--no-whole-sequences"], "whole": ["--whole-sequences"]}


def scores(gan, sequences, seed: int) -> dict:
    """The protocol on the real sequences, whole (held after their end, against generated ones
    of the same lengths) and on their first steps (the shortest length), in original units."""
    import numpy as np

    from tfgan_rnn import data
    from tfgan_rnn.metrics.report import evaluate, scaled_pair

    lengths = np.array([len(sequence) for sequence in sequences])
    real = data.hold_last(sequences)
    generated, _ = gan.generate(len(real), real.shape[1], seed=seed)
    shortest = int(lengths.min())
    result = {}
    for part, (real_part, generated_part) in {
        "whole": (real, data.hold_last(generated, lengths)),
        f"first_{shortest}_steps": (real[:, :shortest], generated[:, :shortest]),
    }.items():
        report = evaluate(*scaled_pair(real_part, generated_part), budget="full", seed=seed)
        result[part] = {name: report[name] for name in ("discriminative_score", "predictive_score", "mmd",
                                                         "coverage", "density")}
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=4.0, help="training time of each variant")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sktime-dir", default="/tmp/sk",
                        help="where sktime's wheel was unzipped (its `sktime/datasets/data/` inside)")
    parser.add_argument("--data-dir", default=None,
                        help="a folder of NAME_TRAIN.ts and NAME_TEST.ts (default: JapaneseVowels in --sktime-dir)")
    parser.add_argument("--variants", nargs="+", choices=sorted(VARIANTS), default=list(VARIANTS),
                        help="which to train and score (default both)")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "whole_sequences.json"))
    args = parser.parse_args(argv)
    folder = args.data_dir or os.path.join(args.sktime_dir, "sktime", "datasets", "data", "JapaneseVowels")
    name = os.path.basename(os.path.normpath(folder))
    train_path, test_path = (os.path.join(folder, f"{name}_{part}.ts") for part in ("TRAIN", "TEST"))
    if not os.path.exists(train_path):
        raise SystemExit(f"No {train_path}: JapaneseVowels is read from sktime's wheel, unzipped into --sktime-dir "
                         f"{args.sktime_dir}, or pass --data-dir: see this script's docstring.")

    import keras

    from tfgan_rnn import tables

    test_sequences, _, _ = tables.read_ts(test_path)
    results = {"data": name, "minutes": args.minutes, "seed": args.seed, "num_test": len(test_sequences),
               "test_lengths": [min(map(len, test_sequences)), max(map(len, test_sequences))], "variants": {}}
    with tempfile.TemporaryDirectory() as root:
        for variant in args.variants:
            flags = VARIANTS[variant]
            out = os.path.join(root, variant)
            log = []
            run(["train", "--data", train_path, "--max-minutes", str(args.minutes), "--evaluation", "none",
                 "--seed", str(args.seed), "--num-samples", "10", "--out", out, "--logdir",
                 os.path.join(root, "logs", variant), *flags], log)
            gan = keras.saving.load_model(os.path.join(out, "model.keras"))
            with open(os.path.join(out, "config.json")) as handle:
                config = json.load(handle)
            results["variants"][variant] = {"flags": flags, "window": config["window"], "epochs": config["epochs"],
                                         "steps_per_epoch": config["steps_per_epoch"],
                                         **scores(gan, test_sequences, args.seed), "log": log}
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as handle:
        json.dump(results, handle, indent=1, default=float)
    print(f"{'variant':<10} {'scored on':<16} {'discriminative':>15} {'predictive':>11} {'mmd':>8} {'coverage':>9} "
          f"{'density':>8}")
    for variant, entry in results["variants"].items():
        for part in (key for key in entry if key == "whole" or key.startswith("first_")):
            row = entry[part]
            print(f"{variant:<10} {part:<16} {row['discriminative_score']['mean']:>15.3f} "
                  f"{row['predictive_score']['mean']:>11.3f} {row['mmd']:>8.4f} {row['coverage']:>9.2f} "
                  f"{row['density']:>8.2f}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
