"""`tfgan-rnn` (also `python -m tfgan_rnn`): train and generate from the command line.

User errors (missing file, bad CSV, unknown loss, window longer than the data...) are
one line on stderr and exit code 2, checked before any training starts.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import math
import os
import re
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import NamedTuple

import numpy as np

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """A mistake in what the user asked for; printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        if message.startswith("argument --missing-values: expected one argument"):  # "-999,-9999" looks like a flag
            message += "; write several negative numbers with '=': --missing-values=-999,-9999"
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if hasattr(namespace, "data_path"):  # `train my.csv`, as `train --data my.csv`
            path = namespace.data_path
            del namespace.data_path
            if path is not None and namespace.data is not None and path != namespace.data:
                self.error(f"the data is given twice, {path!r} and --data {namespace.data!r}; give it once")
            namespace.data = namespace.data if path is None else path
            if namespace.data is None:
                self.error(f"the following arguments are required: --data (or the data first: {self.prog} DATA)")
        return namespace, extras


def _comma_separated(what: str, example: str):
    """An argparse type: `what` separated by commas."""

    def parse(text):
        items = [item.strip() for item in text.split(",")]
        if not all(items):
            raise argparse.ArgumentTypeError(f"expected {what} separated by commas ({example}), got {text!r}")
        return items

    return parse


_column_names = _comma_separated("column names", "a,b")


def _names_with_commas(items, columns) -> list:
    """`items`, a flag's names split at commas, with consecutive items joined again where
    together they name one of `columns` that holds commas (`--columns "Sales, USD",Units`).

    >>> _names_with_commas(["Sales", "USD", "Units"], ["Sales, USD", "Units"])
    ['Sales, USD', 'Units']
    """
    with_commas = sorted(((tuple(part.strip() for part in str(name).split(",")), str(name))
                          for name in columns if "," in str(name)), key=lambda pair: -len(pair[0]))
    joined, start = [], 0
    while start < len(items):
        parts, name = next(((parts, name) for parts, name in with_commas
                            if tuple(items[start:start + len(parts)]) == parts), ((items[start],), items[start]))
        joined.append(name)
        start += len(parts)
    return joined


def _condition_kinds(text):
    """`--condition-kind`: 'category' or 'number', or one of them per condition column."""
    kinds = _comma_separated("kinds", "category,number")(text)
    wrong = [kind for kind in kinds if kind not in ("category", "number")]
    if wrong:
        raise argparse.ArgumentTypeError(f"expected category or number (one for all condition columns, or one "
                                         f"each, comma-separated), got {wrong[0]!r}")
    return kinds


def _add_gap_arguments(command) -> None:
    """`--interpolate-missing` and `--missing-values`, as train and evaluate read a CSV."""
    command.add_argument("--interpolate-missing", action="store_true",
                         help="interpolate missing values instead of refusing them")
    command.add_argument("--missing-values", type=_comma_separated("values", "-200 or ?,NA"), default=None,
                         metavar="V,...",
                         help="values that mean 'no reading' in the file (-200, -999, ?): read as missing, then "
                         "refused or, with --interpolate-missing, filled; several: --missing-values=-999,-9999")


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _number(convert, accept, expected: str):
    """An argparse type: `convert` the text, then require `accept(value)`."""

    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not accept(value):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value

    return parse


_positive_int = _number(int, lambda v: v > 0, "a positive integer")
_non_negative_int = _number(int, lambda v: v >= 0, "an integer >= 0")
# A window is a sequence: the GAN learns how steps follow one another, and the metrics
# (autocorrelation, the one-step-ahead predictive score) need at least two of them.
_window = _number(int, lambda v: v >= 2, "an integer >= 2 (steps per window)")
_positive_float = _number(float, lambda v: v > 0 and math.isfinite(v), "a positive number")
_non_negative_float = _number(float, lambda v: v >= 0 and math.isfinite(v), "a number >= 0")
_momentum = _number(float, lambda v: 0 <= v < 1, "a number in [0, 1)")
_seed = _number(int, lambda v: 0 <= v < 2**32, "an integer from 0 to 4294967295")  # numpy's seed range


# Training steps when neither --epochs nor --steps is given: the budget under which the
# default recipe was measured on Sines, Stocks and Energy (README, "Where the recipe stands").
# A budget in steps rather than epochs gives a small dataset as much training as a large one.
DEFAULT_WINDOW = 24  # steps per window, TimeGAN's
DEFAULT_STEPS = 10_000
# Sequences of different lengths (a .ts file, --sequence-per-row) up to this many steps are
# trained whole by default (--whole-sequences): on JapaneseVowels (7-26 steps) whole training
# scored .189 and .230 where windows of the shortest scored .430 and .367 (two seeds,
# benchmarks/whole_sequences.py). Longer ones are cut to windows, as padded batches of
# thousands of steps would take memory and time in proportion.
WHOLE_SEQUENCES_MAX_STEPS = 1000

# Training steps between two fidelity evaluations when --evaluate-every is not given: an
# evaluation (two 2,000-step classifier runs) costs as much time as several hundred training steps.
EVALUATION_STEPS = 1000
# The calibration's check may take this share of the training's time, and this many seconds at least.
CALIBRATION_SHARE = 0.5
CALIBRATION_MIN_SECONDS = 60.0
# Steps an epoch takes at most when the budget is in steps (the default or --steps): the model
# is saved and evaluated at the end of each epoch, which one pass over a large dataset (7,813
# steps for 1,000,000 windows) would put an hour apart.
MAX_EPOCH_STEPS = 1000
# Steps an epoch takes at least when the budget is in steps, even where one pass over the
# windows is shorter: an epoch's end (the model saved, the backup written, logs) costs about
# a step, so epochs of one pass over 500 windows (4 steps) spent a fifth of the time there.
MIN_EPOCH_STEPS = 25


def build_parser() -> argparse.ArgumentParser:
    from tfgan_rnn._settings import CONV_FILTERS, DEFAULTS, LOSS_FAMILIES, WHOLE_SEQUENCES_BATCH_SIZE

    parser = _Parser(
        prog="tfgan-rnn",
        description="Recurrent GANs for synthetic sequences: train on a CSV, generate any length.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    train = commands.add_parser(
        "train", help="train a model on a dataset and write it with samples and a plot",
        description="Train a recurrent GAN. Writes model.keras (with the scaler), config.json, "
        "history.csv, history.json, real_vs_generated.png and samples.csv to --out, and "
        "TensorBoard events to --logdir.",
    )
    train.add_argument("data_path", nargs="?", default=None, metavar="DATA", help="the same as --data")
    train.add_argument("--data", default=None,
                       help="'stocks' (bundled GOOG prices), 'sines' (generated), a path to a CSV "
                       "with a header line (date/time columns, and timelines as numbers such as a year, are dropped), "
                       "to a .xlsx, .xls or .ods workbook (its first sheet, read as that CSV), to a JSON "
                       "table (.json records or columns, .jsonl an object per line), to an ARFF file (.arff) "
                       "to a .ts file of the UCR/UEA archives (a sequence per line) or to a .tsf file of the "
                       "Monash forecasting archive (a series per line, read in windows within each)")
    train.add_argument("--series-column", default=None, metavar="COLUMN[,COLUMN...]",
                       help="panel data: the CSV column naming the series each row belongs to (a ticker, "
                       "a station, a patient), or several, comma-separated, that do together (Store,Dept); "
                       "one series per value, windows never cross two (default, with no other column flag: "
                       "the table's only text column, where each date repeats once per value of it or its "
                       "values come in blocks of rows)")
    train.add_argument("--variable-column", default=None, metavar="COLUMN",
                       help="long-format data (date,variable,value rows): the CSV column naming each row's "
                       "variable; its values become columns, one row per date (per --series-column too)")
    train.add_argument("--condition-column", type=_column_names, default=None, metavar="COLUMN[,COLUMN...]",
                       help="a CSV column the GAN is conditioned on at every step: each row's category (a "
                       "regime, a label; 2 to 64 of them), or a number that drives the others (a temperature; "
                       "a numeric column of more than 64 values); several, comma-separated (weather,temperature), "
                       "side by side; `generate --condition VALUE[,VALUE...]` holds one value of each, "
                       "`generate --condition-file` follows a path of them")
    train.add_argument("--condition-kind", type=_condition_kinds, default=None, metavar="category|number[,...]",
                       help="how to read --condition-column (default: categories, unless it is a numeric column "
                       "of more than 64 distinct values): 'number' for a numeric column of few values (a "
                       "temperature in whole degrees), 'category' for numbers that name groups (a month); with "
                       "several condition columns, one kind for all or one each (category,number)")
    train.add_argument("--categorical-columns", type=_column_names, default=None, metavar="COLUMN[,COLUMN...]",
                       help="text columns of categories to generate beside the numbers (a wind direction, rain "
                       "Yes/No; 2 to 64 categories each): trained as one-hot features, written back as one column "
                       "of category names; empty cells are a category of their own, written back empty (with "
                       "--interpolate-missing, each takes the row before's category)")
    selection = train.add_mutually_exclusive_group()
    selection.add_argument("--columns", type=_column_names, default=None, metavar="A,B,...",
                           help="train on these CSV columns only, in this order (the --series-column and "
                           "--condition-column are read besides)")
    selection.add_argument("--drop-columns", type=_column_names, default=None, metavar="A,B,...",
                           help="leave these CSV columns out (a text column, an identifier, a column of no interest)")
    train.add_argument("--sequence-per-row", action=argparse.BooleanOptionalAction, default=None,
                       help="each CSV row is a whole sequence and its columns are the steps (the UCR archive's "
                       "files, Kaggle's heartbeat files): one feature, a --condition-column (a class label) "
                       "holding for the whole sequence (a first or last column of class labels is left out "
                       "otherwise), trailing empty cells a shorter sequence; rows of different lengths are "
                       "trained whole (--whole-sequences), or with --window in windows of that many steps. The "
                       "default for a headerless file (or an .arff of numbered steps and a label last) of 10 "
                       "steps or more with a first or last column of class labels and either over 30 columns "
                       "and more columns than rows, fewer rows than --window, or columns that move together "
                       "like one signal's steps in rows not in time order; also for a headerless file without "
                       "labels of over 30 columns, more than its rows, that move together so; "
                       "--no-sequence-per-row reads its columns as features")
    train.add_argument("--window", type=_window, default=None,
                       help="steps per training window (default 24, within each series of a .tsf file too; with "
                       "--sequence-per-row or a .ts file, the sequences' length, or each whole where they differ: "
                       "--whole-sequences)")
    train.add_argument("--whole-sequences", action=argparse.BooleanOptionalAction, default=None,
                       help="train on each sequence whole (of a .ts or .tsf file, a --sequence-per-row CSV or a "
                       "--series-column panel), padded to the longest, instead of windows: the discriminator "
                       "skips the padding and `generate` draws the data's lengths (default: on for a .ts file "
                       f"or rows whose sequences differ in length, up to {WHOLE_SEQUENCES_MAX_STEPS} steps, "
                       "without --window)"),
    train.add_argument("--stride", type=_positive_int, default=1, help="steps between window starts (default 1)")
    train.add_argument("--chunk-length", type=_positive_int, default=None,
                       help="train windows longer than this in chunks of this many steps, the LSTM state of "
                       "both networks carried from chunk to chunk (memory follows the chunk, not the window)")
    budget = train.add_mutually_exclusive_group()
    budget.add_argument("--epochs", type=_positive_int, default=None,
                        help=f"passes over the windows (default: {DEFAULT_STEPS:,} steps, whatever the number "
                        f"of windows, in epochs of one pass, at least {MIN_EPOCH_STEPS} and at most "
                        f"{MAX_EPOCH_STEPS:,} steps)")
    budget.add_argument("--steps", type=_positive_int, default=None,
                        help=f"train steps instead of epochs (rounded up to whole epochs of one pass, at "
                        f"least {MIN_EPOCH_STEPS} and at most {MAX_EPOCH_STEPS:,} steps)")
    train.add_argument("--max-minutes", type=_positive_float, default=None,
                       help="stop at the first step that ends past this time budget and keep that model "
                       "(the epoch ends there, saved like any other)")
    train.add_argument("--batch-size", type=_positive_int, default=None,
                       help=f"windows per step (default {DEFAULTS['batch_size']}; {WHOLE_SEQUENCES_BATCH_SIZE} for "
                       "sequences trained whole or one per row)")
    train.add_argument("--units", type=_positive_int, default=DEFAULTS["units"],
                       help=f"LSTM units per layer (default {DEFAULTS['units']})")
    train.add_argument("--layers", type=_positive_int, default=DEFAULTS["num_layers"],
                       help=f"generator LSTM layers (default {DEFAULTS['num_layers']})")
    train.add_argument("--latent-dim", type=_positive_int, default=None,
                       help="noise features per step (default: the number of data features, at least 4)")
    train.add_argument("--static-noise-dim", type=_non_negative_int, default=DEFAULTS["static_noise_dim"],
                       help="noise features drawn once per window and held at every step, beside the "
                       "per-step ones (default: as many as the per-step noise features; 0 for none)")
    train.add_argument("--discriminator-conv-filters", type=_non_negative_int,
                       default=DEFAULTS["discriminator_conv_filters"],
                       help="channels of the convolutional branch beside the discriminator's LSTM "
                       f"(default {CONV_FILTERS}, 0 with --chunk-length; 0 for none)")
    train.add_argument("--discriminator-minibatch-group-size", type=_non_negative_int,
                       default=DEFAULTS["discriminator_minibatch_group_size"],
                       help="the discriminator also reads how much its features vary within groups of "
                       "this many sequences, which shows it a generator that makes nearly the same "
                       "sequence whatever its noise (default "
                       f"{DEFAULTS['discriminator_minibatch_group_size']}; 0 for none)")
    train.add_argument("--moment-matching-per-step", action=argparse.BooleanOptionalAction,
                       default=DEFAULTS["moment_matching_per_step"],
                       help="match the generated batch's moments to the real one's at each step, not pooled "
                       "over time: when things happen, for whole sequences aligned at their start (a .ts file, "
                       "--sequence-per-row); for windows cut from a long series it only adds noise (default off)")
    train.add_argument("--discriminator-noise", type=_non_negative_float, default=DEFAULTS["discriminator_noise"],
                       help="standard deviation of Gaussian noise added to what the discriminator reads in "
                       "training, in scaled units (0 to 1 with the default --scaling): instance noise, for few windows "
                       f"(default {DEFAULTS['discriminator_noise']}; 0 for none)")
    train.add_argument("--category-share-weight", type=_non_negative_float,
                       default=DEFAULTS["category_share_weight"],
                       help="weight of a loss that holds each generated column of categories' shares of steps to "
                       "the data's, so rare categories are drawn as often as they occur "
                       f"(default {DEFAULTS['category_share_weight']}; 0 for none)")
    train.add_argument("--numbers-given-categories", action=argparse.BooleanOptionalAction,
                       default=DEFAULTS["numbers_given_categories"],
                       help="where columns of categories are generated, the generator draws each step's categories "
                       "first and computes the numbers given them, so they agree (default on)")
    train.add_argument("--loss", default=DEFAULTS["loss"],
                       help=f"GAN loss family: {', '.join(LOSS_FAMILIES)} (default {DEFAULTS['loss']})")
    train.add_argument("--gradient-penalty-weight", type=_non_negative_float,
                       default=DEFAULTS["gradient_penalty_weight"], help="WGAN-GP penalty weight (default 0: off)")
    train.add_argument("--discriminator-steps", type=_positive_int, default=DEFAULTS["discriminator_steps"],
                       help="discriminator updates per generator update (default 1)")
    train.add_argument("--learning-rate", type=_positive_float, default=DEFAULTS["generator_learning_rate"],
                       help=f"Adam learning rate of both networks (default {DEFAULTS['generator_learning_rate']})")
    train.add_argument("--generator-ema-momentum", type=_momentum, default=DEFAULTS["generator_ema_momentum"] or 0.0,
                       help="momentum of the moving average of the generator's weights, which is what is "
                       "evaluated, kept and saved (default "
                       f"{DEFAULTS['generator_ema_momentum'] or 0}, an average over about the last 1 / (1 - momentum) "
                       "steps; 0 turns it off and keeps the raw weights)")
    train.add_argument("--scaling", choices=["minmax", "standard"], default="minmax",
                       help="feature scaling before training (default minmax to [0, 1])")
    train.add_argument("--snap", action=argparse.BooleanOptionalAction, default=True,
                       help="generated values of a feature with at most 10 distinct values are snapped to "
                       "the nearest of them, of a feature on a decimal grid (integers, tens, one decimal, ...) "
                       "rounded to it (default on; --no-snap keeps them as generated; constants stay constant)")
    train.add_argument("--calibrate", action=argparse.BooleanOptionalAction, default=True,
                       help="after training, map each generated feature monotonically onto the data's distribution "
                       "(quantile matching: its share of zeros, its skew and tails; the movement in time stays the "
                       "generator's; with --condition-column categories, a map per category of at least 1,000 "
                       "steps, of the first such column), kept only if it lowers a discriminative score (with the "
                       "condition, for a conditional model), saved with the model; before it, generated columns of "
                       "categories are drawn at the data's shares of steps (default on; --no-calibrate keeps "
                       "the generator's values and shares)")
    _add_gap_arguments(train)
    train.add_argument("--seed", type=_seed, default=0, help="seed of weights, noise and shuffling (default 0)")
    train.add_argument("--out", default=None, help="output folder (default saved_models/<data name>)")
    train.add_argument("--logdir", default=None, help="TensorBoard log folder (default runs/<data name>)")
    train.add_argument("--num-samples", type=_positive_int, default=100,
                       help="generated windows written to samples.csv (default 100)")
    train.add_argument("--dry-run", action="store_true",
                       help="read and check the data as training would, print what it would train on (each "
                       "column's range and what generated values are kept to) and stop, writing nothing")
    train.add_argument("--resume", action="store_true",
                       help="continue an interrupted run from OUT/backup (run the same command with --resume)")
    train.add_argument("--sample-every", type=_positive_int, default=5,
                       help="epochs between TensorBoard images of generated vs real sequences (default 5)")
    train.add_argument("--keep-best", action=argparse.BooleanOptionalAction, default=True,
                       help="at the end, keep the generator of the latest epoch whose discriminative score "
                       "(measured every --evaluate-every epochs; with --condition-column, with the condition beside "
                       "the values) was within .01 of the lowest (default on; --no-keep-best keeps the last)")
    train.add_argument("--evaluate-every", type=_positive_int, default=None,
                       help="epochs between TensorBoard fidelity scalars: discriminative score, MMD, "
                       f"autocorrelation distance (default: about every {EVALUATION_STEPS} training steps)")
    train.add_argument("--evaluation", choices=["quick", "full", "none"], default="quick",
                       help="fidelity report written to OUT/evaluation at the end: 'quick' (1 run, short "
                       "classifier budgets), 'full' (the TimeGAN protocol, minutes) or 'none' (default quick)")
    train.add_argument("--verbose", type=int, choices=[0, 1, 2], default=None,
                       help="Keras progress: 0 silent, 1 progress bar, 2 one line per epoch (default: 1 on a "
                       "terminal, 2 where the output goes to a file or a pipe, so that a log holds a line per "
                       "epoch, not every step's redrawn bar)")
    train.add_argument("--precision", choices=["auto", "float32", "mixed_float16", "mixed_bfloat16"], default="auto",
                       help="the networks' dtype policy: 'auto' (default) is mixed_float16 where TensorFlow "
                       "sees a GPU (both optimizers loss-scaled) and float32 on CPU, where it is fastest")
    train.add_argument("--strategy", choices=["default", "mirrored", "multiworker"], default="default",
                       help="tf.distribute strategy: 'mirrored' trains on every local GPU (the global "
                       "--batch-size is split over them), 'multiworker' on several hosts described by "
                       "the TF_CONFIG environment variable; only the chief writes files (default: one device)")

    generate = commands.add_parser(
        "generate", help="generate sequences of any length from a trained model",
        description="Generate sequences in the training data's original units and column order.",
    )
    generate.add_argument("--model", required=True,
                          help="a model folder written by `train` (holding model.keras) or a .keras file")
    generate.add_argument("--num", type=_positive_int, default=100, help="number of sequences (default 100)")
    generate.add_argument("--length", type=_positive_int, default=None,
                          help="steps per sequence, any length (default: the training window)")
    generate.add_argument("--seed", type=_seed, default=0, help="noise seed (default 0)")
    generate.add_argument("--out", required=True,
                          help="output file: .csv (a 'sequence' column, then the data's columns; one row "
                          "per step) or .npy (array num x length x features)")
    conditions = generate.add_mutually_exclusive_group()
    conditions.add_argument("--condition", default=None, metavar="VALUE",
                            help="a conditional model's condition for every sequence and step: a value of "
                            "the --condition-column it was trained with (a category, or a number in the "
                            "column's units), or condition_dim comma-separated numbers, e.g. a class one-hot 0,1,0")
    conditions.add_argument("--condition-file", default=None, metavar="PATH.csv",
                            help="a model trained with --condition-column: a CSV with that column, one row "
                            "per step, its value at each step (e.g. 100 rows 'calm', then 50 'storm'); "
                            "every sequence follows it, and is as long as it (--length, if given, must agree)")
    export = commands.add_parser(
        "export", help="write a TensorFlow SavedModel for serving (signatures generate and step)",
        description="Export the generator, with the scaler in the graph, as a SavedModel that plain "
        "TensorFlow or TensorFlow Serving loads without tfgan_rnn.",
    )
    export.add_argument("--model", required=True, help="a model folder written by `train` or a .keras file")
    export.add_argument("--out", required=True,
                        help="SavedModel folder to write: a new or empty folder, or an earlier export "
                        "(replaced); any other folder is refused")

    evaluate = commands.add_parser(
        "evaluate", help="score a trained model against real data (TimeGAN metrics, plots, HTML report)",
        description="Generate as many windows as the real data has (for a model trained with "
        "--condition-column, for the real windows' values of that column) and score them: discriminative "
        "and predictive scores (TimeGAN protocol), MMD, autocorrelation, correlation and marginal "
        "distances, PCA and t-SNE plots. Writes report.json, report.html and PNGs.",
    )
    evaluate.add_argument("--model", required=True, help="a model folder written by `train` or a .keras file")
    evaluate.add_argument("data_path", nargs="?", default=None, metavar="DATA", help="the same as --data")
    evaluate.add_argument("--data", default=None, help="'stocks', 'sines' or a path to a CSV (as for train)")
    evaluate.add_argument("--series-column", default=None, metavar="COLUMN[,COLUMN...]",
                          help="panel data: the column naming each row's series (as for train)")
    evaluate.add_argument("--sequence-per-row", action="store_true",
                          help="each CSV row is a whole sequence (as for train)")
    evaluate.add_argument("--variable-column", default=None, metavar="COLUMN",
                          help="long-format data: the column naming each row's variable (as for train)")
    evaluate.add_argument("--window", type=_window, default=None,
                          help="window length (default: the training window from config.json, else 24)")
    evaluate.add_argument("--budget", choices=["quick", "full"], default="full",
                          help="'full': 3 runs of 2,000 / 5,000 classifier steps (TimeGAN); 'quick': 1 short run")
    evaluate.add_argument("--max-windows", type=_positive_int, default=None,
                          help="score at most this many real windows, drawn at random (default: all of "
                          "them up to 2^25 values, e.g. 69,905 windows of 24 steps x 20 features)")
    evaluate.add_argument("--per-feature", action="store_true",
                          help="also score each feature alone (a short classifier per feature) and list the "
                          "features that give the generated windows away most")
    _add_gap_arguments(evaluate)
    evaluate.add_argument("--seed", type=_seed, default=0, help="seed of generation and metrics (default 0)")
    evaluate.add_argument("--out", default=None, help="report folder (default MODEL_FOLDER/evaluation)")
    return parser


# -------------------------------------------------------------------- evaluation


# Real windows scored when no number is given: at most as many as hold this many values
# (128 MB as float32). Scoring holds about 16 times its windows' size (about 31 KB a window
# of 24 x 20, benchmarks/evaluate_large.py), so this keeps it near 2 GB; TimeGAN's benchmark
# datasets (at most 19,711 windows of 24 x 28) are scored whole.
_EVALUATION_MAX_VALUES = 2**25


def _real_windows(values, window: int, max_windows, seed: int, conditions=None, notice: bool = True):
    """Stride-1 windows of a series (or given windows), at most `max_windows` of them drawn
    at random ("auto": as many as hold `_EVALUATION_MAX_VALUES` values, with a notice unless
    `notice` is False), and the windows of their `conditions` (laid out as `values`; None for
    none): `(windows, conditions or None)`."""
    from tfgan_rnn import data

    width = _num_features(values)
    values = _joined(values, conditions)
    given = not isinstance(values, list) and values.ndim == 3
    if max_windows == "auto":
        max_windows = max(2, _EVALUATION_MAX_VALUES // (window * width))
        count = len(values) if given else len(data.window_starts(
            [len(item) for item in (values if isinstance(values, list) else [values])], window))
        if notice and count > max_windows:
            print(f"tfgan-rnn: scoring a random {max_windows:,} of the {count:,} real windows (as many as hold "
                  f"{_EVALUATION_MAX_VALUES:,} values, which keeps scoring near 2 GB of memory; "
                  "--max-windows to choose)", flush=True)
    if given:
        windows = values if max_windows is None else values[data.sample_indices(len(values), max_windows, seed)]
    else:
        windows = data.sliding_windows(values, window, max_windows=max_windows, seed=seed)
    return _parted(windows, width, conditions is not None)


def _write_evaluation(gan, real, folder, budget: str, seed: int, condition=None, per_feature: bool = False,
                      condition_columns=None, lengths=None):
    """Generates as many windows as `real` has (for a conditional GAN, for the real windows'
    `condition`s, and then scored with them too; with `lengths`, the real sequences' lengths,
    each held at its last value after its length, as `real` is), scores them, writes the
    report; with a column of categories among `condition_columns`, each category's means and
    spreads."""
    from tfgan_rnn import data
    from tfgan_rnn.metrics.report import category_summary, evaluate, scaled_pair, write_report

    synthetic, _ = gan.generate(len(real), real.shape[1], seed=seed, condition=condition)
    if lengths is not None:
        synthetic = data.hold_last(synthetic, lengths)
    real_scaled, synthetic_scaled = scaled_pair(real, synthetic)
    report = evaluate(real_scaled, synthetic_scaled, budget=budget, seed=seed, per_feature=per_feature,
                      real_condition=condition, synthetic_condition=condition)
    first = None if condition is None or condition_columns is None else condition_columns.first_categories()
    if first is not None:  # in original units, for the categories of the first column of them
        categories = data.step_categories(condition, real.shape[1], first[:2])
        report["by_category"] = category_summary(real, synthetic, categories, categories, first[2].categories)
    columns = _step_categories(gan.scaler, real, synthetic)
    if columns:
        report["category_shares"] = _category_shares(columns)
        numbers = _numbers_by_category(gan.scaler, real, synthetic, columns, _feature_names(gan, real.shape[-1]))
        if numbers:
            report["numbers_by_category"] = numbers
    if per_feature:
        report["feature_names"] = _feature_names(gan, real.shape[-1])
    page = write_report(report, folder, real_scaled, synthetic_scaled, gan.feature_names)
    return report, page


def _step_categories(scaler, real, synthetic) -> list:
    """For each column of categories the model generates (the scaler's `categorical`, by
    first feature), each step's category in the real and the generated windows (original
    units; `data.categories_of`): `[(column, categories, real codes, generated codes)]`,
    empty without such columns."""
    from tfgan_rnn import data

    if scaler is None or not scaler.categorical:
        return []
    return [(str(column), categories, data.categories_of(real, (first, first + len(categories))),
             data.categories_of(synthetic, (first, first + len(categories))))
            for column, first, categories in sorted(scaler.categorical, key=lambda block: block[1])]


def _category_shares(columns) -> dict:
    """Each category's share of the steps in the real and in the generated windows, from
    `_step_categories`' columns: `{column: {category: {"real": ..., "generated": ...}}}`."""
    return {column: {str(category): {"real": round(float(np.mean(real_codes == code)), 4),
                                     "generated": round(float(np.mean(generated_codes == code)), 4)}
                     for code, category in enumerate(categories)}
            for column, categories, real_codes, generated_codes in columns}


def _numbers_by_category(scaler, real, synthetic, columns, feature_names):
    """Whether each generated step's numbers go with its generated category: for the features
    outside the scaler's `categorical` blocks, each category of `_step_categories`' columns,
    its means and spreads over its steps, real and generated (`metrics.category_summary`,
    categories named `column=category`): `{"features": [names], "categories": [rows]}`, or
    None without such features."""
    from tfgan_rnn.metrics.report import category_summary

    numbers = _number_features(scaler, real.shape[-1])
    if not numbers:
        return None
    rows = []
    for column, categories, real_codes, generated_codes in columns:
        names = [f"{column}={category or '(empty)'}" for category in categories]
        rows += category_summary(np.asarray(real)[..., numbers], np.asarray(synthetic)[..., numbers],
                                 real_codes, generated_codes, names)
    return {"features": [str(feature_names[feature]) for feature in numbers], "categories": rows}


def _number_features(scaler, num_features: int) -> list:
    """The features outside the scaler's `categorical` blocks, in order."""
    in_blocks = scaler._categorical_features()
    return [feature for feature in range(num_features) if feature not in in_blocks]


def _furthest_share(shares) -> str:
    """The category whose generated share of steps is furthest from the real one, in one line."""
    column, category, share = max(((column, category, share) for column, entries in shares.items()
                                   for category, share in entries.items()),
                                  key=lambda item: abs(item[2]["generated"] - item[2]["real"]))
    return (f"categories' shares of steps, furthest from the data: {column}={category or '(empty)'} "
            f"{share['generated']:.3f} against the data's {share['real']:.3f} (every category's: "
            "category_shares in report.json)")


# Below this many real windows on each side of the discriminative score's test split, the
# score is coarse (it moves in steps of 1 / (2 * n)) and its classifier learns from few windows.
FEW_TEST_WINDOWS = 50


def _summary(report) -> str:
    """The scores in one line; with few real windows, what that means for the discriminative one."""
    from tfgan_rnn.metrics.timegan import discriminative_split

    trained, tested = discriminative_split(report["num_real"])
    caveat = (f"; only {report['num_real']} real windows: the classifier learns from {trained} "
              f"and is tested on {tested} of each, so the discriminative score moves in steps of "
              f"{1 / (2 * tested):.3f} and says little; compare the plot" if tested < FEW_TEST_WINDOWS else "")
    conditional = report.get("conditional_discriminative_score")
    return (f"discriminative {report['discriminative_score']['mean']:.3f}, "
            + ("" if conditional is None else f"with the condition {conditional['mean']:.3f}, ")
            + f"predictive {report['predictive_score']['mean']:.3f}, mmd {report['mmd']:.4f}, "
            f"coverage {report['coverage']:.2f} "
            f"({report['budget']} budget{caveat})")


def _feature_names(gan, num_features: int) -> list:
    return ([str(name) for name in gan.feature_names] if gan.feature_names is not None
            else [f"feature {index}" for index in range(num_features)])


def _giveaways(report, shown: int = 5) -> str:
    """The features that tell generated windows apart best on their own, in one line."""
    ranked = sorted(zip(report["feature_names"], report["feature_discriminative_scores"]),
                    key=lambda pair: -pair[1]["mean"])
    listed = ", ".join(f"{name} {score['mean']:.3f}" for name, score in ranked[:shown])
    more = f" (and {len(ranked) - shown} more in the report)" if len(ranked) > shown else ""
    return f"discriminative score of each feature alone, highest first: {listed}{more}"


def evaluate_command(args) -> int:
    gan, model_file = _load_gan(args.model)
    real, condition = scoring_windows(args, gan, model_file)
    lengths = getattr(args, "scored_lengths", None)
    folder = args.out or os.path.join(os.path.dirname(model_file), "evaluation")
    shape = (f"windows of {real.shape[1]} steps" if lengths is None else
             f"sequences of {lengths.min()}-{lengths.max()} steps, at the real ones' lengths,")
    print(f"tfgan-rnn: scoring {len(real)} generated {shape} against real ones ({args.budget} budget)...", flush=True)
    condition_columns = _Conditions.from_config(_training_config(model_file), gan.condition_dim)
    report, page = _write_evaluation(gan, real, folder, args.budget, args.seed, condition, args.per_feature,
                                     condition_columns=condition_columns, lengths=lengths)
    print(f"tfgan-rnn: {_summary(report)}")
    if args.per_feature:
        print(f"  {_giveaways(report)}")
    if report.get("by_category"):
        print(f"  {_furthest_category(report['by_category'], _feature_names(gan, real.shape[-1]), real)}")
    if report.get("category_shares"):
        print(f"  {_furthest_share(report['category_shares'])}")
    if report.get("numbers_by_category"):
        numbers = report["numbers_by_category"]
        real_numbers = real[..., _number_features(gan.scaler, real.shape[-1])]
        line = _furthest_category(numbers["categories"], numbers["features"], real_numbers, "numbers_by_category")
        print(f"  {line}")
    print(f"  report: {page}")
    return 0


def _furthest_category(summary, feature_names, real, key="by_category") -> str:
    """The category and feature whose generated mean is furthest from the real one, in
    units of the feature's spread over all the real windows, in one line (`key`: where
    report.json holds every category's)."""
    spread = np.asarray(real, "float64").reshape(-1, real.shape[-1]).std(0)
    spread = np.where(spread > 0, spread, 1.0)
    gaps = [(abs(entry["synthetic_mean"][index] - entry["real_mean"][index]) / spread[index], entry, index)
            for entry in summary if entry["synthetic_mean"] is not None for index in range(len(spread))]
    if not gaps:
        return "by category: nothing generated for the data's categories"
    gap, entry, index = max(gaps, key=lambda item: item[0])
    return (f"by category, furthest from the data: {entry['category']}'s {feature_names[index]}, mean "
            f"{entry['synthetic_mean'][index]:.4g} against the data's {entry['real_mean'][index]:.4g} "
            f"({gap:.2f} of its spread; each category's means and spreads: {key} in report.json)")


def _read_as_trained(args, training_config, error) -> bool:
    """Whether `evaluate`, having found the data without the model's columns (`error`), is to
    read it again as `train` read the model's data: a sequence per row, or long-format rows
    spread by the variable column, where `args` did not say so; if so, sets `args` for it."""
    if not str(error).startswith("The data lacks the model's column(s)") or args.data in ("stocks", "sines"):
        return False
    variable = training_config.get("variable_column")
    if training_config.get("sequence_per_row") and not args.sequence_per_row:
        args.sequence_per_row, args.model_columns = True, None  # the columns are the steps
        print("tfgan-rnn: reading a sequence per row, as the model's data was read (train --sequence-per-row)",
              flush=True)
        return True
    if variable and args.variable_column is None:
        args.variable_column = variable
        print(f"tfgan-rnn: spreading the rows by {variable}, as the model's data was read (train "
              "--variable-column)", flush=True)
        return True
    return False


def scoring_windows(args, gan, model_file):
    """The real windows `evaluate` scores the model on, read as `args` (the `evaluate`
    command's, `build_parser().parse_args(["evaluate", ...])`) say, and their conditions
    (None for an unconditional model): `(windows, conditions)`."""
    training_config = _training_config(model_file)
    condition_columns = _Conditions.from_config(training_config, gan.condition_dim)
    args.condition_column = None if condition_columns is None else condition_columns.names
    args.trained_variable_column = training_config.get("variable_column")
    if gan.condition_dim and condition_columns is None:
        raise UsageError(
            f"This model is conditional (condition_dim={gan.condition_dim}) and its folder has no config.json "
            "of a `train --condition-column` run naming the data's condition column; score it in Python: "
            "generate for the real windows' conditions (gan.generate(..., condition=...)) and pass both "
            "to tfgan_rnn.metrics.evaluate.")
    if condition_columns is not None and args.data in ("stocks", "sines"):
        named = ", ".join(map(repr, args.condition_column))
        raise UsageError(f"This model generates for the values of the column(s) {named} (train --condition-column); "
                         f"score it on a CSV with them. Received: --data {args.data}")
    # A model trained on whole sequences is scored on whole sequences, unless --window asks for windows.
    args.whole_sequences = bool(training_config.get("whole_sequences")) and args.window is None
    window = args.window = None if args.whole_sequences else args.window or _training_window(model_file)
    args.model_columns = None if gan.feature_names is None else [str(name) for name in gan.feature_names]
    blocks = getattr(getattr(gan, "scaler", None), "categorical", None)  # (None for a scaler saved before them)
    if blocks:  # read from the file's columns of categories, coded as the model's one-hot features
        from tfgan_rnn import tables

        args.categorical_columns = [column for column, _, _ in blocks]
        args.model_categories = {column: categories for column, _, categories in blocks}
        one_hot = {name: column for column, _, categories in blocks
                   for name in tables._one_hot_columns(column, categories)}
        if args.model_columns is not None:
            args.model_columns = list(dict.fromkeys(one_hot.get(name, name) for name in args.model_columns))
    args.trained_sequence_per_row = bool(training_config.get("sequence_per_row"))
    if (args.whole_sequences and args.trained_sequence_per_row and not args.sequence_per_row
            and not str(args.data).lower().endswith(".ts")):  # the only way to read whole sequences from its rows
        args.sequence_per_row = True
        print("tfgan-rnn: reading a sequence per row, as the model's data was read (train --sequence-per-row "
              "--whole-sequences)", flush=True)
    if args.sequence_per_row:  # the columns are the steps: all of them, as train read them
        args.model_columns = None
    # The file is read as train read it: its placeholders for missing readings and its gaps filled.
    trained_missing = training_config.get("missing_values")
    if args.missing_values is None and trained_missing:
        args.missing_values = trained_missing
        print(f"tfgan-rnn: reading {','.join(trained_missing)} as missing, as the model's data was read "
              "(train --missing-values)", flush=True)
    if not args.interpolate_missing and training_config.get("interpolate_missing"):
        args.interpolate_missing = True
    trained_series = training_config.get("series_column")
    defaulted = args.series_column is None and trained_series is not None and not args.sequence_per_row
    if defaulted:  # a panel read as one series would score windows that cross from one series to the next
        args.series_column = trained_series

    def read():
        try:
            loaded = _load_training_series(args, condition_columns)
        except ValueError as error:
            if not (defaulted and "is not in the data" in str(error)):  # load_panel's, combine_series_columns
                raise
            print(f"tfgan-rnn: the data has no column(s) {trained_series}, by which the model's data was read as "
                  "a series per value: reading it as one series", flush=True)
            args.series_column = None
            loaded = _load_training_series(args, condition_columns)
        else:
            if defaulted:
                print(f"tfgan-rnn: reading a series per value of {trained_series}, as the model's data was read "
                      "(train --series-column)", flush=True)
        return loaded

    try:
        try:
            loaded = read()
        except UsageError as error:  # the model's columns come from reading the file as train read it
            if not _read_as_trained(args, training_config, error):
                raise
            loaded = read()
        values, columns, conditions = loaded.values, loaded.columns, loaded.conditions
        if gan.feature_names is not None:
            values = _in_model_order(values, list(columns), list(gan.feature_names))
        if _num_features(values) != gan.output_dim:
            raise UsageError(f"The data has {_num_features(values)} features; the model makes {gan.output_dim}.")
        if args.whole_sequences:
            real, condition, args.scored_lengths = _held_sequences(values, conditions, args.max_windows or "auto",
                                                                   args.seed)
        else:
            real, condition = _real_windows(values, window, args.max_windows or "auto", args.seed, conditions)
        if len(real) < 2:  # the classifier of the discriminative score trains on 80% of them
            what = "sequence(s)" if args.whole_sequences else f"window(s) of {window} steps"
            raise UsageError(f"Scoring needs at least 2 real windows. Received: {len(real)} {what}"
                             f"{'' if args.max_windows is None else f' (--max-windows {args.max_windows})'}")
    except UsageError:
        raise
    except (ValueError, TypeError, OSError) as error:
        raise UsageError(_one_line(error)) from None
    return real, condition


# ------------------------------------------------------------------------- train


class _ConditionColumn(NamedTuple):
    """How `train --condition-column` turns a CSV column into the GAN's per-step condition:
    a one-hot of its categories, or, for a numeric column of more distinct values than a
    category column may hold, the number itself scaled by the training data's range."""

    name: str
    categories: list | None = None  # the categories' names, in one-hot order; None for a number
    low: float | None = None  # a number's training range: (value - low) / (high - low)
    high: float | None = None

    @property
    def dim(self) -> int:
        return 1 if self.categories is None else len(self.categories)

    @classmethod
    def fit(cls, frame, name, kind=None) -> "_ConditionColumn":
        """The column's kind and categories, from the training data (a number's range is
        set by `_take_number`, once the table has been read and filled). `kind`: 'category',
        'number', or None for categories unless the column holds more numbers than a
        category column may."""
        import pandas as pd

        from tfgan_rnn import tables

        tables.require_condition_column(frame, name)
        column = frame[name]
        numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
        if kind == "number":
            if not numeric:
                text = column.dropna()
                raise UsageError(f"--condition-kind number needs a column of numbers; {name!r} holds text "
                                 f"(e.g. {str(text.iloc[0]) if len(text) else ''!r}). Leave out --condition-kind "
                                 "to read it as categories.")
            if column.nunique() < 2:
                held = f"one value ({column.dropna().iloc[0]:g})" if column.notna().any() else "no value"
                raise UsageError(f"The condition column {name!r} holds {held}: there is nothing to condition on. "
                                 "Drop the option, or use a column with 2 or more.")
            return cls(name)
        if kind is None and numeric and column.nunique() > tables.MAX_CATEGORIES:
            return cls(name)
        spec = cls(name, tables.split_categories(frame, name)[2])
        if kind is None and numeric:
            print(f"tfgan-rnn: the numeric column {name!r} holds {spec.dim} distinct values, read as categories; "
                  "--condition-kind number reads it as a number (a temperature in whole degrees)", flush=True)
        return spec

    @classmethod
    def from_config(cls, name, categories, bounds):
        """The condition column config.json records (its name, categories and range), or None."""
        spec = (cls(name, [str(c) for c in categories]) if categories else
                cls(name, low=float(bounds[0]), high=float(bounds[1])) if bounds else None)
        return spec if isinstance(name, str) else None

    def config(self) -> dict:
        """What config.json records."""
        return {"condition_column": self.name, "condition_categories": self.categories,
                "condition_range": None if self.categories is not None else [self.low, self.high]}

    def describe(self) -> str:
        if self.categories is None:
            return f"the number in {self.name!r}, scaled from its training range [{self.low:g}, {self.high:g}]"
        shown = ", ".join(self.categories[:8]) + (", ..." if len(self.categories) > 8 else "")
        return f"{self.name!r}: {len(self.categories)} categories ({shown})"

    def encode(self, frame):
        """`(the table without the column, a condition per row (rows, dim) float32)`, for a
        table read as it is (training data goes through `_load_training_series`)."""
        from tfgan_rnn import tables

        if self.categories is not None:
            rest, codes, _ = tables.split_categories(frame, self.name, self.categories)
            return rest, np.eye(self.dim, dtype="float32")[codes]
        tables.require_condition_column(frame, self.name)
        return frame.drop(columns=[self.name]), self.scale(_condition_numbers(frame[self.name], self.name))[:, None]

    def scale(self, numbers) -> np.ndarray:
        return ((np.asarray(numbers, "float64") - self.low) / (self.high - self.low)).astype("float32")

    def decode(self, conditions) -> np.ndarray:
        """The column's value at each step, flattened to one per CSV row."""
        conditions = np.asarray(conditions)
        if self.categories is not None:
            return np.asarray(self.categories, dtype=object)[conditions.argmax(-1).reshape(-1)]
        return (conditions[..., 0].astype("float64") * (self.high - self.low) + self.low).reshape(-1)

    def example(self) -> str:
        return self.categories[0] if self.categories is not None else f"{self.low + (self.high - self.low) / 2:g}"


class _Conditions(NamedTuple):
    """The condition columns of `train --condition-column A[,B,...]`: the GAN's condition at
    each step is their encodings side by side, in this order (`_ConditionColumn` each)."""

    columns: tuple

    @property
    def dim(self) -> int:
        return sum(column.dim for column in self.columns)

    @property
    def names(self) -> list:
        return [column.name for column in self.columns]

    def _slices(self) -> list:
        """`(start, stop)` of each column's entries in the condition, in order."""
        bounds = np.cumsum([0] + [column.dim for column in self.columns]).tolist()
        return list(zip(bounds[:-1], bounds[1:]))

    def first_categories(self):
        """`(start, stop, column)`: where the first column of categories sits in the
        condition, or None where every column is a number."""
        for column, (start, stop) in zip(self.columns, self._slices()):
            if column.categories is not None and column.dim > 1:
                return start, stop, column
        return None

    def parts(self, conditions) -> list:
        """`conditions` (..., dim) split into each column's own."""
        return [conditions[..., start:stop] for start, stop in self._slices()]

    @classmethod
    def from_config(cls, config: dict, condition_dim: int):
        """The condition columns a model's config.json records, or None (not one of `train`'s,
        or none). One column is recorded as a name; several as lists, one entry each."""
        names, categories, bounds = (config.get(key) for key in _NO_CONDITION_COLUMN)
        if not isinstance(names, list):
            names, categories, bounds = [names], [categories], [bounds]
        elif not (isinstance(categories, list) and isinstance(bounds, list)
                  and len(names) == len(categories) == len(bounds)):
            return None
        columns = tuple(_ConditionColumn.from_config(*entry) for entry in zip(names, categories, bounds))
        if not columns or None in columns:
            return None
        conditions = cls(columns)
        return conditions if conditions.dim == condition_dim else None

    def config(self) -> dict:
        """What config.json records."""
        configs = [column.config() for column in self.columns]
        if len(configs) == 1:
            return configs[0]
        return {key: [config[key] for config in configs] for key in _NO_CONDITION_COLUMN}

    def describe(self) -> str:
        return "; ".join(column.describe() for column in self.columns)

    def encode(self, frame) -> np.ndarray:
        """A condition per row of a table read as it is, `(rows, dim)` float32."""
        parts = []
        for column in self.columns:
            frame, part = column.encode(frame)
            parts.append(part)
        return np.concatenate(parts, axis=-1)

    def labels(self, conditions) -> list:
        """`(name, the column's value at each step, one per CSV row)` for each column."""
        return [(column.name, column.decode(part)) for column, part in zip(self.columns, self.parts(conditions))]

    def example(self) -> str:
        import shlex

        return shlex.quote(",".join(column.example() for column in self.columns))

    def warn_outside_range(self, conditions) -> None:
        """A number outside the training range asks the generator to extrapolate: say so."""
        for column, part in zip(self.columns, self.parts(np.asarray(conditions))):
            if column.categories is None and (np.min(part) < 0 or np.max(part) > 1):
                logging.getLogger("tfgan_rnn").warning(
                    "tfgan_rnn: %r beyond its training range [%g, %g]: the generator extrapolates there.",
                    column.name, column.low, column.high)


def _condition_numbers(column, name) -> np.ndarray:
    """A numeric condition column's values, float64; a row without a finite number is an error."""
    import pandas as pd

    values = pd.to_numeric(column, errors="coerce").to_numpy("float64")
    bad = ~np.isfinite(values)
    if bad.any():
        raise ValueError(f"The condition column {name!r} holds numbers; {int(bad.sum())} row(s) hold none "
                         f"(e.g. {column[bad].iloc[0]!r}). Fill them or drop those rows.")
    return values


def _take_number(column, values, columns):
    """Takes a number condition column out of the loaded values (a series or a list of
    series), where it was read, checked and filled as the measurements are: `(values,
    conditions laid out alike, columns, the column with its range)`. The range is the
    training data's, unless the column already has one."""
    index = columns.index(column.name)
    numbers = [series[:, index] for series in _series_list(values)]
    if column.low is None:
        joined = np.concatenate(numbers)
        column = column._replace(low=float(joined.min()), high=float(joined.max()))
    rest = [np.delete(series, index, axis=1) for series in _series_list(values)]
    conditions = [column.scale(number)[:, None] for number in numbers]
    if not isinstance(values, list):
        rest, conditions = rest[0], conditions[0]
    return rest, conditions, [name for name in columns if name != column.name], column


_NO_CONDITION_COLUMN = {"condition_column": None, "condition_categories": None, "condition_range": None}


class _Loaded(NamedTuple):
    """What `_load_training_series` read."""

    name: str
    values: object  # a series (time, features), a list of series, or windows (n, time, features)
    columns: list
    conditions: object = None  # each row's condition, laid out as `values`; None: no condition column
    condition_columns: _Conditions | None = None
    categorical: dict | None = None  # each --categorical-columns' categories, in one-hot order


def _condition_specs(args, frame, names) -> list:
    """Each `--condition-column`'s `_ConditionColumn`, fitted to the training data, with its
    `--condition-kind` (one for all, or one each)."""
    kinds = getattr(args, "condition_kind", None) or [None]
    if len(kinds) not in (1, len(names)):
        raise UsageError(f"--condition-kind gives {len(kinds)} kinds for {len(names)} condition columns; give one "
                         f"for all, or one each in the order of --condition-column. Received: --condition-kind "
                         f"{','.join(kinds)}")
    if len(set(names)) < len(names):
        raise UsageError(f"--condition-column names a column twice. Received: --condition-column {','.join(names)}")
    kinds = kinds * len(names) if len(kinds) == 1 else kinds
    return [_ConditionColumn.fit(frame, name, kind) for name, kind in zip(names, kinds)]


def _progress_verbosity(args) -> int:
    """Keras' `verbose` for `fit`: `--verbose`, or by default a progress bar on a terminal and
    one line per epoch where the output is a file or a pipe (a bar redrawn at every step
    fills a log with a line of every step's metrics)."""
    if args.verbose is not None:
        return args.verbose
    return 1 if sys.stdout.isatty() else 2


def _load_training_series(args, condition_columns=None) -> _Loaded:
    """The data of `--data` (and `--series-column`, `--condition-column`); `condition_columns`:
    a trained model's `_Conditions`, to encode the columns as they were trained."""
    from tfgan_rnn import datasets, tables

    names = getattr(args, "condition_column", None)
    by_row = getattr(args, "sequence_per_row", False)
    # train without --[no-]sequence-per-row, of a table read down the rows: are its rows sequences?
    deciding = (getattr(args, "command", None) == "train" and by_row is None and args.series_column is None
                and getattr(args, "variable_column", None) is None)
    window_given = args.window is not None
    if not window_given and not by_row:
        args.window = DEFAULT_WINDOW
    if getattr(args, "condition_kind", None) is not None and names is None:
        raise UsageError(f"--condition-kind {','.join(args.condition_kind)} says how to read --condition-column, "
                         "which was not given; pass both, or neither.")
    variable_column = getattr(args, "variable_column", None)
    categorical = getattr(args, "categorical_columns", None)
    for flag, value in (("--series-column", args.series_column), ("--condition-column", names),
                        ("--categorical-columns", categorical),
                        ("--variable-column", variable_column), ("--sequence-per-row", by_row or None),
                        ("--columns", getattr(args, "columns", None)),
                        ("--drop-columns", getattr(args, "drop_columns", None))):
        if value is not None and args.data in ("stocks", "sines"):
            raise UsageError(f"{flag} reads a CSV file's columns; --data {args.data} has none to read.")
    if getattr(args, "whole_sequences", False) and not (by_row or args.series_column is not None
                                                        or str(args.data).lower().endswith((".ts", ".tsf"))):
        if getattr(args, "command", None) == "evaluate":
            raise UsageError("This model was trained on whole sequences (train --whole-sequences): score it on "
                             "sequences, a .ts file or a CSV read with --sequence-per-row or --series-column, or "
                             f"pass --window N to score windows of N steps. Received: --data {args.data}")
        raise UsageError("--whole-sequences trains on sequences of their own lengths: those of a .ts file, of a "
                         "CSV with --sequence-per-row or of a panel with --series-column. The data is one series, "
                         f"read in windows of --window steps. Received: --data {args.data} --whole-sequences")
    if args.data == "stocks":
        table = tables.load_table(datasets.stocks())
        return _Loaded("stocks", table.values, table.columns)
    if args.data == "sines":
        windows = datasets.sines(num_sequences=10_000, length=args.window, seed=args.seed)
        return _Loaded("sines", windows, [f"sine_{i}" for i in range(windows.shape[-1])])
    if not args.data.lower().endswith(".csv") and not os.path.exists(args.data):
        raise UsageError(
            f"--data must be 'stocks', 'sines' or a path to a CSV file. Received: --data {args.data!r}"
        )
    name = os.path.basename(args.data)
    # the file's extensions (weather.csv.gz) are no part of the run's name
    for extension in (*tables._OPENERS, ".csv", ".tsv", ".txt", ".dat", ".tsf", ".ts", *tables._CONVERTED):
        name = name[:-len(extension)] if name.lower().endswith(extension) else name
    name = name or "data"
    if args.data.lower().endswith(".ts"):  # the classification archives' format: a sequence per line
        if categorical is not None:
            raise UsageError("--categorical-columns reads a CSV column of categories; a .ts file holds sequences of "
                             "numbers, one per line, and has none.")
        return _load_ts(args, name, names, condition_columns, window_given)
    if args.data.lower().endswith(".tsf"):  # the forecasting archives' format: a series per line
        return _load_tsf(args, name, names, condition_columns, window_given)
    interpolate = getattr(args, "interpolate_missing", False)
    source, parts = args.data, {}  # each condition column's part of the condition, by name
    selecting = any(getattr(args, key, None) is not None for key in (
        "columns", "drop_columns", "model_columns", "missing_values", "variable_column", "categorical_columns"))
    selecting = selecting or "," in (args.series_column or "")  # several series columns, combined below
    if by_row and (args.series_column is not None or variable_column is not None):
        raise UsageError("--sequence-per-row reads a sequence from each row; it cannot be combined with "
                         f"{'--series-column' if args.series_column is not None else '--variable-column'}, which "
                         "read a sequence down the rows.")
    if categorical is not None and (by_row or variable_column is not None):
        raise UsageError(f"--categorical-columns reads a column of categories down the rows; it cannot be combined "
                         f"with {'--sequence-per-row' if by_row else '--variable-column'}.")
    read = None  # the file as read, where `train` decides whether its rows are sequences
    if deciding:
        with _held_notices() as held:  # the notices of reading its columns as features, should it not be
            read = tables.read_csv(args.data, getattr(args, "missing_values", None))
        if _rows_are_sequences(args, read):
            args.sequence_per_row, args.window = True, args.window if window_given else None
            return _load_training_series(args, condition_columns)
        # the columns a series or a category is guessed from: the file less its --drop-columns, or, with --columns,
        # the whole file (the features are chosen, not what tells the series apart); None where columns are chosen
        # some other way, all of them then read as asked
        left = _guessed_from(read, args)
        listed = _names_with_commas(args.columns, read.columns) if getattr(args, "columns", None) else []
        conditioned = _names_with_commas(names, read.columns) if names is not None else []
        key = None if left is None else tables.series_column_of(left)
        keys = set(key if isinstance(key, list) else [key])
        if keys & set(listed) or keys & set(conditioned) - set(tables._text_columns(read)):
            key = None  # a column asked for as a feature, or a number to condition on (as a number)
        if key is not None:  # text column(s) naming each row's series: a panel, as --series-column reads it
            together = isinstance(key, list)  # Province/State within Country/Region
            args.series_column = tables.SERIES_SEPARATOR.join(key) if together else key
            word = tables._shell_word(args.series_column)
            if together:
                count = tables.combine_series_columns(read[key], key).iloc[:, 0].nunique()
                print(f"tfgan-rnn: reading a series per value of {', '.join(map(repr, key))} together, which tell "
                      f"{count} series apart (as --series-column {word} does)", flush=True)
            else:
                # text of a few categories changing within each series: a worker's union membership, a city's weather
                categories = [name for name in ([] if listed else tables.category_columns_within(left, key) or [])
                              if name not in conditioned]  # (a condition's categories are conditioned on)
                # (a series column conditioned on stays: no flag reads one series then)
                dropping = None if key in conditioned else _one_series_flags(args, read, key, listed)
                if key not in tables._text_columns(left):  # a firm's or a subject's number
                    print(f"tfgan-rnn: reading a series per value of {key!r}, whose whole numbers tell "
                          f"{left[key].nunique()} series apart, each with its own rows in time (as --series-column "
                          f"{word} does{f'; {dropping} reads the rows as one series' if dropping else ''})", flush=True)
                else:
                    others = [name for name in tables._text_columns(left) if name != key and left[name].nunique() > 1
                              and name not in categories and name not in conditioned
                              and not tables._is_time_column(name, left[name])]
                    # the same series' other names (a country's code), or its labels (a country's continent)
                    aliases = [name for name in others if tables._nested(left[name], left[key])]
                    labels = [name for name in others if name not in aliases]
                    beside = f", beside {', '.join(map(repr, labels))}, the same on all of a series' rows"
                    which = "".join((f", with {', '.join(map(repr, aliases))} naming the same series" if aliases
                                     else ", the only text column" if not categories and not labels else "",
                                     beside if labels else ""))
                    instead = (f"; --variable-column {word} reads long-format rows as features, {dropping} one series"
                               if dropping else "")
                    print(f"tfgan-rnn: reading a series per value of {key!r}{which}, which tells "
                          f"{left[key].nunique()} series apart (as --series-column {word} does{instead})", flush=True)
                if categories:
                    words = tables._shell_word(",".join(categories))
                    print(f"tfgan-rnn: generating the text column(s) {', '.join(map(repr, categories))} as categories "
                          f"within each series, as --categorical-columns {words} does (--drop-columns "
                          f"{_dropping_also(args, *categories)} leaves them out)", flush=True)
                    args.categorical_columns = categories
            args.window = args.window if window_given else None  # (the default window depends on the series)
            return _load_training_series(args, condition_columns)
        _replay(held)
        source = read  # as load_table would read it
        categories = [] if names is not None or left is None or listed else tables.category_columns_of(left)
        if categories:  # text columns of a few categories each, which load_table would refuse: generated
            word = tables._shell_word(",".join(categories))
            print(f"tfgan-rnn: generating the text column(s) {', '.join(map(repr, categories))} as categories, as "
                  f"--categorical-columns {word} does (--condition-column {word} conditions on them instead, "
                  f"--drop-columns {_dropping_also(args, *categories)} leaves them out)", flush=True)
            args.categorical_columns, selecting = list(categories), True
    if names is not None or selecting or by_row:
        frame = read if read is not None else tables.read_csv(args.data, getattr(args, "missing_values", None),
                                                              times_across_columns=not by_row)
        for key in ("columns", "drop_columns", "condition_column", "categorical_columns"):  # "Sales, USD": one name
            if getattr(args, key, None) is not None:
                setattr(args, key, _names_with_commas(getattr(args, key), frame.columns))
        names, categorical = getattr(args, "condition_column", None), getattr(args, "categorical_columns", None)
        if args.series_column is not None and args.series_column not in frame.columns and "," in args.series_column:
            series_columns = _names_with_commas([part.strip() for part in args.series_column.split(",")], frame.columns)
            frame = tables.combine_series_columns(frame, series_columns, keep=names or ())
            args.series_column = tables.SERIES_SEPARATOR.join(series_columns)  # the combined column's name
        spread_after = ()  # --drop-columns of the long file's own columns, dropped before spreading
        if variable_column is not None:
            frame, spread_after = _spread_variables(frame, args)
        source = frame = _selected_columns(frame, args, dropped_already=spread_after)
        if args.series_column is not None and args.series_column in frame.columns:  # before conditions are split
            source = frame = tables._in_time_order(frame, args.data, args.series_column)
    # the columns asked for, or a model's, are read as measurements even where they look like a timeline
    kept_columns = tuple(getattr(args, "columns", None) or getattr(args, "model_columns", None) or ())
    found = None  # each --categorical-columns' categories
    if categorical is not None:
        for flag, others in (("--condition-column", names or ()), ("--series-column", [args.series_column])):
            if set(categorical) & set(others):
                raise UsageError(f"--categorical-columns names {sorted(set(categorical) & set(others))[0]!r}, also "
                                 f"the {flag}; a column is generated, conditioned on or tells series apart, not two "
                                 "of them.")
        try:
            frame, found = tables.encode_categories(frame, categorical, getattr(args, "model_categories", None),
                                                    interpolate, args.series_column)
        except ValueError as error:
            raise UsageError(_one_line(error)) from None
        source = frame
        kept_columns = (*kept_columns,
                        *(name for column in found for name in tables._one_hot_columns(column, found[column])))
    specs = []
    if names is not None:
        specs = list(condition_columns.columns) if condition_columns else _condition_specs(args, frame, names)
        for spec in specs:
            if spec.categories is not None:
                _, parts[spec.name] = spec.encode(frame)  # a one-hot per row, rows as read
                continue
            if by_row:
                raise UsageError(f"--condition-column {spec.name} is read as a number; with --sequence-per-row "
                                 "a condition is a category of the whole row (a class label): pass "
                                 "--condition-kind category.")
            # a number stays in the table, read, checked and filled as a measurement; _take_number
            tables.require_condition_column(frame, spec.name)
            if spec.name == args.series_column:
                raise UsageError(f"--condition-column {spec.name} names a number, which cannot also be the "
                                 "--series-column; pass a column of categories, or another series column.")
            missing = int(frame[spec.name].isna().sum())
            if interpolate and missing:
                logging.getLogger("tfgan_rnn").warning(
                    "tfgan_rnn: interpolated %d missing value(s) of the condition column %r.", missing, spec.name)
            kept_columns = (*kept_columns, spec.name)  # a measurement, even a year
        # the series column stays, even as a condition: load_panel splits by it
        source = frame.drop(columns=[name for name in parts if name != args.series_column])
    if by_row:
        values, parts = _rows_as_sequences(frame.drop(columns=list(parts)), parts, interpolate,
                                           keep=kept_columns)
        values, parts = _whole_sequences(values, parts, args, window_given, "one per row")
        columns = ["value"]
    elif args.series_column is not None:
        series, columns = tables.load_panel(source, args.series_column, interpolate_missing=interpolate,
                                            keep_columns=kept_columns)
        if parts:  # split as load_panel splits: by first appearance, rows in file order
            import pandas as pd

            keys, _ = pd.factorize(source[args.series_column], sort=False)
            parts = {name: [rows[keys == key] for key in range(len(series))] for name, rows in parts.items()}
        short = sum(len(one) < args.window for one in series)
        # train's default, most series shorter than the default window (and none too long to train whole): each a
        # sequence, as a .ts file's; a few short ones beside series of thousands of steps are left out, as before
        as_sequences = (getattr(args, "whole_sequences", False) is None and not window_given
                        and 2 * short > len(series) and max(map(len, series)) <= WHOLE_SEQUENCES_MAX_STEPS)
        if as_sequences:
            print(f"tfgan-rnn: {short} of {len(series)} series are shorter than the default window of {args.window} "
                  "steps: read as sequences (a --window reads windows of that many steps)", flush=True)
        if getattr(args, "whole_sequences", False) or as_sequences:
            values, parts = _whole_sequences(series, parts, args, window_given, f"a series per {args.series_column!r}")
        else:
            values, parts = _at_least_a_window(series, parts, args.window, "series", "series")
            print(f"tfgan-rnn: {len(values)} series by {args.series_column!r}, {_steps_each(values)}", flush=True)
    else:
        table = tables.load_table(source, interpolate_missing=interpolate, keep_columns=kept_columns)
        values, columns = table.values, table.columns
    if not specs:
        return _Loaded(name, values, columns, categorical=found)
    for index, spec in enumerate(specs):
        if spec.categories is None:
            values, parts[spec.name], columns, specs[index] = _take_number(spec, values, columns)
    conditions = [parts[spec.name] for spec in specs]
    if isinstance(values, list):
        conditions = [np.concatenate(rows, axis=-1) for rows in zip(*conditions)]
    else:
        conditions = np.concatenate(conditions, axis=-1)
    return _Loaded(name, values, columns, conditions, _Conditions(tuple(specs)), found)


# A headerless table with class labels, of more rows than columns or of rows of at most
# `tables._ROW_SEQUENCE_COLUMNS` columns (but `_FEWEST_STEPS` steps at least), is read as a
# sequence per row where its neighbouring columns correlate above this (a day's hours in UCR's
# ItalyPowerDemand: 0.86), on scales within this factor, and its rows do not follow one another
# in time: their lag-1 correlation down each column below the last (a table of features read
# down the rows, sensors' readings, shows 0.9 and more; UCR's rows in no order about 0).
_STEPS_CORRELATION = 0.8
_STEPS_SCALE = 10.0
_ROWS_IN_TIME = 0.5
_FEWEST_STEPS = 10


@contextmanager
def _held_notices():
    """Within, the `tfgan_rnn` logger's notices are held back, in the list this yields, for
    `_replay` (or dropped); replayed at once should an error end the block."""
    held, failed = [], False
    logger = logging.getLogger("tfgan_rnn")

    class Holder(logging.Handler):
        def emit(self, record):
            held.append(record)

    holder, propagate = Holder(), logger.propagate
    logger.addHandler(holder)
    logger.propagate = False
    try:
        yield held
    except BaseException:
        failed = True
        raise
    finally:
        logger.removeHandler(holder)
        logger.propagate = propagate
        if failed:
            _replay(held)


def _replay(held) -> None:
    logger = logging.getLogger("tfgan_rnn")
    for record in held:
        logger.handle(record)
    held.clear()


def _rows_are_sequences(args, frame) -> bool:
    """For `train` without --[no-]sequence-per-row: True, with a notice, for a headerless file
    of `_FEWEST_STEPS` steps or more with a first or last column of class labels, the UCR
    archive's layout, where either it has more than `tables._ROW_SEQUENCE_COLUMNS` columns and
    more columns than rows (`ArrowHead_TRAIN.tsv`: 36 rows of a label and 251 steps, which read
    as features would be a few windows of hundreds of them) or its other columns look like the
    steps of one signal (`ItalyPowerDemand_TRAIN.tsv`: 67 days of a label and 24 hours):
    neighbouring columns move together (median correlation above `_STEPS_CORRELATION`) on one
    scale (standard deviations within a factor of `_STEPS_SCALE`), as a leaf's outline does and
    a table of features' columns seldom all do, and its rows are no series in time (their median
    lag-1 correlation down the columns under `_ROWS_IN_TIME`): sequences, not steps. A file of
    more than `tables._ROW_SEQUENCE_COLUMNS` columns and more columns than rows but no labels,
    which read as features has too few rows for a window, is read so where its columns look
    like a signal's steps too; so is one with class labels and fewer rows than `--window`
    (UCR's Chinatown: 20 days of a class and 24 hourly counts, whose scale changes through
    the day), and one with class labels, more than `tables._ROW_SEQUENCE_COLUMNS` columns and
    rows not in time, whatever its columns (FordA: 3,601 engine sounds of 500 noisy steps,
    whose neighbouring steps hardly correlate)."""
    from tfgan_rnn import tables

    if frame.shape[1] <= _FEWEST_STEPS:
        return False
    label = tables.class_label_column(frame)
    headerless = all(re.fullmatch(r"feature_\d+", str(name)) for name in frame.columns)
    if not headerless:  # the UCR archive's .arff files: att1,...,att251,target
        numbered = tables.numbered_step_columns(frame)
        if numbered is None or label is None or [*numbered, label] != list(frame.columns):
            return False
    wide = frame.shape[1] > max(len(frame), tables._ROW_SEQUENCE_COLUMNS)
    if label is None and not wide:
        return False
    short = label is not None and len(frame) < args.window  # as features, too few rows for one window
    # a label and more columns than a table of features has: rows not in time suffice (FordA's noisy engine sounds)
    many = label is not None and frame.shape[1] > tables._ROW_SEQUENCE_COLUMNS
    if label is None or not (wide or short):
        steps = (frame if label is None else frame.drop(columns=label)).apply(np.asarray, dtype="float64")
        if not many:
            following = steps.iloc[:, 1:].set_axis(steps.columns[:-1], axis=1)
            with np.errstate(all="ignore"):
                together = steps.iloc[:, :-1].corrwith(following).median()
            deviations = steps.std().to_numpy()
            if not (together > _STEPS_CORRELATION and deviations.min() > 0
                    and deviations.max() < _STEPS_SCALE * deviations.min()):
                return False
        with np.errstate(all="ignore"):
            in_time = steps.apply(lambda column: column.autocorr(1)).median()
        if not in_time < _ROWS_IN_TIME:
            return False
    signal = ("" if label is not None and wide else
              f", fewer rows than a --window of {args.window} steps" if label is not None and short else
              ", its rows not in time" if many else
              (f", {'its' if label is None else 'the other'} columns moving together on one scale as the steps of one "
               "signal do, its rows not in time"))
    labels = "" if label is None else f" and class labels in {label}"
    layout = "has no header," if headerless else f"has numbered steps, {frame.columns[0]} to {frame.columns[-2]},"
    logging.getLogger("tfgan_rnn").warning(
        "tfgan_rnn: %s %s %d columns in %d rows%s%s: read as a sequence per row (%s--no-sequence-per-row reads its "
        "columns as features).", args.data, layout, frame.shape[1], len(frame), labels, signal,
        "" if label is None else "the UCR archive's layout; ")
    return True


def _steps_each(values) -> str:
    """"5-11 steps each", or "24 steps each" where every sequence has the same length."""
    shortest, longest = min(map(len, values)), max(map(len, values))
    return f"{shortest} steps each" if shortest == longest else f"{shortest}-{longest} steps each"


def _whole_sequences(values, parts, args, window_given, source):
    """With --whole-sequences (train's default where the lengths differ, `WHOLE_SEQUENCES_MAX_STEPS`),
    all the sequences (and their conditions' parts), `--window` set to the longest (their
    padded length); otherwise those at least `--window` long, which defaults to the
    shortest sequence's length."""
    shortest, longest = min(map(len, values)), max(map(len, values))
    defaulted = getattr(args, "whole_sequences", False) is None  # train's default: whole where the lengths differ
    if defaulted:
        args.whole_sequences = (not window_given and shortest < longest <= WHOLE_SEQUENCES_MAX_STEPS
                                and args.stride == 1 and args.chunk_length is None)
    if args.whole_sequences:
        if window_given:
            raise UsageError(f"--whole-sequences trains on each sequence whole; --window cuts them into windows of "
                             f"one length. Pass one of them. Received: --window {args.window} --whole-sequences")
        args.window = longest  # what the sequences are padded to
        print(f"tfgan-rnn: {len(values)} sequences, {source}, {_steps_each(values)}, each read whole "
              f"(padded to {longest} steps, which the discriminator skips"
              + ("; --no-whole-sequences or a --window trains on windows of one length)" if defaulted else ")"),
              flush=True)
        return values, parts
    if not window_given:
        args.window = shortest
    values, parts = _at_least_a_window(values, parts, args.window, "sequence", "sequences")
    shortest, longest = min(map(len, values)), max(map(len, values))
    why = ("" if window_given else " (their length)" if shortest == longest else
           " (the shortest sequence; a longer --window leaves out the sequences shorter than it; "
           "--whole-sequences trains on each whole)")
    print(f"tfgan-rnn: {len(values)} sequences, {source}, {_steps_each(values)}; windows of {args.window} "
          f"steps{why}", flush=True)
    return values, parts


def _at_least_a_window(series, parts, window, one, several):
    """The series (and their conditions' parts) at least `window` steps long, the others
    left out with a notice; refused where none is."""
    kept = [i for i, s in enumerate(series) if len(s) >= window]
    if not kept:
        raise UsageError(f"Every {one} is shorter than the window: the longest has {max(map(len, series))} steps. "
                         f"Use a --window of at most that. Received: --window {window}")
    if len(kept) < len(series):
        logging.getLogger("tfgan_rnn").warning("tfgan_rnn: skipping %d of %d %s shorter than the window (%d steps).",
                                               len(series) - len(kept), len(series), several, window)
    return [series[i] for i in kept], {name: [rows[i] for i in kept] for name, rows in parts.items()}


def _refuse_column_flags(args, holds, *more) -> None:
    """Refuses the flags that read a CSV's columns (and `more`, `(flag, value)` pairs) for a
    file of a sequence per line, which `holds` says what it holds."""
    for flag, value in (("--series-column", args.series_column),
                        ("--variable-column", getattr(args, "variable_column", None)),
                        ("--columns", getattr(args, "columns", None)),
                        ("--drop-columns", getattr(args, "drop_columns", None)),
                        ("--missing-values", getattr(args, "missing_values", None)), *more):
        if value is not None:
            raise UsageError(f"{flag} reads a CSV's columns; {holds} ('?' and NaN are its missing values). "
                             f"Received: --data {args.data}")


def _loaded_per_line(name, values, columns, parts, specs) -> _Loaded:
    """A `.ts` or `.tsf` file's `_Loaded`: its sequences and, where conditioned, each one's
    conditions side by side (`_category_conditions`' parts)."""
    if not specs:
        return _Loaded(name, values, columns)
    conditions = [np.concatenate(rows, axis=-1) for rows in zip(*(parts[spec.name] for spec in specs))]
    return _Loaded(name, values, columns, conditions, _Conditions(tuple(specs)))


def _category_conditions(args, table, names, condition_columns, condition) -> tuple[dict, list]:
    """`({name: a one-hot row per sequence}, the conditions' specs)` of `--condition-column`,
    read from `table` (a row per sequence, as a .ts or .tsf file's labels and attributes);
    `condition_columns`: a trained model's, to encode them as it was trained. A number is
    refused: `condition` says what such a file's condition is."""
    parts, specs = {}, []
    if names is not None:
        specs = list(condition_columns.columns) if condition_columns else _condition_specs(args, table, names)
        for spec in specs:
            if spec.categories is None:
                raise UsageError(f"--condition-column {spec.name} is read as a number; {condition}: pass "
                                 "--condition-kind category.")
            _, parts[spec.name] = spec.encode(table)
    return parts, specs


def _load_ts(args, name, names, condition_columns, window_given) -> _Loaded:
    """The sequences of a `.ts` file (`tables.read_ts`), conditioned on its class labels
    where `--condition-column class` asks."""
    from tfgan_rnn import tables

    _refuse_column_flags(args, "a .ts file holds a sequence per line, all of whose dimensions are read")
    sequences, columns, labels = tables.read_ts(args.data)
    args.sequence_per_row = True  # for config.json, evaluate's hints and generate's example
    parts, specs = _category_conditions(args, labels, names, condition_columns, "a .ts file's condition is its "
                                        "class of each sequence")
    if names is None and "class" in labels.columns:
        classes = labels["class"].unique()
        print(f"tfgan-rnn: the file's class labels ({len(classes)}: {', '.join(map(str, classes[:5]))}"
              f"{', ...' if len(classes) > 5 else ''}) are not used; --condition-column class generates for a "
              "class", flush=True)
    values, parts = _complete_sequences(sequences, parts, getattr(args, "interpolate_missing", False), "sequence")
    values, parts = _whole_sequences(values, parts, args, window_given, "one per line")
    return _loaded_per_line(name, values, columns, parts, specs)


def _load_tsf(args, name, names, condition_columns, window_given) -> _Loaded:
    """The series of a `.tsf` file of the forecasting archives (`tables.read_tsf`), one per
    line: windows of `--window` steps within each (those shorter left out), or each whole
    with --whole-sequences; conditioned on an attribute of each series (a `string` one,
    such as a state or an industry) where `--condition-column` names it."""
    from tfgan_rnn import tables

    _refuse_column_flags(args, "a .tsf file holds a series per line, its attributes first",
                         ("--categorical-columns", getattr(args, "categorical_columns", None)),
                         ("--sequence-per-row", getattr(args, "sequence_per_row", None) or None))
    series, attributes, tags = tables.read_tsf(args.data)
    missing = [column for column in names or () if column not in attributes.columns]
    if missing:
        raise UsageError(f"--condition-column {missing[0]} is not an attribute of {args.data}; its attributes "
                         f"are {', '.join(attributes.columns) or 'none'}.")
    parts, specs = _category_conditions(args, attributes, names, condition_columns, "a .tsf file's condition is an "
                                        "attribute of each series")
    values, parts = _complete_sequences(series, parts, getattr(args, "interpolate_missing", False), "line")
    source = "one per line" + (f", {tags['frequency']}" if tags.get("frequency") else "")
    if getattr(args, "whole_sequences", False):
        values, parts = _whole_sequences(values, parts, args, window_given, source)
    else:
        args.whole_sequences = False  # for config.json (train's default, None, decided)
        values, parts = _at_least_a_window(values, parts, args.window, "series", "series")
        print(f"tfgan-rnn: {len(values)} series, {source}, {_steps_each(values)}; windows of {args.window} steps "
              "within each (--whole-sequences trains on each whole)", flush=True)
    return _loaded_per_line(name, values, ["value"], parts, specs)


def _rows_as_sequences(frame, parts, interpolate, keep=()):
    """`(a sequence (steps, 1) per row of `frame`, its columns the steps; each condition's
    one-hot rows held at every step of their sequence)`. Empty cells at a row's end make
    it shorter; empty cells between values are interpolated with --interpolate-missing,
    refused without; rows with no value are left out. A first or last column of class
    labels (`tables.class_label_column`) is left out with a notice, unless `keep` (the
    --columns) names it."""
    import pandas as pd

    from tfgan_rnn import tables

    not_steps = [name for name in frame.columns if tables.dropped_on_reading(name, frame[name])]
    if not_steps and len(not_steps) < frame.shape[1]:  # a saved row index, a date per row
        logging.getLogger("tfgan_rnn").warning("tfgan_rnn: dropping column(s) %s, a row index or date, not steps.",
                                               ", ".join(map(str, not_steps)))
        frame = frame.drop(columns=not_steps)
    label = tables.class_label_column(frame)
    if label is not None and str(label) not in keep:
        classes = sorted(frame[label].unique())
        logging.getLogger("tfgan_rnn").warning(
            "tfgan_rnn: dropping column %s, each row's class label (%d values: %s), not a step; "
            "--condition-column %s generates for a class.", label, len(classes),
            ", ".join(value if isinstance(value, str) else f"{value:g}" for value in classes[:5])
            + (", ..." if len(classes) > 5 else ""), label)
        frame = frame.drop(columns=label)
    text = [str(name) for name in frame.columns if not pd.api.types.is_numeric_dtype(frame[name])]
    if text:
        raise UsageError(f"--sequence-per-row reads each row's columns as the steps of a sequence; column(s) "
                         f"{', '.join(map(repr, text[:5]))} are not numeric. Leave them out (--drop-columns "
                         f"{tables._shell_word(','.join(text))}) or, for a label, condition on it "
                         "(--condition-column NAME).")
    matrix = frame.to_numpy(dtype=np.float64)
    return _complete_sequences([row[:, None] for row in matrix], parts, interpolate, "row")


def _complete_sequences(sequences, parts, interpolate, unit):
    """`(the sequences without their trailing missing steps, interpolated inside with
    --interpolate-missing, empty ones left out; each condition's one-hot rows held at
    every step of their sequence)`; missing steps inside without the flag are refused."""
    completed, kept, gaps = [], [], []
    for index, sequence in enumerate(sequences):
        present = np.flatnonzero(~np.isnan(sequence).all(axis=1))
        if not present.size:
            continue
        sequence = sequence[:present[-1] + 1]
        missing = np.isnan(sequence)
        if missing.any():
            if not interpolate:
                gaps.append(index)
                continue
            steps = np.arange(len(sequence))
            sequence = np.stack([np.interp(steps, steps[~gap], values[~gap])
                                 for values, gap in zip(sequence.T, missing.T)], axis=-1)
        completed.append(sequence)
        kept.append(index)
    if gaps:
        raise UsageError(f"{len(gaps)} {unit}(s) have missing steps between values, e.g. {unit} {gaps[0] + 1} of "
                         "the data. Fill them, or pass --interpolate-missing.")
    if not completed:
        raise UsageError(f"Every {unit} is empty: no sequence to train on.")
    if len(kept) < len(sequences):
        logging.getLogger("tfgan_rnn").warning("tfgan_rnn: leaving out %d empty %s(s).", len(sequences) - len(kept),
                                               unit)
    return completed, {name: [np.repeat(one_hot[index][None], len(sequence), axis=0)
                              for index, sequence in zip(kept, completed)] for name, one_hot in parts.items()}


def _spread_variables(frame, args):
    """`(the long-format table of --variable-column with a column per variable, the series
    and condition columns kept beside them; the --drop-columns dropped before spreading)`:
    those of the file's own columns (a code beside each variable's name) go first, those of
    the new columns (a variable) are left to `_selected_columns`."""
    from tfgan_rnn import tables

    column = args.variable_column
    if column not in frame.columns:
        raise UsageError(f"--variable-column names {column!r}, which the data lacks. Its columns: "
                         f"{[str(name) for name in frame.columns]}")
    for flag, names in (("--series-column", [args.series_column]),
                        ("--condition-column", getattr(args, "condition_column", None) or [])):
        if column in names:
            raise UsageError(f"--variable-column {column} is also the {flag}; a column names the variables, "
                             "the series or a condition, not two of them.")
    kept = [name for name in [args.series_column, *(getattr(args, "condition_column", None) or [])]
            if name is not None]
    dropped = getattr(args, "drop_columns", None) or []
    before = [name for name in dropped if name in frame.columns and name not in (column, *kept)]
    return tables.spread_variables(frame.drop(columns=before), column, keep_columns=kept), tuple(before)


def _guessed_from(frame, args):
    """The table `train` guesses a series column or columns of categories from: the file as
    read, less its `--drop-columns`, or all of it with `--columns` (which chooses the features,
    not what tells the series apart); None where columns are chosen any other way
    (`--categorical-columns`, `--variable-column`, several series columns), or a flag names a
    column the file lacks (refused as it is read), so that nothing is guessed."""
    chosen = ("model_columns", "variable_column", "categorical_columns")
    if any(getattr(args, key, None) is not None for key in chosen) or "," in (args.series_column or ""):
        return None
    dropped, listed, conditioned = (_names_with_commas(getattr(args, flag, None) or [], frame.columns)
                                    for flag in ("drop_columns", "columns", "condition_column"))
    if any(name not in frame.columns for name in [*dropped, *listed, *conditioned]):
        return None
    return frame.drop(columns=dropped)  # (--columns and --drop-columns are never given together)


def _one_series_flags(args, frame, key, listed) -> str:
    """The flag that reads `frame` as one series rather than a series per value of `key`:
    `--drop-columns` of it (and of the columns dropped already), or, where `--columns` chose
    the features (`listed`), of every other column but the times, in place of `--columns`."""
    from tfgan_rnn import tables

    if not listed:
        return f"--drop-columns {_dropping_also(args, key)}"
    times = tables._time_columns(frame)
    others = [name for name in frame.columns if name not in listed and name not in times
              and not tables._is_index_column(name, frame[name])]
    return f"--drop-columns {tables._shell_word(','.join(map(str, others)))} in place of --columns"


def _dropping_also(args, *names) -> str:
    """`--drop-columns`' value that leaves out `names` besides the columns already dropped."""
    from tfgan_rnn import tables

    return tables._shell_word(",".join([*(getattr(args, "drop_columns", None) or ()), *names]))


def _selected_columns(frame, args, dropped_already=()):
    """The table with the columns `--columns` keeps (in its order) or `--drop-columns` drops
    (but `dropped_already`), the series and condition columns kept; or, for `evaluate`
    (`args.model_columns`), the model's columns, any others left out with a notice."""
    from tfgan_rnn import tables

    names = [str(name) for name in frame.columns]
    special = {name: "--condition-column" for name in getattr(args, "condition_column", None) or ()}
    special.update({name: "--categorical-columns" for name in getattr(args, "categorical_columns", None) or ()})
    if getattr(args, "series_column", None) is not None:
        special[args.series_column] = "--series-column"
    model = getattr(args, "model_columns", None)
    if model is not None:
        lacking = [name for name in model if name not in names]
        if lacking:
            trained_spread = getattr(args, "trained_variable_column", None)
            hint = (f" It was trained on long-format rows spread by --variable-column {trained_spread}: pass that "
                    "here too." if trained_spread in names and getattr(args, "variable_column", None) is None
                    else " It was trained on a sequence per row: pass --sequence-per-row here too."
                    if getattr(args, "trained_sequence_per_row", False) else "")
            guesses = "".join(tables.did_you_mean(name, [n for n in names if n not in model]) for name in lacking)
            raise UsageError(f"The data lacks the model's column(s) {lacking}.{guesses} Pass data with the columns "
                             f"the model was trained on: {list(model)}.{hint} Received: {names}")
        left_out = [name for name in names if name not in model and name not in special]
        dropped = tables.dropped_columns(frame)
        shown = [name for name in left_out if name not in dropped]
        if shown:
            print(f"tfgan-rnn: scoring the model's columns; leaving out {', '.join(map(repr, shown))}", flush=True)
        return frame.drop(columns=left_out)
    keep = getattr(args, "columns", None)
    drop = [name for name in getattr(args, "drop_columns", None) or () if name not in dropped_already] or None
    if keep is None and drop is None:
        return frame
    flag, listed = ("--columns", keep) if keep is not None else ("--drop-columns", drop)
    for name in listed:
        if name not in names:
            raise UsageError(f"{flag} names {name!r}, which the data lacks.{tables.did_you_mean(name, names)} "
                             f"Its columns: {names}")
    if flag == "--columns":
        return frame[list(dict.fromkeys([*listed, *(name for name in special if name in names)]))]
    for name in listed:
        if name in special:
            raise UsageError(f"--drop-columns names {name!r}, the {special[name]}; leave it out of --drop-columns.")
    return frame.drop(columns=listed)


def _joined(values, conditions):
    """Values with their conditions as trailing features, in the same layout, so that one
    window cut cuts both (`_parted` splits them again)."""
    if conditions is None:
        return values
    if isinstance(values, list):
        return [np.concatenate([v, c], axis=-1) for v, c in zip(values, conditions)]
    return np.concatenate([values, conditions], axis=-1)


def _parted(windows, num_features: int, conditional: bool):
    """Windows cut from `_joined` values: `(windows, their conditions or None)`."""
    if not conditional:
        return windows, None
    return windows[..., :num_features], windows[..., num_features:]


def _in_model_order(values, columns, feature_names):
    """The data's features in the order the model was trained on, matched by column name."""
    if columns == feature_names:
        return values
    if sorted(columns) != sorted(feature_names):
        missing = [name for name in feature_names if name not in columns]
        extra = [name for name in columns if name not in feature_names]
        raise UsageError(
            f"The data's columns differ from the model's: missing {missing}, not in the model {extra}. "
            f"Pass data with the columns the model was trained on: {feature_names}. Received: {columns}")
    order = [columns.index(name) for name in feature_names]
    logging.getLogger("tfgan_rnn").warning(
        "tfgan_rnn: the data's columns are in another order than the model's; matched by name.")
    if isinstance(values, list):
        return [series[:, order] for series in values]
    return values[..., order]


def _num_features(values) -> int:
    """Features of a series, of windows, or of a list of series."""
    return (values[0] if isinstance(values, list) else values).shape[-1]


def _prepare_training(args):
    """Everything that can fail because of user input, before any training step."""
    from tfgan_rnn import data, losses, tables
    from tfgan_rnn.scaling import Scaler

    losses.get(args.loss)
    if args.chunk_length is not None and args.gradient_penalty_weight > 0:
        raise UsageError("--chunk-length cannot be combined with --gradient-penalty-weight > 0 (the penalty "
                         "would need the discriminator's state at interpolated sequences).")
    if args.whole_sequences and (args.chunk_length is not None or args.stride != 1):
        flag = f"--chunk-length {args.chunk_length}" if args.chunk_length is not None else f"--stride {args.stride}"
        raise UsageError(f"{flag} is for windows of one length; --whole-sequences trains on sequences of different "
                         "lengths, padded and masked. Pass one of them.")
    if args.chunk_length is not None and args.discriminator_conv_filters:
        raise UsageError("--chunk-length cannot be combined with --discriminator-conv-filters > 0 (the "
                         "convolutions cannot carry context from one chunk to the next); leave it out or pass 0.")
    loaded = _load_training_series(args)
    args.whole_sequences = bool(args.whole_sequences)  # the default decided as the data was read
    name, values, columns = loaded.name, loaded.values, loaded.columns
    panel = isinstance(values, list)
    blocks = [[column, list(columns).index(tables._one_hot_columns(column, categories)[0]), categories]
              for column, categories in (loaded.categorical or {}).items()]
    # the series (or windows) themselves, so that the scaler finds the features each keeps all through
    scaler = Scaler(method=args.scaling, feature_names=columns, snap=args.snap, categorical=blocks or None).fit(values)
    if scaler.constant_features:
        logging.getLogger("tfgan_rnn").info(
            "tfgan_rnn: constant feature(s) %s.", ", ".join(columns[i] for i in scaler.constant_features)
        )
    if scaler.copies:
        logging.getLogger("tfgan_rnn").info(
            "tfgan_rnn: the same as another column on every row, generated as its copy: %s.",
            ", ".join(f"{columns[copy]} (as {columns[feature]})" for copy, feature in scaler.copies))
    if scaler.orders:
        logging.getLogger("tfgan_rnn").info(
            "tfgan_rnn: never below another column on any row, generated so: %s.",
            ", ".join(f"{columns[upper]} >= {columns[lower]}" for upper, lower in scaler.orders))
    if scaler.static_features:
        block_of = {first + offset: column for column, first, categories in scaler.categorical or ()
                    for offset in range(len(categories))}  # a block by its column's name
        logging.getLogger("tfgan_rnn").info(
            "tfgan_rnn: the same all through each sequence, generated so: %s.",
            ", ".join(dict.fromkeys(block_of.get(i, columns[i]) for i in scaler.static_features)))
    of_blocks = scaler._categorical_features()
    discrete = [f"{columns[i]} ({len(levels)} values)" for i, levels in enumerate(scaler.levels)
                if levels is not None and i not in scaler.constant_features and i not in of_blocks]
    if discrete:
        logging.getLogger("tfgan_rnn").info(
            "tfgan_rnn: generated on their observed values: %s.", ", ".join(discrete)
        )
    if scaler.categorical:
        print("tfgan-rnn: generating categories: " + "; ".join(
            f"{column!r}, {len(categories)} ({', '.join(name or '(empty)' for name in categories[:6])}"
            f"{', ...' if len(categories) > 6 else ''})"
            for column, _, categories in scaler.categorical) + ", one-hot in training", flush=True)
    scaled = [scaler.transform(series) for series in values] if panel else scaler.transform(values)
    if args.whole_sequences or (not panel and scaled.ndim == 3):
        num_windows = len(scaled)  # the windows, or the sequences trained whole
    else:
        lengths = [len(s) for s in _series_list(scaled)]
        if args.window > max(lengths):
            rows = (not panel and len(columns) >= _FEWEST_STEPS and len(columns) > max(lengths)
                    and not getattr(args, "sequence_per_row", False))  # more columns than rows: the UCR layout?
            raise UsageError(f"--window {args.window} is longer than the data: "
                             f"{'its longest series has' if panel else 'it has'} {max(lengths)} steps. Pass "
                             f"--window {max(lengths)} or less"
                             + (f"; or, if each row is a whole sequence, its {len(columns)} columns the steps (the UCR "
                                "archive's layout), pass --sequence-per-row." if rows else "."))
        num_windows = len(data.window_starts(lengths, args.window, args.stride))
    if num_windows < 2 and args.whole_sequences:
        raise UsageError(f"Training needs at least 2 sequences; the data gives {num_windows}.")
    if num_windows < 2:  # nothing to learn a distribution from; the scores need 2 as well
        raise UsageError(f"Training needs at least 2 windows; the data gives {num_windows} of {args.window} steps "
                         f"(stride {args.stride}). Use a shorter --window or --stride, or more data.")
    args.batch_size = _batch_size(args)
    if args.batch_size > num_windows:
        # The repeating pipeline would fill a larger batch with copies of the same windows
        # (--batch-size 100000 on Sines' 10,000: each ten times, and 24 GB for one step).
        unit = "sequence" if args.whole_sequences else "window"
        logging.getLogger("tfgan_rnn").warning(
            "tfgan_rnn: --batch-size %d is more than the %d %ss; using %d, every %s once a step.",
            args.batch_size, num_windows, unit, num_windows, unit)
        args.batch_size = num_windows
    if loaded.condition_columns is not None:
        print(f"tfgan-rnn: conditioned on {loaded.condition_columns.describe()}", flush=True)
    return _Prepared(name, scaler, scaled, num_windows, loaded.conditions, loaded.condition_columns)


class _Prepared(NamedTuple):
    """What `_prepare_training` returns."""

    name: str
    scaler: object
    scaled: object  # laid out as `_Loaded.values`
    num_windows: int
    conditions: object = None  # as `_Loaded.conditions`
    condition_columns: _Conditions | None = None


def _series_list(values) -> list:
    """A series, or a list of series, as a list of series."""
    return values if isinstance(values, list) else [values]


def _batch_size(args) -> int:
    """--batch-size, or the recipe's (`DEFAULTS["batch_size"]`, 32) for windows cut from series
    and `WHOLE_SEQUENCES_BATCH_SIZE` (128) for sequences trained whole, a .ts file's too."""
    from tfgan_rnn._settings import DEFAULTS, WHOLE_SEQUENCES_BATCH_SIZE

    if args.batch_size is not None:
        return args.batch_size
    whole = getattr(args, "whole_sequences", False) or getattr(args, "sequence_per_row", False)
    return WHOLE_SEQUENCES_BATCH_SIZE if whole else DEFAULTS["batch_size"]


def _fit_plan(args, num_windows):
    """(steps per epoch, epochs): --epochs passes, or --steps (default DEFAULT_STEPS) rounded up
    to epochs of one pass, at least MIN_EPOCH_STEPS and at most MAX_EPOCH_STEPS steps (and at
    most --steps)."""
    batches_per_pass = math.ceil(num_windows / _batch_size(args))
    if args.epochs is not None:
        return batches_per_pass, args.epochs
    steps = DEFAULT_STEPS if args.steps is None else args.steps
    steps_per_epoch = min(steps, max(batches_per_pass, MIN_EPOCH_STEPS), MAX_EPOCH_STEPS)
    return steps_per_epoch, math.ceil(steps / steps_per_epoch)


def _recipe_overrides(args) -> dict:
    return {
        "units": args.units,
        "num_layers": args.layers,
        "latent_dim": args.latent_dim,
        "static_noise_dim": args.static_noise_dim,
        "discriminator_conv_filters": args.discriminator_conv_filters,
        "discriminator_minibatch_group_size": args.discriminator_minibatch_group_size,
        "loss": args.loss,
        "gradient_penalty_weight": args.gradient_penalty_weight,
        "discriminator_steps": args.discriminator_steps,
        "generator_learning_rate": args.learning_rate,
        "discriminator_learning_rate": args.learning_rate,
        "chunk_length": args.chunk_length,
        "generator_ema_momentum": args.generator_ema_momentum or None,
        "moment_matching_per_step": args.moment_matching_per_step,
        "discriminator_noise": args.discriminator_noise,
        "category_share_weight": args.category_share_weight,
        "numbers_given_categories": args.numbers_given_categories,
    }


def _build(args, strategy, scaler, num_features, condition_dim=0):
    """The recipe's model, built and compiled in the strategy's scope when there is one."""
    import contextlib

    import keras

    from tfgan_rnn import recipe

    keras.utils.set_random_seed(args.seed)
    with strategy.scope() if strategy is not None else contextlib.nullcontext():
        return recipe.build_gan(num_features, scaler=scaler, seed=args.seed, precision=args.precision,
                                condition_dim=condition_dim, **_recipe_overrides(args))


def _training_dataset(args, prepared, skip_batches=0):
    """The repeating pipeline of training windows, `(windows, conditions)` with a condition column."""
    import tensorflow as tf

    from tfgan_rnn import data

    if args.whole_sequences:  # dicts of padded sequences, their lengths and conditions
        return data.sequence_dataset(
            prepared.scaled, args.batch_size, None if prepared.conditions is None else data.hold_last(
                prepared.conditions), seed=args.seed, repeat=True, skip_batches=skip_batches)
    dataset = data.window_dataset(
        _joined(prepared.scaled, prepared.conditions), length=args.window, batch_size=args.batch_size,
        stride=args.stride, seed=args.seed, repeat=True, skip_batches=skip_batches)
    if prepared.conditions is None:
        return dataset
    width = _num_features(prepared.scaled)
    return dataset.map(lambda windows: (windows[..., :width], windows[..., width:])).prefetch(tf.data.AUTOTUNE)


def _remember_lengths(args, gan, sequences, conditions) -> None:
    """With --whole-sequences, the training sequences' lengths, and each condition's where they
    are a few categories, which `generate` draws from (`fit` counts them itself only for a list
    of arrays, not a dataset)."""
    if args.whole_sequences:
        from tfgan_rnn.data import length_counts, lengths_by_condition

        gan.training_lengths = length_counts(map(len, sequences))
        gan.training_lengths_by_condition = None if conditions is None else \
            lengths_by_condition(map(len, sequences), conditions)


def _lengths_by_category(sequences, conditions, condition_columns):
    """With --whole-sequences and a condition column of categories (the first), how many
    training sequences of each category had each length, for config.json, so that `generate`
    draws a category's own lengths: `{"column": name, "lengths": {category: {length: count}}}`;
    None without such a column, or where a sequence's category changes along it."""
    first = None if condition_columns is None else condition_columns.first_categories()
    if first is None or conditions is None:
        return None
    from tfgan_rnn.data import lengths_by_condition

    start, stop, column = first
    found = lengths_by_condition(map(len, sequences), [np.asarray(rows)[:, start:stop] for rows in conditions],
                                 max_conditions=None)
    if found is None:
        return None
    lengths = {str(column.categories[int(one_hot.argmax())]): {str(length): count for length, count in counts.items()}
               for one_hot, counts in found}
    return {"column": column.name, "lengths": lengths}


def _category_lengths(config, condition_columns, condition):
    """`(the lengths {length: count} of the training sequences of the category `condition`
    (a vector) names, that category as words)`, or `(None, None)` where config.json has none
    for it (`_lengths_by_category`) or the condition is not one category."""
    recorded = config.get("lengths_by_category")
    first = None if condition_columns is None else condition_columns.first_categories()
    if not recorded or first is None or condition is None or np.ndim(condition) != 1:
        return None, None
    start, stop, column = first
    part = np.asarray(condition)[start:stop]
    if column.name != recorded["column"] or not (np.sort(part) == np.eye(len(part))[-1]).all():
        return None, None
    category = str(column.categories[int(part.argmax())])
    counts = recorded["lengths"].get(category)
    if not counts:
        return None, None
    return {int(length): count for length, count in counts.items()}, f"{column.name!r} {category}"


def _held_sequences(values, conditions, max_sequences, seed: int):
    """Whole sequences of different lengths as `_real_windows` gives windows, at most
    `max_sequences` of them drawn at random ("auto": as many as hold `_EVALUATION_MAX_VALUES`
    values at the longest length), each held at its last value after its end
    (`data.hold_last`): `(sequences, their conditions held alike or None, lengths)`."""
    from tfgan_rnn import data

    if max_sequences == "auto":
        max_sequences = max(2, _EVALUATION_MAX_VALUES // (max(map(len, values)) * _num_features(values)))
    indices = data.sample_indices(len(values), max_sequences, seed)
    lengths = np.array([len(values[index]) for index in indices])
    held_conditions = None if conditions is None else data.hold_last([conditions[index] for index in indices])
    return data.hold_last([values[index] for index in indices]), held_conditions, lengths


def _condition_dim(prepared) -> int:
    return 0 if prepared.condition_columns is None else prepared.condition_columns.dim


def _train_as_worker(args, strategy, prepared) -> int:
    """A non-chief multi-worker process: the same steps as the chief, no files."""
    from tfgan_rnn import callbacks as callbacks_lib
    from tfgan_rnn import memory

    gan = _build(args, strategy, prepared.scaler, _num_features(prepared.scaled), _condition_dim(prepared))
    _remember_lengths(args, gan, prepared.scaled, prepared.conditions)
    steps_per_epoch, epochs = _fit_plan(args, prepared.num_windows)
    dataset = _training_dataset(args, prepared)
    stop = callbacks_lib.StopOnNonFinite()
    memory.release_memory()  # as the chief does
    gan.fit(dataset, epochs=epochs, steps_per_epoch=steps_per_epoch, callbacks=[stop, callbacks_lib.ReleaseMemory()],
            verbose=0)
    print("tfgan-rnn: worker finished its steps (the chief writes the model).", flush=True)
    return 0 if stop.stopped_step is None else 1


def _write_json(path, payload):
    from tfgan_rnn.callbacks import atomic_path

    with atomic_path(path) as temporary, open(temporary, "w") as handle:
        json.dump(payload, handle, indent=2, default=float)


def _write_sequences(path, sequences, columns, labels=None, categorical=None):
    """Writes `(num, time, features)` as .npy, or .csv with a 'sequence' column (and after
    it a column for each of `labels`, `[(column name, a value per row), ...]`, and each
    one-hot block of `categorical`, as `Scaler.categorical` holds them, as one column of
    category names); a list of sequences of different lengths as .csv."""
    from tfgan_rnn.callbacks import atomic_path
    from tfgan_rnn.data import check_finite

    check_finite(np.concatenate(sequences) if isinstance(sequences, list) else sequences, "generated sequences")
    extension = os.path.splitext(path)[1].lower()
    with atomic_path(path) as temporary:
        if extension == ".npy":
            with open(temporary, "wb") as handle:
                np.save(handle, sequences)
        else:
            _write_csv_rows(temporary, sequences, columns, labels, categorical)


def _distribution(args):
    """(strategy or None, is_chief), checked before any work starts."""
    if args.strategy == "default":
        return None, True
    if args.strategy == "mirrored":
        import tensorflow as tf

        return tf.distribute.MirroredStrategy(), True
    raw = os.environ.get("TF_CONFIG")
    if not raw:
        raise UsageError("--strategy multiworker needs the TF_CONFIG environment variable (cluster and "
                         "task of this process; see the README, 'Several GPUs or hosts').")
    try:
        task = json.loads(raw)["task"]
        task_type, task_index = task["type"], int(task["index"])
    except (ValueError, KeyError, TypeError) as error:
        raise UsageError(f"TF_CONFIG is not valid JSON with a task type and index ({_one_line(error)}). "
                         f"Received: TF_CONFIG={raw!r}") from None
    if args.max_minutes is not None or args.resume:
        raise UsageError("--strategy multiworker needs every worker to stop at the same step: use "
                         "--epochs or --steps, not --max-minutes or --resume.")
    import tensorflow as tf

    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    has_chief = "chief" in json.loads(raw).get("cluster", {})
    is_chief = task_type == "chief" or (task_type == "worker" and task_index == 0 and not has_chief)
    return strategy, is_chief


@contextmanager
def _ctrl_c_at_batch_end():
    """Turns the first Ctrl-C (SIGINT) into a KeyboardInterrupt raised at the end of the
    current training batch; a second one interrupts at once.

    Python raises KeyboardInterrupt wherever the main thread happens to be, and where that
    is a finaliser (`__del__` of a TensorFlow object, run by the garbage collector during a
    step) it is printed as "Exception ignored" and lost: training went on and the user's
    Ctrl-C did nothing. Checking a flag from a callback cannot be lost that way.
    Yields a Keras callback for `fit`.
    """
    import keras

    pressed = threading.Event()

    class _RaiseOnCtrlC(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if pressed.is_set():
                raise KeyboardInterrupt

        on_epoch_end = on_train_batch_end

    def handler(signum, frame):
        pressed.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl-C: at once

    if threading.current_thread() is not threading.main_thread():  # only the main thread gets signals
        yield _RaiseOnCtrlC()
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield _RaiseOnCtrlC()
    finally:
        signal.signal(signal.SIGINT, previous)


# What `train` writes to OUT/backup (BackupAndRestore with double_checkpoint, KeepBestGenerator).
_BACKUP_FILES = {"latest.weights.h5", "latest.weights.h5.bkp", "training_metadata.json",
                 "training_metadata.json.bkp", "best_generator.weights.h5", "best_generator.json"}


def _check_only_backup_files(backup_dir):
    """Refuses to replace an OUT/backup folder that holds anything `train` did not write."""
    if not os.path.isdir(backup_dir):
        return
    foreign = sorted(name for name in os.listdir(backup_dir)
                     if name not in _BACKUP_FILES and not name.startswith(".tmp-"))
    if foreign:
        raise UsageError(
            f"A new run replaces {backup_dir}, which holds files train did not write: "
            f"{', '.join(foreign[:5])}{', ...' if len(foreign) > 5 else ''}. Move them, or pick another --out.")


# What --resume may change: how long to train, and the command line itself.
_RESUMABLE_CHANGES = ("command", "data", "epochs", "max_minutes")


def _interrupted_run_config(out):
    """The config.json of the run that --resume continues (None if it has none)."""
    path = os.path.join(out, "config.json")
    if not os.path.exists(path):
        return None
    with open(path) as handle:
        return json.load(handle)


def _check_same_run(interrupted, config):
    """Refuses to resume with settings other than the interrupted run's, whose weights,
    optimizer state and data position the backup holds."""
    differences = [f"{key} {interrupted[key]!r} there, {value!r} here" for key, value in config.items()
                   if key not in _RESUMABLE_CHANGES and key in interrupted and interrupted[key] != value]
    if differences:
        command = " ".join(word for word in str(interrupted.get("command")).split() if word != "--resume")
        raise UsageError(
            f"--resume continues the interrupted run, whose settings differ from this command's: "
            f"{'; '.join(differences)}. Run its command again with --resume: {command} --resume")


def _print_dry_run(args, prepared) -> None:
    """What `train --dry-run` prints: the windows, the epochs, and per column its range and
    what generated values are kept to."""
    scaler, width = prepared.scaler, _num_features(prepared.scaled)
    flat = np.concatenate([series.reshape(-1, width) for series in _series_list(prepared.scaled)])
    low, high = (scaler.inverse_transform(bound[None])[0] for bound in (flat.min(0), flat.max(0)))
    blocks = sorted(scaler._categorical_features())  # 0 and 1 each, not a category for the row of minima
    low[blocks], high[blocks] = 0.0, 1.0
    steps_per_epoch, epochs = _fit_plan(args, prepared.num_windows)
    shape = (f"sequences of {min(map(len, prepared.scaled))}-{args.window} steps x {width}" if args.whole_sequences
             else f"windows of {args.window} x {width}")
    print(f"tfgan-rnn: --dry-run, nothing written: would train on {prepared.num_windows:,} {shape} "
          f"({prepared.name}), {epochs} epoch(s) of {steps_per_epoch} steps"
          + (f", at most about {args.max_minutes:g} min" if args.max_minutes else ""))
    names = [str(name) for name in scaler.feature_names]
    size = max(len("column"), *map(len, names))
    of_block = {first + offset: (column, len(categories))
                for column, first, categories in scaler.categorical or () for offset in range(len(categories))}
    print(f"  {'column':<{size}}  {'min':>12}  {'max':>12}  generated")
    copy_of = dict(scaler.copies)
    for index, (name, minimum, maximum, kept) in enumerate(zip(names, low, high, scaler.snapping())):
        shown = ("as generated" if kept is None else f"on a grid of {kept[1]:g}" if kept[0] == "grid"
                 else f"one of {len(kept[1])} values" if len(kept[1]) > 1 else "constant")
        if index in of_block:
            shown = f"one of the {of_block[index][1]} categories of {of_block[index][0]!r}, written as one column"
        if index in scaler.static_features:
            shown += ", the same all through each sequence"
        below = [names[lower] for upper, lower in scaler.orders if upper == index]
        if below:
            shown += f", never below {', '.join(below)}"
        if index in copy_of:
            shown = f"a copy of {names[copy_of[index]]}, the same on every row"
        print(f"  {name:<{size}}  {minimum:>12.6g}  {maximum:>12.6g}  {shown}")


def train(args) -> int:
    try:
        prepared = _prepare_training(args)
        if args.dry_run:
            _print_dry_run(args, prepared)
            return 0
        name, scaler, scaled, num_windows, conditions, condition_columns = prepared
        strategy, is_chief = _distribution(args)
        out = args.out or os.path.join("saved_models", name)
        logdir = args.logdir or os.path.join("runs", name)
        if not is_chief:
            # Workers other than the chief take part in every step but write nothing.
            return _train_as_worker(args, strategy, prepared)
        if os.path.exists(out) and not os.path.isdir(out):
            raise UsageError(f"--out must be a folder. Received: --out {out!r}")
        backup_dir = os.path.join(out, "backup")
        if args.resume and not os.path.exists(os.path.join(backup_dir, "training_metadata.json")):
            raise UsageError(f"Nothing to resume: {backup_dir} holds no unfinished run. Drop --resume to start one.")
        interrupted_config = _interrupted_run_config(out) if args.resume else None
        if not args.resume:
            _check_only_backup_files(backup_dir)  # a fresh run replaces OUT/backup
        if args.resume:
            from tfgan_rnn.callbacks import repair_backup

            if repair_backup(backup_dir):  # unreadable without a previous one: ValueError, one line below
                print(f"tfgan-rnn: the last backup in {backup_dir} was cut short; resuming from the one before it")
        os.makedirs(out, exist_ok=True)
        os.makedirs(logdir, exist_ok=True)
    except UsageError:
        raise
    except (ValueError, TypeError, OSError) as error:
        raise UsageError(_one_line(error)) from None

    import keras

    from tfgan_rnn import callbacks as callbacks_lib
    from tfgan_rnn import data, memory
    from tfgan_rnn.metrics import plot_real_vs_generated

    overrides = _recipe_overrides(args)
    width = _num_features(scaled)
    gan = _build(args, strategy, scaler, width, _condition_dim(prepared))
    _remember_lengths(args, gan, scaled, conditions)
    steps_per_epoch, epochs = _fit_plan(args, num_windows)
    if not args.resume and os.path.exists(backup_dir):
        import shutil

        shutil.rmtree(backup_dir)  # a stale backup of an older run would hijack this one
    finished_epochs = callbacks_lib.backup_epoch(backup_dir)
    dataset = _training_dataset(args, prepared, skip_batches=finished_epochs * steps_per_epoch)
    config = {
        "command": "tfgan-rnn " + " ".join(args.argv),
        "data": args.data, "columns": scaler.feature_names, "window": args.window, "stride": args.stride,
        "num_windows": num_windows, "batch_size": args.batch_size, "epochs": epochs,
        "steps_per_epoch": steps_per_epoch, "max_minutes": args.max_minutes, "seed": args.seed,
        "scaling": args.scaling, "snap": args.snap, "calibrate": args.calibrate, "series_column": args.series_column,
        "missing_values": args.missing_values, "interpolate_missing": args.interpolate_missing,
        "variable_column": args.variable_column, "sequence_per_row": bool(args.sequence_per_row),
        "whole_sequences": args.whole_sequences,
        "lengths_by_category": _lengths_by_category(scaled, conditions, condition_columns) if args.whole_sequences
        else None,
        "categorical_columns": None if scaler.categorical is None else {
            column: categories for column, _, categories in scaler.categorical},
        **(_NO_CONDITION_COLUMN if condition_columns is None else condition_columns.config()),
        "num_series": len(scaled) if isinstance(scaled, list) else None if scaled.ndim == 3 else 1,
        "strategy": args.strategy,
        "replicas": 1 if strategy is None else strategy.num_replicas_in_sync,
        "precision": gan.generator.dtype_policy.name, **overrides,
    }
    if interrupted_config is not None:
        _check_same_run(interrupted_config, config)
    _write_json(os.path.join(out, "config.json"), config)
    callbacks_lib.write_hparams(logdir, config)
    model_path = os.path.join(out, "model.keras")
    budget = callbacks_lib.TimeBudget(args.max_minutes) if args.max_minutes else None
    if args.whole_sequences:
        monitor, monitor_conditions, monitor_lengths = _held_sequences(scaled, conditions, 2000, args.seed)
    else:
        monitor, monitor_conditions = _real_windows(scaled, args.window, 2000, args.seed, conditions)
        monitor_lengths = None
    evaluate_every = args.evaluate_every or max(1, round(EVALUATION_STEPS / steps_per_epoch))
    stop = callbacks_lib.StopOnNonFinite()
    # A conditional model is kept for how well its windows fit their conditions (which the plain score cannot see).
    selection = "discriminative_score" if conditions is None else "conditional_discriminative_score"
    keep_best = callbacks_lib.KeepBestGenerator(selection, folder=backup_dir) if args.keep_best else None
    callbacks = [
        stop,
        # Hands back what only `import tensorflow` and tracing the step touched (Linux).
        callbacks_lib.ReleaseMemory(),
        callbacks_lib.SampleLogger(monitor, logdir, every_epochs=args.sample_every, seed=args.seed,
                                   feature_names=scaler.feature_names, condition=monitor_conditions,
                                   lengths=monitor_lengths),
        callbacks_lib.EvaluationLogger(monitor, logdir, every_epochs=evaluate_every, seed=args.seed,
                                       condition=monitor_conditions, lengths=monitor_lengths),
    ] + ([keep_best] if keep_best else []) + [
        keras.callbacks.TensorBoard(logdir, update_freq="batch"),
        keras.callbacks.CSVLogger(os.path.join(out, "history.csv"), append=args.resume),
        callbacks_lib.EpochCheckpoint(model_path),
        # Last: an epoch is recorded once all else is written. The previous backup is kept
        # too, for a kill while the last one is written (callbacks.repair_backup).
        keras.callbacks.BackupAndRestore(backup_dir, double_checkpoint=True),
    ] + ([budget] if budget else []) + [
        callbacks_lib.TimeEstimate((epochs - finished_epochs) * steps_per_epoch, note=(
            f" (--max-minutes stops it after {args.max_minutes:g} min)" if args.max_minutes
            else " (--max-minutes caps it)"), print_fn=functools.partial(print, flush=True)),
    ]
    shape = (f"{num_windows} sequences of {min(map(len, scaled))}-{args.window} steps x {width}" if args.whole_sequences
             else f"{num_windows} windows of {args.window} x {width}")
    print(f"tfgan-rnn: training on {shape} "
          f"({name}), {epochs} epoch(s) of {steps_per_epoch} steps"
          + (f", resuming after epoch {finished_epochs}" if finished_epochs else "")
          + (f", at most about {args.max_minutes:g} min" if args.max_minutes else ""), flush=True)
    memory.release_memory()  # before fit's gradient check; ReleaseMemory again once training runs
    started = time.monotonic()
    try:
        with _ctrl_c_at_batch_end() as ctrl_c:
            history = gan.fit(dataset, epochs=epochs, steps_per_epoch=steps_per_epoch,
                              callbacks=[*callbacks, ctrl_c], verbose=_progress_verbosity(args))
    except KeyboardInterrupt:
        saved = os.path.exists(model_path)
        print("\ntfgan-rnn: interrupted; "
              + (f"{model_path} holds the model of the last finished epoch." if saved
                 else "no epoch had finished, so no model was written."), file=sys.stderr)
        return EXIT_INTERRUPTED
    minutes = (time.monotonic() - started) / 60
    _write_json(os.path.join(out, "history.json"), history.history)
    kept = keep_best is not None and keep_best.best_epoch is not None
    if stop.stopped_step is not None:  # the weights in memory are not finite: not to be saved over the last good
        if not os.path.exists(model_path):
            print("tfgan-rnn: no epoch had finished with finite weights, so no model was written.", file=sys.stderr)
            return 1
        gan, kept = keras.saving.load_model(model_path), False
        print(f"tfgan-rnn: going on with {model_path}, the model of the last epoch with finite weights", flush=True)
    elif kept or gan._generator_average_optimizer() is not None:  # the generator changed at the end of fit
        callbacks_lib.save_model(gan, model_path)
    if kept:
        print(f"tfgan-rnn: kept the generator of epoch {keep_best.best_epoch + 1} (discriminative score "
              + ("" if conditions is None else "with the condition ")
              + f"{keep_best.best:.3f} on {len(monitor)} {'sequences' if args.whole_sequences else 'windows'})",
              flush=True)
    for leftover in keep_best.file_paths() if keep_best is not None else ():
        if os.path.exists(leftover):
            os.remove(leftover)
    if args.calibrate:
        _calibrate(gan, scaler, scaled, conditions, args, condition_columns,
                   max_seconds=max(CALIBRATION_MIN_SECONDS, CALIBRATION_SHARE * 60 * minutes))
        callbacks_lib.save_model(gan, model_path)

    if args.whole_sequences:  # sequences spread evenly over the data, generated at their lengths
        picked = np.linspace(0, len(scaled) - 1, args.num_samples).astype(int)
        real = [scaler.inverse_transform(scaled[index]) for index in picked]
        step_conditions = None if conditions is None else [conditions[index] for index in picked]
        samples = gan.generate_variable_length(len(picked), lengths=[len(sequence) for sequence in real],
                                               seed=args.seed, condition=None if conditions is None
                                               else data.hold_last(step_conditions))
        labels = None if conditions is None else condition_columns.labels(np.concatenate(step_conditions))
        real, written, samples = data.hold_last(real), samples, data.hold_last(samples)
    elif not isinstance(scaled, list) and scaled.ndim == 3:
        real, real_conditions = scaled[: args.num_samples], None
    else:  # windows spread evenly over the whole series (or all series)
        series = _series_list(_joined(scaled, conditions))
        starts = data.window_starts([len(s) for s in series], args.window)
        starts = starts[np.linspace(0, len(starts) - 1, args.num_samples).astype(int)]
        real, real_conditions = _parted(np.concatenate(series)[starts[:, None] + np.arange(args.window)],
                                        width, conditions is not None)
    if not args.whole_sequences:
        real = scaler.inverse_transform(real)
        # With a condition column, samples are generated for the categories of the real windows beside them.
        samples, _ = gan.generate(args.num_samples, args.window, seed=args.seed, condition=real_conditions)
        labels = None if real_conditions is None else condition_columns.labels(real_conditions)
        written = samples
    _write_sequences(os.path.join(out, "samples.csv"), written, scaler.feature_names, labels, scaler.categorical)
    plot_real_vs_generated(real, samples, os.path.join(out, "real_vs_generated.png"), scaler.feature_names)
    evaluation = None
    if args.evaluation != "none":
        original = _original_units(scaler, scaled)
        count = 2000 if args.evaluation == "quick" else "auto"
        if args.whole_sequences:
            real_windows, real_conditions, lengths = _held_sequences(original, conditions, count, args.seed)
        else:
            (real_windows, real_conditions), lengths = _real_windows(original, args.window, count, args.seed,
                                                                     conditions), None
        evaluation = _write_evaluation(gan, real_windows, os.path.join(out, "evaluation"), args.evaluation,
                                       args.seed, real_conditions, condition_columns=condition_columns,
                                       lengths=lengths)

    trained_epochs = len(history.history.get("generator_loss", []))
    print(f"\ntfgan-rnn: trained {trained_epochs} epoch(s) in {minutes:.1f} min"
          + (" (time budget reached)" if budget and budget.stopped_epoch is not None else ""))
    length = ("" if args.whole_sequences else f" --length {args.window}" if args.sequence_per_row
              else " --length 1000")  # the data's lengths, whole sequences, or a long one
    print(f"  model:   {model_path}  (tfgan-rnn generate --model {out} --num 10{length} --out samples.csv"
          + (f" --condition {condition_columns.example()}" if condition_columns else "") + ")")
    print(f"  samples: {os.path.join(out, 'samples.csv')}")
    print(f"  plot:    {os.path.join(out, 'real_vs_generated.png')}")
    if evaluation:
        print(f"  report:  {evaluation[1]}  ({_summary(evaluation[0])})")
    print(f"  logs:    tensorboard --logdir {logdir}")
    return 0 if stop.stopped_step is None else 1


def _original_units(scaler, scaled):
    """The training data (windows, a series or several) back in original units."""
    if isinstance(scaled, list):
        return [scaler.inverse_transform(series) for series in scaled]
    return scaler.inverse_transform(scaled)


def _calibrate(gan, scaler, scaled, conditions, args, condition_columns=None, max_seconds=None) -> None:
    """`gan.calibrate_marginals` on the windows of the training data `evaluate` would score
    (beyond `_EVALUATION_MAX_VALUES` values, a random sample of them; with --whole-sequences,
    whole sequences), a map per category of the first categorical condition column, its check
    within `max_seconds`; names the categories that got a map of their own, and the check's
    classifier steps where the time limit cut them."""
    if args.whole_sequences:  # scored as `evaluate` scores them: held after their end, at their lengths
        held, window_conditions, lengths = _held_sequences(_original_units(scaler, scaled), conditions, "auto",
                                                           args.seed)
        windows = [sequence[:length] for sequence, length in zip(held, lengths)]
    else:
        windows, window_conditions = _real_windows(_original_units(scaler, scaled), args.window, "auto", args.seed,
                                                   conditions, notice=False)
    if gan._category_logits_layer() is not None:
        _match_category_shares(gan, scaler, windows, window_conditions, args.seed)
    print("tfgan-rnn: calibrating each generated feature to the data's distribution...", flush=True)
    first = None if condition_columns is None else condition_columns.first_categories()
    result = gan.calibrate_marginals(windows, condition=window_conditions, seed=args.seed,
                                     per_category=condition_columns is None or first is not None,
                                     category_slice=None if first is None else first[:2], max_seconds=max_seconds)
    scored = "discriminative score" + ("" if window_conditions is None else " with the condition")
    scores = ("one real window cannot be scored" if result["discriminative_score_calibrated"] is None else
              f"{scored} {result['discriminative_score_calibrated']:.3f} with the map, "
              f"{result['discriminative_score_as_generated']:.3f} without")
    full = gan.CALIBRATION_CHECK_STEPS
    if result["check_iterations"] is not None and result["check_iterations"] < full:
        scores += (f", classifiers of {result['check_iterations']} steps instead of {full:,} so that their training "
                   f"fits {max_seconds / 60:.1f} min")
    own = ""
    if result["categories_calibrated"]:
        names = [str(category) for category in range(gan.condition_dim)] if first is None else first[2].categories
        of = "" if first is None or len(condition_columns.columns) == 1 else f"{first[2].name!r} "
        own = f", a map of their own for {of}" + ", ".join(names[c] for c in result["categories_calibrated"])
        if len(result["categories_calibrated"]) < len(names):
            own += (f" (the others, with fewer than {scaler.CALIBRATION_CATEGORY_STEPS} steps or beyond the maps' "
                    "size limit: the map for all)")
    print(f"tfgan-rnn: {'kept' if result['calibrated'] else 'not kept'}{own} ({scores}; --no-calibrate skips this)",
          flush=True)


def _match_category_shares(gan, scaler, windows, conditions, seed) -> None:
    """`gan.match_category_shares` on the windows `_calibrate` reads; says how far the
    category furthest below its share in the data came."""
    shares = gan.match_category_shares(windows, condition=conditions, seed=seed)
    names = [(column, category) for column, _, categories in sorted(scaler.categorical, key=lambda block: block[1])
             for category in categories]
    real, before, after = (np.concatenate(shares[key]) for key in ("real", "before", "after"))
    furthest = int(np.argmin(before / np.maximum(real, 1e-12)))
    column, category = names[furthest]
    print(f"tfgan-rnn: each column of categories drawn at the data's shares (furthest below, {column}={category}: "
          f"{before[furthest]:.1%} of generated steps before, {after[furthest]:.1%} after, {real[furthest]:.1%} "
          "in the data; --no-calibrate skips this)", flush=True)


# ---------------------------------------------------------------------- generate


def _load_gan(path):
    import keras

    from tfgan_rnn.gan import RecurrentGAN

    model_file = os.path.join(path, "model.keras") if os.path.isdir(path) else path
    if not os.path.exists(model_file):
        raise UsageError(f"No model found: expected a folder with model.keras or a .keras file. Received: --model {path!r}")
    try:
        gan = keras.saving.load_model(model_file)
    except (ValueError, OSError, TypeError) as error:
        raise UsageError(f"Could not load {model_file!r}: {_one_line(error)}") from None
    if not isinstance(gan, RecurrentGAN):
        raise UsageError(f"{model_file!r} is a {type(gan).__name__}, not a tfgan_rnn RecurrentGAN.")
    return gan, model_file


def _training_config(model_file) -> dict:
    """The config.json `train` wrote beside a model ({} for a model file without one)."""
    config_path = os.path.join(os.path.dirname(model_file), "config.json")
    if not os.path.exists(config_path):
        return {}
    with open(config_path) as handle:
        return json.load(handle)


def _training_window(model_file) -> int:
    """The window a model was trained on (24, TimeGAN's window, for a model file without a config.json)."""
    return int(_training_config(model_file).get("window", 24))


def _check_writable_folder(folder, flag, value):
    """Creates `folder` if needed and writes (then removes) a file in it, so that an
    unwritable place is reported before any work, in one line."""
    import tempfile

    try:
        os.makedirs(folder or ".", exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder or ".", prefix=".tmp-"):
            pass
    except OSError as error:
        raise UsageError(f"Cannot write to {folder or '.'!r} ({error.strerror or error}). "
                         f"Received: {flag} {value!r}") from None


def generate(args) -> int:
    extension = os.path.splitext(args.out)[1].lower()
    if extension not in (".csv", ".npy"):
        raise UsageError(f"--out must end in .csv or .npy. Received: --out {args.out!r}")
    _check_writable_folder(os.path.dirname(args.out), "--out", args.out)
    gan, model_file = _load_gan(args.model)
    config = _training_config(model_file)
    condition_columns = _Conditions.from_config(config, gan.condition_dim)
    # A model trained with --whole-sequences makes the data's lengths, unless told one.
    whole = bool(config.get("whole_sequences") and gan.training_lengths and args.length is None
                 and args.condition_file is None)
    if whole and extension == ".npy":
        raise UsageError("This model generates sequences of different lengths (train --whole-sequences), which one "
                         f".npy array cannot hold: write a .csv, or pass --length N for {args.num} sequences of N "
                         f"steps. Received: --out {args.out!r}")
    if args.condition_file is not None:
        path = _condition_path(args.condition_file, gan, condition_columns)
        if args.length is not None and args.length != len(path):
            raise UsageError(f"--condition-file gives {len(path)} steps; --length asks for {args.length}. Drop "
                             f"--length (the file's rows are the steps) or make them agree.")
        length = len(path)
        condition = np.broadcast_to(path[None], (args.num, *path.shape))  # one path for all, not copied
        labels = condition_columns.labels(path)
    else:
        condition, labels = _condition(args.condition, gan.condition_dim, condition_columns)
        if whole:  # drawn as often as the training sequences (of the category asked for) had each length
            own_lengths, category = _category_lengths(config, condition_columns, condition)
            lengths = gan._drawn_lengths(args.num, args.seed, own_lengths)
            length = int(lengths.max())
        else:
            length = args.length or _training_window(model_file)
        condition = gan._check_condition(condition, args.num, length)
    columns = gan.feature_names or [f"feature_{i}" for i in range(gan.output_dim)]
    values = (int(lengths.sum()) if whole else args.num * length) * len(columns)
    # .npy: 4 bytes a value; .csv: the same on a scratch file, then at least 4 characters a value.
    _check_free_space(args.out, values * (4 if extension == ".npy" else 8))
    categorical = None if gan.scaler is None else gan.scaler.categorical
    try:
        if whole:
            _stream_whole_sequences(gan, args.out, lengths, args.seed, columns, condition, labels, categorical)
        else:
            _stream_sequences(gan, args.out, args.num, length, args.seed, columns, condition, labels, categorical)
    except OSError as error:  # e.g. the disk filled up: nothing is left behind (atomic_path)
        raise UsageError(f"Could not write {args.out!r} ({error.strerror or error}).") from None
    steps = (f"{lengths.min()}-{lengths.max()} steps (drawn as often as the training sequences"
             f"{'' if category is None else f' of {category}'} had each length; --length N for one length)"
             if whole else f"{length} steps")
    print(f"tfgan-rnn: wrote {args.num} sequence(s) of {steps} x {len(columns)} features to {args.out}")
    return 0


def _stream_whole_sequences(gan, path, lengths, seed, columns, condition=None, labels=None, categorical=None):
    """Generates a sequence of each of `lengths` into a CSV (`_write_csv_rows`), a block of
    sequences at a time, so that memory stays bounded; `condition`: checked, as
    `gan._check_condition` returns it; `labels`, `categorical`: `_write_csv_rows`' columns."""
    from tfgan_rnn.callbacks import atomic_path
    from tfgan_rnn.data import check_finite

    per_block = max(1, _GENERATE_BLOCK_BYTES // (4 * int(lengths.max()) * len(columns)))
    with _cleanup_on_sigterm(), atomic_path(path) as temporary:
        for first in range(0, len(lengths), per_block):
            block = slice(first, first + per_block)
            sequences = gan.generate_variable_length(len(lengths[block]), lengths=lengths[block], seed=seed + first,
                                                     condition=None if condition is None else condition[block])
            check_finite(np.concatenate(sequences), "generated sequences")
            _write_csv_rows(temporary, sequences, columns, labels, categorical, mode="a" if first else "w",
                            first_sequence=first)


# Generated values checked or written to CSV at a time by `generate` (the rest is on disk).
_GENERATE_BLOCK_BYTES = 64 * 2**20


def _check_free_space(path, needed):
    """Refuses, before generating, an output that cannot fit on its disk."""
    import shutil

    free = shutil.disk_usage(os.path.dirname(os.path.abspath(path))).free
    if needed > free:
        raise UsageError(f"The output needs at least {needed / 2**30:.1f} GiB but its disk has "
                         f"{free / 2**30:.1f} GiB free: ask for fewer (--num) or shorter (--length) "
                         f"sequences, or write elsewhere. Received: --out {path!r}")


def _condition_path(path, gan, condition_columns):
    """`--condition-file`: the model's condition at each step, `(steps, condition_dim)`."""
    from tfgan_rnn import tables

    if condition_columns is None:
        raise UsageError("--condition-file needs a model trained with --condition-column (its config.json names "
                         "the column)" + (f"; this one takes --condition (condition_dim={gan.condition_dim} "
                                          "numbers)." if gan.condition_dim else "; this one is not conditional."))
    try:
        path_conditions = condition_columns.encode(tables.read_csv(path))
    except (ValueError, OSError) as error:
        raise UsageError(f"{_one_line(error)} (--condition-file {path})") from None
    if not len(path_conditions):
        raise UsageError(f"--condition-file has no rows: one row per step to generate. Received: {path!r}")
    condition_columns.warn_outside_range(path_conditions)
    return path_conditions


def _condition(text, condition_dim, condition_columns=None):
    """`--condition VALUE[,VALUE...]`, a value of each column a model was trained with
    --condition-column on (a category, or a number in the column's units), or `V1,V2,...`:
    `(a float32 vector checked against the model's condition_dim, the columns' labels
    or None)`."""
    if not condition_dim:
        if text is not None:
            raise UsageError(f"This model is not conditional; drop --condition. Received: --condition {text!r}")
        return None, None
    columns = () if condition_columns is None else condition_columns.columns
    example = ",".join(["1"] + ["0"] * (condition_dim - 1))
    if len(columns) > 1:  # a value of each column, in order; or the vector itself
        named = (f"a value of each of {', '.join(map(repr, condition_columns.names))}, in that order, e.g. "
                 f"--condition {condition_columns.example()} (or {condition_dim} comma-separated numbers)")
        if text is None:
            raise UsageError(f"This model is conditional: pass the condition to generate for as {named}")
        parts = _condition_parts(text, columns)
        if len(parts) == len(columns):
            values = [_column_condition(column, part, named, text) for column, part in zip(columns, parts)]
            vector = np.concatenate(values).astype("float32")
            condition_columns.warn_outside_range(vector)
            return vector, condition_columns.labels(vector)
        vector = _parse_numbers(text, condition_dim)
        if vector is None:
            raise UsageError(f"Expected --condition as {named}. Received: --condition {text!r}")
        return vector, _exact_labels(condition_columns, vector)
    column = columns[0] if columns else None
    if column is not None and column.categories is None:  # a number, in the column's units
        value = _column_condition(column, text, None, text)
        condition_columns.warn_outside_range(value)
        return value, condition_columns.labels(value)
    categories = None if column is None else column.categories
    if categories is not None and text in categories:
        vector = _column_condition(column, text, None, text)
        return vector, condition_columns.labels(vector)
    named = (f"one of its categories, {', '.join(categories[:10])}{', ...' if len(categories) > 10 else ''} "
             f"(or {condition_dim} comma-separated numbers)" if categories else "")
    if text is None:
        raise UsageError(f"This model is conditional (condition_dim={condition_dim}): pass the condition to "
                         f"generate for as " + (named or f"{condition_dim} comma-separated numbers, e.g. "
                                                f"--condition {example}"))
    if categories and "," not in text:
        raise UsageError(f"Expected --condition as {named}. Received: --condition {text!r}")
    vector = _parse_numbers(text, condition_dim)
    if vector is None:
        raise UsageError(f"Expected --condition as {condition_dim} comma-separated finite numbers, e.g. "
                         f"--condition {example}. Received: --condition {text!r}")
    return vector, None if condition_columns is None else _exact_labels(condition_columns, vector)


def _condition_parts(text, columns) -> list:
    """`--condition`'s text cut into a value of each of `columns`, in order: at its commas,
    with consecutive pieces joined again where together they name one of a column's
    categories that holds commas (`--condition "Paris, France",sunny`); where no cut names
    a category of each, the text cut at every comma.

    >>> city, sky = _ConditionColumn("city", ["Paris, France", "Paris"]), _ConditionColumn("sky", ["sunny"])
    >>> _condition_parts("Paris, France,sunny", (city, sky))
    ['Paris, France', 'sunny']
    >>> _condition_parts("Paris,sunny", (city, sky))
    ['Paris', 'sunny']
    """
    pieces = text.split(",")

    def cut(start, index):  # the values of columns[index:] from pieces[start:], or None
        if index == len(columns):
            return [] if start == len(pieces) else None
        categories = columns[index].categories
        for end in range(start + 1, len(pieces) + 1 if categories is not None else start + 2):
            value = ",".join(pieces[start:end]).strip()
            rest = cut(end, index + 1) if categories is None or value in categories else None
            if rest is not None:
                return [value, *rest]
        return None

    return cut(0, 0) or [piece.strip() for piece in pieces]


def _parse_numbers(text, count):
    """`count` comma-separated finite numbers as float32, or None."""
    try:
        values = np.array([float(part) for part in text.split(",")], "float32")
    except ValueError:
        return None
    return values if values.shape == (count,) and np.isfinite(values).all() else None


def _column_condition(column, text, named, received):
    """One condition column's part of `--condition`: a category's one-hot, or a number in
    the column's units, scaled. `named`: what a model of several columns takes (None: one)."""
    if column.categories is not None:
        if text not in column.categories:
            shown = ", ".join(column.categories[:10]) + (", ..." if len(column.categories) > 10 else "")
            raise UsageError(f"{column.name!r} has no category {text!r}; its categories: {shown}. Expected "
                             f"--condition as {named}. Received: --condition {received!r}")
        return np.eye(column.dim, dtype="float32")[column.categories.index(text)]
    try:
        number = float(text)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        expected = (f"--condition as {named}" if named else  # one column
                    f"--condition as a number, e.g. --condition {column.example()} (or --condition-file)")
        raise UsageError(f"This model is conditioned on {column.describe()}: pass {expected}. "
                         f"Received: --condition {received!r}")
    return column.scale([number])


def _exact_labels(condition_columns, vector):
    """The columns' labels of a condition vector given as numbers, when every category
    column's part is exactly a one-hot (else None: no category to name)."""
    for column, part in zip(condition_columns.columns, condition_columns.parts(vector)):
        if column.categories is not None and not (set(part.tolist()) <= {0.0, 1.0} and part.sum() == 1):
            return None
    return condition_columns.labels(vector)


def _stream_sequences(gan, path, num, length, seed, columns, condition=None, labels=None, categorical=None):
    """Generates `(num, length, features)` into a .npy file on disk (`gan.generate`'s
    values, written a batch of sequences and a chunk of steps at a time), and for a .csv
    path writes that out in blocks of rows: memory stays bounded however many values are
    asked for. `condition`: checked, as `gan._check_condition` returns it (or a broadcast
    view of one path of steps); `labels`, `categorical`: `_write_csv_rows`' columns."""
    import tempfile

    from tfgan_rnn.callbacks import atomic_path
    from tfgan_rnn.data import check_finite

    width = len(columns)

    def write_array(array_path):
        array = np.lib.format.open_memmap(array_path, mode="w+", dtype="float32", shape=(num, length, width))
        gan._generate_into(array, int(seed), condition=condition)
        rows = max(1, _GENERATE_BLOCK_BYTES // (4 * length * width))
        for first in range(0, num, rows):  # read back a block at a time
            check_finite(array[first:first + rows], "generated sequences")
        array.flush()
        return array

    with _cleanup_on_sigterm(), atomic_path(path) as temporary:
        if path.lower().endswith(".npy"):
            write_array(temporary)  # the memmap is closed when dropped
            return
        with tempfile.TemporaryDirectory(prefix=".tmp-", dir=os.path.dirname(os.path.abspath(path))) as scratch:
            array = write_array(os.path.join(scratch, "sequences.npy"))
            _write_csv_rows(temporary, array, columns, labels, categorical)
            del array


@contextmanager
def _cleanup_on_sigterm():
    """Turns SIGTERM (`kill`, a job scheduler's stop) into SystemExit(143), so that the
    temporary files of a half-written output are removed as on Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _write_csv_rows(path, array, columns, labels=None, categorical=None, mode="w", first_sequence=0):
    """Writes `(num, length, features)`, or a list of sequences `(length_i, features)`, as
    CSV rows (a 'sequence' column first, counting from `first_sequence`, then a column for
    each of `labels`, `[(column name, one value for all rows, a value per row, or a value
    per step of every sequence), ...]`), a block of rows at a time; each one-hot block of
    `categorical` (`Scaler.categorical`) as one column of its category names. `mode` "a"
    appends, without the header."""
    import pandas as pd

    if isinstance(array, list):  # sequences of different lengths, one after the other
        rows = np.concatenate(array)
        sequence = np.repeat(np.arange(len(array)), [len(item) for item in array])
    else:
        num, length, width = array.shape
        rows, sequence = array.reshape(num * length, width), None
    width = rows.shape[-1]
    block = max(1, _GENERATE_BLOCK_BYTES // (4 * width) // 4)  # formatting takes several times the values
    with open(path, mode, newline="") as handle:
        for start in range(0, len(rows), block):
            values = np.asarray(rows[start:start + block])
            frame = pd.DataFrame(values, columns=columns)
            for column, first, categories in sorted(categorical or (), key=lambda block: -block[1]):
                names = np.asarray(categories, dtype=object)[values[:, first:first + len(categories)].argmax(-1)]
                frame = frame.drop(columns=columns[first:first + len(categories)])
                frame.insert(first, column, names)
            frame.insert(0, "sequence", first_sequence + (sequence[start:start + len(values)] if sequence is not None
                                                          else np.arange(start, start + len(values)) // length))
            rows_here = np.arange(start, start + len(values))
            for position, (name, label) in enumerate(labels or (), start=1):
                frame.insert(position, name, label if np.ndim(label) == 0 else label[rows_here % len(label)])
            frame.to_csv(handle, index=False, header=start == 0 and mode == "w", float_format="%.6g")


def export_command(args) -> int:
    from tfgan_rnn.export import _check_replaceable, export_saved_model

    if os.path.exists(args.out) and not os.path.isdir(args.out):
        raise UsageError(f"--out must be a folder. Received: --out {args.out!r}")
    try:
        _check_replaceable(args.out)  # before loading: --out may be the model's own folder
        gan, model_file = _load_gan(args.model)
        export_saved_model(gan, args.out)
    except ValueError as error:
        raise UsageError(_one_line(error)) from None
    print(f"tfgan-rnn: exported {model_file} to {args.out} (signatures: generate, step)")
    condition_columns = _Conditions.from_config(_training_config(model_file), gan.condition_dim)
    if condition_columns is not None and len(condition_columns.columns) > 1:
        print(f"  condition: {condition_columns.dim} numbers, these side by side:")
    for column in () if condition_columns is None else condition_columns.columns:
        if column.categories is not None:
            print(f"  condition: a one-hot of {column.name!r}, in this order: {', '.join(column.categories)}")
        else:
            minus = f"- {column.low:g}" if column.low >= 0 else f"+ {-column.low:g}"  # not "- -1.6"
            print(f"  condition: ({column.name} {minus}) / ({column.high:g} {minus}), one number")
    return 0


# What each command imports beyond training (requirements.txt has them; requirements-train.txt,
# `make venv-train`, does not).
_COMMAND_LIBRARIES = {
    "train": ("pandas", "matplotlib", "sklearn", "scipy"),
    "evaluate": ("pandas", "matplotlib", "sklearn", "scipy"),
    "generate": ("pandas",),
}


def _missing_libraries(command) -> list:
    import importlib

    missing = []
    for name in _COMMAND_LIBRARIES.get(command, ()):
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append("scikit-learn" if name == "sklearn" else name)
    return missing


def main(argv=None) -> int:
    """Entry point of `tfgan-rnn` and `python -m tfgan_rnn`; returns the exit code."""
    logging.basicConfig(format="%(message)s", level=logging.INFO)
    logging.getLogger("absl").setLevel(logging.ERROR)
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)  # --help and usage errors before TensorFlow's import
    args.argv = argv
    missing = _missing_libraries(args.command)
    if missing:
        print(f"tfgan-rnn {args.command}: error: this environment lacks {', '.join(missing)}, which the "
              "command needs (a training-only environment from requirements-train.txt has none of "
              "them); install requirements.txt: pip install -r requirements.txt", file=sys.stderr)
        return EXIT_USAGE
    import tfgan_rnn

    tfgan_rnn._load()  # TensorFlow, and every class a saved model may name registered with Keras
    try:
        commands = {"train": train, "generate": generate, "evaluate": evaluate_command, "export": export_command}
        return commands[args.command](args)
    except UsageError as error:
        print(f"tfgan-rnn {args.command}: error: {_one_line(error)}", file=sys.stderr)
        return EXIT_USAGE
    except MemoryError as error:  # e.g. `--data sines --window 100000`: 10,000 windows that long
        print(f"tfgan-rnn {args.command}: error: not enough memory for what was asked "
              f"({_one_line(error) or 'MemoryError'}); ask for less: a shorter --window, a smaller "
              "--batch-size, fewer or shorter sequences.", file=sys.stderr)
        return EXIT_USAGE
