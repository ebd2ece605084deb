"""Does generating a column that repeats another as its copy, or keeping a column never below
another so, change the TimeGAN scores?

Stocks' `Adj_Close` equals its `Close` on every row, and Energy's `rv2` its `rv1`. Since
`Scaler.copies`, `RecurrentGAN` ties each such column to the one it repeats in the
generator's output, in training (what the discriminator is shown) and in everything
generated. This trains the default recipe on a dataset prepared as TimeGAN does (as
`timegan_table.py`, without the checkpoint selection) with a `Scaler(snap=False)` fitted on
the windows in the data's units (TimeGAN's per-column scaling undone: it keeps copies equal but
not High over Open), so that the copies and orders are the only things the scaler keeps to the data,
and scores the generated windows with the TimeGAN protocol. `--untied` trains the same way with
the scaler's `copies` emptied (the library before), and scores its windows twice: as generated,
and with the copies set to their columns afterwards (the tie on the output alone, without
the training seeing it). `Scaler.orders` (a day's High over its Open, Close and Low) are kept
in the generator's output, in training too, smoothly (`Scaler.smoothly_in_order`); with
`--orders after` they are not (the library before, and since 2026-12-08 its way with data that seldom sits at
its bounds, `Scaler.ORDER_BOUND_SHARE`: Energy): the windows are scored as generated
(`as_generated`) and kept in order afterwards (`in_order`, as `generate` then gave them).
Both count the rows with some upper at its lower (a High held at its Open), against the data's.

    .venv/bin/python benchmarks/repeated_columns.py --dataset energy --steps 10000
    .venv/bin/python benchmarks/repeated_columns.py --dataset energy --steps 10000 --untied
    .venv/bin/python benchmarks/repeated_columns.py --dataset stocks --steps 2000
    .venv/bin/python benchmarks/repeated_columns.py --dataset stocks --steps 2000 --orders after

    .venv/bin/python benchmarks/repeated_columns.py --dataset stocks --check-samples saved_models/stocks/samples.csv

`--check-samples` trains nothing: it reads a CSV of generated rows (`tfgan-rnn train`'s
`samples.csv`), finds the copies and orders of the real data and prints how far each copy is
from its column (median, in the data's units), the share of generated rows with some order
broken, each order's share, the shares of generated and of real rows where an upper equals
its lower, and each order's mean gap in the data (over all rows, and over those of its lower's
lowest and highest tenth).

Run the two side by side, a process each: with a fixed number of steps the machine's load
changes how long they take, not what they train. Writes
`benchmarks/results/repeated_columns_<dataset>_{tied,untied}[_orders_{trained,after}].json`
(the orders' part where the data has some; or `--output`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

from tfgan_rnn import datasets, recipe  # noqa: E402  (first: it imports TensorFlow without start-up notices)
import keras  # noqa: E402
from tfgan_rnn.metrics import evaluate  # noqa: E402
from tfgan_rnn.scaling import Scaler  # noqa: E402
from timegan_table import DEFAULT_ENERGY, load  # noqa: E402


def _scores(report) -> dict:
    return {metric: {"mean": report[metric]["mean"], "std": report[metric]["std"], "runs": report[metric]["runs"]}
            for metric in ("discriminative_score", "predictive_score")}


def _rows_with_some(values, orders, compare) -> float:
    """The share of rows (steps) of `values` where `compare(upper, lower)` holds for some pair of `orders`."""
    return float(np.mean(np.any([compare(values[..., upper], values[..., lower]) for upper, lower in orders], axis=0)))


def check_samples(args) -> None:
    import pandas as pd

    frame = datasets.stocks() if args.dataset == "stocks" else datasets.energy(args.energy_path)
    real = np.asarray(frame, "float64")
    scaler = Scaler(snap=False).fit(real)
    columns = [str(column) for column in frame.columns]
    generated = pd.read_csv(args.check_samples)[columns].to_numpy("float64")
    broken = {f"{columns[upper]} < {columns[lower]}": float(np.mean(generated[:, upper] < generated[:, lower]))
              for upper, lower in scaler.orders}
    result = {
        "samples": args.check_samples, "rows": len(generated),
        "copies_median_gap": {f"{columns[copy]} from {columns[feature]}": float(np.median(np.abs(
            generated[:, copy] - generated[:, feature]))) for copy, feature in scaler.copies},
        "rows_with_some_order_broken": _rows_with_some(generated, scaler.orders, np.less),
        "each_order_broken": broken,
        "rows_with_an_upper_at_its_lower": _rows_with_some(generated, scaler.orders, np.equal),
        "real_rows_with_an_upper_at_its_lower": _rows_with_some(real, scaler.orders, np.equal),
        # the data's mean gap of each order (`Scaler.order_gaps`), and on the rows of its lower's
        # lowest and highest tenth (do the gaps grow with the level?)
        "real_mean_gap": {f"{columns[upper]} - {columns[lower]}": {
            "all_rows": float(np.mean(real[:, upper] - real[:, lower])),
            "lowest_tenth": float(np.mean((real[:, upper] - real[:, lower])[
                real[:, lower] <= np.quantile(real[:, lower], 0.1)])),
            "highest_tenth": float(np.mean((real[:, upper] - real[:, lower])[
                real[:, lower] >= np.quantile(real[:, lower], 0.9)]))}
            for upper, lower in scaler.orders},
    }
    print(json.dumps(result, indent=1))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", choices=["stocks", "energy"], default="energy")
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--untied", action="store_true", help="train with the scaler's copies emptied")
    parser.add_argument("--orders", choices=["trained", "after"], default="trained",
                        help="keep the orders in training, smoothly (the library since 2026-12-07, evening, "
                             "where the data sits at its bounds on 1%% of rows or more), or only afterwards, "
                             "with in_order (the library before, and since 2026-12-08 where the data seldom does)")
    parser.add_argument("--order-softness", type=float, default=Scaler.ORDER_SOFTNESS,
                        help="smoothly_in_order's width, as a share of each pair's mean gap")
    parser.add_argument("--metric-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--energy-path", default=DEFAULT_ENERGY)
    parser.add_argument("--output", default=None)
    parser.add_argument("--check-samples", default=None, metavar="CSV",
                        help="score a CSV of generated rows against the data's copies and orders; no training")
    args = parser.parse_args(argv)
    if args.check_samples:
        check_samples(args)
        return

    windows = load(args.dataset, args.energy_path)  # in TimeGAN's units, [0, 1) per column
    raw = np.asarray(datasets.stocks() if args.dataset == "stocks" else datasets.energy(args.energy_path), "float64")
    low, span = raw.min(0), raw.max(0) - raw.min(0) + 1e-7  # TimeGAN's scaling of `windows`
    backwards = raw[::-1]  # the same windows in the data's units, unrounded, as `timegan_windows` cuts them
    in_units = np.stack([backwards[i:i + windows.shape[1]] for i in range(len(raw) - windows.shape[1])])
    in_units = in_units[np.random.default_rng(0).permutation(len(in_units))]
    assert np.allclose((in_units - low) / span, windows, atol=1e-6)
    scaler = Scaler(snap=False).fit(in_units)
    copies = scaler.copies
    if not copies:
        raise SystemExit(f"{args.dataset}: no column repeats another; nothing to compare")
    sources, orders = scaler.copy_sources(), scaler.orders
    Scaler.ORDER_SOFTNESS = args.order_softness
    if args.orders == "after":
        scaler.orders, scaler.order_gaps = [], None  # trained and generated without; kept in order below
    elif scaler.order_gaps is None:  # kept in training whether or not the data sits at its bounds (Energy)
        scaler.order_gaps = [float(np.mean(in_units[..., upper] - in_units[..., lower])) for upper, lower in orders]
    if args.untied:
        scaler.copies = []
    keras.utils.set_random_seed(args.seed)
    gan = recipe.build_gan(windows.shape[-1], scaler=scaler, seed=args.seed)
    batch_size = recipe.DEFAULTS["batch_size"]
    steps_per_epoch = -(-len(windows) // batch_size)
    started = time.monotonic()
    gan.fit(scaler.transform(in_units), batch_size=batch_size, epochs=-(-args.steps // steps_per_epoch), verbose=0)
    train_seconds = time.monotonic() - started
    generated, _ = gan.generate(len(windows), windows.shape[1], seed=args.seed + 1)
    generated = np.asarray(generated, "float64")  # in the data's units, where the orders hold
    gaps = {f"{copy} from {feature}": float(np.median(np.abs(generated[..., copy] - generated[..., feature])
                                                          / span[feature])) for copy, feature in copies}
    result = {
        "dataset": args.dataset, "trained": "untied" if args.untied else "tied", "copies": copies,
        "orders_kept": args.orders if orders else None, "order_softness": args.order_softness,
        "steps": int(gan.generator_optimizer.iterations), "train_seconds": round(train_seconds, 1),
        "seed": args.seed, "batch_size": batch_size,
        "median_gap_between_copy_and_column": gaps,
        "as_generated": _scores(evaluate(windows, (generated - low) / span, budget="full", seed=args.seed,
                                         num_runs=args.metric_runs)),  # scored in TimeGAN's units
    }
    if args.untied:
        generated = generated[..., sources]
        result["tied_afterwards"] = _scores(evaluate(windows, (generated - low) / span, budget="full",
                                                     seed=args.seed, num_runs=args.metric_runs))
    if orders:
        result["orders"] = orders
        result["rows_out_of_order"] = _rows_with_some(generated, orders, np.less)
        if args.orders == "after":
            generated = np.stack(Scaler.in_order(list(np.moveaxis(generated, -1, 0)), orders, np.maximum, np.minimum),
                                 -1)
            generated = generated if sources is None else generated[..., sources]
            result["in_order"] = _scores(evaluate(windows, (generated - low) / span, budget="full", seed=args.seed,
                                                  num_runs=args.metric_runs))
        # (as generated, or kept in order afterwards) against the data's share
        result["rows_with_an_upper_at_its_lower"] = _rows_with_some(generated, orders, np.equal)
        result["real_rows_with_an_upper_at_its_lower"] = _rows_with_some(raw, orders, np.equal)
    print(json.dumps(result, indent=1))
    name = f"repeated_columns_{args.dataset}_{result['trained']}" + (f"_orders_{args.orders}" if orders else "")
    name += f"_softness_{args.order_softness:g}" if orders and args.orders == "trained" else ""
    name += f"_seed{args.seed}" if args.seed else ""
    output = args.output or os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", name + ".json")
    with open(output, "w") as handle:
        json.dump(result, handle, indent=1)
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
