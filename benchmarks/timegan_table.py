"""The TimeGAN benchmark table: the default recipe on Sines, Stocks and Energy.

Usage (from the repository root, with .venv/ set up by `make test` or `make demo`):

    .venv/bin/python benchmarks/timegan_table.py                 # 15 min per dataset
    .venv/bin/python benchmarks/timegan_table.py --minutes 5 --datasets stocks

Data are prepared exactly as TimeGAN's `data_loading.py` does (rows reversed, min-max
scaled over the whole series, N - 24 windows of 24 steps, shuffled; Sines: 10,000 windows
of 24 x 5). Energy is read from ../shared/data/energy_data.csv or --energy-path; without it
the Energy row is reported as not run. Each model trains under a wall-clock budget on this
machine's CPU, then generates as many windows as the real set has, and is scored with the
TimeGAN protocol (discriminative: 2,000 steps; predictive: 5,000 steps) over --metric-runs
seeds. Writes benchmarks/results/timegan_table.md and one JSON per dataset.
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

import tfgan_rnn  # noqa: E402  (first: it imports TensorFlow without start-up notices)
import keras  # noqa: E402
from tfgan_rnn import datasets, recipe  # noqa: E402
from tfgan_rnn.callbacks import EvaluationLogger, KeepBestGenerator, TimeBudget  # noqa: E402
from tfgan_rnn.metrics import evaluate  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ENERGY = os.path.join(HERE, "..", "..", "shared", "data", "energy_data.csv")

# As reported: TimeGAN paper (Yoon et al., NeurIPS 2019), Table 2, for TimeGAN, RCGAN and
# the original data; Diffusion-TS paper (Yuan & Qiao, ICLR 2024), Table 1.
PUBLISHED = {
    "TimeGAN": {"discriminative": (".011", ".102", ".236"), "predictive": (".093", ".038", ".273")},
    "RCGAN": {"discriminative": (".022", ".196", ".336"), "predictive": (".097", ".040", ".292")},
    "Diffusion-TS": {"discriminative": (".006", ".067", ".122"), "predictive": (".093", ".036", ".250")},
    "Original data": {"discriminative": ("-", "-", "-"), "predictive": (".094", ".036", ".250")},
}
ORDER = ("sines", "stocks", "energy")


def load(name: str, energy_path: str):
    if name == "sines":
        return datasets.sines(num_sequences=10_000, length=24, num_features=5, seed=0)
    frame = datasets.stocks() if name == "stocks" else datasets.energy(energy_path)
    return datasets.timegan_windows(frame, length=24, reverse=True, shuffle_seed=0)


SELECTION_STEPS = 1200


def run(name: str, windows, minutes: float, metric_runs: int, seed: int, select: bool = True) -> dict:
    keras.utils.set_random_seed(seed)
    gan = recipe.build_gan(windows.shape[-1], seed=seed)
    budget = TimeBudget(minutes)
    # As `tfgan-rnn train` does: every ~1,200 steps a quick discriminative score on 1,000
    # windows; the generator of the best evaluation is kept at the end.
    steps_per_epoch = -(-len(windows) // recipe.DEFAULTS["batch_size"])
    every_epochs = max(1, round(SELECTION_STEPS / steps_per_epoch))
    keep_best = KeepBestGenerator()
    with tempfile.TemporaryDirectory() as log_dir:
        selection = [EvaluationLogger(windows, log_dir, every_epochs=every_epochs, seed=seed), keep_best]
        callbacks = (selection if select else []) + [budget]
        started = time.monotonic()
        history = gan.fit(windows, batch_size=recipe.DEFAULTS["batch_size"], epochs=100_000,
                          callbacks=callbacks, verbose=0)
    train_seconds = time.monotonic() - started
    synthetic, _ = gan.generate(len(windows), windows.shape[1], seed=seed + 1)
    report = evaluate(windows, synthetic, budget="full", seed=seed, num_runs=metric_runs)
    report.update(selection={"every_epochs": every_epochs, "kept_epoch": keep_best.best_epoch,
                             "kept_score": keep_best.best if keep_best.best_epoch is not None else None,
                             "epochs": len(history.history["generator_loss"]),
                             "scores": history.history.get("discriminative_score")} if select else None)
    report.update(dataset=name, train_minutes=round(train_seconds / 60, 2),
                  train_steps=int(gan.generator_optimizer.iterations), recipe=recipe.DEFAULTS,
                  warmup_steps=gan.warmup_steps)
    return report


def table(results: dict, minutes: float) -> str:
    def ours(metric, name):
        if name not in results:
            return "not run"
        score = results[name][f"{metric}_score"]
        return f"{score['mean']:.3f} ± {score['std']:.3f}"

    lines = [
        "# TimeGAN benchmark: discriminative and predictive scores (lower is better)",
        "",
        f"tfgan_rnn {tfgan_rnn.__version__}, default recipe (`tfgan_rnn.recipe`), trained at most "
        f"{minutes:g} min per dataset on {os.cpu_count()} CPU cores ({platform.processor() or platform.machine()}); "
        "scores are mean ± std over the metric runs (TimeGAN protocol). Published rows are as "
        "reported by their papers (GPU training, not re-run here).",
        "",
        "| model | disc. Sines | disc. Stocks | disc. Energy | pred. Sines | pred. Stocks | pred. Energy |",
        "|---|---|---|---|---|---|---|",
        "| **tfgan_rnn (this run)** | " + " | ".join(ours("discriminative", n) for n in ORDER) + " | "
        + " | ".join(ours("predictive", n) for n in ORDER) + " |",
    ]
    for model, rows in PUBLISHED.items():
        lines.append(f"| {model} | " + " | ".join(rows["discriminative"]) + " | " + " | ".join(rows["predictive"]) + " |")
    lines += ["", "| dataset | windows | train steps | train minutes | MMD | autocorrelation dist. | marginal dist. |",
              "|---|---|---|---|---|---|---|"]
    for name in ORDER:
        if name in results:
            r = results[name]
            lines.append(f"| {name} | {r['num_real']} | {r['train_steps']} | {r['train_minutes']} | "
                         f"{r['mmd']:.4f} | {r['autocorrelation_distance']:.4f} | {r['marginal_distance']:.4f} |")
    lines += ["", f"Command: `{' '.join(['python', 'benchmarks/timegan_table.py'] + sys.argv[1:])}`", ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15.0, help="training budget per dataset (default 15)")
    parser.add_argument("--datasets", default="sines,stocks,energy", help="comma-separated subset")
    parser.add_argument("--energy-path", default=DEFAULT_ENERGY, help="path to energy_data.csv")
    parser.add_argument("--metric-runs", type=int, default=3, help="seeds per metric (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-selection", action="store_true",
                        help="keep the last generator instead of the best-scoring one")
    parser.add_argument("--out", default=os.path.join(HERE, "results", "timegan_table.md"))
    args = parser.parse_args(argv)
    results = {}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    for name in args.datasets.split(","):
        if name == "energy" and not os.path.exists(args.energy_path):
            print(f"energy: {args.energy_path} not found; skipped", flush=True)
            continue
        windows = load(name, args.energy_path)
        print(f"{name}: {windows.shape}, training {args.minutes:g} min...", flush=True)
        results[name] = run(name, windows, args.minutes, args.metric_runs, args.seed, not args.no_selection)
        r = results[name]
        print(f"{name}: {r['train_steps']} steps, discriminative {r['discriminative_score']['mean']:.3f}"
              f" ± {r['discriminative_score']['std']:.3f}, predictive {r['predictive_score']['mean']:.3f}"
              f" ± {r['predictive_score']['std']:.3f}", flush=True)
        with open(os.path.join(os.path.dirname(args.out), f"timegan_{name}.json"), "w") as handle:
            json.dump(r, handle, indent=2)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as handle:
        handle.write(table(results, args.minutes))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
