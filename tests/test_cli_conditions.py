"""`tfgan-rnn train --condition-column`: a CSV column of categories as the GAN's condition,
and `generate --condition CATEGORY` / `evaluate` of the model it trains."""

import json
import os
import re

import numpy as np
import pandas as pd
import pytest

from tfgan_rnn import cli, tables
from test_cli import TINY, assert_train_refused, exit_code

# Wind is above this in a storm and below it when calm, so that every window's conditions
# can be checked against its values.
STORM_ABOVE = 11.0


def wind_frame(rows=400, seed=0):
    """Hourly wind in regimes of 40 rows: 'calm' (about 2-6) and 'storm' (about 17-23)."""
    rng = np.random.default_rng(seed)
    t = np.arange(rows)
    storm = (t // 40) % 2 == 1
    wind = np.where(storm, 20 + 3 * np.sin(t / 3), 4 + 2 * np.sin(t / 5)) + rng.normal(0, 0.3, rows)
    return pd.DataFrame({
        "time": pd.date_range("2024-01-01", periods=rows, freq="h").astype(str),
        "regime": np.where(storm, "storm", "calm"),
        "wind": wind,
        "gust": 1.3 * wind + rng.normal(0, 0.5, rows),
    })


@pytest.fixture(scope="module")
def wind_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("wind") / "wind.csv"
    wind_frame().to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def conditional_run(wind_csv, tmp_path_factory):
    root = tmp_path_factory.mktemp("conditional")
    out = root / "model"
    code = cli.main(["train", "--data", str(wind_csv), "--condition-column", "regime", "--steps", "20",
                     "--evaluation", "none", "--num-samples", "40", "--out", str(out),
                     "--logdir", str(root / "logs"), *TINY])
    assert code == 0
    return out


def is_storm(wind):
    return np.asarray(wind) > STORM_ABOVE


def test_split_categories_codes_rows_against_sorted_or_given_categories():
    frame = pd.DataFrame({"level": [2.0, 1.0, 2.0, 3.0], "x": [0.1, 0.2, 0.3, 0.4]})
    rest, codes, categories = tables.split_categories(frame, "level")
    assert list(rest.columns) == ["x"] and categories == ["1", "2", "3"] and codes.tolist() == [1, 0, 1, 2]
    _, codes, _ = tables.split_categories(frame, "level", categories=["3", "2", "1"])
    assert codes.tolist() == [1, 2, 1, 0]  # a trained model's order, not the data's
    with pytest.raises(ValueError, match=r"categories the model was not trained on: \['3'\]"):
        tables.split_categories(frame, "level", categories=["1", "2"])
    with pytest.raises(ValueError, match="holds one category"):
        tables.split_categories(frame.assign(level=5), "level")
    with pytest.raises(ValueError, match="holds 100 distinct values; a condition column names a category"):
        tables.split_categories(pd.DataFrame({"level": np.arange(100.0), "x": 1.0}), "level")
    with pytest.raises(ValueError, match="empty on 1 row"):
        tables.split_categories(frame.assign(level=[1.0, None, 2.0, 2.0]), "level")
    with pytest.raises(ValueError, match=r"not in the data. Expected one of \['level', 'x'\]"):
        tables.split_categories(frame, "regime")


@pytest.mark.parametrize("panel", [False, True, "by regime"])
def test_every_training_window_carries_its_own_rows_categories(wind_csv, tmp_path, panel):
    path = wind_csv
    flags = ["--window", "8", "--batch-size", "64", "--condition-column", "regime"]
    if panel == "by regime":  # the category column names the series too: a series per category
        flags += ["--series-column", "regime"]
    elif panel:  # three stations, the last too short for a window: dropped with its conditions
        frame = wind_frame()
        frame["station"] = np.where(np.arange(400) < 396, np.arange(400) % 2, 2)
        path = tmp_path / "stations.csv"
        frame.to_csv(path, index=False)
        flags += ["--series-column", "station"]
    args = cli.build_parser().parse_args(["train", "--data", str(path), *flags])
    prepared = cli._prepare_training(args)
    assert prepared.condition_columns.columns[0].categories == ["calm", "storm"]
    assert prepared.num_windows == {False: 400 - 7, True: 2 * (198 - 7), "by regime": 2 * (200 - 7)}[panel]
    if panel == "by regime":
        assert [c.argmax(-1).tolist() for c in prepared.conditions] == [[0] * 200, [1] * 200]
    for values, conditions in zip(cli._series_list(prepared.scaled), cli._series_list(prepared.conditions)):
        assert len(values) == len(conditions)
    windows, conditions = next(iter(cli._training_dataset(args, prepared)))
    assert windows.shape == (64, 8, 2) and conditions.shape == (64, 8, 2)
    wind = prepared.scaler.inverse_transform(windows.numpy())[..., 0]
    np.testing.assert_array_equal(conditions.numpy().argmax(-1), is_storm(wind))
    assert set(np.unique(conditions.numpy().sum(-1))) == {1.0}  # one category a step


def test_train_writes_the_categories_and_samples_for_the_real_windows_categories(conditional_run):
    config = json.loads((conditional_run / "config.json").read_text())
    assert config["condition_column"] == "regime" and config["condition_categories"] == ["calm", "storm"]
    assert config["columns"] == ["wind", "gust"]
    samples = pd.read_csv(conditional_run / "samples.csv")
    assert list(samples.columns) == ["sequence", "regime", "wind", "gust"] and len(samples) == 40 * 8
    # The real windows beside them are spread evenly over the series: both regimes, as in the data.
    assert 0.3 < (samples["regime"] == "storm").mean() < 0.7


def test_generate_takes_a_category_by_name_and_writes_it_beside_the_values(conditional_run, tmp_path, capsys):
    by_name, by_vector = tmp_path / "storm.csv", tmp_path / "storm_vector.csv"
    assert cli.main(["generate", "--model", str(conditional_run), "--num", "3", "--length", "5",
                     "--condition", "storm", "--out", str(by_name)]) == 0
    assert cli.main(["generate", "--model", str(conditional_run), "--num", "3", "--length", "5",
                     "--condition", "0,1", "--out", str(by_vector)]) == 0
    storm = pd.read_csv(by_name)
    assert list(storm.columns) == ["sequence", "regime", "wind", "gust"] and set(storm["regime"]) == {"storm"}
    pd.testing.assert_frame_equal(storm, pd.read_csv(by_vector))
    calm = tmp_path / "calm.npy"
    assert cli.main(["generate", "--model", str(conditional_run), "--num", "3", "--length", "5",
                     "--condition", "calm", "--out", str(calm)]) == 0
    assert not np.allclose(np.load(calm), storm[["wind", "gust"]].to_numpy().reshape(3, 5, 2))
    capsys.readouterr()
    for flags in ([], ["--condition", "gale"], ["--condition", "1"]):
        assert exit_code(["generate", "--model", str(conditional_run), "--out", str(tmp_path / "x.csv"),
                          *flags]) == 2
        error = capsys.readouterr().err
        assert "one of its categories, calm, storm (or 2 comma-separated numbers)" in error
        assert error.count("\n") == 1
    assert not os.path.exists(tmp_path / "x.csv")


def test_evaluate_scores_a_conditional_model_with_and_without_its_condition(conditional_run, wind_csv, tmp_path,
                                                                            capsys):
    assert cli.main(["evaluate", "--model", str(conditional_run), "--data", str(wind_csv), "--max-windows", "60",
                     "--budget", "quick", "--out", str(tmp_path / "report")]) == 0
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    conditional = report["conditional_discriminative_score"]["mean"]
    printed = capsys.readouterr().out
    assert f"discriminative {report['discriminative_score']['mean']:.3f}, with the condition {conditional:.3f}, " \
        in printed
    page = (tmp_path / "report" / "report.html").read_text()
    assert "conditional_discriminative_score" in page
    # Each category's means and spreads, in original units, real and generated for the same steps.
    calm, storm = report["by_category"]
    assert (calm["category"], storm["category"]) == ("calm", "storm")
    assert calm["real_steps"] + storm["real_steps"] == 60 * report["window"]
    assert calm["synthetic_steps"] == calm["real_steps"] and storm["synthetic_steps"] == storm["real_steps"]
    assert calm["real_mean"][0] < STORM_ABOVE < storm["real_mean"][0]  # wind, the first feature
    assert len(calm["synthetic_mean"]) == len(calm["real_std"]) == 2
    assert "storm (" in page and "real steps): wind</td><td>mean " in page
    assert re.search(r"by category, furthest from the data: (calm|storm)'s (wind|gust), mean ", printed), printed


def test_the_furthest_category_is_measured_in_each_features_spread():
    real = np.stack([np.linspace(0, 100, 40), np.linspace(0, 1, 40)], axis=-1).reshape(2, 20, 2)  # spreads 29.6 and .296
    summary = [{"category": "calm", "real_mean": [10.0, 0.5], "synthetic_mean": [30.0, 0.5]},  # 20 of a spread of 29.6: .68
               {"category": "storm", "real_mean": [50.0, 0.2], "synthetic_mean": [50.0, 0.6]},  # .4 of .296: 1.35
               {"category": "gale", "real_mean": [90.0, 0.9], "synthetic_mean": None}]  # none generated: skipped
    line = cli._furthest_category(summary, ["wind", "gust"], real)
    assert line.startswith(
        "by category, furthest from the data: storm's gust, mean 0.6 against the data's 0.2 (1.35 "), line


class _Scored(Exception):
    pass


@pytest.fixture
def scored(monkeypatch):
    """`(real windows, their conditions)` of each evaluation, which stops there (`_Scored`)."""
    calls = []

    def record(gan, real, folder, budget, seed, condition=None, per_feature=False, condition_columns=None,
               lengths=None):
        calls.append((real, condition))
        raise _Scored

    monkeypatch.setattr(cli, "_write_evaluation", record)
    return calls


def test_evaluate_generates_for_the_real_windows_categories(conditional_run, wind_csv, tmp_path, scored, capsys):
    with pytest.raises(_Scored):
        cli.main(["evaluate", "--model", str(conditional_run), "--data", str(wind_csv), "--max-windows", "100"])
    real, condition = scored[0]
    assert real.shape == (100, 8, 2) and condition.shape == (100, 8, 2)
    np.testing.assert_array_equal(condition.argmax(-1), is_storm(real[..., 0]))
    # Data with a category the model never saw, or without the column: one line, exit code 2.
    frame = wind_frame()
    frame.loc[5, "regime"] = "gale"
    frame.to_csv(tmp_path / "gale.csv", index=False)
    frame.drop(columns=["regime"]).to_csv(tmp_path / "no_regime.csv", index=False)
    capsys.readouterr()
    for data, message in ((tmp_path / "gale.csv", "categories the model was not trained on: ['gale']"),
                          (tmp_path / "no_regime.csv", "The condition column is not in the data"),
                          ("stocks", "score it on a CSV with them. Received: --data stocks")):
        assert exit_code(["evaluate", "--model", str(conditional_run), "--data", str(data)]) == 2
        error = capsys.readouterr().err
        assert message in error and error.count("\n") == 1


def test_a_condition_column_that_cannot_be_used_is_refused_before_training(wind_csv, tmp_path, capsys):
    frame = wind_frame()
    frame["station"] = [f"s{i % 100}" for i in range(400)]  # text, too many to be categories
    frame.to_csv(tmp_path / "stations.csv", index=False)
    cases = [
        (["--data", "stocks", "--condition-column", "regime"], "--condition-column reads a CSV file's column"),
        (["--data", str(wind_csv), "--condition-column", "season"], "The condition column is not in the data"),
        (["--data", str(tmp_path / "stations.csv"), "--condition-column", "station"],
         "holds 100 distinct values; a condition column names a category (at most 64)"),
    ]
    for flags, message in cases:
        assert_train_refused(flags, message, tmp_path, capsys)


def test_generate_follows_a_path_of_categories_from_a_condition_file(conditional_run, tmp_path, capsys):
    import keras

    path = tmp_path / "storm_arrives.csv"
    steps = ["calm"] * 6 + ["storm"] * 4
    pd.DataFrame({"hour": range(10), "regime": steps}).to_csv(path, index=False)
    out = tmp_path / "scenario.csv"
    assert cli.main(["generate", "--model", str(conditional_run), "--num", "3", "--seed", "5",
                     "--condition-file", str(path), "--out", str(out)]) == 0
    written = pd.read_csv(out)
    assert list(written.columns) == ["sequence", "regime", "wind", "gust"] and len(written) == 3 * 10
    assert written["regime"].tolist() == steps * 3
    gan = keras.saving.load_model(conditional_run / "model.keras")
    per_step = np.repeat(np.eye(2, dtype="float32")[[0] * 6 + [1] * 4][None], 3, axis=0)
    expected, _ = gan.generate(3, 10, seed=5, condition=per_step)
    np.testing.assert_allclose(written[["wind", "gust"]].to_numpy().reshape(3, 10, 2), expected, rtol=1e-4, atol=1e-4)

    unconditional = tmp_path / "plain.keras"
    from tfgan_rnn import recipe
    keras.saving.save_model(recipe.build_gan(2, units=4, discriminator_conv_filters=4), unconditional)
    pd.DataFrame({"regime": ["gale"]}).to_csv(tmp_path / "gale.csv", index=False)
    pd.DataFrame({"weather": ["calm"]}).to_csv(tmp_path / "weather.csv", index=False)
    pd.DataFrame({"regime": []}).to_csv(tmp_path / "empty.csv", index=False)
    capsys.readouterr()
    cases = [
        ([str(conditional_run), str(path), "--length", "12"], "--condition-file gives 10 steps; --length asks for 12"),
        ([str(conditional_run), str(tmp_path / "gale.csv")], "categories the model was not trained on: ['gale']"),
        ([str(conditional_run), str(tmp_path / "weather.csv")], "The condition column is not in the data"),
        ([str(conditional_run), str(tmp_path / "empty.csv")], "--condition-file has no rows"),
        ([str(unconditional), str(path)], "needs a model trained with --condition-column"),
        ([str(conditional_run), str(path), "--condition", "calm"], "not allowed with argument --condition-file"),
    ]
    for (model, condition_file, *flags), message in cases:
        target = tmp_path / "never.csv"
        assert exit_code(["generate", "--model", model, "--condition-file", condition_file, "--out", str(target),
                          *flags]) == 2
        error = capsys.readouterr().err
        assert message in error and error.count("\n") == 1, error
        assert not target.exists()


def test_export_says_the_order_of_the_categories_its_condition_takes(conditional_run, tmp_path, capsys):
    import tensorflow as tf

    assert cli.main(["export", "--model", str(conditional_run), "--out", str(tmp_path / "served")]) == 0
    assert "condition: a one-hot of 'regime', in this order: calm, storm" in capsys.readouterr().out
    served = tf.saved_model.load(str(tmp_path / "served"))
    storm = served.generate(num_sequences=2, length=5, seed=3, condition=[[0.0, 1.0]] * 2)["sequences"]
    assert cli.main(["generate", "--model", str(conditional_run), "--num", "2", "--length", "5", "--seed", "3",
                     "--condition", "storm", "--out", str(tmp_path / "storm.npy")]) == 0
    np.testing.assert_allclose(storm.numpy(), np.load(tmp_path / "storm.npy"), rtol=1e-4, atol=1e-4)


# A numeric condition column: the load a temperature drives (load = 2 x temperature + noise).
def load_frame(rows=300, seed=1):
    rng = np.random.default_rng(seed)
    t = np.arange(rows)
    temperature = 15 + 10 * np.sin(t / 30) + rng.normal(0, 0.5, rows)
    return pd.DataFrame({"temperature": temperature.round(3),
                         "load": (2 * temperature + rng.normal(0, 0.05, rows)).round(3)})


def trained_on(root, frame, condition_columns):
    """`(model folder, data file)` of a tiny `train --condition-column` run on `frame`, 10 steps."""
    path = root / "data.csv"
    frame.to_csv(path, index=False)
    code = cli.main(["train", "--data", str(path), "--condition-column", condition_columns, "--steps", "10",
                     "--evaluation", "none", "--num-samples", "20", "--out", str(root / "model"),
                     "--logdir", str(root / "logs"), *TINY])
    assert code == 0
    return root / "model", path


@pytest.fixture(scope="module")
def numeric_run(tmp_path_factory):
    return trained_on(tmp_path_factory.mktemp("numeric"), load_frame(), "temperature")


def test_a_numeric_column_of_many_values_is_a_number_scaled_by_its_training_range(numeric_run, capsys):
    out, path = numeric_run
    frame = load_frame()
    config = json.loads((out / "config.json").read_text())
    low, high = frame["temperature"].min(), frame["temperature"].max()
    assert config["condition_categories"] is None and config["condition_range"] == pytest.approx([low, high])
    args = cli.build_parser().parse_args(["train", "--data", str(path), "--condition-column", "temperature",
                                          "--window", "8", "--batch-size", "64"])
    prepared = cli._prepare_training(args)
    assert "conditioned on the number in 'temperature', scaled from its training range" in capsys.readouterr().out
    windows, conditions = next(iter(cli._training_dataset(args, prepared)))
    assert conditions.shape == (64, 8, 1) and 0 <= conditions.numpy().min() and conditions.numpy().max() <= 1
    load = prepared.scaler.inverse_transform(windows.numpy())[..., 0]
    temperature = prepared.condition_columns.columns[0].decode(conditions.numpy()).reshape(64, 8)
    np.testing.assert_allclose(load, 2 * temperature, atol=0.3)  # each step with its own temperature
    samples = pd.read_csv(out / "samples.csv")
    assert list(samples.columns) == ["sequence", "temperature", "load"]
    assert low - 1e-3 <= samples["temperature"].min() < samples["temperature"].max() <= high + 1e-3


def test_generate_and_evaluate_take_the_number_in_its_own_units(numeric_run, tmp_path, scored, capsys, caplog):
    import keras

    out, path = numeric_run
    gan = keras.saving.load_model(out / "model.keras")
    low, high = json.loads((out / "config.json").read_text())["condition_range"]
    assert cli.main(["generate", "--model", str(out), "--num", "2", "--length", "6", "--seed", "2",
                     "--condition", "21.5", "--out", str(tmp_path / "warm.csv")]) == 0
    warm = pd.read_csv(tmp_path / "warm.csv")
    assert list(warm.columns) == ["sequence", "temperature", "load"] and set(warm["temperature"]) == {21.5}
    expected, _ = gan.generate(2, 6, seed=2, condition=np.full((2, 1), (21.5 - low) / (high - low), "float32"))
    np.testing.assert_allclose(warm["load"].to_numpy().reshape(2, 6), expected[..., 0], rtol=1e-4, atol=1e-4)

    scenario = pd.DataFrame({"temperature": [10.0, 12.0, 14.0, 30.0]})  # 30: beyond the training range
    scenario.to_csv(tmp_path / "scenario.csv", index=False)
    assert cli.main(["generate", "--model", str(out), "--num", "2", "--seed", "2", "--condition-file",
                     str(tmp_path / "scenario.csv"), "--out", str(tmp_path / "path.csv")]) == 0
    assert "'temperature' beyond its training range" in caplog.text
    followed = pd.read_csv(tmp_path / "path.csv")
    assert followed["temperature"].tolist() == [10.0, 12.0, 14.0, 30.0] * 2
    per_step = ((scenario["temperature"].to_numpy() - low) / (high - low)).astype("float32")
    expected, _ = gan.generate(2, 4, seed=2, condition=np.repeat(per_step[None, :, None], 2, axis=0))
    np.testing.assert_allclose(followed["load"].to_numpy().reshape(2, 4), expected[..., 0], rtol=1e-4, atol=1e-4)

    with pytest.raises(_Scored):
        cli.main(["evaluate", "--model", str(out), "--data", str(path), "--max-windows", "50"])
    real, condition = scored[0]
    np.testing.assert_allclose(real[..., 0], 2 * (condition[..., 0] * (high - low) + low), atol=0.3)

    assert cli.main(["export", "--model", str(out), "--out", str(tmp_path / "served")]) == 0
    assert f"condition: (temperature - {low:g}) / ({high:g} - {low:g}), one number" in capsys.readouterr().out
    pd.DataFrame({"temperature": [10.0, "warm"]}).to_csv(tmp_path / "words.csv", index=False)
    for flags, message in ((["--condition", "warm"], "pass --condition as a number, e.g. --condition"),
                           (["--condition-file", str(tmp_path / "words.csv")],
                            "The condition column 'temperature' holds numbers; 1 row(s) hold none (e.g. 'warm')")):
        assert exit_code(["generate", "--model", str(out), "--out", str(tmp_path / "never.csv"), *flags]) == 2
        error = capsys.readouterr().err
        assert message in error and error.count("\n") == 1, error
    assert not (tmp_path / "never.csv").exists()


def test_interpolate_missing_fills_a_numeric_condition_columns_gaps_within_each_series(tmp_path, caplog):
    frame = load_frame(rows=200)
    frame["site"] = np.where(np.arange(200) < 100, "north", "south")
    frame.loc[[10, 11, 150], "temperature"] = np.nan
    frame.loc[99, "temperature"] = np.nan  # north's last row: filled from north, not from south's first
    path = tmp_path / "gaps.csv"
    frame.to_csv(path, index=False)
    flags = ["train", "--data", str(path), "--condition-column", "temperature", "--series-column", "site",
             "--window", "8"]
    assert exit_code(flags) == 2  # refused without the flag, as the measurements' gaps are
    prepared = cli._prepare_training(cli.build_parser().parse_args([*flags, "--interpolate-missing"]))
    assert "interpolated 4 missing value(s) of the condition column 'temperature'" in caplog.text
    north = prepared.condition_columns.columns[0].decode(prepared.conditions[0])
    expected = load_frame(rows=200)["temperature"].to_numpy()
    np.testing.assert_allclose(north[10:12], expected[9] + (expected[12] - expected[9]) * np.array([1, 2]) / 3,
                               atol=1e-3)
    assert north[99] == pytest.approx(expected[98], abs=1e-3)


def test_condition_kind_reads_a_column_of_few_numbers_as_a_number_or_numbers_as_categories(tmp_path, capsys):
    frame = load_frame()
    frame["temperature"] = frame["temperature"].round()  # whole degrees: about 21 distinct values
    frame["load"] = 2 * frame["temperature"]
    frame.to_csv(tmp_path / "whole.csv", index=False)
    flags = ["train", "--data", str(tmp_path / "whole.csv"), "--condition-column", "temperature",
             "--window", "8", "--batch-size", "64"]
    prepared = cli._prepare_training(cli.build_parser().parse_args(flags))
    assert prepared.condition_columns.columns[0].categories is not None  # few numbers: categories by default, and it says so
    assert "read as categories; --condition-kind number reads it as a number" in capsys.readouterr().out
    args = cli.build_parser().parse_args([*flags, "--condition-kind", "number"])
    prepared = cli._prepare_training(args)
    column = prepared.condition_columns.columns[0]
    assert column.categories is None and (column.low, column.high) == (frame.temperature.min(), frame.temperature.max())
    windows, conditions = next(iter(cli._training_dataset(args, prepared)))
    assert conditions.shape == (64, 8, 1)
    load = prepared.scaler.inverse_transform(windows.numpy())[..., 0]
    np.testing.assert_allclose(load, 2 * column.decode(conditions.numpy()).reshape(64, 8), atol=1e-3)
    # refused in one line: a number that is text, a number that does not vary, categories beyond 64, a kind alone
    wind = tmp_path / "wind.csv"
    wind_frame().assign(steady=3.0).to_csv(wind, index=False)
    refusals = [
        (["--data", str(wind), "--condition-column", "regime", "--condition-kind", "number"],
         "--condition-kind number needs a column of numbers; 'regime' holds text (e.g. 'calm')"),
        (["--data", str(wind), "--condition-column", "steady", "--condition-kind", "number"],
         "The condition column 'steady' holds one value (3): there is nothing to condition on"),
        (["--data", str(wind), "--condition-column", "wind", "--condition-kind", "category"],
         "holds 400 distinct values; a condition column names a category (at most 64)"),
        (["--data", str(wind), "--condition-kind", "number"],
         "--condition-kind number says how to read --condition-column, which was not given"),
    ]
    for flags, message in refusals:
        assert_train_refused(flags, message, tmp_path, capsys)


def test_a_year_conditioned_on_as_a_number_stays_a_condition_not_a_dropped_timeline(tmp_path):
    years = np.repeat(np.arange(1950, 2010), 5)  # a timeline: dropped from the data unless it is the condition
    frame = pd.DataFrame({"year": years, "output": (years - 1950) * 0.5 + np.tile(np.arange(5.0), 60)})
    frame.to_csv(tmp_path / "output.csv", index=False)
    flags = ["train", "--data", str(tmp_path / "output.csv"), "--window", "8"]
    assert cli._prepare_training(cli.build_parser().parse_args(flags)).scaler.feature_names == ["output"]
    prepared = cli._prepare_training(cli.build_parser().parse_args(
        [*flags, "--condition-column", "year", "--condition-kind", "number"]))
    assert prepared.scaler.feature_names == ["output"]
    column = prepared.condition_columns.columns[0]
    assert column.categories is None and (column.low, column.high) == (1950, 2009)
    np.testing.assert_allclose(column.decode(prepared.conditions), years)


# Several condition columns: the regime (categories) sets the wind, a temperature (a number) the load.
def weather_frame(rows=400, seed=2):
    frame = wind_frame(rows, seed)
    temperature = load_frame(rows, seed)["temperature"].to_numpy() - 10  # below zero too
    return frame.assign(temperature=temperature, load=(2 * temperature).round(3)).drop(columns=["gust"])


@pytest.fixture(scope="module")
def two_conditions_run(tmp_path_factory):
    return trained_on(tmp_path_factory.mktemp("two_conditions"), weather_frame(), "regime,temperature")


@pytest.mark.parametrize("panel", [False, True])
def test_several_condition_columns_side_by_side_each_step_with_its_own_rows(tmp_path, capsys, panel):
    frame = weather_frame()
    frame.loc[[20, 21], ["temperature", "load"]] = np.nan  # filled as a measurement's gaps are
    flags = ["--condition-column", "regime,temperature", "--window", "8", "--batch-size", "64",
             "--interpolate-missing"]
    if panel:
        frame["station"] = np.arange(400) // 200
        flags += ["--series-column", "station"]
    frame.to_csv(tmp_path / "weather.csv", index=False)
    args = cli.build_parser().parse_args(["train", "--data", str(tmp_path / "weather.csv"), *flags])
    prepared = cli._prepare_training(args)
    regime, temperature = prepared.condition_columns.columns
    assert regime.categories == ["calm", "storm"] and temperature.categories is None
    assert prepared.scaler.feature_names == ["wind", "load"] and cli._condition_dim(prepared) == 3
    assert ("conditioned on 'regime': 2 categories (calm, storm); the number in 'temperature', scaled from its "
            "training range") in capsys.readouterr().out
    windows, conditions = next(iter(cli._training_dataset(args, prepared)))
    assert windows.shape == (64, 8, 2) and conditions.shape == (64, 8, 3)
    wind, load = np.moveaxis(prepared.scaler.inverse_transform(windows.numpy()), -1, 0)
    regimes, temperatures = (labels.reshape(64, 8) for _, labels in prepared.condition_columns.labels(conditions.numpy()))
    np.testing.assert_array_equal(regimes == "storm", is_storm(wind))
    np.testing.assert_allclose(load, 2 * temperatures.astype(float), atol=0.1)


def test_a_model_of_several_condition_columns_generates_evaluates_and_exports(two_conditions_run, tmp_path, scored,
                                                                            capsys):
    import keras

    out, path = two_conditions_run
    config = json.loads((out / "config.json").read_text())
    low, high = weather_frame()["temperature"].min(), weather_frame()["temperature"].max()
    assert low < 0 < high and config["condition_column"] == ["regime", "temperature"]
    assert config["condition_categories"] == [["calm", "storm"], None]
    assert config["condition_range"][0] is None and config["condition_range"][1] == pytest.approx([low, high])
    samples = pd.read_csv(out / "samples.csv")
    assert list(samples.columns) == ["sequence", "regime", "temperature", "wind", "load"]

    gan = keras.saving.load_model(out / "model.keras")
    assert cli.main(["generate", "--model", str(out), "--num", "2", "--length", "6", "--seed", "4",
                     "--condition", "storm,11.5", "--out", str(tmp_path / "storm.csv")]) == 0
    storm = pd.read_csv(tmp_path / "storm.csv")
    assert list(storm.columns) == ["sequence", "regime", "temperature", "wind", "load"]
    assert set(storm["regime"]) == {"storm"} and set(storm["temperature"]) == {11.5}
    vector = np.array([0, 1, (11.5 - low) / (high - low)], "float32")
    expected, _ = gan.generate(2, 6, seed=4, condition=np.tile(vector, (2, 1)))
    np.testing.assert_allclose(storm[["wind", "load"]].to_numpy().reshape(2, 6, 2), expected, rtol=1e-4, atol=1e-4)
    # the same vector given as numbers names the same values
    assert cli.main(["generate", "--model", str(out), "--num", "2", "--length", "6", "--seed", "4",
                     "--condition", ",".join(map(str, vector.tolist())), "--out", str(tmp_path / "vector.csv")]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "vector.csv"), storm, atol=1e-4)

    scenario = pd.DataFrame({"temperature": [10.0, 12.0, 14.0], "regime": ["calm", "calm", "storm"]})
    scenario.to_csv(tmp_path / "scenario.csv", index=False)
    assert cli.main(["generate", "--model", str(out), "--num", "2", "--seed", "4", "--condition-file",
                     str(tmp_path / "scenario.csv"), "--out", str(tmp_path / "path.csv")]) == 0
    followed = pd.read_csv(tmp_path / "path.csv")
    assert followed["regime"].tolist() == ["calm", "calm", "storm"] * 2
    assert followed["temperature"].tolist() == [10.0, 12.0, 14.0] * 2
    per_step = np.stack([[1, 1, 0], [0, 0, 1], (scenario["temperature"].to_numpy() - low) / (high - low)], -1)
    expected, _ = gan.generate(2, 3, seed=4, condition=np.repeat(per_step[None].astype("float32"), 2, axis=0))
    np.testing.assert_allclose(followed[["wind", "load"]].to_numpy().reshape(2, 3, 2), expected, rtol=1e-4, atol=1e-4)

    with pytest.raises(_Scored):
        cli.main(["evaluate", "--model", str(out), "--data", str(path), "--max-windows", "50"])
    real, condition = scored[0]
    assert real.shape == (50, 8, 2) and condition.shape == (50, 8, 3)
    np.testing.assert_array_equal(condition[..., :2].argmax(-1), is_storm(real[..., 0]))
    np.testing.assert_allclose(real[..., 1], 2 * (condition[..., 2] * (high - low) + low), atol=0.1)

    capsys.readouterr()
    assert cli.main(["export", "--model", str(out), "--out", str(tmp_path / "served")]) == 0
    printed = capsys.readouterr().out
    assert ("condition: 3 numbers, these side by side:\n  condition: a one-hot of 'regime', in this order: calm, "
            f"storm\n  condition: (temperature + {-low:g}) / ({high:g} + {-low:g}), one number") in printed

    refusals = [
        (["--condition", "storm"], "Expected --condition as a value of each of 'regime', 'temperature', in that "
                                   "order, e.g. --condition calm,"),
        (["--condition", "11.5,storm"], "'regime' has no category '11.5'; its categories: calm, storm"),
        (["--condition", "storm,warm"], "This model is conditioned on the number in 'temperature'"),
        ([], "pass the condition to generate for as a value of each of 'regime', 'temperature'"),
    ]
    for flags, message in refusals:
        assert exit_code(["generate", "--model", str(out), "--out", str(tmp_path / "never.csv"), *flags]) == 2
        error = capsys.readouterr().err
        assert message in error and error.count("\n") == 1, error
    assert not (tmp_path / "never.csv").exists()


def test_several_condition_columns_refused_in_one_line_before_training(tmp_path, capsys):
    weather_frame().to_csv(tmp_path / "weather.csv", index=False)
    data = ["--data", str(tmp_path / "weather.csv")]
    refusals = [
        ([*data, "--condition-column", "regime,regime"], "--condition-column names a column twice"),
        ([*data, "--condition-column", "regime,temperature", "--condition-kind", "category,number,number"],
         "--condition-kind gives 3 kinds for 2 condition columns"),
        ([*data, "--condition-column", "regime,temperature", "--condition-kind", "number"],
         "--condition-kind number needs a column of numbers; 'regime' holds text"),
        ([*data, "--condition-column", "regime,season"], "The condition column is not in the data"),
        ([*data, "--condition-column", "regime,"], "argument --condition-column: expected column names separated"),
        ([*data, "--condition-column", "regime", "--condition-kind", "categories"],
         "argument --condition-kind: expected category or number"),
        ([*data, "--condition-column", "regime,temperature", "--drop-columns", "temperature"],
         "--drop-columns names 'temperature', the --condition-column"),
    ]
    for flags, message in refusals:
        assert_train_refused(flags, message, tmp_path, capsys)
    # one kind each, in order: the temperature as categories is refused for its many values
    assert_train_refused([*data, "--condition-column", "regime,temperature", "--condition-kind", "category,category"],
                         "'temperature' holds 397 distinct values; a condition column names a category", tmp_path,
                         capsys)


def test_a_category_holding_commas_is_read_whole_among_several_condition_columns(capsys):
    city = cli._ConditionColumn("city", ["Paris", "Paris, France", "Rome"])
    sky = cli._ConditionColumn("sky", ["clear, calm", "rain"])
    temperature = cli._ConditionColumn("temperature", low=-10.0, high=30.0)
    conditions = cli._Conditions((city, sky, temperature))
    cases = {
        "Paris, France,rain,10": ("Paris, France", "rain"),
        "Paris,clear, calm,10": ("Paris", "clear, calm"),
        " Paris, France , clear, calm ,10": ("Paris, France", "clear, calm"),
        "Rome,rain,10": ("Rome", "rain"),
    }
    for text, (city_name, sky_name) in cases.items():
        vector, labels = cli._condition(text, conditions.dim, conditions)
        expected = np.concatenate([np.eye(3)[city.categories.index(city_name)],
                                   np.eye(2)[sky.categories.index(sky_name)], [0.5]])
        np.testing.assert_array_equal(vector, expected.astype("float32"))
        assert [(name, list(values)) for name, values in labels] == [
            ("city", [city_name]), ("sky", [sky_name]), ("temperature", [10.0])]
    # a value that is no category is still named in the error, and the example is quoted for the shell
    with pytest.raises(cli.UsageError, match="'city' has no category 'Lyon'.*"
                                             "e.g. --condition 'Paris,clear, calm,10'"):
        cli._condition("Lyon,rain,10", conditions.dim, conditions)
