"""The TimeGAN benchmark table: the default recipe and the presets on Sines, Stocks and Energy.

Usage (from the repository root, with .venv/ set up by `make test` or `make demo`):

    .venv/bin/python benchmarks/timegan_table.py                 # recipe, 15 min per dataset
    .venv/bin/python benchmarks/timegan_table.py --minutes 5 --datasets stocks
    .venv/bin/python benchmarks/timegan_table.py --steps 12000 --minutes 15   # whichever ends first
    .venv/bin/python benchmarks/timegan_table.py --models timegan,rcgan,crnngan --datasets stocks

`--models` picks the default recipe (`recipe`) and/or the presets of `tfgan_rnn.presets`
(`timegan`, `rcgan`, `crnngan`, with the papers' settings and TimeGAN's benchmark sizes:
24 units, 3 layers for TimeGAN). Every run writes one JSON per model and dataset, and the
table is rebuilt from all the JSON files present, each row with its own budget.

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
from tfgan_rnn import datasets, presets, recipe  # noqa: E402
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


PRESET_BATCH_SIZE = {"timegan": 128, "rcgan": 28, "crnngan": 128}


def build_preset(model: str, num_features: int, seed: int):
    if model == "timegan":  # the sizes of TimeGAN's own benchmark runs
        timegan = presets.TimeGAN(num_features, hidden_dim=24, num_layers=3, seed=seed)
        timegan.compile()
        return timegan
    if model == "rcgan":
        return presets.RCGAN(num_features, seed=seed)
    return presets.CRNNGAN(num_features, seed=seed)


def run_preset(model: str, name: str, windows, minutes: float, metric_runs: int, seed: int) -> dict:
    """A preset with its paper's settings under the same wall-clock budget (no selection)."""
    keras.utils.set_random_seed(seed)
    gan = build_preset(model, windows.shape[-1], seed)
    if model == "timegan":
        # The paper's code gives each of its three phases the same number of steps, but a
        # joint step costs several times an autoencoder step: under a budget, the first two
        # phases get the steps that fit in a sixth of it each (timed on 5 autoencoder steps
        # after the first, traced one), the joint phase the rest.
        gan.fit(windows[:128], batch_size=128, epochs=1, verbose=0)
        probe = time.monotonic()
        gan.fit(windows[:640], batch_size=128, epochs=1, verbose=0)
        seconds_per_step = max((time.monotonic() - probe) / 5, 1e-3)
        gan.embedding_steps = gan.supervised_steps = max(100, int(minutes * 60 / 6 / seconds_per_step))
    started = time.monotonic()
    history = gan.fit(windows, batch_size=PRESET_BATCH_SIZE[model], epochs=100_000,
                      callbacks=[TimeBudget(minutes)], verbose=0)
    train_seconds = time.monotonic() - started
    if model == "timegan":
        synthetic = gan.generate(len(windows), windows.shape[1], seed=seed + 1)
        steps = int(gan.steps_done)
    else:
        synthetic, _ = gan.generate(len(windows), windows.shape[1], seed=seed + 1)
        steps = int(gan.generator_optimizer.iterations)
    report = evaluate(windows, synthetic, budget="full", seed=seed, num_runs=metric_runs)
    report.update(dataset=name, model=model, train_minutes=round(train_seconds / 60, 2), train_steps=steps,
                  budget_minutes=minutes, epochs=len(next(iter(history.history.values()))))
    return report


def run(name: str, windows, minutes: float, metric_runs: int, seed: int, select: bool = True,
        steps: int | None = None, overrides: dict | None = None, batch_size: int | None = None) -> dict:
    keras.utils.set_random_seed(seed)
    batch_size = batch_size or recipe.DEFAULTS["batch_size"]
    gan = recipe.build_gan(windows.shape[-1], seed=seed, **(overrides or {}))
    budget = TimeBudget(minutes)
    # As `tfgan-rnn train` does: every ~SELECTION_STEPS steps `EvaluationLogger`'s score (two
    # 2,000-step classifier runs on 2,000 + 2,000 windows); at the end the generator of the
    # latest evaluation within `KeepBestGenerator`'s tolerance of the lowest score is kept.
    steps_per_epoch = -(-len(windows) // batch_size)
    every_epochs = max(1, round(SELECTION_STEPS / steps_per_epoch))
    epochs = 100_000 if steps is None else -(-steps // steps_per_epoch)  # whichever budget ends first
    keep_best = KeepBestGenerator()
    with tempfile.TemporaryDirectory() as log_dir:
        selection = [EvaluationLogger(windows, log_dir, every_epochs=every_epochs, seed=seed), keep_best]
        callbacks = (selection if select else []) + [budget]
        started = time.monotonic()
        history = gan.fit(windows, batch_size=batch_size, epochs=epochs,
                          callbacks=callbacks, verbose=0)
    train_seconds = time.monotonic() - started
    synthetic, _ = gan.generate(len(windows), windows.shape[1], seed=seed + 1)
    report = evaluate(windows, synthetic, budget="full", seed=seed, num_runs=metric_runs)
    report.update(selection={"every_epochs": every_epochs, "kept_epoch": keep_best.best_epoch,
                             "kept_score": keep_best.best if keep_best.best_epoch is not None else None,
                             "lowest_score": keep_best.lowest if keep_best.best_epoch is not None else None,
                             "tolerance": keep_best.tolerance,
                             "epochs": len(history.history["generator_loss"]),
                             "scores": history.history.get("discriminative_score")} if select else None)
    report.update(dataset=name, model="recipe", train_minutes=round(train_seconds / 60, 2),
                  train_steps=int(gan.generator_optimizer.iterations), recipe={**recipe.DEFAULTS, **(overrides or {})},
                  recipe_overrides=overrides or None, batch_size=batch_size,
                  warmup_steps=gan.warmup_steps, budget_minutes=minutes, budget_steps=steps,
                  stopped_by="time" if budget.stopped_epoch is not None else "steps")
    return report


def _differs_from_default(report):
    """The overrides a run was given that build something other than today's default recipe."""
    overrides = dict(report.get("recipe_overrides") or {})
    if not overrides:
        return None
    given, default = recipe.resolve(report["num_features"], **overrides), recipe.resolve(report["num_features"])
    return {key: value for key, value in overrides.items() if given[key] != default[key]} or None


MODEL_LABELS = {"recipe": "**tfgan_rnn recipe**", "timegan": "preset TimeGAN", "rcgan": "preset RCGAN",
                "crnngan": "preset C-RNN-GAN"}


def result_path(folder: str, model: str, name: str) -> str:
    return os.path.join(folder, f"timegan_{name}.json" if model == "recipe" else f"timegan_{model}_{name}.json")


def collect(folder: str) -> dict:
    """{model: {dataset: report}} from every result JSON in `folder`."""
    results = {}
    for model in MODEL_LABELS:
        for name in ORDER:
            path = result_path(folder, model, name)
            if os.path.exists(path):
                with open(path) as handle:
                    results.setdefault(model, {})[name] = json.load(handle)
    return results


def table(results: dict) -> str:
    def cell(model, metric, name):
        if name not in results.get(model, {}):
            return "not run"
        r = results[model][name]
        score = r[f"{metric}_score"]
        return f"{score['mean']:.3f} ± {score['std']:.3f}"

    lines = [
        "# TimeGAN benchmark: discriminative and predictive scores (lower is better)",
        "",
        f"tfgan_rnn {tfgan_rnn.__version__} on {os.cpu_count()} CPU cores "
        f"({platform.processor() or platform.machine()}): the default recipe (`tfgan_rnn.recipe`) and the "
        "presets (`tfgan_rnn.presets`, the papers' settings), each trained under a wall-clock budget (and, where the budget column says so, a step budget: whichever ended first) "
        "per dataset (budget column below); scores are mean ± std over the metric runs (TimeGAN "
        "protocol). Published rows are as reported by their papers (GPU training, not re-run here).",
        "",
        "| model | disc. Sines | disc. Stocks | disc. Energy | pred. Sines | pred. Stocks | pred. Energy |",
        "|---|---|---|---|---|---|---|",
    ]
    for model in results:
        overrides = _differs_from_default(next(iter(results[model].values())))
        label = MODEL_LABELS[model] + (f" with `{json.dumps(overrides)}`" if overrides else "")
        lines.append(f"| {label} (this machine) | "
                     + " | ".join(cell(model, "discriminative", n) for n in ORDER) + " | "
                     + " | ".join(cell(model, "predictive", n) for n in ORDER) + " |")
    for model, rows in PUBLISHED.items():
        lines.append(f"| {model} (published) | " + " | ".join(rows["discriminative"]) + " | "
                     + " | ".join(rows["predictive"]) + " |")
    lines += ["", "| model | dataset | windows | budget (min) | train steps | train minutes | MMD | "
              "autocorrelation dist. | marginal dist. |", "|---|---|---|---|---|---|---|---|---|"]
    for model, by_dataset in results.items():
        for name in ORDER:
            if name in by_dataset:
                r = by_dataset[name]
                lines.append(f"| {model} | {name} | {r['num_real']} | {r.get('budget_minutes', '?')}"
                             f"{' or ' + str(r['budget_steps']) + ' steps' if r.get('budget_steps') else ''} | "
                             f"{r['train_steps']} | {r['train_minutes']} | {r['mmd']:.4f} | "
                             f"{r['autocorrelation_distance']:.4f} | {r['marginal_distance']:.4f} |")
    commands = sorted({r.get("command", "?") for by_dataset in results.values() for r in by_dataset.values()})
    lines += ["", "Commands that produced these rows (each JSON records its own): "
              + ", ".join(f"`{c}`" for c in commands), ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15.0, help="training budget per dataset (default 15)")
    parser.add_argument("--steps", type=int, default=None,
                        help="recipe only: also stop after this many training steps (rounded up to whole "
                        "epochs), whichever of the two budgets ends first; a step budget does not "
                        "depend on how fast the machine runs that day")
    parser.add_argument("--recipe", type=json.loads, default={},
                        help="JSON overrides of the recipe (keys of tfgan_rnn.recipe.DEFAULTS), e.g. "
                        "'{\"units\": 96}'; write such variants to another --out folder")
    parser.add_argument("--batch-size", type=int, default=None,
                        help=f"recipe only: windows per batch (default the recipe's, {recipe.DEFAULTS['batch_size']}; "
                        "128 before 2026-12-06)")
    parser.add_argument("--datasets", default="sines,stocks,energy", help="comma-separated subset")
    parser.add_argument("--models", default="recipe",
                        help="comma-separated: recipe, timegan, rcgan, crnngan (default recipe)")
    parser.add_argument("--energy-path", default=DEFAULT_ENERGY, help="path to energy_data.csv")
    parser.add_argument("--metric-runs", type=int, default=3, help="seeds per metric (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-selection", action="store_true",
                        help="keep the last generator instead of the best-scoring one")
    parser.add_argument("--out", default=os.path.join(HERE, "results", "timegan_table.md"))
    parser.add_argument("--table-only", action="store_true",
                        help="train nothing; rebuild the table from the JSON files present")
    args = parser.parse_args(argv)
    models = args.models.split(",")
    unknown = sorted(set(models) - set(MODEL_LABELS))
    if unknown:
        parser.error(f"unknown model(s) {unknown}; expected some of {list(MODEL_LABELS)}")
    folder = os.path.dirname(args.out)
    os.makedirs(folder, exist_ok=True)
    command = " ".join(["python", "benchmarks/timegan_table.py"] + (sys.argv[1:] if argv is None else argv))
    runs = [] if args.table_only else [(m, n) for n in args.datasets.split(",") for m in models]
    for model, name in runs:
        if name == "energy" and not os.path.exists(args.energy_path):
            print(f"energy: {args.energy_path} not found; skipped", flush=True)
            continue
        windows = load(name, args.energy_path)
        print(f"{model} on {name}: {windows.shape}, training {args.minutes:g} min"
              + (f" or {args.steps} steps" if args.steps and model == "recipe" else "") + "...", flush=True)
        if model == "recipe":
            r = run(name, windows, args.minutes, args.metric_runs, args.seed, not args.no_selection, args.steps,
                    args.recipe, args.batch_size)
        else:
            r = run_preset(model, name, windows, args.minutes, args.metric_runs, args.seed)
        print(f"{model} on {name}: {r['train_steps']} steps, discriminative {r['discriminative_score']['mean']:.3f}"
              f" ± {r['discriminative_score']['std']:.3f}, predictive {r['predictive_score']['mean']:.3f}"
              f" ± {r['predictive_score']['std']:.3f}", flush=True)
        r["command"] = command
        with open(result_path(folder, model, name), "w") as handle:
            json.dump(r, handle, indent=2)
    with open(args.out, "w") as handle:
        handle.write(table(collect(folder)))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
