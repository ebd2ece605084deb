import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import keras
import numpy as np
import pandas as pd
import pytest

import tfgan_rnn
from tfgan_rnn import cli, recipe

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# A tiny model (the default 256-channel branch would be most of each test's time), and no
# calibration at the end (its check trains a classifier; tests/test_calibration.py covers it).
TINY = ["--units", "8", "--layers", "1", "--window", "8", "--batch-size", "16", "--verbose", "0",
        "--discriminator-conv-filters", "8", "--no-calibrate"]
TINY_ANY_LENGTH = TINY[:TINY.index("--window")] + TINY[TINY.index("--window") + 2:]  # for whole sequences


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory):
    rng = np.random.default_rng(0)
    t = np.arange(300)
    frame = pd.DataFrame({
        "timestamp": pd.date_range("2024-01-01", periods=300, freq="h").astype(str),
        "temperature": 20 + 5 * np.sin(t / 10) + rng.normal(0, 0.3, 300),
        "load": 100 + 40 * np.cos(t / 7) + rng.normal(0, 2, 300),
    })
    path = tmp_path_factory.mktemp("csv") / "plant.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def trained(csv_path, tmp_path_factory):
    root = tmp_path_factory.mktemp("run")
    out, logdir = root / "model", root / "logs"
    code = cli.main(["train", "--data", str(csv_path), "--steps", "30", "--out", str(out),
                     "--logdir", str(logdir), *TINY])
    assert code == 0
    return out, logdir


def test_train_writes_model_config_history_plot_samples_report_and_logs(trained, csv_path):
    out, logdir = trained
    assert {"model.keras", "config.json", "history.csv", "history.json", "real_vs_generated.png",
            "samples.csv", "evaluation"} <= set(os.listdir(out))
    report = json.loads((out / "evaluation" / "report.json").read_text())
    assert report["budget"] == "quick" and 0 <= report["discriminative_score"]["mean"] <= 0.5
    assert "<img src='real_vs_synthetic.png'" in (out / "evaluation" / "report.html").read_text()
    config = json.loads((out / "config.json").read_text())
    assert config["columns"] == ["temperature", "load"] and config["window"] == 8
    assert config["precision"] == "float32"  # --precision auto where TensorFlow sees no GPU
    assert config["command"].startswith("tfgan-rnn train --data")
    history = json.loads((out / "history.json").read_text())
    assert len(history["generator_loss"]) == config["epochs"]
    assert (out / "real_vs_generated.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert any(name.startswith("events.out.tfevents") for _, _, files in os.walk(logdir) for name in files)
    gan = keras.saving.load_model(out / "model.keras")
    assert isinstance(gan, tfgan_rnn.RecurrentGAN) and gan.feature_names == ["temperature", "load"]
    # The recipe's generator average is on, recorded, and saved with the model.
    assert config["generator_ema_momentum"] == recipe.DEFAULTS["generator_ema_momentum"]
    assert gan._generator_average_optimizer() is not None


def test_recipe_flags_reach_the_recipe_and_ema_momentum_zero_turns_the_average_off():
    def overrides(*flags):
        return cli._recipe_overrides(cli.build_parser().parse_args(["train", "--data", "stocks", *flags]))

    assert overrides()["generator_ema_momentum"] == recipe.DEFAULTS["generator_ema_momentum"]
    assert overrides("--generator-ema-momentum", "0.9")["generator_ema_momentum"] == 0.9
    assert overrides("--generator-ema-momentum", "0")["generator_ema_momentum"] is None
    assert overrides()["static_noise_dim"] == recipe.DEFAULTS["static_noise_dim"]
    assert overrides("--static-noise-dim", "3")["static_noise_dim"] == 3
    assert overrides()["discriminator_conv_filters"] == recipe.DEFAULTS["discriminator_conv_filters"]
    assert overrides("--discriminator-conv-filters", "0")["discriminator_conv_filters"] == 0
    assert (overrides()["discriminator_minibatch_group_size"]
            == recipe.DEFAULTS["discriminator_minibatch_group_size"])
    assert overrides("--discriminator-minibatch-group-size", "0")["discriminator_minibatch_group_size"] == 0
    assert overrides()["moment_matching_per_step"] is recipe.DEFAULTS["moment_matching_per_step"] is False
    assert overrides("--moment-matching-per-step")["moment_matching_per_step"] is True
    assert overrides()["discriminator_noise"] == recipe.DEFAULTS["discriminator_noise"]
    assert overrides("--discriminator-noise", "0.05")["discriminator_noise"] == 0.05
    assert overrides()["category_share_weight"] == recipe.DEFAULTS["category_share_weight"]
    assert overrides("--category-share-weight", "0")["category_share_weight"] == 0.0
    assert overrides()["numbers_given_categories"] is recipe.DEFAULTS["numbers_given_categories"] is True
    assert overrides("--no-numbers-given-categories")["numbers_given_categories"] is False


def test_generated_flags_and_counts_keep_to_the_data_unless_snap_is_off(tmp_path, caplog):
    rng = np.random.default_rng(0)
    path = tmp_path / "mixed.csv"
    pd.DataFrame({"flag": rng.integers(0, 2, 60), "count": rng.integers(0, 300, 60) * 10,
                  "level": rng.normal(size=60)}).to_csv(path, index=False)

    def scaler(*flags):
        args = cli.build_parser().parse_args(["train", "--data", str(path), *flags])
        return cli._prepare_training(args)[1]

    with caplog.at_level(logging.INFO, logger="tfgan_rnn"):
        snapping = scaler()
    assert "generated on their observed values: flag (2 values)" in caplog.text
    generated = snapping.inverse_transform(rng.uniform(size=(4, 8, 3)))
    assert set(np.unique(generated[..., 0])) <= {0.0, 1.0}
    np.testing.assert_allclose(generated[..., 1] % 10, 0, atol=1e-3)
    assert scaler("--no-snap").levels == [None, None, None]


def test_panel_data_trains_one_series_per_value_of_the_series_column(tmp_path, capsys):
    rng = np.random.default_rng(0)
    rows = []
    for day in range(40):  # long format, the tickers' rows interleaved; C is too short to window
        for ticker, level in (("A", 10.0), ("B", 500.0)) + ((("C", 1.0),) if day < 5 else ()):
            rows.append({"date": f"2024-01-{day % 28 + 1:02d}", "ticker": ticker,
                         "price": level + rng.normal(), "volume": int(rng.integers(100, 200))})
    path = tmp_path / "panel.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    out = tmp_path / "model"
    code = cli.main(["train", "--data", str(path), "--series-column", "ticker", "--steps", "2", "--missing-values=-999",
                     "--interpolate-missing", "--evaluation", "none", "--out", str(out), "--logdir",
                     str(tmp_path / "logs"), *TINY])
    assert code == 0
    printed = capsys.readouterr().out
    assert "2 series by 'ticker', 40 steps each" in printed
    config = json.loads((out / "config.json").read_text())
    assert config["missing_values"] == ["-999"] and config["interpolate_missing"] is True  # evaluate reads as train
    # 2 x (40 - 8 + 1) windows: none crosses from A to B; the plot's real windows come from both.
    assert config["num_series"] == 2 and config["num_windows"] == 66 and config["columns"] == ["price", "volume"]
    args = cli.build_parser().parse_args(["train", "--data", str(path), "--series-column", "ticker", "--window", "8"])
    series = cli._load_training_series(args).values
    assert [round(float(s[:, 0].mean()), -1) for s in series] == [10.0, 500.0]
    assert cli.main(["train", "--data", str(path), "--series-column", "symbol", "--steps", "1"]) == 2
    assert "Expected one of ['date', 'ticker', 'price', 'volume']" in capsys.readouterr().err


def test_long_format_data_is_spread_by_the_variable_column(csv_path, tmp_path, capsys):
    wide = pd.read_csv(csv_path)
    long = wide.melt(id_vars="timestamp", var_name="quantity", value_name="reading")  # sorted by quantity
    path = tmp_path / "plant_long.csv"
    long.to_csv(path, index=False)
    parser = cli.build_parser()
    expected = cli._load_training_series(parser.parse_args(["train", "--data", str(csv_path)]))
    loaded = cli._load_training_series(parser.parse_args(["train", "--data", str(path), "--variable-column",
                                                          "quantity"]))
    assert loaded.columns == ["temperature", "load"] and loaded.name == "plant_long"
    np.testing.assert_array_equal(loaded.values, expected.values)
    # evaluate reads it so too, and scores the model's columns of it
    args = parser.parse_args(["evaluate", "--model", "unused", "--data", str(path), "--variable-column", "quantity"])
    args.model_columns = ["load"]
    assert cli._load_training_series(args).columns == ["load"]
    assert "leaving out 'temperature'" in capsys.readouterr().out
    args = parser.parse_args(["evaluate", "--model", "unused", "--data", str(path)])  # the flag forgotten
    args.model_columns, args.trained_variable_column = ["load"], "quantity"
    with pytest.raises(cli.UsageError, match=r"lacks the model's column\(s\) \['load'\].*It was trained on "
                                             r"long-format rows spread by --variable-column quantity: pass that"):
        cli._load_training_series(args)
    # a panel in long format: a series per station, a column per quantity within each
    panel = pd.concat([long.assign(station="north"), long.assign(station="south",
                                                                  reading=long.reading * 2)])
    panel.to_csv(tmp_path / "stations.csv", index=False)
    series = cli._load_training_series(parser.parse_args(
        ["train", "--data", str(tmp_path / "stations.csv"), "--variable-column", "quantity", "--series-column",
         "station"])).values
    np.testing.assert_allclose(series[0], expected.values)
    np.testing.assert_allclose(series[1], 2 * expected.values)
    # DataBank's layout: a row per country and indicator, a year per column, a code beside each
    # name, dropped before the indicators are spread into columns
    years = [f"{year} [YR{year}]" for year in range(2000, 2030)]
    databank = pd.DataFrame([{"Country Name": country, "Series Name": name, "Series Code": code,
                              **dict(zip(years, np.arange(30.0) * scale))}
                             for country, scale in (("Aruba", 1), ("Chile", 2))
                             for name, code in (("GDP", "NY.GDP"), ("CPI", "FP.CPI"))])
    databank.to_csv(tmp_path / "databank.csv", index=False)
    loaded = cli._load_training_series(parser.parse_args(
        ["train", "--data", str(tmp_path / "databank.csv"), "--series-column", "Country Name", "--variable-column",
         "Series Name", "--drop-columns", "Series Code,CPI"]))
    assert loaded.columns == ["GDP"]  # a variable dropped once spread
    np.testing.assert_array_equal(np.stack(loaded.values)[..., 0], [np.arange(30.0), 2 * np.arange(30.0)])
    for flags, message in ((["--variable-column", "kind"], "--variable-column names 'kind', which the data lacks"),
                           (["--variable-column", "quantity", "--series-column", "quantity"],
                            "--variable-column quantity is also the --series-column")):
        assert cli.main(["train", "--data", str(path), *flags, "--dry-run"]) == 2
        assert message in capsys.readouterr().err


def test_a_sequence_per_row_is_read_across_the_columns(tmp_path, capsys):
    # The UCR archive's layout: no header, a class label, then the steps; a shorter row ends in empty cells.
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(6, 12)).round(3)
    labels = [1, 2, 1, 2, 1, 2]
    lines = ["\t".join(map(str, [label, *row])) for label, row in zip(labels, rows)]
    lines[5] = "\t".join(map(str, [2, *rows[5, :10]])) + "\t\t"
    path = tmp_path / "ECG_TRAIN.tsv"
    path.write_text("\n".join(lines) + "\n")
    parser = cli.build_parser()
    args = parser.parse_args(["train", "--data", str(path), "--sequence-per-row", "--condition-column", "feature_0"])
    loaded = cli._load_training_series(args)
    assert args.whole_sequences and args.window == 12 and loaded.columns == ["value"]  # lengths differ: whole
    assert [len(s) for s in loaded.values] == [12] * 5 + [10]
    np.testing.assert_array_equal(loaded.values[0][:, 0], rows[0])
    np.testing.assert_array_equal(loaded.values[5][:, 0], rows[5, :10])
    np.testing.assert_array_equal(loaded.conditions[1], np.tile([0.0, 1.0], (12, 1)))  # its label at every step
    assert ("6 sequences, one per row, 10-12 steps each, each read whole (padded to 12 steps, which the discriminator "
            "skips; --no-whole-sequences or a --window trains on windows of one length)") in capsys.readouterr().out
    args = parser.parse_args(["train", "--data", str(path), "--sequence-per-row", "--condition-column", "feature_0",
                              "--no-whole-sequences"])
    cli._load_training_series(args)
    assert not args.whole_sequences and args.window == 10  # the shortest row's length
    assert ("6 sequences, one per row, 10-12 steps each; windows of 10 steps (the shortest sequence; a longer "
            "--window leaves out the sequences shorter than it; --whole-sequences trains on each whole)") in \
        capsys.readouterr().out
    args = parser.parse_args(["train", "--data", str(path), "--sequence-per-row", "--drop-columns", "feature_0",
                              "--window", "11"])
    assert len(cli._load_training_series(args).values) == 5  # the row of 10 steps is too short
    indexed = tmp_path / "indexed.csv"  # pandas' to_csv writes its row index first: not a step
    pd.DataFrame(rows[:, :4]).to_csv(indexed)
    loaded = cli._load_training_series(parser.parse_args(["train", "--data", str(indexed), "--sequence-per-row"]))
    np.testing.assert_array_equal(np.stack(loaded.values)[..., 0], rows[:, :4])
    # column names that are dates stay the steps of each row
    dated = tmp_path / "cases.csv"
    pd.DataFrame(rows[:, :4], columns=["1/22/20", "1/23/20", "1/24/20", "1/25/20"]).to_csv(dated, index=False)
    loaded = cli._load_training_series(parser.parse_args(["train", "--data", str(dated), "--sequence-per-row"]))
    np.testing.assert_array_equal(np.stack(loaded.values)[..., 0], rows[:, :4])
    gap = tmp_path / "gap.csv"
    gap.write_text("a,b,c\n1,,3\n4,5,6\n")
    interpolated = cli._load_training_series(parser.parse_args(
        ["train", "--data", str(gap), "--sequence-per-row", "--interpolate-missing"]))
    assert interpolated.values[0][:, 0].tolist() == [1, 2, 3]
    for flags, message in (
            ([str(gap), "--sequence-per-row"], "1 row(s) have missing steps between values, e.g. row 1 of the data"),
            ([str(path), "--sequence-per-row", "--series-column", "feature_0"], "cannot be combined with --series"),
            ([str(path), "--sequence-per-row", "--condition-column", "feature_0", "--condition-kind", "number"],
             "a condition is a category of the whole row (a class label): pass --condition-kind category")):
        assert cli.main(["train", "--data", *flags, "--dry-run"]) == 2
        assert message in capsys.readouterr().err
    labelled = tmp_path / "labelled.csv"
    labelled.write_text("label,s1,s2,s3\nnormal,1,2,3\nabnormal,4,5,6\n")
    assert cli.main(["train", "--data", str(labelled), "--sequence-per-row", "--dry-run"]) == 2
    assert "column(s) 'label' are not numeric. Leave them out (--drop-columns label)" in capsys.readouterr().err
    # evaluate reads the rows so too, and names the flag when it is forgotten
    args = parser.parse_args(["evaluate", "--model", "unused", "--data", str(path), "--window", "12"])
    args.model_columns, args.trained_sequence_per_row = ["value"], True
    with pytest.raises(cli.UsageError, match="It was trained on a sequence per row: pass --sequence-per-row here"):
        cli._load_training_series(args)


def test_a_class_label_column_is_not_read_as_a_step(tmp_path, caplog):
    # Before: with --sequence-per-row alone, a UCR file's label became each sequence's first step.
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(8, 40)).round(4)
    labels = np.array([1, 2, 3, 1, 2, 3, 1, 2])
    ucr = tmp_path / "Gun_TRAIN.txt"  # the archive's older layout: spaces, the label first as a float
    np.savetxt(ucr, np.column_stack([labels, rows]), fmt="%.7e")
    parser = cli.build_parser()
    loaded = cli._load_training_series(parser.parse_args(["train", "--data", str(ucr), "--sequence-per-row"]))
    np.testing.assert_allclose(np.stack(loaded.values)[..., 0], rows)
    assert "dropping column feature_0, each row's class label (3 values: 1, 2, 3), not a step" in caplog.text
    heartbeat = tmp_path / "mitbih_train.csv"  # Kaggle's heartbeats: the label last, steps padded with zeros
    padded = np.where(np.arange(40) < 30, np.abs(rows), 0.0)
    np.savetxt(heartbeat, np.column_stack([padded, labels - 1]), delimiter=",", fmt="%.18e")
    loaded = cli._load_training_series(parser.parse_args(["train", "--data", str(heartbeat), "--sequence-per-row"]))
    np.testing.assert_allclose(np.stack(loaded.values)[..., 0], padded)
    # --columns naming it keeps it as a step; a first step of whole numbers alone is no label
    args = parser.parse_args(["train", "--data", str(ucr), "--sequence-per-row",
                              "--columns", ",".join(f"feature_{i}" for i in range(41))])
    assert np.stack(cli._load_training_series(args).values).shape == (8, 41, 1)
    counts = tmp_path / "counts.csv"
    counts.write_text("\n".join(",".join(str(v) for v in [i % 3, *range(i, i + 5)]) for i in range(8)) + "\n")
    args = parser.parse_args(["train", "--data", str(counts), "--sequence-per-row", "--window", "6"])
    # every column a step; the first line (0,0,1,2,3,4) holds values, since names do not repeat
    assert np.stack(cli._load_training_series(args).values).shape == (8, 6, 1)
    # Without the flag, `train` reads a headerless file of more columns than rows with a class label column
    # as a sequence per row, saying so (and not the notices of the features' reading it tried first).
    caplog.clear()
    args = parser.parse_args(["train", "--data", str(ucr)])
    loaded = cli._load_training_series(args)
    np.testing.assert_allclose(np.stack(loaded.values)[..., 0], rows)
    assert args.sequence_per_row and args.window == 40  # the rows' length, as with the flag
    assert ("has no header, 41 columns in 8 rows and class labels in feature_0: read as a sequence per row (the UCR "
            "archive's layout; --no-sequence-per-row reads its columns as features)") in caplog.text
    assert "read it as one (CLI: --sequence-per-row)" not in caplog.text
    conditioned = cli._load_training_series(parser.parse_args(["train", "--data", str(ucr), "--condition-column",
                                                               "feature_0"]))  # the label as each row's class
    assert np.stack(conditioned.values).shape == (8, 40, 1) and len(conditioned.conditions) == 8
    # More rows than columns: a sequence per row where the columns move together on one scale, as a signal's
    # steps do, and the rows are no series in time; 40 sensors' readings down the rows are features
    t = np.linspace(0, 2 * np.pi, 40)
    outlines = np.sin(t[None] * rng.integers(1, 4, (60, 1)) / 2 + rng.random((60, 1)))  # 60 smooth rows, no order
    leaves = tmp_path / "Leaf_TRAIN.tsv"
    np.savetxt(leaves, np.column_stack([np.arange(60) % 3 + 1, outlines]), delimiter="\t", fmt="%.6f")
    args = parser.parse_args(["train", "--data", str(leaves)])
    np.testing.assert_allclose(np.stack(cli._load_training_series(args).values)[..., 0], outlines, atol=1e-6)
    assert args.sequence_per_row and "its rows not in time: read as a sequence per row" in caplog.text
    # So are rows of 30 columns or fewer (UCR's ItalyPowerDemand: 24 hours a day, 67 days), here with
    # neighbouring hours correlated at 0.86; 24 noise columns stay features.
    hours = np.arange(24)
    profiles = rng.normal(1, 0.3, (60, 1)) * np.sin(2 * np.pi * (hours[None] + rng.normal(0, 2, (60, 1))) / 24)
    days = profiles + 0.15 * rng.normal(size=(60, 24))
    power = tmp_path / "Power_TRAIN.tsv"
    np.savetxt(power, np.column_stack([np.arange(60) % 2 + 1, days]), delimiter="\t", fmt="%.6f")
    args = parser.parse_args(["train", "--data", str(power)])
    np.testing.assert_allclose(np.stack(cli._load_training_series(args).values)[..., 0], days, atol=1e-6)
    assert args.sequence_per_row and args.window == 24 and "25 columns in 60 rows" in caplog.text
    # The archive's .arff files name the steps att1,...,att24 and the label target, last
    arff = tmp_path / "Power_TRAIN.arff"
    arff.write_text("@relation Power\n" + "".join(f"@attribute att{i} numeric\n" for i in range(1, 25))
                    + "@attribute target {1,2}\n@data\n"
                    + "".join(",".join([*(f"{v:.6f}" for v in day), str(i % 2 + 1)]) + "\n" for i, day in enumerate(days)))
    args = parser.parse_args(["train", "--data", str(arff)])
    np.testing.assert_allclose(np.stack(cli._load_training_series(args).values)[..., 0], days, atol=1e-6)
    assert args.sequence_per_row and "has numbered steps, att1 to att24, 25 columns in 60 rows and class labels in " \
        "target, the other columns moving together" in caplog.text
    # Whole numbers throughout (UCR's Chinatown: 20 days of a class and 24 hourly counts, their scale changing
    # through the day): the first line is a row, the class a label, and with fewer rows than a window the rows
    # are sequences. Before: the first line named the columns and the file stopped on "--window 24 is longer".
    counts = np.rint(np.abs(days[:20]) * np.linspace(10, 800, 24)).astype(int) + 3
    chinatown = tmp_path / "Chinatown_TRAIN.tsv"
    np.savetxt(chinatown, np.column_stack([np.arange(20) // 10 + 1, counts]), delimiter="\t", fmt="%d")
    args = parser.parse_args(["train", "--data", str(chinatown)])
    np.testing.assert_array_equal(np.stack(cli._load_training_series(args).values)[..., 0], counts)
    assert args.sequence_per_row and "class labels in feature_0, fewer rows than a --window of 24 steps: read as a " \
        "sequence per row" in caplog.text
    args = parser.parse_args(["train", "--data", str(chinatown), "--window", "4"])  # a window fits: features
    assert cli._load_training_series(args).values.shape == (20, 25) and not args.sequence_per_row
    # Its class may be named, not numbered: a nominal {peak,flat} is a label too (before: "'target' not numeric")
    named = tmp_path / "Power_named_TRAIN.arff"
    named.write_text(arff.read_text().replace("{1,2}", "{peak,flat}").replace(",1\n", ",peak\n")
                     .replace(",2\n", ",flat\n"))
    args = parser.parse_args(["train", "--data", str(named)])
    np.testing.assert_allclose(np.stack(cli._load_training_series(args).values)[..., 0], days, atol=1e-6)
    assert args.sequence_per_row and "dropping column target, each row's class label (2 values: flat, peak)" \
        in caplog.text
    conditioned = cli._load_training_series(parser.parse_args(["train", "--data", str(named), "--condition-column",
                                                               "target"]))
    np.testing.assert_array_equal(conditioned.conditions[0][0], [0.0, 1.0])  # the first day: peak; sorted
    noise = tmp_path / "Noise_TRAIN.tsv"
    np.savetxt(noise, np.column_stack([np.arange(60) % 2 + 1, rng.normal(size=(60, 24))]), delimiter="\t", fmt="%.6f")
    args = parser.parse_args(["train", "--data", str(noise), "--window", "4"])
    assert cli._load_training_series(args).values.shape == (60, 25) and not args.sequence_per_row
    # No class labels: rows of more columns than there are rows, too few rows for a window, are
    # sequences where the columns look like a signal's steps; noise stays features.
    unlabelled = tmp_path / "shapes.csv"
    np.savetxt(unlabelled, outlines[:20], delimiter=",", fmt="%.6f")
    args = parser.parse_args(["train", "--data", str(unlabelled)])
    np.testing.assert_allclose(np.stack(cli._load_training_series(args).values)[..., 0], outlines[:20], atol=1e-6)
    assert args.sequence_per_row and "has no header, 40 columns in 20 rows, its columns moving together" in caplog.text
    np.savetxt(unlabelled, rng.normal(size=(20, 40)), delimiter=",", fmt="%.6f")
    args = parser.parse_args(["train", "--data", str(unlabelled), "--window", "4"])
    assert cli._load_training_series(args).values.shape == (20, 40) and not args.sequence_per_row
    readings = np.cumsum(rng.normal(size=(60, 1)), axis=0) + 0.1 * rng.normal(size=(60, 40))
    sensors = tmp_path / "sensors.csv"
    np.savetxt(sensors, np.column_stack([np.arange(60) % 3, readings]), delimiter=",", fmt="%.6f")
    args = parser.parse_args(["train", "--data", str(sensors), "--window", "4"])
    assert cli._load_training_series(args).values.shape == (60, 41) and not args.sequence_per_row
    # More rows than columns, over 30 of them, and class labels: rows not in time are sequences, however little
    # their columns move together (UCR's FordA: noisy engine sounds). Before: read as 40 features.
    taller = tmp_path / "Taller_TRAIN.txt"
    noisy = rng.normal(size=(50, 40))
    np.savetxt(taller, np.column_stack([np.arange(50) % 3 + 1, noisy]), fmt="%.7e")
    args = parser.parse_args(["train", "--data", str(taller)])
    np.testing.assert_allclose(np.stack(cli._load_training_series(args).values)[..., 0], noisy, rtol=1e-6)
    assert args.sequence_per_row and "41 columns in 50 rows and class labels in feature_0, its rows not in time: " \
        "read as a sequence per row" in caplog.text
    # --no-sequence-per-row reads the columns as features, and the notice names the flag; so does a file
    # with class labels whose rows are in time (the sensors above)
    for data, flags, shape in ((ucr, ["--no-sequence-per-row"], (8, 41)), (sensors, [], (60, 41))):
        caplog.clear()
        args = parser.parse_args(["train", "--data", str(data), "--window", "4", *flags])
        assert cli._load_training_series(args).values.shape == shape and not args.sequence_per_row
        assert (f"has 41 columns and feature_0 holds whole numbers of 3 values: if each row is a whole sequence with "
                "its class label (the UCR archive's layout), read it as one (CLI: --sequence-per-row)") in caplog.text


def test_a_ts_file_trains_a_sequence_per_line_for_its_classes(tmp_path, capsys):
    path = tmp_path / "Motions_TRAIN.ts"
    lines = [f"{','.join(str(i + k) for k in range(6))}:{','.join(str(-i - k) for k in range(6))}:{label}"
             for i, label in enumerate(["walk", "run", "walk", "run"])]
    lines[3] = "1,?,3,4,5:1,2,3,4,5:run"  # shorter, a step missing in its first dimension
    path.write_text("@problemName Motions\n@univariate false\n@dimensions 2\n@classLabel true walk run\n@data\n"
                    + "\n".join(lines) + "\n")
    parser = cli.build_parser()
    args = parser.parse_args(["train", str(path), "--condition-column", "class", "--interpolate-missing"])
    loaded = cli._load_training_series(args)
    assert loaded.name == "Motions_TRAIN" and loaded.columns == ["dim_0", "dim_1"] and args.window == 6
    assert [len(s) for s in loaded.values] == [6, 6, 6, 5] and args.sequence_per_row and args.whole_sequences
    np.testing.assert_array_equal(loaded.values[3], [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]])
    np.testing.assert_array_equal(loaded.conditions[1], np.tile([1.0, 0.0], (6, 1)))  # run: categories sorted
    assert "4 sequences, one per line, 5-6 steps each, each read whole (padded to 6" in capsys.readouterr().out
    args = parser.parse_args(["train", str(path), "--interpolate-missing", "--window", "5"])
    cli._load_training_series(args)
    assert not args.whole_sequences and "4 sequences, one per line, 5-6 steps each; windows of 5 steps" in \
        capsys.readouterr().out
    cli._load_training_series(parser.parse_args(["train", str(path), "--interpolate-missing"]))
    assert "class labels (2: walk, run) are not used; --condition-column class" in capsys.readouterr().out
    for flags, message in ((["--series-column", "class"], "--series-column reads a CSV's columns; a .ts file"),
                           ([], "1 sequence(s) have missing steps between values, e.g. sequence 4")):
        assert cli.main(["train", str(path), *flags, "--dry-run"]) == 2
        assert message in capsys.readouterr().err


def test_a_tsf_file_trains_windows_within_each_series_as_the_same_panel_as_a_csv_does(tmp_path, capsys, caplog):
    # The forecasting archive's .tsf: attributes, then a series per line. Before: parsed as a CSV, refused
    # with "Column(s) '@relation tourism' are not numeric".
    rng = np.random.default_rng(0)
    lengths, states = [30, 41, 10, 26], ["NSW", "VIC", "NSW", "QLD"]
    series = [np.round(np.cumsum(rng.normal(size=length)) + 50, 3) for length in lengths]
    path = tmp_path / "tourism_monthly.tsf"
    path.write_text("# Monthly tourism\n@relation tourism\n@attribute series_name string\n@attribute state string\n"
                    "@attribute start_timestamp date\n@frequency monthly\n@horizon 24\n@missing true\n@data\n"
                    + "".join(f"T{i}:{state}:1990-01-01 00-00-00:{','.join(map(str, values))}\n"
                              for i, (state, values) in enumerate(zip(states, series))))
    panel = tmp_path / "tourism_monthly.csv"
    panel.write_text("series_name,state,visitors\n" + "".join(f"T{i},{state},{value}\n" for i, (state, values) in
                                                             enumerate(zip(states, series)) for value in values))
    parser = cli.build_parser()
    args = parser.parse_args(["train", str(path)])
    loaded = cli._load_training_series(args)
    as_panel = cli._load_training_series(parser.parse_args(["train", str(panel), "--series-column", "series_name",
                                                            "--drop-columns", "state"]))
    assert loaded.name == "tourism_monthly" and loaded.columns == ["value"] and args.window == 24
    assert len(loaded.values) == len(as_panel.values) == 3  # the series of 10 months is shorter than a window
    for ours, theirs in zip(loaded.values, as_panel.values):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6)  # the panel's float32
    assert not args.whole_sequences and not args.sequence_per_row
    printed = capsys.readouterr().out
    assert "3 series, one per line, monthly, 26-41 steps each; windows of 24 steps within each" in printed
    assert "skipping 1 of 4 series shorter than the window (24 steps)" in caplog.text
    # conditioned on an attribute; each whole with --whole-sequences
    conditioned = cli._load_training_series(parser.parse_args(["train", str(path), "--condition-column", "state",
                                                               "--window", "8"]))
    assert len(conditioned.values) == 4 and [c.shape for c in conditioned.conditions] == [(n, 3) for n in lengths]
    np.testing.assert_array_equal(conditioned.conditions[1][0], [0.0, 0.0, 1.0])  # VIC: categories sorted
    args = parser.parse_args(["train", str(path), "--whole-sequences"])
    assert [len(s) for s in cli._load_training_series(args).values] == lengths and args.window == 41
    # a missing month is interpolated where asked, refused otherwise; CSV flags and unknown attributes refused
    path.write_text(path.read_text().replace(f",{series[1][5]},", ",?,", 1))
    np.testing.assert_allclose(cli._load_training_series(parser.parse_args(
        ["train", str(path), "--interpolate-missing"])).values[1][5, 0], (series[1][4] + series[1][6]) / 2)
    capsys.readouterr()
    for flags, message in (([], "1 line(s) have missing steps between values, e.g. line 2 of the data"),
                           (["--columns", "state"], "--columns reads a CSV's columns; a .tsf file holds a series per"),
                           (["--condition-column", "region"], "--condition-column region is not an attribute of "
                                                              f"{path}; its attributes are series_name, state, "
                                                              "start_timestamp")):
        assert cli.main(["train", str(path), *flags, "--dry-run"]) == 2
        error = capsys.readouterr().err
        assert message in error and "Traceback" not in error


def test_a_tables_only_text_column_that_tells_series_apart_is_read_as_the_series_column(tmp_path, capsys):
    # vega's stocks.csv (symbol,date,price: five stocks one after another) and Ecdat's panels (country,year,...,
    # each country's years from 1960 again). Before: refused, "Column(s) 'symbol' are not numeric".
    rng = np.random.default_rng(0)
    dates = pd.date_range("2000-01-01", periods=40, freq="MS").strftime("%Y-%m-%d")
    prices = {symbol: np.round(np.cumsum(rng.normal(size=40 - 10 * i)) + 50, 2) for i, symbol in enumerate("ABC")}
    path = tmp_path / "stocks.csv"
    pd.DataFrame([(symbol, date, price) for symbol, values in prices.items() for date, price in
                  zip(dates[-len(values):], values)], columns=["symbol", "date", "price"]).to_csv(path, index=False)
    parser = cli.build_parser()
    args = parser.parse_args(["train", str(path)])
    loaded = cli._load_training_series(args)
    assert args.series_column == "symbol" and loaded.columns == ["price"]  # config.json records it, evaluate too
    for ours, values in zip(loaded.values, prices.values()):
        np.testing.assert_allclose(ours[:, 0], values, rtol=1e-6)
    assert "reading a series per value of 'symbol', the only text column, which tells 3 series apart (as " \
        "--series-column symbol does" in capsys.readouterr().out
    # plotly's gapminder: a country's continent and code are its labels, the year its time (before: refused)
    gapminder = pd.DataFrame({"country": np.repeat(["Chad", "Peru", "Chile"], 12),
                              "continent": np.repeat(["Africa", "Americas", "Americas"], 12),
                              "year": np.tile(np.arange(1952, 2008, 5), 3), "lifeExp": rng.uniform(30, 80, 36),
                              "iso_alpha": np.repeat(["TCD", "PER", "CHL"], 12)})
    gapminder.to_csv(tmp_path / "gapminder.csv", index=False)
    args = parser.parse_args(["train", str(tmp_path / "gapminder.csv")])
    loaded = cli._load_training_series(args)
    assert args.series_column == "country" and loaded.columns == ["lifeExp"] and len(loaded.values) == 3
    assert "reading a series per value of 'country', with 'iso_alpha' naming the same series, beside 'continent', " \
        "the same on all of a series' rows, which tells 3 series apart" in capsys.readouterr().out
    # Asked for, the continent is generated, one a country (before 2026-12-07: it changed from step to step), and
    # `evaluate` reads the file so.
    out = tmp_path / "gapminder_model"
    assert cli.main(["train", str(tmp_path / "gapminder.csv"), "--series-column", "country", "--categorical-columns",
                     "continent", "--steps", "2", "--evaluation", "none", "--out", str(out), "--logdir",
                     str(tmp_path / "logs"), *TINY_ANY_LENGTH]) == 0
    assert cli.main(["generate", "--model", str(out), "--num", "30", "--out", str(tmp_path / "countries.csv")]) == 0
    continents = pd.read_csv(tmp_path / "countries.csv").groupby("sequence").continent
    assert (continents.nunique() == 1).all() and set(continents.first()) <= {"Africa", "Americas"}
    assert cli.main(["evaluate", "--model", str(out), "--data", str(tmp_path / "gapminder.csv"), "--budget",
                     "quick", "--out", str(tmp_path / "report")]) == 0
    assert "3 series by 'country', 12 steps each" in capsys.readouterr().out
    panel = tmp_path / "Gasoline.csv"
    panel.write_text('"","country","year","lgaspcar"\n' + "".join(
        f'"{i * 30 + k + 1}","{country}",{1960 + k},{rng.normal():.4f}\n' for i, country in enumerate(["AUSTRIA",
                                                                                                     "BELGIUM"])
        for k in range(30)))
    args = parser.parse_args(["train", str(panel)])
    assert [len(s) for s in cli._load_training_series(args).values] == [30, 30] and args.series_column == "country"
    # Any column flag reads the table as asked: dropped, it is one series
    args = parser.parse_args(["train", str(path), "--drop-columns", "symbol"])
    assert cli._load_training_series(args).values.shape == (90, 1) and args.series_column is None


def test_a_world_bank_table_trains_a_series_per_country_from_its_first_reading_to_its_last(tmp_path, capsys,
                                                                                              caplog):
    # The World Bank's downloads (statsmodels' fertility.csv): a row per country, named twice (`Country Name`,
    # `Country Code`), a column per year, empty before a country's first reading and after its last. Before: refused
    # ("Column(s) 'Country Name', 'Country Code' are not numeric"); with --series-column, the empty years were
    # refused as missing values, or with --interpolate-missing filled with the first and last readings.
    rng = np.random.default_rng(0)
    years = [str(year) for year in range(1960, 2000)]
    spans = {"Aruba": (0, 40), "Andorra": (12, 40), "Angola": (0, 33), "Monaco": (40, 40)}  # Monaco: no reading
    readings = {name: [f"{5 + rng.normal():.3f}" for _ in range(start, end)] for name, (start, end) in spans.items()}
    path = tmp_path / "fertility.csv"
    pd.DataFrame([[name, name[:3].upper(), "Fertility rate", "SP.DYN.TFRT.IN",
                   *[""] * start, *readings[name], *[""] * (len(years) - end)] for name, (start, end) in spans.items()],
                 columns=["Country Name", "Country Code", "Indicator Name", "Indicator Code", *years]).to_csv(
        path, index=False)
    args = cli.build_parser().parse_args(["train", str(path)])
    with caplog.at_level(logging.WARNING, logger="tfgan_rnn"):
        loaded = cli._load_training_series(args)
    assert args.series_column == "Country Name" and loaded.columns == ["value"]
    assert [len(values) for values in loaded.values] == [40, 33, 28]  # in order of their first reading
    for values, name in zip(loaded.values, ["Aruba", "Angola", "Andorra"]):
        np.testing.assert_allclose(values[:, 0], [float(value) for value in readings[name]], rtol=1e-6)
    assert "reading a series per value of 'Country Name', with 'Country Code' naming the same series, which " \
        "tells 4 series apart" in capsys.readouterr().out
    assert "dropped 59 row(s) before the first or after the last reading of their series, holding no value, and " \
        "so 1 series with no reading at all ('Monaco')" in caplog.text
    # Two indicators of each country (a download of several): series of each, or variables of each country's
    # series (--variable-column 'Indicator Name')? Nothing is guessed.
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join([*lines, *(line.replace("Fertility rate", "Birth rate") for line in lines[1:])]))
    assert cli.main(["train", str(path), "--dry-run"]) == 2
    assert "spread it: --variable-column 'Indicator Name' --series-column 'Country Name'." \
        in capsys.readouterr().err


def test_whole_sequences_train_generate_and_evaluate_at_the_datas_lengths(tmp_path, capsys, monkeypatch):
    """--whole-sequences: a .ts file's sequences of 5, 8 and 11 steps are trained whole (not cut
    to windows of 5), `generate` draws those lengths as often as the data has them, and
    `evaluate` scores generated sequences of the real ones' lengths, both held after their end.
    Class a has the sequences of 5 and 8 steps, b those of 11: each is generated at its own."""
    rng = np.random.default_rng(0)
    lengths = [5, 8, 11] * 4
    path = tmp_path / "Vowels_TRAIN.ts"
    path.write_text("@problemName Vowels\n@univariate false\n@dimensions 2\n@classLabel true a b\n@data\n" + "".join(
        ":".join(",".join(f"{v:.3f}" for v in rng.random(length)) for _ in range(2)) + f":{'ab'[length == 11]}\n"
        for length in lengths))
    out = tmp_path / "model"
    checked = []

    def score(real, synthetic, **kwargs):  # the calibration's check: as generated, then with the map
        checked.append(real)
        return tfgan_rnn.metrics.Score([0.30, 0.10][len(checked) - 1], 0.0, ())

    monkeypatch.setattr("tfgan_rnn.metrics.discriminative_score", score)
    flags = [flag for flag in TINY_ANY_LENGTH if flag != "--no-calibrate"]
    assert cli.main(["train", str(path), "--whole-sequences", "--condition-column", "class", "--steps", "4",
                     "--evaluation", "none", "--num-samples", "6", "--out", str(out), "--logdir",
                     str(tmp_path / "logs"), *flags]) == 0
    printed = capsys.readouterr().out
    assert "12 sequences, one per line, 5-11 steps each, each read whole (padded to 11 steps" in printed
    assert "training on 12 sequences of 5-11 steps x 2" in printed
    assert "tfgan-rnn: kept (discriminative score with the condition 0.100 with the map, 0.300 without" in printed
    # The check scored whole sequences, each held after its end, with their conditions beside them.
    assert len(checked) == 2 and checked[0].shape == (12, 11, 2 + 2)
    ends = sorted(next(step for step in range(11) if (s[step:, :2] == s[step, :2]).all()) + 1 for s in checked[0])
    assert ends == sorted(lengths)
    monkeypatch.undo()
    assert f"generate --model {out} --num 10 --out samples.csv --condition a" in printed
    config = json.loads((out / "config.json").read_text())
    assert config["whole_sequences"] and config["window"] == 11
    assert config["lengths_by_category"] == {"column": "class", "lengths": {"a": {"5": 4, "8": 4}, "b": {"11": 4}}}
    gan = keras.saving.load_model(out / "model.keras")
    assert gan.training_lengths == {5: 4, 8: 4, 11: 4}
    # The model holds each category's lengths too, for the API: b (one-hot [0, 1]) had 11 steps.
    assert [(c.tolist(), counts) for c, counts in gan.training_lengths_by_condition] == \
        [([0.0, 1.0], {11: 4}), ([1.0, 0.0], {5: 4, 8: 4})]
    assert {len(s) for s in gan.generate_variable_length(20, seed=0, condition=np.array([0.0, 1.0]))} == {11}
    samples = pd.read_csv(out / "samples.csv")  # 6 sequences spread over the data, at their lengths
    assert samples.groupby("sequence").size().tolist() == [lengths[i] for i in np.linspace(0, 11, 6).astype(int)]
    assert (samples.groupby("sequence")["class"].nunique() == 1).all()

    generated = tmp_path / "generated.csv"
    assert cli.main(["generate", "--model", str(out), "--num", "300", "--condition", "b", "--out",
                     str(generated)]) == 0
    frame = pd.read_csv(generated)
    assert (frame.groupby("sequence").size() == 11).all() and len(frame) == 3300 and set(frame["class"]) == {"b"}
    assert "wrote 300 sequence(s) of 11-11 steps (drawn as often as the training sequences of 'class' b had" in \
        capsys.readouterr().out
    assert cli.main(["generate", "--model", str(out), "--num", "300", "--condition", "a", "--out",
                     str(generated)]) == 0
    counts = pd.read_csv(generated).groupby("sequence").size().value_counts()
    assert set(counts.index) == {5, 8} and counts.min() > 110
    assert cli.main(["generate", "--model", str(out), "--num", "3", "--out", str(tmp_path / "x.npy")]) == 2
    assert "sequences of different lengths (train --whole-sequences), which one .npy" in capsys.readouterr().err
    assert cli.main(["generate", "--model", str(out), "--num", "3", "--length", "7", "--condition", "a",
                     "--out", str(tmp_path / "x.npy")]) == 0
    assert np.load(tmp_path / "x.npy").shape == (3, 7, 2)

    from tfgan_rnn.metrics import report

    scored = []

    def record(real, synthetic, **kwargs):
        scored.append((real, synthetic))
        raise _Scored

    monkeypatch.setattr(report, "evaluate", record)
    with pytest.raises(_Scored):
        cli.main(["evaluate", "--model", str(out), "--data", str(path)])
    assert "scoring 12 generated sequences of 5-11 steps, at the real ones' lengths," in capsys.readouterr().out
    (real, synthetic), = scored
    assert real.shape == synthetic.shape == (12, 11, 2)
    for pair in zip(real, synthetic):  # each held after its own length: real and generated alike
        ends = [next(step for step in range(11) if (sequence[step:] == sequence[step]).all()) for sequence in pair]
        assert ends[0] == ends[1]
    assert sorted(next(step for step in range(11) if (s[step:] == s[step]).all()) + 1 for s in real) == sorted(lengths)


def test_a_model_of_whole_rows_is_evaluated_on_whole_rows_without_being_told(tmp_path, capsys, monkeypatch):
    rng = np.random.default_rng(0)
    rows = pd.DataFrame([rng.random(length) for length in [6, 9] * 5])  # trailing empty cells: shorter rows
    path = tmp_path / "rows.csv"
    rows.to_csv(path, index=False)
    out = tmp_path / "model"
    assert cli.main(["train", str(path), "--sequence-per-row", "--whole-sequences", "--steps", "2", "--evaluation",
                     "none", "--out", str(out), "--logdir", str(tmp_path / "logs"), *TINY_ANY_LENGTH]) == 0
    capsys.readouterr()
    from tfgan_rnn.metrics import report

    scored = []

    def record(real, synthetic, **kwargs):
        scored.append(real)
        raise _Scored

    monkeypatch.setattr(report, "evaluate", record)
    with pytest.raises(_Scored):
        cli.main(["evaluate", "--model", str(out), "--data", str(path)])
    printed = capsys.readouterr().out
    assert ("reading a sequence per row, as the model's data was read (train --sequence-per-row "
            "--whole-sequences)") in printed
    assert "scoring 10 generated sequences of 6-9 steps, at the real ones' lengths," in printed
    assert scored[0].shape == (10, 9, 1)
    with pytest.raises(_Scored):  # --window asks for windows instead
        cli.main(["evaluate", "--model", str(out), "--data", str(path), "--sequence-per-row", "--window", "4"])
    assert "scoring 45 generated windows of 4 steps" in capsys.readouterr().out


def test_the_default_batch_is_32_windows_and_128_sequences_trained_whole(csv_path, tmp_path, capsys):
    # Batches of 32 windows trained better than 128 in the same time on most real files measured,
    # small and large (benchmarks/README.md, "Batches"); whole sequences showed no gain with 32.
    parse = cli.build_parser().parse_args
    longer = tmp_path / "longer.csv"
    pd.DataFrame({"x": np.sin(np.arange(700) / 5), "y": np.cos(np.arange(700) / 3)}).to_csv(longer, index=False)
    for path, num_windows in ((csv_path, 293), (longer, 693)):
        args = parse(["train", "--data", str(path), "--window", "8"])
        assert cli._prepare_training(args).num_windows == num_windows and args.batch_size == 32
    args = parse(["train", "--data", str(csv_path), "--window", "8", "--batch-size", "64"])
    cli._prepare_training(args)
    assert args.batch_size == 64
    # sequences trained whole keep batches of 128 (of as many as there are)
    rows = tmp_path / "rows.csv"
    pd.DataFrame(np.random.default_rng(0).normal(size=(200, 12))).to_csv(rows, index=False, header=False)
    args = parse(["train", "--data", str(rows), "--sequence-per-row"])
    assert cli._prepare_training(args).num_windows == 200 and args.batch_size == 128
    assert cli._fit_plan(args, 200) == (cli.MIN_EPOCH_STEPS, 400)  # 2 batches a pass: epochs of 25 steps
    with pytest.raises(SystemExit):
        parse(["train", "--help"])
    assert "(default 32; 128 for sequences trained whole or one per row)" in " ".join(capsys.readouterr().out.split())


def test_a_batch_larger_than_the_data_holds_every_window_once(csv_path, caplog):
    # Before: the repeating pipeline filled a batch of 100,000 with each of Sines' 10,000
    # windows ten times, and one step needed more than this machine's 24 GB (killed).
    args = cli.build_parser().parse_args(["train", "--data", str(csv_path), "--window", "8", "--batch-size", "100000"])
    num_windows = cli._prepare_training(args).num_windows
    assert num_windows == 293 and args.batch_size == 293
    assert "--batch-size 100000 is more than the 293 windows; using 293" in caplog.text
    args.epochs = 3
    assert cli._fit_plan(args, num_windows) == (1, 3)  # one step per pass over the windows


def test_a_compressed_csv_is_read_and_named_without_its_extensions(csv_path, tmp_path):
    import gzip

    path = tmp_path / "weather.csv.gz"
    path.write_bytes(gzip.compress(csv_path.read_bytes()))
    args = cli.build_parser().parse_args(["train", "--data", str(path), "--window", "8"])
    loaded = cli._load_training_series(args)
    expected = cli._load_training_series(cli.build_parser().parse_args(["train", "--data", str(csv_path)]))
    assert loaded.name == "weather"  # saved_models/weather, not saved_models/weather.csv
    np.testing.assert_array_equal(loaded.values, expected.values)
    logged = tmp_path / "station_10min.dat"  # a logger's file: its name without .dat
    logged.write_bytes(csv_path.read_bytes())
    assert cli._load_training_series(cli.build_parser().parse_args(["train", "--data", str(logged)])).name == (
        "station_10min")


def test_the_data_may_come_first_without_its_flag(csv_path, capsys):
    parser = cli.build_parser()
    assert parser.parse_args(["train", str(csv_path), "--window", "8"]).data == str(csv_path)
    assert parser.parse_args(["evaluate", "sines", "--model", "m"]).data == "sines"
    assert parser.parse_args(["train", "--data", "stocks", "--window", "8"]).data == "stocks"
    for argv, message in ((["train", "--window", "8"], "required: --data (or the data first: tfgan-rnn train DATA)"),
                          (["train", "a.csv", "--data", "b.csv"], "the data is given twice, 'a.csv' and --data "
                                                                  "'b.csv'; give it once")):
        with pytest.raises(SystemExit) as exited:
            parser.parse_args(argv)
        assert exited.value.code == 2 and message in capsys.readouterr().err


def test_progress_is_a_bar_on_a_terminal_and_a_line_per_epoch_in_a_log(monkeypatch):
    class Output:
        def __init__(self, terminal):
            self.terminal = terminal

        def isatty(self):
            return self.terminal

    def verbosity(*flags):
        return cli._progress_verbosity(cli.build_parser().parse_args(["train", "--data", "stocks", *flags]))

    monkeypatch.setattr(sys, "stdout", Output(terminal=True))
    assert verbosity() == 1 and verbosity("--verbose", "0") == 0
    monkeypatch.setattr(sys, "stdout", Output(terminal=False))  # `tfgan-rnn train ... > train.log`
    assert verbosity() == 2 and verbosity("--verbose", "1") == 1


def test_dry_run_prints_what_train_would_do_and_writes_nothing(csv_path, tmp_path, capsys):
    out, logs = tmp_path / "out", tmp_path / "logs"
    frame = pd.read_csv(csv_path).assign(setting=lambda f: np.arange(len(f)) % 3 * 10,  # 0, 10, 20
                                         metered=lambda f: f.load,  # a second meter, the same reading
                                         peak=lambda f: f.load + np.arange(len(f)) % 4)  # never below the load
    frame.to_csv(tmp_path / "plant.csv", index=False)
    assert cli.main(["train", "--data", str(tmp_path / "plant.csv"), "--window", "8", "--steps", "100",
                     "--dry-run", "--out", str(out), "--logdir", str(logs)]) == 0
    printed = capsys.readouterr().out
    assert "--dry-run, nothing written: would train on 293 windows of 8 x 5 (plant), 4 epoch(s) of 25 steps" in printed
    rows = {line.split()[0]: line.split()[1:] for line in printed.splitlines() if line.startswith("  ")}
    assert rows["column"] == ["min", "max", "generated"]
    assert [float(v) for v in rows["load"][:2]] == pytest.approx([frame.load.min(), frame.load.max()], rel=1e-5)
    assert rows["load"][2:] == ["as", "generated"] and rows["setting"][2:] == ["one", "of", "3", "values"]
    assert " ".join(rows["metered"][2:]) == "a copy of load, the same on every row"
    assert " ".join(rows["peak"][2:]) == "as generated, never below load"
    assert not out.exists() and not logs.exists()


def test_the_default_budget_is_the_same_number_of_steps_for_small_and_large_data():
    def plan(num_windows, *flags):
        return cli._fit_plan(cli.build_parser().parse_args(["train", "--data", "stocks", *flags]), num_windows)

    # 500 windows are 16 batches of 32: 400 epochs of 25 steps (not 625 epochs of one pass,
    # each end saving the model, the backup and logs; benchmarks/epoch_overhead.py); 20,000
    # windows: 16 passes of 625 batches.
    assert plan(500) == (cli.MIN_EPOCH_STEPS, 400)
    assert plan(20_000) == (625, 16)
    for num_windows in (500, 3661, 20_000, 100_000):
        steps_per_epoch, epochs = plan(num_windows)
        assert cli.DEFAULT_STEPS <= steps_per_epoch * epochs < cli.DEFAULT_STEPS + steps_per_epoch
    assert plan(500, "--epochs", "7") == (16, 7)
    assert plan(500, "--steps", "10") == (10, 1)
    assert plan(500, "--steps", "60") == (25, 3)
    assert plan(500, "--steps", "3") == (3, 1)
    # Before: 1,000,000 windows made epochs of one pass, 7,813 steps (about 17 minutes at the
    # 126-130 ms a step of benchmarks/README.md's recipe rows), so the model was saved, evaluated
    # and checked against --max-minutes that far apart. Epochs are at most 1,000 steps now,
    # unless --epochs asks for passes.
    assert plan(1_000_000) == (1000, 10)
    assert plan(1_000_000, "--steps", "2500") == (1000, 3)
    assert plan(1_000_000, "--epochs", "2") == (31_250, 2)


def test_round_trip_csv_in_csv_out_keeps_header_and_ranges(trained, csv_path, tmp_path):
    out, _ = trained
    target = tmp_path / "generated.csv"
    assert cli.main(["generate", "--model", str(out), "--num", "20", "--length", "500",
                     "--seed", "3", "--out", str(target)]) == 0
    generated = pd.read_csv(target)
    real = pd.read_csv(csv_path).drop(columns="timestamp")
    assert list(generated.columns) == ["sequence"] + list(real.columns)
    assert len(generated) == 20 * 500 and sorted(generated["sequence"].unique()) == list(range(20))
    for column in real.columns:
        spread = real[column].max() - real[column].min()
        assert real[column].min() - 0.01 * spread <= generated[column].min()
        assert generated[column].max() <= real[column].max() + 0.01 * spread
        assert generated[column].max() - generated[column].min() > 0.1 * spread


def test_generate_npy_any_length(trained, tmp_path):
    out, _ = trained
    assert cli.main(["generate", "--model", str(out / "model.keras"), "--num", "2", "--length", "3001",
                     "--out", str(tmp_path / "x.npy")]) == 0
    expected, _ = keras.saving.load_model(out / "model.keras").generate(2, 3001, seed=0)
    np.testing.assert_array_equal(np.load(tmp_path / "x.npy"), expected)  # the Python API's values


def test_generate_takes_a_conditional_models_condition_and_evaluate_points_to_python(trained, tmp_path, capsys):
    # Before: `generate` on a conditional model (saved from Python) ended in a traceback.
    generator = tfgan_rnn.LSTMGenerator(3, 2, units=4, num_layers=1, condition_dim=2)
    discriminator = tfgan_rnn.LSTMDiscriminator(2, units=4, num_layers=1, condition_dim=2)
    gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0)
    gan.save(tmp_path / "conditional.keras")
    model, target = str(tmp_path / "conditional.keras"), str(tmp_path / "x.npy")
    for extra, message in [
        ([], r"conditional \(condition_dim=2\): pass the condition .* e\.g\. --condition 1,0$"),
        (["--condition", "1,0,0"], r"Expected --condition as 2 comma-separated finite numbers.*Received: --condition '1,0,0'"),
        (["--condition", "1,nan"], r"Expected --condition as 2 .*Received: --condition '1,nan'"),
    ]:
        assert cli.main(["generate", "--model", model, "--num", "3", "--length", "7", "--out", target, *extra]) == 2
        error = capsys.readouterr().err
        assert re.search(message, error.strip()), error
        assert error.count("\n") == 1 and not os.path.exists(target)
    assert cli.main(["generate", "--model", model, "--num", "3", "--length", "7", "--out", target,
                     "--condition", "0,1"]) == 0
    np.testing.assert_array_equal(np.load(target), gan.generate(3, 7, seed=0, condition=[0.0, 1.0])[0])
    assert cli.main(["evaluate", "--model", model, "--data", "sines"]) == 2
    assert "This model is conditional (condition_dim=2)" in capsys.readouterr().err
    out, _ = trained
    assert cli.main(["generate", "--model", str(out), "--out", str(tmp_path / "y.csv"), "--condition", "1"]) == 2
    assert "not conditional; drop --condition" in capsys.readouterr().err


def test_generate_holds_a_block_at_a_time_and_checks_the_disk_first(trained, tmp_path, monkeypatch, capsys):
    out, _ = trained
    expected, _ = keras.saving.load_model(out / "model.keras").generate(150, 50, seed=1)
    # Sequences generated 64 at a time (the fewest per call: noise capped at one value), checked
    # and written to CSV 5 steps' worth of values at a time (120 bytes of 2 features: 3 CSV rows).
    import tfgan_rnn.gan

    monkeypatch.setattr(tfgan_rnn.gan, "_GENERATION_NOISE_VALUES", 1)
    monkeypatch.setattr(cli, "_GENERATE_BLOCK_BYTES", 120)
    batches = []
    run_chunks = tfgan_rnn.RecurrentGAN._run_chunks
    monkeypatch.setattr(tfgan_rnn.RecurrentGAN, "_run_chunks",
                        lambda self, *args, **kwargs: batches.append(args[5]) or run_chunks(self, *args, **kwargs))
    for name in ("x.npy", "x.csv"):
        assert cli.main(["generate", "--model", str(out), "--num", "150", "--length", "50", "--seed", "1",
                         "--out", str(tmp_path / name)]) == 0
    assert batches == [64, 64, 22] * 2
    np.testing.assert_allclose(np.load(tmp_path / "x.npy"), expected, rtol=1e-6, atol=1e-6)
    frame = pd.read_csv(tmp_path / "x.csv")
    assert frame["sequence"].tolist() == [i for i in range(150) for _ in range(50)]
    np.testing.assert_allclose(frame.drop(columns="sequence").to_numpy().reshape(150, 50, 2), expected, rtol=1e-5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv", "x.npy"]  # no scratch file left
    free = shutil.disk_usage(tmp_path)._replace(free=10 * 2**30)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: free)
    assert exit_code(["generate", "--model", str(out), "--num", "1000", "--length", "2000000",
                      "--out", str(tmp_path / "big.npy")]) == 2
    assert "The output needs at least 14.9 GiB but its disk has 10.0 GiB free" in capsys.readouterr().err
    assert not (tmp_path / "big.npy").exists()


def test_help_and_usage_errors_answer_before_tensorflow_is_imported():
    # `python -X importtime` lists every module the process imported on stderr.
    for args, code in ((["train", "--help"], 0), (["train", "--window", "0"], 2), (["--help"], 0)):
        result = subprocess.run([sys.executable, "-X", "importtime", "-m", "tfgan_rnn", *args],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == code, result.stderr[-2000:]
        imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line]
        assert "tfgan_rnn.cli" in imported and "tensorflow" not in imported and "keras" not in imported
    # The same in the `tfgan-rnn` script's process, and its commands then have the whole library.
    script = ("import sys; sys.argv = ['tfgan-rnn']; import tfgan_rnn, tfgan_rnn.cli\n"
              "try:\n    tfgan_rnn.cli.main(['generate', '--bogus'])\nexcept SystemExit as e:\n    print(e.code)\n"
              "print('tensorflow' in sys.modules); tfgan_rnn._load(); print(tfgan_rnn.RecurrentGAN.__name__)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["2", "False", "RecurrentGAN"], result.stderr[-2000:]


def test_generate_stopped_by_sigterm_leaves_no_file_behind(tmp_path):
    target = tmp_path / "long.npy"
    with tempfile.TemporaryFile("w+") as messages:  # (outside tmp_path, which must end empty)
        process = subprocess.Popen(
            [sys.executable, "-m", "tfgan_rnn", "generate", "--model", os.path.join(REPO, "saved_models", "stocks"),
             "--num", "4", "--length", "20000000", "--out", str(target)],
            stdout=messages, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob(".tmp-*")) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        started = list(tmp_path.glob(".tmp-*"))
        time.sleep(1)  # well inside the 20,000,000 steps
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
        messages.seek(0)
        said = messages.read()[-3000:]  # (it failed once in a parallel run, with nothing kept to say why)
    assert started, f"generation did not start: {said}"
    assert code == 128 + signal.SIGTERM, f"exit code {code}: {said}"
    assert list(tmp_path.iterdir()) == [], said


def test_evaluate_command_writes_a_report(trained, csv_path, tmp_path, capsys):
    out, _ = trained
    assert cli.main(["evaluate", "--model", str(out), "--data", str(csv_path), "--budget", "quick",
                     "--max-windows", "100", "--out", str(tmp_path / "report")]) == 0
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    assert report["num_real"] == 100 and report["window"] == 8
    assert "discriminative" in capsys.readouterr().out


def test_evaluate_per_feature_lists_the_features_that_give_generated_windows_away(trained, csv_path, tmp_path,
                                                                                  capsys):
    out, _ = trained
    assert cli.main(["evaluate", "--model", str(out), "--data", str(csv_path), "--budget", "quick",
                     "--max-windows", "100", "--per-feature", "--out", str(tmp_path / "report")]) == 0
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    assert report["feature_names"] == ["temperature", "load"]
    scores = [score["mean"] for score in report["feature_discriminative_scores"]]
    assert len(scores) == 2 and all(0 <= score <= 0.5 for score in scores)
    line = next(line for line in capsys.readouterr().out.splitlines() if "each feature alone" in line)
    first, second = sorted(zip(scores, report["feature_names"]), reverse=True)
    assert f"highest first: {first[1]} {first[0]:.3f}, {second[1]} {second[0]:.3f}" in line
    assert "discriminative score of load alone" in (tmp_path / "report" / "report.html").read_text()


class _Scored(Exception):
    pass


def test_evaluate_matches_the_data_to_the_model_by_column_name(trained, csv_path, tmp_path, monkeypatch, capsys):
    out, _ = trained
    scored = []

    def record(gan, real, folder, budget, seed, condition=None, per_feature=False, condition_columns=None,
               lengths=None):
        scored.append(real)
        raise _Scored  # stop before the classifiers: the windows are what is checked

    monkeypatch.setattr(cli, "_write_evaluation", record)
    frame = pd.read_csv(csv_path)
    swapped = tmp_path / "swapped.csv"
    frame[["load", "timestamp", "temperature"]].to_csv(swapped, index=False)
    for path in (csv_path, swapped):
        with pytest.raises(_Scored):
            cli.main(["evaluate", "--model", str(out), "--data", str(path), "--max-windows", "50"])
    np.testing.assert_array_equal(scored[0], scored[1])  # same windows, features in the model's order
    # Columns the model was not trained on are left out, text ones too, with a notice.
    wider = tmp_path / "wider.csv"
    frame.assign(humidity=1.0, shift=np.where(np.arange(len(frame)) % 2, "day", "night"),
                 month=1 + np.arange(len(frame)) % 12).to_csv(wider, index=False)
    with pytest.raises(_Scored):
        cli.main(["evaluate", "--model", str(out), "--data", str(wider), "--max-windows", "50"])
    np.testing.assert_array_equal(scored[0], scored[2])
    out_text = capsys.readouterr().out  # the month beside the timestamp is part of the time, not news
    assert "scoring the model's columns; leaving out 'humidity', 'shift'\n" in out_text
    partial = tmp_path / "partial.csv"
    frame[["timestamp", "load"]].assign(humidity=1.0).to_csv(partial, index=False)
    assert exit_code(["evaluate", "--model", str(out), "--data", str(partial)]) == 2
    error = capsys.readouterr().err
    assert "The data lacks the model's column(s) ['temperature']" in error and error.count("\n") == 1
    renamed = tmp_path / "renamed.csv"  # a column renamed on the way: the closest name is offered
    frame.rename(columns={"temperature": "Temperature"}).to_csv(renamed, index=False)
    assert exit_code(["evaluate", "--model", str(out), "--data", str(renamed)]) == 2
    assert "lacks the model's column(s) ['temperature']. Did you mean 'Temperature'? Pass" in capsys.readouterr().err


def pm25_frame(rows=200, seed=0):
    """Beijing PM2.5's layout: a row number, calendar columns, a text wind direction."""
    rng = np.random.default_rng(seed)
    t = np.arange(rows)
    return pd.DataFrame({
        "No": t + 1, "year": 2010 + t // 100, "month": 1 + t // 744, "day": 1 + (t // 24) % 31, "hour": t % 24,
        "pm2.5": (80 + 40 * np.sin(t / 12) + rng.normal(0, 5, rows)).round(1),
        "TEMP": (-5 + 4 * np.sin(t / 24) + rng.normal(0, 0.5, rows)).round(1),
        "cbwd": rng.choice(["NW", "NE", "SE", "cv"], rows),
        "Iws": rng.exponential(5, rows).round(2),
    })


def test_missing_values_reads_a_files_no_reading_marker_as_missing(tmp_path, capsys):
    frame = pm25_frame().drop(columns=["cbwd"])
    frame.loc[[5, 6, 150], "pm2.5"] = -999  # a logger's "no reading"
    frame.loc[40, "TEMP"] = -999
    path = tmp_path / "marked.csv"
    frame.to_csv(path, index=False)
    flags = ["--data", str(path), "--window", "8"]
    assert_train_refused([*flags, "--missing-values", "-999"], "Missing values in column(s) 'pm2.5' (3 rows), "
                         "'TEMP' (1 rows)", tmp_path, capsys)
    power = tmp_path / "household_power.txt"  # UCI's household power file: ';' and '?' for no reading
    power.write_text("Date;Time;Global_active_power;Voltage\n" + "".join(
        f"16/12/2006;17:{minute:02d}:00;{'?' if minute == 5 else 4 + minute / 10};{230 + minute % 7}.5\n"
        for minute in range(30)))
    prepared = cli._prepare_training(cli.build_parser().parse_args(
        ["train", "--data", str(power), "--window", "8", "--missing-values", "?", "--interpolate-missing"]))
    assert prepared.scaler.feature_names == ["Global_active_power", "Voltage"]
    active = prepared.scaler.inverse_transform(prepared.scaled)[:, 0]
    assert active[5] == pytest.approx(4.5, abs=1e-3)  # between 4.4 and 4.6
    prepared = cli._prepare_training(cli.build_parser().parse_args(
        ["train", *flags, "--missing-values=-999,-9999", "--interpolate-missing"]))
    values = prepared.scaler.inverse_transform(prepared.scaled)
    pm25 = values[:, prepared.scaler.feature_names.index("pm2.5")]
    expected = pm25_frame()["pm2.5"].to_numpy()
    assert pm25.min() > 0 and pm25[5:7] == pytest.approx(expected[4] + (expected[7] - expected[4]) * np.array([1, 2]) / 3,
                                                         abs=1e-3)
    assert_train_refused([*flags, "--missing-values", "?,"],
                         "argument --missing-values: expected values separated by commas", tmp_path, capsys)
    assert_train_refused([*flags, "--missing-values", "-999,-9999"],
                         "write several negative numbers with '=': --missing-values=-999,-9999", tmp_path, capsys)


def test_the_score_line_says_when_too_few_real_windows_make_the_discriminative_score_coarse():
    report = {"discriminative_score": {"mean": 0.05}, "predictive_score": {"mean": 0.19}, "mmd": 0.74,
              "coverage": 0.36, "budget": "quick", "num_real": 50}  # GunPoint's 50 training sequences
    assert cli._summary(report) == (
        "discriminative 0.050, predictive 0.190, mmd 0.7400, coverage 0.36 (quick budget; only 50 real windows: the "
        "classifier "
        "learns from 40 and is tested on 10 of each, so the discriminative score moves in steps of 0.050 and says "
        "little; compare the plot)")
    assert cli._summary({**report, "num_real": 2000}).endswith("(quick budget)")


def test_column_names_holding_commas_are_read_whole_in_the_column_flags(tmp_path):
    path = tmp_path / "sales.csv"
    pd.DataFrame({"date": pd.date_range("2020-01-01", periods=12).astype(str), "Sales, USD": np.arange(12.0),
                  "Units": np.arange(12.0) % 5, "Region, code": ["north", "south"] * 6}).to_csv(path, index=False)

    def prepared(*flags):
        return cli._prepare_training(cli.build_parser().parse_args(["train", str(path), "--window", "4", *flags]))

    assert prepared("--columns", "Units,Sales, USD").scaler.feature_names == ["Units", "Sales, USD"]
    assert prepared("--drop-columns", "Region, code").scaler.feature_names == ["Sales, USD", "Units"]
    conditioned = prepared("--condition-column", "Region, code")
    assert conditioned.scaler.feature_names == ["Sales, USD", "Units"]
    assert [spec.name for spec in conditioned.condition_columns.columns] == ["Region, code"]


def test_train_reads_the_columns_asked_for_and_evaluate_the_models(tmp_path, capsys):
    path = tmp_path / "pm25.csv"
    pm25_frame().to_csv(path, index=False)
    base = ["train", "--data", str(path), "--window", "8"]

    def features(*flags):
        return cli._prepare_training(cli.build_parser().parse_args([*base, *flags])).scaler.feature_names

    assert features("--columns", "TEMP,pm2.5") == ["TEMP", "pm2.5"]  # in the order asked for
    assert features("--drop-columns", "cbwd") == ["pm2.5", "TEMP", "Iws"]  # No: index; year, month, day, hour: time
    assert features("--columns", "pm2.5, Iws", "--condition-column", "cbwd") == ["pm2.5", "Iws"]
    # Without either, the text column of wind directions is generated as categories, in its place.
    assert features() == ["pm2.5", "TEMP", "cbwd=NE", "cbwd=NW", "cbwd=SE", "cbwd=cv", "Iws"]
    assert "generating the text column(s) 'cbwd' as categories" in capsys.readouterr().out
    refusals = [
        (["--columns", "pm2.5,DEWP"], "--columns names 'DEWP', which the data lacks. Its columns: ['No', 'year'"),
        (["--drop-columns", "cbwd,wind"], "--drop-columns names 'wind', which the data lacks"),
        (["--columns", "pm25"], "--columns names 'pm25', which the data lacks. Did you mean 'pm2.5'? Its columns"),
        (["--drop-columns", "CBWD"], "--drop-columns names 'CBWD', which the data lacks. Did you mean 'cbwd'?"),
        (["--drop-columns", "cbwd", "--condition-column", "cbwd"],
         "--drop-columns names 'cbwd', the --condition-column; leave it out of --drop-columns"),
        (["--columns", "pm2.5", "--drop-columns", "cbwd"], "not allowed with argument"),
        (["--columns", "pm2.5,"], "argument --columns: expected column names separated by commas (a,b), got 'pm2.5,'"),
    ]
    for flags, message in refusals:
        assert_train_refused([*base[1:], *flags], message, tmp_path, capsys)
    assert exit_code(["train", "--data", "stocks", "--columns", "Open", "--out", str(tmp_path / "never")]) == 2
    assert "--columns reads a CSV file's columns; --data stocks has none to read" in capsys.readouterr().err


def test_evaluate_scores_a_sample_of_very_many_windows_cut_from_the_sample_alone(trained, csv_path, tmp_path,
                                                                                monkeypatch, capsys):
    # Before: every window was cut and scored: for a 1,000,000-row CSV of 20 features (999,977
    # windows) about 30 GB of memory (benchmarks/evaluate_large.py, README there).
    out, _ = trained
    scored = []

    def record(gan, real, folder, budget, seed, condition=None, per_feature=False, condition_columns=None,
               lengths=None):
        scored.append(real)
        raise _Scored

    monkeypatch.setattr(cli, "_write_evaluation", record)
    monkeypatch.setattr(cli, "_EVALUATION_MAX_VALUES", 40 * 8 * 2)  # 40 windows of 8 steps x 2 features
    cut = []
    sliding_windows = tfgan_rnn.data.sliding_windows
    monkeypatch.setattr(tfgan_rnn.data, "sliding_windows",
                        lambda *args, **kwargs: cut.append(sliding_windows(*args, **kwargs)) or cut[-1])
    for extra in ([], ["--max-windows", "50"], ["--max-windows", "1000"]):
        with pytest.raises(_Scored):
            cli.main(["evaluate", "--model", str(out), "--data", str(csv_path), "--seed", "3", *extra])
    assert [len(windows) for windows in scored] == [40, 50, 293] == [len(windows) for windows in cut]
    assert "scoring a random 40 of the 293 real windows" in capsys.readouterr().out
    series = np.asarray(tfgan_rnn.tables.load_table(csv_path).values, "float32")
    everything = sliding_windows(series, 8)
    np.testing.assert_array_equal(scored[0], everything[tfgan_rnn.data.sample_indices(293, 40, seed=3)])
    np.testing.assert_array_equal(scored[2], everything)


def test_export_command_writes_a_loadable_saved_model(trained, tmp_path, capsys):
    out, _ = trained
    before = sorted(p.name for p in out.iterdir())
    assert exit_code(["export", "--model", str(out), "--out", str(out)]) == 2  # would replace the run
    error = capsys.readouterr().err
    assert "not empty and not a SavedModel, and exporting replaces it: it holds" in error and error.count("\n") == 1
    assert sorted(p.name for p in out.iterdir()) == before
    assert cli.main(["export", "--model", str(out), "--out", str(tmp_path / "served")]) == 0
    import tensorflow as tf
    served = tf.saved_model.load(str(tmp_path / "served"))
    sequences = served.generate(num_sequences=2, length=40, seed=tf.constant(0, tf.int64))["sequences"]
    assert tuple(sequences.shape) == (2, 40, 2)


def test_max_minutes_stops_at_the_first_step_past_the_budget_and_keeps_it(csv_path, tmp_path):
    out = tmp_path / "budget"
    assert cli.main(["train", "--data", str(csv_path), "--epochs", "50", "--max-minutes", "0.0001",
                     "--out", str(out), "--logdir", str(tmp_path / "logs"), "--evaluation", "none", *TINY]) == 0
    assert len(json.loads((out / "history.json").read_text())["generator_loss"]) == 1
    # The first step (tracing included) outlasts 6 ms: the epoch ends after it, not after its
    # 19 steps (before, an epoch of up to 1,000 steps ran on past the budget), and is saved.
    assert int(keras.saving.load_model(out / "model.keras").generator_optimizer.iterations) == 1


def test_train_with_mixed_precision_asked_for(csv_path, tmp_path):
    out = tmp_path / "mixed"
    assert cli.main(["train", "--data", str(csv_path), "--steps", "2", "--precision", "mixed_bfloat16",
                     "--evaluation", "none", "--out", str(out), "--logdir", str(tmp_path / "logs"), *TINY]) == 0
    assert json.loads((out / "config.json").read_text())["precision"] == "mixed_bfloat16"
    assert np.isfinite(pd.read_csv(out / "samples.csv").drop(columns="sequence").to_numpy()).all()
    assert keras.mixed_precision.global_policy().name == "float32"  # the process's policy left as it was
    # The networks come back in the loading process's policy (float32 here), weights float32 either way.
    gan = keras.saving.load_model(out / "model.keras")
    assert gan.generator.dtype_policy.name == "float32" and gan.generator.trainable_weights[0].dtype == "float32"


def test_train_long_windows_in_chunks_with_carried_state(csv_path, tmp_path):
    out = tmp_path / "chunked"
    arguments = ["--units", "8", "--layers", "1", "--batch-size", "16", "--verbose", "0"]
    assert cli.main(["train", "--data", str(csv_path), "--window", "30", "--chunk-length", "10",
                     "--steps", "3", "--out", str(out), "--logdir", str(tmp_path / "logs"),
                     "--evaluation", "none", *arguments]) == 0
    gan = keras.saving.load_model(out / "model.keras")
    assert gan.chunk_length == 10 and gan.discriminator.return_state
    assert json.loads((out / "config.json").read_text())["chunk_length"] == 10
    assert pd.read_csv(out / "samples.csv").groupby("sequence").size().eq(30).all()


def test_train_draws_each_category_at_its_share_in_the_file(tmp_path, capsys, monkeypatch):
    """A short training leaves the categories' shares far from the file's (a rare one
    included); train's calibration moves the category logits' bias until the generated
    shares are the file's, says so in one line, and the saved model generates them."""
    rng = np.random.default_rng(3)
    sky = rng.choice(["fog", "rain", "snow", "sun"], size=400, p=[0.2, 0.25, 0.05, 0.5])
    frame = pd.DataFrame({"sky": sky, "temp": np.where(sky == "sun", 20.0, 10.0) + rng.normal(0, 1, 400)})
    path = tmp_path / "weather.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "model"
    monkeypatch.setattr("tfgan_rnn.metrics.discriminative_score",  # the map's check, kept out of the test's time
                        lambda real, synthetic, **kwargs: tfgan_rnn.metrics.Score(0.3, 0.0, ()))
    flags = [flag for flag in TINY if flag != "--no-calibrate"]
    keras.utils.set_random_seed(0)
    assert cli.main(["train", "--data", str(path), "--categorical-columns", "sky", "--steps", "4",
                     "--evaluation", "none", "--out", str(out), "--logdir", str(tmp_path / "logs"), *flags]) == 0
    printed = capsys.readouterr().out
    line = next(line for line in printed.splitlines() if "drawn at the data's shares" in line)
    before, after, data_share = (float(share) / 100 for share in re.findall(r"([0-9.]+)%", line))
    assert abs(before - data_share) > 0.04 and after == pytest.approx(data_share, abs=0.01)
    assert cli.main(["generate", "--model", str(out), "--num", "2000", "--length", "8", "--seed", "5", "--out",
                     str(tmp_path / "new.csv")]) == 0
    generated = pd.read_csv(tmp_path / "new.csv")["sky"].value_counts(normalize=True)
    for category, share in frame["sky"].value_counts(normalize=True).items():
        assert generated.get(category, 0.0) == pytest.approx(share, abs=0.03), category


def test_columns_of_categories_are_generated_written_by_name_and_scored(tmp_path, capsys):
    rng = np.random.default_rng(0)
    sky = np.where(np.sin(np.arange(240) / 6) > 0.3, "sun", np.where(rng.random(240) < 0.5, "rain", "fog"))
    frame = pd.DataFrame({"date": pd.date_range("2020-01-01", periods=240).astype(str), "sky": sky,
                          "temp": 15 + 5 * np.sin(np.arange(240) / 6) + rng.normal(0, 0.5, 240)})
    frame.loc[[5, 77], "sky"] = None  # empty cells: the day before's sky, with --interpolate-missing
    path = tmp_path / "weather.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "model"
    assert cli.main(["train", "--data", str(path), "--categorical-columns", "sky", "--interpolate-missing",
                     "--steps", "20", "--evaluation", "none", "--out", str(out), "--logdir", str(tmp_path / "logs"),
                     *TINY]) == 0
    printed = capsys.readouterr().out
    assert "generating categories: 'sky', 3 (fog, rain, sun), one-hot in training" in printed
    config = json.loads((out / "config.json").read_text())
    assert config["columns"] == ["sky=fog", "sky=rain", "sky=sun", "temp"]
    assert config["categorical_columns"] == {"sky": ["fog", "rain", "sun"]}
    samples = pd.read_csv(out / "samples.csv")
    assert list(samples.columns) == ["sequence", "sky", "temp"] and set(samples["sky"]) <= {"fog", "rain", "sun"}
    assert cli.main(["generate", "--model", str(out), "--num", "3", "--length", "30", "--out",
                     str(tmp_path / "new.csv")]) == 0
    generated = pd.read_csv(tmp_path / "new.csv")
    assert list(generated.columns) == ["sequence", "sky", "temp"] and len(generated) == 90
    assert set(generated["sky"]) <= {"fog", "rain", "sun"}
    assert cli.main(["generate", "--model", str(out), "--num", "3", "--length", "30", "--out",
                     str(tmp_path / "new.npy")]) == 0
    blocks = np.load(tmp_path / "new.npy")[..., :3]  # the one-hot, as the model makes it
    assert (blocks.sum(-1) == 1).all()
    names = np.array(["fog", "rain", "sun"])[blocks.argmax(-1).reshape(-1)]
    np.testing.assert_array_equal(names, generated["sky"].to_numpy())
    capsys.readouterr()
    # evaluate reads the file's sky as the model's one-hot, its gaps filled as train filled them
    assert cli.main(["evaluate", "--model", str(out), "--data", str(path), "--budget", "quick",
                     "--out", str(tmp_path / "report")]) == 0
    printed = capsys.readouterr().out
    assert "discriminative" in printed and "categories' shares of steps, furthest from the data: sky=" in printed
    shares = json.loads((tmp_path / "report" / "report.json").read_text())["category_shares"]["sky"]
    assert sorted(shares) == ["fog", "rain", "sun"]
    for side in ("real", "generated"):
        assert sum(share[side] for share in shares.values()) == pytest.approx(1.0, abs=1e-3)
    assert shares["sun"]["real"] == pytest.approx(np.mean(frame["sky"] == "sun"), abs=0.05)  # the file's windows
    # and whether the generated temperatures go with the generated sky: sun is the warm category
    assert "by category, furthest from the data: sky=" in printed and "numbers_by_category in report.json" in printed
    numbers = json.loads((tmp_path / "report" / "report.json").read_text())["numbers_by_category"]
    assert numbers["features"] == ["temp"]
    real_means = {row["category"]: row["real_mean"][0] for row in numbers["categories"]}
    assert sorted(real_means) == ["sky=fog", "sky=rain", "sky=sun"]
    assert real_means["sky=sun"] == pytest.approx(frame["temp"][frame["sky"] == "sun"].mean(), abs=0.5)
    assert real_means["sky=sun"] > real_means["sky=rain"] + 3
    assert "sky=sun (" in (tmp_path / "report" / "report.html").read_text()
    frame.loc[3, "sky"] = "snow"
    frame.to_csv(tmp_path / "snow.csv", index=False)
    assert exit_code(["evaluate", "--model", str(out), "--data", str(tmp_path / "snow.csv")]) == 2
    assert "'sky' holds categories the model was not trained on: ['snow']" in capsys.readouterr().err
    # Without --interpolate-missing the empty cells are a category of their own, written back as empty cells.
    frame.loc[(rng.random(240) < 0.3) | (frame["sky"] == "snow"), "sky"] = None
    frame.to_csv(tmp_path / "unanswered.csv", index=False)
    out = tmp_path / "as_read"
    assert cli.main(["train", "--data", str(tmp_path / "unanswered.csv"), "--categorical-columns", "sky", "--steps",
                     "20", "--evaluation", "none", "--out", str(out), "--logdir", str(tmp_path / "logs"), *TINY]) == 0
    assert "generating categories: 'sky', 4 ((empty), fog, rain, sun)" in capsys.readouterr().out
    assert json.loads((out / "config.json").read_text())["categorical_columns"] == {"sky": ["", "fog", "rain", "sun"]}
    for name in ("with_empty.csv", "with_empty.npy"):
        assert cli.main(["generate", "--model", str(out), "--num", "20", "--length", "30", "--seed", "3", "--out",
                         str(tmp_path / name)]) == 0
    written = pd.read_csv(tmp_path / "with_empty.csv", keep_default_na=False)["sky"].to_numpy()
    made = np.load(tmp_path / "with_empty.npy")[..., :4].argmax(-1).reshape(-1)
    assert (made == 0).any()  # the empty category is generated ...
    np.testing.assert_array_equal(written, np.array(["", "fog", "rain", "sun"])[made])  # ... and written empty


def test_a_text_column_of_few_categories_is_generated_as_categories_without_flags(tmp_path, capsys):
    # vega's seattle-weather.csv (date, four numbers, `weather`: sun, rain, fog, drizzle, snow). Before: refused,
    # "Column(s) 'weather' are not numeric ... one to generate (--categorical-columns weather)".
    rng = np.random.default_rng(0)
    sky = np.where(np.sin(np.arange(120) / 6) > 0.3, "sun", np.where(rng.random(120) < 0.5, "rain", "fog"))
    frame = pd.DataFrame({"date": pd.date_range("2020-01-01", periods=120).astype(str), "weather": sky,
                          "temp": np.round(15 + 5 * np.sin(np.arange(120) / 6) + rng.normal(0, 0.5, 120), 2)})
    path = tmp_path / "weather.csv"
    frame.to_csv(path, index=False)
    args = cli.build_parser().parse_args(["train", str(path)])
    loaded = cli._load_training_series(args)
    assert args.categorical_columns == ["weather"]
    assert loaded.columns == ["weather=fog", "weather=rain", "weather=sun", "temp"]
    np.testing.assert_allclose(loaded.values[:, 2], sky == "sun")
    assert "generating the text column(s) 'weather' as categories, as --categorical-columns weather does " \
        "(--condition-column weather conditions on them instead, --drop-columns weather leaves them out)" \
        in capsys.readouterr().out
    # Beside a text column that is no category (a note on every row), nothing is guessed; column flags decide too.
    frame.assign(note=[f"checked by {i}" for i in range(120)]).to_csv(path, index=False)
    assert exit_code(["train", str(path), "--dry-run"]) == 2
    assert "Column(s) 'weather', 'note' are not numeric" in capsys.readouterr().err
    frame.to_csv(path, index=False)
    args = cli.build_parser().parse_args(["train", str(path), "--condition-column", "weather"])
    cli._load_training_series(args)
    assert args.categorical_columns is None
    # Nor where the rows hold several series: Johns Hopkins' COVID files, a row per province or country and a
    # column per day, whose names are no categories of the days but name the series together (before: refused,
    # "Column(s) 'Province/State', 'Country/Region' are not numeric"; then taken for categories).
    days = pd.date_range("2020-01-22", periods=30).strftime("%-m/%-d/%y")
    counts = {place: np.cumsum(rng.poisson(5, 30)) for place in (
        (None, "Albania"), ("New South Wales", "Australia"), ("Victoria", "Australia"), (None, "Brazil"))}
    pd.DataFrame([[*place, *values] for place, values in counts.items()],
                 columns=["Province/State", "Country/Region", *days]).to_csv(path, index=False)
    args = cli.build_parser().parse_args(["train", str(path)])
    loaded = cli._load_training_series(args)
    assert args.series_column == "Province/State,Country/Region" and args.categorical_columns is None
    assert loaded.columns == ["value"]
    for values, expected in zip(loaded.values, counts.values()):
        np.testing.assert_allclose(values[:, 0], expected)
    assert "reading a series per value of 'Province/State', 'Country/Region' together, which tell 4 series apart" \
        in capsys.readouterr().out
    # Several cities' weather in one file (`city,date,temp,weather`): a series per city, its weather generated as
    # categories within it (before: refused, "Column(s) 'city', 'weather' are not numeric").
    cities = pd.concat([frame.assign(city=city) for city in ("Seattle", "Boston")])[["city", "date", "temp", "weather"]]
    cities.to_csv(path, index=False)
    args = cli.build_parser().parse_args(["train", str(path)])
    loaded = cli._load_training_series(args)
    assert args.series_column == "city" and args.categorical_columns == ["weather"] and len(loaded.values) == 2
    assert loaded.columns == ["temp", "weather=fog", "weather=rain", "weather=sun"]
    np.testing.assert_allclose(loaded.values[1][:, 3], sky == "sun")
    assert "reading a series per value of 'city', which tells 2 series apart" in capsys.readouterr().out


def test_weights_gone_non_finite_leave_the_last_good_model_and_train_goes_on_with_it(csv_path, tmp_path,
                                                                                     monkeypatch, capsys):
    from tfgan_rnn import callbacks

    class GoesNonFinite(callbacks.StopOnNonFinite):  # the generator's weights blow up in the second epoch
        epoch = 0

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            if self.epoch == 1 and batch == 2:  # the weights and their moving average, as a blow-up leaves them
                for weight in [*self.model.generator.weights, *self.model.generator_optimizer.variables]:
                    if "float" in str(weight.dtype):
                        weight.assign(np.full(weight.shape, np.nan, "float32"))
                logs = {**(logs or {}), "generator_loss": float("nan")}
            super().on_train_batch_end(batch, logs)

    monkeypatch.setattr(callbacks, "StopOnNonFinite", GoesNonFinite)
    out = tmp_path / "model"
    assert cli.main(["train", "--data", str(csv_path), "--epochs", "3", "--evaluate-every", "1", "--evaluation",
                     "quick", "--out", str(out), "--logdir", str(tmp_path / "logs"), *TINY]) == 1
    printed = capsys.readouterr().out
    assert "non-finite generator_loss at step" in printed
    assert f"going on with {out / 'model.keras'}, the model of the last epoch with finite weights" in printed
    loaded = keras.saving.load_model(out / "model.keras")  # the first epoch's, not overwritten by the blown-up one
    assert all(np.isfinite(np.asarray(weight)).all() for weight in loaded.weights)
    assert np.isfinite(pd.read_csv(out / "samples.csv").drop(columns="sequence").to_numpy()).all()
    assert (out / "evaluation" / "report.json").exists()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def exit_code(argv):
    """The exit code of `tfgan-rnn argv`, whether main returns it or argparse exits."""
    try:
        return cli.main(argv)
    except SystemExit as exit:
        return exit.code


def assert_train_refused(flags, message, tmp_path, capsys):
    """`tfgan-rnn train *flags` exits with 2 and one line of stderr holding `message`, and writes nothing."""
    out = tmp_path / "never"
    assert exit_code(["train", *flags, "--out", str(out), "--logdir", str(tmp_path / "logs")]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1, error
    assert not out.exists()


@pytest.mark.parametrize("make_args,message", [
    (lambda p: ["train", "--data", str(p / "absent.csv")], "No such data file"),
    (lambda p: ["train", "--data", write(p, "words.csv", "a,b\n1,x\n2,y\n")],
     r"'b' are not numeric.*\(CLI: --series-column NAME\).*\(CLI: --condition-column NAME\)"),
    (lambda p: ["train", "--data", write(p, "holes.csv", "a,b\n1,2\n,3\n4,5\n")], r"Missing values in column\(s\) 'a' \(1 rows\)"),
    (lambda p: ["train", "--data", write(p, "sky.csv", "a,sky\n1,sun\n2,sun\n"), "--categorical-columns", "sky",
                "--condition-column", "sky"], "--categorical-columns names 'sky', also the --condition-column"),
    (lambda p: ["train", "--data", write(p, "rows.csv", "label,a,b\nx,1,2\ny,3,4\n"), "--sequence-per-row",
                "--categorical-columns", "label"], "--categorical-columns reads a column of categories down the rows"),
    (lambda p: ["train", "--data", write(p, "x.ts", "1,2,3:a\n"), "--categorical-columns", "a"],
     "--categorical-columns reads a CSV column of categories; a .ts file"),
    (lambda p: ["train", "--data", write(p, "sky.csv", "a,sky\n1,sun\n2,sun\n"), "--categorical-columns", "Sky"],
     r"The categorical column 'Sky' is not in the data\. Did you mean 'sky'\?"),
    (lambda p: ["train", "--data", write(p, "short.csv", "a\n1\n2\n3\n"), "--window", "24"],
     "--window 24 is longer than the data: it has 3 steps. Pass --window 3 or less."),
    (lambda p: ["train", "--data", write(p, "one.csv", "a\n" + "1\n2\n" * 5), "--window", "10", "--steps", "2",
                "--evaluation", "none", "--out", str(p / "out"), "--logdir", str(p / "logs")],
     r"Training needs at least 2 windows; the data gives 1 of 10 steps"),
    (lambda p: ["train", "--data", "stocks", "--steps", "2", "--evaluation", "none", "--logdir", str(p / "logs"),
                "--out", os.path.dirname(os.path.dirname(write(p, "run/backup/notes.txt", "mine")))],
     r"replaces .*backup, which holds files train did not write: notes.txt\. Move them"),
    (lambda p: ["train", "--data", write(p, "book.ods", "PK\x03\x04 a zipped spreadsheet")],
     r"Could not read the OpenDocument spreadsheet '.*book.ods' \(.*\)\. Save the sheet as CSV"),
    (lambda p: ["train", "--data", write(p, "book.xlsx", "PK\x03\x04 a zipped workbook")],
     r"Could not read the Excel workbook '.*book.xlsx' \(.*\)\. Save the sheet as CSV"),
    (lambda p: ["train", "--data", write(p, "table.dat", "a,b\x00\x01\x02")], r"'.*table.dat' is not a text file"),
    (lambda p: ["train", "--data", "stocks", "--loss", "wgan"], "Unknown GAN loss"),
    (lambda p: ["train", "--data", "nonsense"], "--data must be 'stocks', 'sines' or a path"),
    (lambda p: ["train", "--data", "stocks", "--whole-sequences"],
     "--whole-sequences trains on sequences of their own lengths: those of a .ts file, of a CSV with"),
    (lambda p: ["train", "--data", write(p, "x.ts", "@data\n1,2,3:4,5,6\n1,2:3,4\n"), "--whole-sequences", "--window",
                "2"], "--whole-sequences trains on each sequence whole; --window cuts them"),
    (lambda p: ["train", "--data", write(p, "x.ts", "@data\n1,2,3\n1,2\n"), "--whole-sequences", "--stride", "2"],
     "--stride 2 is for windows of one length; --whole-sequences trains on sequences of different"),
    (lambda p: ["train", "--data", "stocks", "--window", "1"], r"expected an integer >= 2 \(steps per window\), got '1'"),
    (lambda p: ["train", "--data", "stocks", "--batch-size", "0"], "expected a positive integer"),
    (lambda p: ["train", "--data", "stocks", "--seed", "-1"], "--seed: expected an integer from 0 to 4294967295"),
    (lambda p: ["generate", "--model", str(p), "--out", str(p / "x.csv"), "--seed", str(2**32)],
     "--seed: expected an integer from 0"),
    (lambda p: ["train", "--data", "stocks", "--epochs", "2", "--steps", "3"], "not allowed with argument"),
    (lambda p: ["train", "--data", "stocks", "--chunk-length", "8", "--loss", "wasserstein",
                "--gradient-penalty-weight", "10"], "--chunk-length cannot be combined with --gradient-penalty"),
    (lambda p: ["train", "--data", "stocks", "--generator-ema-momentum", "1"], r"expected a number in \[0, 1\)"),
    (lambda p: ["train", "--data", "stocks", "--static-noise-dim", "-1"], r"expected an integer >= 0"),
    (lambda p: ["train", "--data", "stocks", "--discriminator-conv-filters", "-2"], r"expected an integer >= 0"),
    (lambda p: ["train", "--data", "stocks", "--chunk-length", "8", "--discriminator-conv-filters", "16"],
     "--chunk-length cannot be combined with --discriminator-conv-filters"),
    (lambda p: ["generate", "--model", str(p / "nothing"), "--out", str(p / "x.csv")], "No model found"),
    (lambda p: ["generate", "--model", str(p), "--out", str(p / "x.txt")], "must end in .csv or .npy"),
    (lambda p: ["generate", "--model", write(p, "fake.keras", "not a zip"), "--out", str(p / "x.csv")], "Could not load"),
    (lambda p: ["evaluate", "--model", str(p / "nothing"), "--data", "stocks"], "No model found"),
    (lambda p: ["evaluate", "--model", str(p / "nothing"), "--data", "stocks", "--window", "1"], "expected an integer >= 2"),
    # 10,000 generated windows of 10**7 steps: numpy's MemoryError, was a traceback.
    (lambda p: ["train", "--data", "sines", "--window", str(10**7), "--out", str(p / "out"), "--logdir", str(p / "logs")],
     r"not enough memory for what was asked \(Unable to allocate .*\); ask for less: a shorter --window"),
])
def test_user_errors_are_one_line_and_exit_2(tmp_path, capsys, make_args, message):
    assert exit_code(make_args(tmp_path)) == 2
    error = capsys.readouterr().err
    assert re.search(message, error), error
    assert error.count("\n") == 1 and "Traceback" not in error
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "out").exists()


def test_evaluate_and_generate_refuse_what_they_cannot_do_before_any_work(trained, csv_path, tmp_path, capsys):
    out, _ = trained
    assert exit_code(["evaluate", "--model", str(out), "--data", str(csv_path), "--max-windows", "1",
                      "--out", str(tmp_path / "report")]) == 2
    error = capsys.readouterr().err
    assert "Scoring needs at least 2 real windows. Received: 1 window(s) of 8 steps (--max-windows 1)" in error
    assert error.count("\n") == 1 and not (tmp_path / "report").exists()
    (tmp_path / "a_file").write_text("")
    target = tmp_path / "a_file" / "x.csv"  # a folder that cannot exist: a file has its name
    assert exit_code(["generate", "--model", str(out), "--out", str(target)]) == 2
    error = capsys.readouterr().err
    assert re.search(r"Cannot write to '.*a_file' \(.*\)\. Received: --out '.*x\.csv'", error), error
    assert error.count("\n") == 1


def test_every_flag_has_help():
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command").choices
    for name, subparser in subparsers.items():
        for action in subparser._actions:
            if action.dest != "help":
                assert action.help and len(action.help) > 10, (name, action.dest)


def test_subprocess_generate_from_the_shipped_stocks_model(tmp_path):
    target = tmp_path / "stocks.csv"
    result = subprocess.run(
        [sys.executable, "-m", "tfgan_rnn", "generate", "--model", os.path.join(REPO, "saved_models", "stocks"),
         "--num", "3", "--length", "100", "--out", str(target)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    generated = pd.read_csv(target)
    assert list(generated.columns) == ["sequence", "Open", "High", "Low", "Close", "Adj_Close", "Volume"]
    assert len(generated) == 300 and np.isfinite(generated.to_numpy()).all()
    assert result.stderr.strip() == ""


def test_ctrl_c_during_training_keeps_the_last_finished_epoch(csv_path, tmp_path):
    out = tmp_path / "interrupted"
    process = subprocess.Popen(
        [sys.executable, "-m", "tfgan_rnn", "train", "--data", str(csv_path), "--epochs", "10000",
         "--out", str(out), "--logdir", str(tmp_path / "logs"), *TINY],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 240
    while not (out / "model.keras").exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    time.sleep(1.0)
    try:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:  # never leave a training process running behind a failed test
            process.kill()
            process.communicate()
    assert process.returncode == cli.EXIT_INTERRUPTED, stderr
    assert "holds the model of the last finished epoch" in stderr
    gan = keras.saving.load_model(out / "model.keras")
    assert int(gan.generator_optimizer.iterations) > 0
    assert [name for name in os.listdir(out) if name.startswith(".tmp-")] == []


def test_a_panel_listed_newest_first_series_after_series_is_read_oldest_first(tmp_path, caplog):
    days = pd.date_range("2020-01-01", periods=12)[::-1]
    rows = [{"Name": name, "date": day.strftime("%Y-%m-%d"), "close": base + 11 - step,
             "regime": "up" if step < 6 else "down"}
            for name, base in (("AAA", 10.0), ("BBB", 500.0)) for step, day in enumerate(days)]
    path = tmp_path / "all_stocks.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    parser = cli.build_parser()
    loaded = cli._load_training_series(parser.parse_args(["train", "--data", str(path), "--series-column", "Name",
                                                          "--condition-column", "regime", "--window", "4"]))
    np.testing.assert_array_equal(loaded.values[0][:, 0], np.arange(10.0, 22.0))
    np.testing.assert_array_equal(loaded.values[1][:, 0], np.arange(500.0, 512.0))
    # the conditions turned with their rows: the oldest six days were "down" (the one-hot's second column: sorted)
    categories = loaded.condition_columns.columns[0].categories
    assert categories == ["down", "up"]
    np.testing.assert_array_equal(loaded.conditions[0].argmax(-1), [0] * 6 + [1] * 6)
    assert "the rows of each series of 'Name' run back in time (2020-01-12 first): read oldest first" in caplog.text


def test_a_panel_sorted_by_another_column_is_read_in_time_order_with_its_conditions(tmp_path, caplog):
    days = pd.date_range("2020-01-01", periods=12)
    rows = [{"Name": name, "date": day.strftime("%Y-%m-%d"), "close": base + step,
             "regime": "down" if step < 6 else "up"}
            for name, base in (("AAA", 10.0), ("BBB", 500.0)) for step, day in enumerate(days)]
    path = tmp_path / "all_stocks.csv"
    frame = pd.DataFrame(rows)
    frame.iloc[np.argsort(np.cos(np.arange(24.0)), kind="stable")].to_csv(path, index=False)  # no order in time
    parser = cli.build_parser()
    loaded = cli._load_training_series(parser.parse_args(["train", "--data", str(path), "--series-column", "Name",
                                                          "--condition-column", "regime", "--window", "4"]))
    by_level = sorted(loaded.values, key=lambda values: values[0, 0])
    np.testing.assert_array_equal(by_level[0][:, 0], np.arange(10.0, 22.0))
    np.testing.assert_array_equal(by_level[1][:, 0], np.arange(500.0, 512.0))
    for conditions in loaded.conditions:  # "down" (the one-hot's first column) first
        np.testing.assert_array_equal(conditions.argmax(-1), [0] * 6 + [1] * 6)
    assert "are not in time order (date goes back on" in caplog.text


def test_several_series_columns_tell_the_series_apart_together(tmp_path, capsys):
    dates = pd.date_range("2010-02-05", periods=12, freq="W-FRI").strftime("%Y-%m-%d")
    rows = [{"Store": store, "Dept": dept, "Date": date, "Weekly_Sales": 1000.0 * dept + 10 * store + week}
            for store in (1, 2) for dept in (1, 2) for week, date in enumerate(dates)]
    path = tmp_path / "train.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    parser = cli.build_parser()
    loaded = cli._load_training_series(parser.parse_args(["train", "--data", str(path), "--series-column",
                                                          "Store,Dept", "--window", "8"]))
    assert loaded.columns == ["Weekly_Sales"] and len(loaded.values) == 4
    assert [s[0, 0] for s in loaded.values] == [1010, 2010, 1020, 2020]
    assert "4 series by 'Store,Dept', 12 steps each" in capsys.readouterr().out
    # One of them alone: the dates repeat within a series, refused in one line naming both.
    assert cli.main(["train", "--data", str(path), "--series-column", "Store", "--steps", "1", "--out",
                     str(tmp_path / "m")]) == 2
    assert "--series-column Store,Dept" in capsys.readouterr().err
    # Neither: whole numbers that tell the series apart together, each pair's rows one after another, are read so
    # (before: refused, naming the flag), as are Rossmann's stores at each date, newest first (before: one series
    # across the stores, `Store` generated as a feature).
    args = parser.parse_args(["train", "--data", str(path), "--window", "8"])
    assert [s[0, 0] for s in cli._load_training_series(args).values] == [1010, 2010, 1020, 2020]
    assert args.series_column == "Store,Dept"
    assert "reading a series per value of 'Store', 'Dept' together, which tell 4 series apart (as --series-column " \
        "Store,Dept does)" in capsys.readouterr().out
    frame = pd.DataFrame(rows)
    frame[frame.Dept == 1].drop(columns="Dept").sort_values(["Date", "Store"], ascending=[False, True]).to_csv(
        tmp_path / "stores.csv", index=False)
    args = parser.parse_args(["train", "--data", str(tmp_path / "stores.csv"), "--window", "8"])
    assert sorted(s[-1, 0] for s in cli._load_training_series(args).values) == [1021, 1031]  # the newest last
    assert args.series_column == "Store"
    assert "reading a series per value of 'Store', whose whole numbers tell 2 series apart" in capsys.readouterr().out
    assert cli.main(["train", "--data", str(path), "--series-column", "Store,Dep", "--steps", "1"]) == 2
    assert "The series column 'Dep' is not in the data. Did you mean 'Dept'?" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_evaluate_reads_missing_readings_and_fills_gaps_as_train_did(tmp_path, capsys):
    import types

    # UCI AirQuality's way: -200 for a missing reading; and an empty cell.
    load = [10.0, 11, -200, 13, 14, None, 16, 17, 18, 19]
    pd.DataFrame({"time": pd.date_range("2024-01-01", periods=10, freq="h").astype(str), "load": load,
                  "temp": [5.0, 6, 7, 8, 7, 6, 5, 6, 7, 8]}).to_csv(tmp_path / "meter.csv", index=False)
    gan = types.SimpleNamespace(condition_dim=0, feature_names=["load", "temp"], output_dim=2)
    parser = cli.build_parser()

    def score(config, *flags):
        (tmp_path / "config.json").write_text(json.dumps({"window": 4, **config}))
        args = parser.parse_args(["evaluate", "--model", str(tmp_path / "model.keras"), str(tmp_path / "meter.csv"),
                                  *flags])
        return cli.scoring_windows(args, gan, str(tmp_path / "model.keras"))[0]

    real = score({"missing_values": ["-200"], "interpolate_missing": True})
    assert real.shape == (7, 4, 2) and np.isfinite(real).all() and real[..., 0].min() == 10
    np.testing.assert_allclose(np.unique(real[..., 0]), np.arange(10, 20))  # both gaps filled in line
    assert "reading -200 as missing, as the model's data was read" in capsys.readouterr().out
    # A model trained without them: the file as it is, its empty cell refused in one line naming the flag.
    with pytest.raises(cli.UsageError, match=r"Missing values in column\(s\) 'load' \(1 rows\).*--interpolate-missing"):
        score({})
    assert score({}, "--interpolate-missing")[..., 0].min() == -200


def test_evaluate_reads_a_sequence_per_row_or_spreads_the_variables_as_train_did(tmp_path, capsys):
    import types

    parser = cli.build_parser()

    def score(path, config, feature_names, *flags):
        (tmp_path / "config.json").write_text(json.dumps(config))
        gan = types.SimpleNamespace(condition_dim=0, feature_names=feature_names, output_dim=len(feature_names))
        args = parser.parse_args(["evaluate", "--model", str(tmp_path / "model.keras"), str(path), *flags])
        return cli.scoring_windows(args, gan, str(tmp_path / "model.keras"))[0]

    rows = tmp_path / "GunPoint_TRAIN.csv"  # a sequence of 12 steps per row
    pd.DataFrame(np.arange(36.0).reshape(3, 12), columns=[f"att{i}" for i in range(1, 13)]).to_csv(rows, index=False)
    real = score(rows, {"sequence_per_row": True, "window": 12}, ["value"])
    assert real.shape == (3, 12, 1) and sorted(real[:, 0, 0]) == [0, 12, 24]
    assert "reading a sequence per row, as the model's data was read" in capsys.readouterr().out
    long = tmp_path / "plant_long.csv"  # date,quantity,reading
    pd.DataFrame({"date": np.tile(pd.date_range("2024-01-01", periods=6).astype(str), 2),
                  "quantity": np.repeat(["load", "temp"], 6), "reading": np.arange(12.0)}).to_csv(long, index=False)
    real = score(long, {"variable_column": "quantity", "window": 4}, ["load", "temp"])
    assert real.shape == (3, 4, 2) and real[0, 0].tolist() == [0, 6]
    assert "spreading the rows by quantity, as the model's data was read" in capsys.readouterr().out
    # Data that holds the model's columns as they are is read as it is.
    wide = tmp_path / "plant.csv"
    pd.DataFrame({"date": pd.date_range("2024-01-01", periods=6).astype(str), "load": np.arange(6.0),
                  "temp": np.arange(6.0, 12.0)}).to_csv(wide, index=False)
    assert score(wide, {"variable_column": "quantity", "window": 4}, ["load", "temp"]).shape == (3, 4, 2)
    assert "spreading" not in capsys.readouterr().out


def test_evaluate_reads_a_series_per_value_of_the_columns_the_model_was_trained_by(tmp_path, capsys):
    import types

    dates = pd.date_range("2010-02-05", periods=12, freq="W-FRI").strftime("%Y-%m-%d")
    sales = pd.DataFrame([{"Store": store, "Dept": dept, "Date": date, "Weekly_Sales": 1000.0 * dept + week}
                          for store in (1, 2) for dept in (1, 2) for week, date in enumerate(dates)])
    sales.to_csv(tmp_path / "train.csv", index=False)
    (tmp_path / "config.json").write_text(json.dumps({"series_column": "Store,Dept", "window": 8}))
    gan = types.SimpleNamespace(condition_dim=0, feature_names=["Weekly_Sales"], output_dim=1)
    parser = cli.build_parser()

    def score(path, *flags):
        args = parser.parse_args(["evaluate", "--model", str(tmp_path / "model.keras"), "--data", str(path), *flags])
        return cli.scoring_windows(args, gan, str(tmp_path / "model.keras"))[0]

    # 4 series of 12 weeks: 5 windows of 8 each, none crossing from one department to the next
    real = score(tmp_path / "train.csv")
    assert real.shape == (20, 8, 1) and all(np.ptp(window) == 7 for window in real[..., 0])
    assert "reading a series per value of Store,Dept, as the model's data was read" in capsys.readouterr().out
    # a file of one of them: read as one series, with a notice
    sales[(sales.Store == 1) & (sales.Dept == 2)].drop(columns=["Store", "Dept"]).to_csv(tmp_path / "one.csv",
                                                                                         index=False)
    assert score(tmp_path / "one.csv").shape == (5, 8, 1)
    assert "the data has no column(s) Store,Dept" in capsys.readouterr().out


def test_a_panel_numbered_by_subject_trains_a_sequence_per_subject_without_flags(tmp_path, capsys):
    # R's ChickWeight as river ships it (`weight,time,chick,diet`, sorted by `time`: 50 chicks at day 0, then at day
    # 2, ...; 12 weighings a chick at most). Before: read as one series of 578 rows, windows of 24 ran across the
    # chicks of one day, and `chick` was generated as a feature. With --series-column chick, refused: "Every series
    # is shorter than the window".
    rng = np.random.default_rng(0)
    days = np.arange(0, 24, 2)
    weights = {chick: np.round(40 + np.cumsum(rng.gamma(2, 3 + chick % 3, len(days)))) for chick in range(1, 9)}
    rows = [(weights[chick][step], day, chick, 1 + chick % 3) for step, day in enumerate(days)
            for chick in weights if not (chick == 8 and step >= 7)]  # chick 8 weighed 7 times only
    path = tmp_path / "chick-weights.csv"
    pd.DataFrame(rows, columns=["weight", "time", "chick", "diet"]).to_csv(path, index=False)
    args = cli.build_parser().parse_args(["train", str(path)])
    loaded = cli._load_training_series(args)
    assert args.series_column == "chick" and args.whole_sequences and args.window == 12
    assert loaded.columns == ["weight", "diet"] and [len(values) for values in loaded.values] == [12] * 7 + [7]
    np.testing.assert_allclose(loaded.values[1][:, 0], weights[2])
    printed = capsys.readouterr().out
    assert "reading a series per value of 'chick', whose whole numbers tell 8 series apart" in printed
    assert "8 of 8 series are shorter than the default window of 24 steps: read as sequences" in printed
    # Trained so, it is scored and generated so: a sequence per chick, at the chicks' lengths.
    out = tmp_path / "model"
    assert cli.main(["train", str(path), "--steps", "2", "--evaluation", "none", "--num-samples", "4", "--out",
                     str(out), "--logdir", str(tmp_path / "logs"), *TINY_ANY_LENGTH]) == 0
    capsys.readouterr()
    assert cli.main(["evaluate", "--model", str(out), "--data", str(path), "--budget", "quick"]) == 0
    assert "scoring 8 generated sequences of 7-12 steps, at the real ones' lengths," in capsys.readouterr().out
    generated = tmp_path / "generated.csv"
    assert cli.main(["generate", "--model", str(out), "--num", "40", "--out", str(generated)]) == 0
    lengths = pd.read_csv(generated).groupby("sequence").size()
    assert set(lengths) == {7, 12} and len(lengths) == 40
    # A chick's diet is the same all its life, and so in each generated sequence (before: it changed from step to
    # step as the generator made it), one of the diets.
    diets = pd.read_csv(generated).groupby("sequence").diet
    assert (diets.nunique() == 1).all() and set(diets.first()) <= {1, 2, 3}
    assert cli.main(["train", str(path), "--dry-run"]) == 0
    assert re.search(r"diet +1 +3 +one of 3 values, the same all through each sequence\n", capsys.readouterr().out)
    # A --window reads windows of it, as before; so does the default beside a series too long to train whole.
    args = cli.build_parser().parse_args(["train", str(path), "--window", "6"])
    assert [len(values) for values in cli._load_training_series(args).values] == [12] * 7 + [7]
    assert args.window == 6 and not args.whole_sequences
    long = pd.DataFrame({"weight": rng.uniform(40, 300, cli.WHOLE_SEQUENCES_MAX_STEPS + 1), "chick": 9, "diet": 1,
                         "time": np.arange(0, 2 * cli.WHOLE_SEQUENCES_MAX_STEPS + 2, 2)})
    pd.concat([pd.read_csv(path), long]).sort_values("chick", kind="stable").to_csv(path, index=False)  # in blocks
    args = cli.build_parser().parse_args(["train", str(path)])
    assert [len(values) for values in cli._load_training_series(args).values] == [cli.WHOLE_SEQUENCES_MAX_STEPS + 1]
    assert args.window == 24 and not args.whole_sequences
    # Ecdat's Fatality: 48 states' 7 years under a `state` number, and a law (`jaild`, no or yes) that changes
    # within a state's years, generated as categories within each series (before: one series across the states).
    states = pd.DataFrame({"state": np.repeat([1, 4, 5], 7), "year": np.tile(np.arange(1982, 1989), 3),
                           "jaild": ["no"] * 3 + ["yes"] * 4 + ["no"] * 7 + ["yes"] * 7,
                           "deaths": np.round(rng.uniform(1, 3, 21), 3)})
    states.to_csv(path, index=False)
    args = cli.build_parser().parse_args(["train", str(path)])
    loaded = cli._load_training_series(args)
    assert args.series_column == "state" and args.categorical_columns == ["jaild"] and args.window == 7
    assert loaded.columns == ["jaild=no", "jaild=yes", "deaths"] and len(loaded.values) == 3
    np.testing.assert_allclose(loaded.values[0][:, 1], [0, 0, 0, 1, 1, 1, 1])
    assert "generating the text column(s) 'jaild' as categories within each series, as --categorical-columns " \
        "jaild does" in capsys.readouterr().out


def test_a_panel_is_guessed_beside_drop_columns_columns_and_condition_column(tmp_path, capsys, caplog):
    # Ecdat's Males (`nr,year,union,residence,wage`: 545 men's 8 years; `residence` changes within some men's years
    # and is empty throughout others'). Without flags its empty cells are generated as a category of their own, written
    # back empty (until 2026-12-07 it was refused, naming --drop-columns residence as a fix); before that fix's own
    # mend, it read the 4,360 rows as one series (any column flag turned the guess off), windows ran across the men
    # and `nr` was generated as a feature.
    rng = np.random.default_rng(0)
    men = [13, 17, 18]
    males = pd.DataFrame({"nr": np.repeat(men, 8), "year": np.tile(np.arange(1980, 1988), 3),
                          "union": rng.choice(["no", "yes"], 24),
                          "residence": ["south"] * 5 + ["north_east"] * 3 + [""] * 8 + ["north_east"] * 8,
                          "wage": np.round(rng.normal(1.5, 0.5, 24), 4)})
    path = tmp_path / "Males.csv"
    males.to_csv(path, index=False)
    args = cli.build_parser().parse_args(["train", str(path)])
    loaded = cli._load_training_series(args)
    assert args.categorical_columns == ["union", "residence"]
    assert loaded.columns == ["union=no", "union=yes", "residence=", "residence=north_east", "residence=south", "wage"]
    np.testing.assert_allclose(loaded.values[1][:, 2], 1)  # the second man's residence: empty throughout
    np.testing.assert_allclose(loaded.values[0][:, 2], 0)
    assert "'residence' is empty on 8 of 24 row(s): read as a category of its own" in caplog.text
    capsys.readouterr()
    args = cli.build_parser().parse_args(["train", str(path), "--drop-columns", "residence"])
    loaded = cli._load_training_series(args)
    assert args.series_column == "nr" and args.categorical_columns == ["union"] and args.window == 8
    assert loaded.columns == ["union=no", "union=yes", "wage"] and len(loaded.values) == 3
    for values, man in zip(loaded.values, men):
        np.testing.assert_allclose(values[:, 2], males.wage[males.nr == man], rtol=1e-6)
    printed = capsys.readouterr().out
    assert "reading a series per value of 'nr', whose whole numbers tell 3 series apart" in printed
    assert "--drop-columns residence,nr reads the rows as one series" in printed  # the flags given, and one more
    assert "(--drop-columns residence,union leaves them out)" in printed
    # Text naming the series, likewise: a note dropped, a series per symbol; the symbol dropped, one series.
    males.assign(nr=males.nr.map({13: "A", 17: "B", 18: "C"}), note=[f"checked {i}" for i in range(24)]).drop(
        columns=["residence", "union"]).to_csv(path, index=False)
    args = cli.build_parser().parse_args(["train", str(path), "--drop-columns", "note"])
    assert len(cli._load_training_series(args).values) == 3 and args.series_column == "nr"
    assert "--drop-columns note,nr one series" in capsys.readouterr().out
    args = cli.build_parser().parse_args(["train", str(path), "--drop-columns", "note,nr", "--window", "4"])
    loaded = cli._load_training_series(args)
    assert loaded.values.shape == (24, 2) and loaded.columns == ["year", "wage"] and args.series_column is None
    # --columns chooses the features, not what tells the series apart: a series per store still (Walmart's
    # features.csv, `Store,Date,Temperature,...,CPI`, each store's weeks in a block; before, one series across the
    # stores, without a notice), and no categories beyond those asked for
    weeks = pd.date_range("2010-02-05", periods=30, freq="W-FRI").strftime("%Y-%m-%d")
    features = pd.DataFrame({"Store": np.repeat([1, 2, 3], 30), "Date": np.tile(weeks, 3),
                             "Temperature": np.round(rng.uniform(20, 90, 90), 2),
                             "CPI": np.round(rng.uniform(120, 220, 90), 3), "IsHoliday": rng.choice(["no", "yes"], 90)})
    features.to_csv(path, index=False)
    args = cli.build_parser().parse_args(["train", str(path), "--columns", "CPI,Temperature"])
    loaded = cli._load_training_series(args)
    assert args.series_column == "Store" and args.categorical_columns is None and args.window == 24
    assert loaded.columns == ["CPI", "Temperature"] and [len(values) for values in loaded.values] == [30] * 3
    np.testing.assert_allclose(loaded.values[2][:, 0], features.CPI[60:], rtol=1e-6)
    assert "--drop-columns Store,IsHoliday in place of --columns reads the rows as one series" in \
        capsys.readouterr().out
    args = cli.build_parser().parse_args(["train", str(path), "--columns", "Store,CPI"])  # a feature, as asked
    assert cli._load_training_series(args).columns == ["Store", "CPI"] and args.series_column is None
    # --condition-column too: a series per store, conditioned on its holidays (before: refused, naming
    # --series-column Store), and a series per symbol conditioned on it (before: one series across the symbols, its
    # windows' conditions changing midway, with a notice); a store's number to condition on is not guessed.
    args = cli.build_parser().parse_args(["train", str(path), "--condition-column", "IsHoliday"])
    loaded = cli._load_training_series(args)
    assert args.series_column == "Store" and loaded.columns == ["Temperature", "CPI"] and len(loaded.values) == 3
    assert [conditions.shape for conditions in loaded.conditions] == [(30, 2)] * 3
    capsys.readouterr()
    features.assign(Store=features.Store.map({1: "A", 2: "B", 3: "C"})).drop(columns="IsHoliday").to_csv(
        path, index=False)
    args = cli.build_parser().parse_args(["train", str(path), "--condition-column", "Store"])
    loaded = cli._load_training_series(args)
    assert args.series_column == "Store" and len(loaded.values) == 3
    assert [conditions.argmax(-1).tolist() for conditions in loaded.conditions] == [[0] * 30, [1] * 30, [2] * 30]
    assert "reading a series per value of 'Store', the only text column, which tells 3 series apart (as " \
        "--series-column Store does)\n" in capsys.readouterr().out  # no flag reads one series, conditioned on it
    features.drop(columns="IsHoliday").to_csv(path, index=False)
    args = cli.build_parser().parse_args(["train", str(path), "--condition-column", "Store", "--window", "8"])
    assert cli._load_training_series(args).values.shape == (90, 2) and args.series_column is None
    # A column the file lacks is refused as before, nothing guessed.
    assert cli.main(["train", str(path), "--drop-columns", "remark", "--dry-run"]) == 2
    assert "--drop-columns names 'remark', which the data lacks" in capsys.readouterr().err
