"""Does mapping each generated feature onto the data's distribution (`train --calibrate`) help?

Usage (from the repository root; statsmodels and vega_datasets ship most of the data, as for
`unseen_data.py`):

    .venv/bin/pip install statsmodels==0.15.0 vega_datasets==0.9.0
    .venv/bin/python benchmarks/calibration.py --minutes 4 --datasets seattle_weather macrodata
    .venv/bin/python benchmarks/calibration.py --datasets energy --data-energy ../shared/data/energy_data.csv

For each dataset, in a fresh process as a user runs it: `tfgan-rnn train --data <csv>
--max-minutes M --evaluation none --no-calibrate` (every other setting the default). Then, in
this process, the saved model is scored twice on the real windows `tfgan-rnn evaluate` reads
(`cli.scoring_windows`), with the same generation seed: as trained, and after
`RecurrentGAN.calibrate_marginals` on those windows (what `train` does at its end unless
`--no-calibrate`): its check, which keeps the map only if it lowers a discriminative score
(two runs on all the windows), is recorded, and the map is scored whether kept or not. Each time the TimeGAN protocol
(`evaluate`, full budget: 3 runs) and the discriminative score of each feature alone
(`feature_discriminative_scores`, quick budget), and for a conditional model the
conditional discriminative score (the condition beside the values); for a model conditioned on categories, per
category each feature's mean and share of steps at the data's most common value, and, where
categories got maps of their own, the scores with one map for all as well. The map is fit
on a generated sample of another seed than the scored one. Prints a table and writes
benchmarks/results/calibration.json (or --output).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from unseen_data import DATASETS, dataset_path, run  # noqa: E402  (the CSVs, a `tfgan-rnn` command logged)

EXTRA = ("energy", "sines", "stocks")  # beside unseen_data's CSVs: UCI's energy (--data-energy), the bundled two


def by_category(real, synthetic, condition) -> list:
    """For a model conditioned on one-hot categories per step: per category with real steps,
    each feature's mean (`metrics.category_summary`) and share of steps at the data's most
    common value (a zero, for rain), real and generated, over the steps of that category."""
    import numpy as np

    from tfgan_rnn.data import categories_of
    from tfgan_rnn.metrics import category_summary

    flat_real, flat_synthetic = real.reshape(-1, real.shape[-1]), synthetic.reshape(-1, real.shape[-1])
    categories = categories_of(condition.reshape(-1, condition.shape[-1]))
    modes = []
    for column in flat_real.T:
        values, counts = np.unique(column, return_counts=True)
        modes.append(float(values[counts.argmax()]))
    return [{"category": row["category"], "steps": row["real_steps"], "real_mean": row["real_mean"], "generated_mean": row["synthetic_mean"],
             "real_mode_share": (flat_real[categories == row["category"]] == modes).mean(0).tolist(),
             "generated_mode_share": (flat_synthetic[categories == row["category"]] == modes).mean(0).tolist()}
            for row in category_summary(flat_real, flat_synthetic, categories, categories)]


def score(gan, real, condition, seed: int) -> dict:
    from tfgan_rnn.metrics import evaluate, scaled_pair

    synthetic, _ = gan.generate(len(real), real.shape[1], seed=seed, condition=condition)
    real_scaled, synthetic_scaled = scaled_pair(real, synthetic)
    report = evaluate(real_scaled, synthetic_scaled, budget="full", seed=seed, per_feature=True,
                      real_condition=condition, synthetic_condition=condition)
    result = {key: report[key] for key in ("discriminative_score", "conditional_discriminative_score",
                                           "predictive_score", "mmd", "marginal_distance", "coverage",
                                           "feature_discriminative_scores") if key in report}
    if condition is not None and condition.ndim == 3:
        result["by_category"] = by_category(real, synthetic, condition)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", choices=sorted(DATASETS) + sorted(EXTRA), default=list(DATASETS))
    parser.add_argument("--minutes", type=float, default=4.0, help="training budget per dataset (--max-minutes)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-energy", default=os.path.join(HERE, "..", "..", "shared", "data", "energy_data.csv"),
                        help="UCI's appliances energy CSV, for --datasets energy")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "calibration.json"))
    args = parser.parse_args(argv)

    from tfgan_rnn import cli

    results = {"minutes": args.minutes, "seed": args.seed, "datasets": {}}
    with tempfile.TemporaryDirectory() as root:
        for name in args.datasets:
            if name in DATASETS:
                path, flags = dataset_path(name), list(DATASETS[name][2])
            else:
                path, flags = (os.path.abspath(args.data_energy) if name == "energy" else name), []
            out, log = os.path.join(root, name), []
            started = time.perf_counter()
            run(["train", "--data", path, "--max-minutes", str(args.minutes), "--evaluation", "none",
                 "--seed", str(args.seed), "--num-samples", "10", "--out", out, "--no-calibrate",
                 "--logdir", os.path.join(root, "logs", name), *flags], log)
            trained = time.perf_counter() - started
            gan, model_file = cli._load_gan(out)
            evaluate_args = cli.build_parser().parse_args(
                ["evaluate", "--model", out, "--data", path, "--seed", str(args.seed),
                 *[flag for flag in flags if flag == "--interpolate-missing"]])
            real, condition = cli.scoring_windows(evaluate_args, gan, model_file)
            entry = {"flags": flags, "train_seconds": round(trained, 1), "num_real": int(len(real)),
                     "window": int(real.shape[1]), "features": cli._feature_names(gan, real.shape[-1])}
            entry["as_generated"] = score(gan, real, condition, args.seed)
            started = time.perf_counter()  # what `train` decides
            entry["check"] = gan.calibrate_marginals(real, condition=condition, seed=args.seed + 1)
            entry["calibration_seconds"] = round(time.perf_counter() - started, 1)
            gan.calibrate_marginals(real, condition=condition, seed=args.seed + 1, only_if_better=False)  # the same map
            entry["categories_calibrated"] = sorted(gan.scaler.category_calibration or [])
            if gan.scaler.category_calibration:  # first without the categories' own maps: one map for all
                own, gan.scaler.category_calibration = gan.scaler.category_calibration, None
                entry["calibrated_one_map"] = score(gan, real, condition, args.seed)
                gan.scaler.category_calibration = own
            entry["calibrated"] = score(gan, real, condition, args.seed)
            entry["log"] = log
            results["datasets"][name] = entry
            print(f"{name}: {json.dumps({k: v for k, v in entry.items() if k != 'log'})}", flush=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as file:
        json.dump(results, file, indent=2)

    def shown(part, key):
        return f"{part[key]['mean']:.3f} ± {part[key]['std']:.3f}"

    print("\n| dataset | windows x steps x features | disc. as generated | disc. calibrated | pred. as generated | "
          "pred. calibrated | check: kept? (scores without / with) | features alone, as generated -> calibrated |"
          "\n|---|---|---|---|---|---|---|---|")
    for name, entry in results["datasets"].items():
        before, after = entry["as_generated"], entry["calibrated"]
        alone = ", ".join(
            f"{feature} {b['mean']:.2f} -> {a['mean']:.2f}" for feature, b, a in
            sorted(zip(entry["features"], before["feature_discriminative_scores"],
                       after["feature_discriminative_scores"]), key=lambda item: -item[1]["mean"])[:4])
        check = entry["check"]
        kept = (f"{'yes' if check['calibrated'] else 'no'} ({check['discriminative_score_as_generated']:.3f} / "
                f"{check['discriminative_score_calibrated']:.3f})")
        print(f"| {name} | {entry['num_real']} x {entry['window']} x {len(entry['features'])} | "
              f"{shown(before, 'discriminative_score')} | {shown(after, 'discriminative_score')} | "
              f"{shown(before, 'predictive_score')} | {shown(after, 'predictive_score')} | {kept} | {alone} |")
    for name, entry in results["datasets"].items():
        if "by_category" not in entry["as_generated"]:
            continue
        one_map = entry.get("calibrated_one_map")
        print(f"\n{name}, by category: share of steps at the data's most common value of its first feature "
              f"({entry['features'][0]}), real / as generated / "
              + ("one map for all / with each category's own map (where it has one)" if one_map else "with the map"))
        for position, before in enumerate(entry["as_generated"]["by_category"]):
            shares = [before["real_mode_share"][0], before["generated_mode_share"][0]]
            shares += [part["by_category"][position]["generated_mode_share"][0]
                       for part in ([one_map] if one_map else []) + [entry["calibrated"]]]
            print(f"  category {before['category']} ({before['steps']} steps): " + " / ".join(f"{v:.2f}" for v in shares))
        parts = [("as generated", entry["as_generated"])] + ([("one map for all", one_map)] if one_map else []) + [
            ("each category's own map" if one_map else "with the map", entry["calibrated"])]
        for key in ("discriminative_score", "conditional_discriminative_score"):
            print(f"  {key}: " + ", ".join(f"{label} {shown(part, key)}" for label, part in parts))
        print(f"  own maps for categories {entry['categories_calibrated']}")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
