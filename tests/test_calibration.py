"""Generated features mapped onto the data's distribution (`Scaler.calibrate`,
`RecurrentGAN.calibrate_marginals`, `tfgan-rnn train --calibrate`)."""

import json

import keras
import numpy as np
import pytest
import tensorflow as tf

import tfgan_rnn
from tfgan_rnn import cli
from tfgan_rnn.scaling import Scaler


def _rainy(num_windows=96, length=12, seed=0):
    """Rain that is zero on about 60% of the steps, heavy-tailed on the others, and a temperature."""
    rng = np.random.default_rng(seed)
    rain = np.where(rng.random((num_windows, length)) < 0.6, 0.0,
                    np.round(rng.gamma(1.5, 6.0, (num_windows, length)), 1))
    temperature = 15 + 5 * np.sin(np.arange(length) / 3 + rng.random((num_windows, 1)) * 6)
    return np.stack([rain, temperature], axis=-1)


def test_the_map_gives_generated_values_the_real_distribution_and_keeps_their_order():
    rng = np.random.default_rng(0)
    real = np.stack([_rainy()[..., 0].ravel(), np.full(96 * 12, 3.0)], axis=-1)  # the second feature a constant
    scaler = Scaler(snap=False).fit(real)
    generated = np.stack([0.3 + 0.2 * rng.random(5000), rng.random(5000)], axis=-1)  # bunched, no zeros
    plain = scaler.inverse_transform(generated)
    assert np.mean(plain[:, 0] == 0) == 0
    scaler.calibrate(generated, scaler.transform(real))
    mapped = scaler.inverse_transform(generated, generated=True)
    assert abs(np.mean(mapped[:, 0] == 0) - np.mean(real[:, 0] == 0)) < 0.01
    np.testing.assert_allclose(np.quantile(mapped[:, 0], [0.7, 0.9, 0.99]),
                               np.quantile(real[:, 0], [0.7, 0.9, 0.99]), rtol=0.05)
    order = np.argsort(generated[:, 0], kind="stable")
    assert np.all(np.diff(mapped[order, 0]) >= 0)  # monotone: a larger generated value never maps lower
    assert scaler.calibration[1] is None and (mapped[:, 1] == 3.0).all()
    # Real data in scaled units goes back unmapped; a restored scaler maps the same.
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(real)), real, atol=1e-4)
    restored = Scaler.from_config(json.loads(json.dumps(scaler.get_config())))
    np.testing.assert_array_equal(restored.inverse_transform(generated, generated=True), mapped)
    # Beyond the generated extremes values move as the extremes do, not clipped to one value.
    outside = scaler.inverse_transform(np.array([[0.2, 0.5], [0.25, 0.5]]), generated=True)
    assert outside[0, 0] < outside[1, 0]
    assert Scaler().fit(real).calibration is None  # fitting again forgets an old generator's map
    with pytest.raises(ValueError, match="fitted on 2 features"):
        scaler.calibrate(generated[:, :1], scaler.transform(real))
    with pytest.raises(ValueError, match="not fitted"):
        Scaler().calibrate(generated, generated)


@pytest.fixture(scope="module")
def rainy_gan():
    real = _rainy()
    keras.utils.set_random_seed(0)
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 2, units=6, num_layers=1),
                                 tfgan_rnn.LSTMDiscriminator(2, units=6, num_layers=1), seed=0,
                                 scaler=Scaler(feature_names=["rain", "temperature"]).fit(real))
    gan.compile()
    gan.fit(gan.scaler.transform(real), batch_size=32, epochs=2, verbose=0)
    return gan, real


def test_calibrate_marginals_is_kept_where_it_lowers_the_discriminative_score(rainy_gan, tmp_path):
    gan, real = rainy_gan
    before, _ = gan.generate(200, 12, seed=3)
    result = gan.calibrate_marginals(real, seed=0)
    # A briefly trained generator makes no dry steps; the map gives it the data's share.
    assert result["calibrated"], result
    assert result["discriminative_score_calibrated"] < result["discriminative_score_as_generated"]
    after, _ = gan.generate(200, 12, seed=3)
    assert np.mean(before[..., 0] == 0) < 0.2 and abs(np.mean(after[..., 0] == 0) - np.mean(real[..., 0] == 0)) < 0.1
    # Saved with the model, and in the exported SavedModel.
    gan.save(tmp_path / "model.keras")
    loaded = keras.saving.load_model(tmp_path / "model.keras")
    np.testing.assert_allclose(loaded.generate(200, 12, seed=3)[0], after, atol=1e-4)
    tfgan_rnn.export_saved_model(gan, tmp_path / "served")
    served = tf.saved_model.load(str(tmp_path / "served"))
    exported = served.generate(num_sequences=200, length=12, seed=tf.constant(3, tf.int64))["sequences"].numpy()
    close = np.isclose(exported, after, atol=1e-3)
    assert close.mean() > 0.999, close.mean()  # float32 graph against float64 numpy: a rare value snaps apart


def test_calibrate_marginals_drops_a_map_that_scores_worse(rainy_gan, monkeypatch):
    gan, real = rainy_gan
    scores = iter([0.10, 0.30])  # as generated, then with the map
    monkeypatch.setattr("tfgan_rnn.metrics.discriminative_score",
                        lambda *args, **kwargs: tfgan_rnn.metrics.Score(next(scores), 0.0, ()))
    result = gan.calibrate_marginals(real, seed=0)
    assert result == {"calibrated": False, "categories_calibrated": [], "discriminative_score_as_generated": 0.10,
                      "discriminative_score_calibrated": 0.30, "check_iterations": 2000}
    assert gan.scaler.calibration is None
    forced = gan.calibrate_marginals(real, seed=0, only_if_better=False)
    assert forced["calibrated"] and forced["discriminative_score_calibrated"] is None
    assert gan.scaler.calibration is not None
    one = gan.calibrate_marginals(real[:1], seed=0)  # nothing to score it on: not kept
    assert one == {"calibrated": False, "categories_calibrated": [], "discriminative_score_as_generated": None,
                   "discriminative_score_calibrated": None, "check_iterations": None} and gan.scaler.calibration is None
    with pytest.raises(ValueError, match="only_if_better='no'"):
        gan.calibrate_marginals(real, only_if_better="no")
    bare = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 2, units=4, num_layers=1),
                                  tfgan_rnn.LSTMDiscriminator(2, units=4, num_layers=1), seed=0)
    with pytest.raises(ValueError, match="has none: build it with"):
        bare.calibrate_marginals(real)


def test_calibrate_marginals_checks_within_its_time_limit(rainy_gan, monkeypatch):
    # Before: the check trained four 2,000-step classifiers whatever they cost (8.5 minutes
    # after a one-minute `train --max-minutes 1` on 300 features).
    gan, real = rainy_gan
    calls = []

    def score(real_pair, synthetic_pair, **kwargs):
        calls.append(kwargs)
        cut = kwargs["max_seconds"] is not None and kwargs["iterations"] == 2000
        return tfgan_rnn.metrics.Score([0.30, 0.10][len(calls) - 1], 0.0, (), 150 if cut else None)

    monkeypatch.setattr("tfgan_rnn.metrics.discriminative_score", score)
    result = gan.calibrate_marginals(real, seed=0, max_seconds=30)
    # the first score has half the time; the second trains as many steps as the first managed
    assert [(c["iterations"], c["max_seconds"]) for c in calls] == [(2000, 15.0), (150, None)]
    assert result["calibrated"] and result["check_iterations"] == 150
    for wrong in (0, -1.0, "1 min", True):
        with pytest.raises(ValueError, match="Expected `max_seconds` to be a positive number of seconds"):
            gan.calibrate_marginals(real, max_seconds=wrong)


def test_sequences_of_different_lengths_are_calibrated_on_their_steps_and_checked_held(monkeypatch):
    """Whole sequences of 5-12 steps: the map learns from the steps within each sequence (not
    the padding after it, which would teach it dry steps this rain never has), and the check
    scores generated sequences of the real ones' lengths, both held at their last value."""
    rng = np.random.default_rng(0)
    lengths = [5, 12, 8, 9] * 12
    rain = [np.stack([5 + rng.gamma(1.5, 6.0, length), 15 + rng.normal(0, 2, length)], axis=-1) for length in lengths]
    keras.utils.set_random_seed(0)
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 2, units=6, num_layers=1),
                                 tfgan_rnn.LSTMDiscriminator(2, units=6, num_layers=1), seed=0,
                                 scaler=Scaler(snap=False).fit(np.concatenate(rain)))
    gan.compile()
    gan.fit([gan.scaler.transform(sequence) for sequence in rain], batch_size=16, epochs=1, verbose=0)
    checked = []

    def score(real, synthetic, **kwargs):
        checked.append((real, synthetic))
        return tfgan_rnn.metrics.Score([0.30, 0.10][len(checked) - 1], 0.0, ())

    monkeypatch.setattr("tfgan_rnn.metrics.discriminative_score", score)
    result = gan.calibrate_marginals(rain, seed=0)
    assert result["calibrated"]
    generated = gan.generate_variable_length(400, seed=1)
    mapped_rain = np.concatenate([sequence[:, 0] for sequence in generated])
    assert np.quantile(mapped_rain, 0.02) > 5.0  # the real rain's floor, not the padding's zeros
    for real, synthetic in checked:
        assert real.shape == synthetic.shape == (48, 12, 2)
        for pair in zip(real, synthetic):  # each real sequence and its generated one end at the same step
            ends = [next(step for step in range(12) if (sequence[step:] == sequence[step]).all()) + 1
                    for sequence in pair]
            assert ends[0] == ends[1] or ends[1] < ends[0]  # a generated value may repeat by chance, never later
        assert sorted(next(step for step in range(12) if (s[step:] == s[step]).all()) + 1 for s in real) == \
            sorted(lengths)


def test_the_discriminative_score_keeps_to_a_time_limit():
    rng = np.random.default_rng(0)
    real, synthetic = rng.random((64, 6, 2)), 0.5 * rng.random((64, 6, 2))
    # A limit the first 50 steps (one call of the compiled step) already pass: every run trains 50,
    # exactly as the same runs without a limit and 50 steps would.
    cut = tfgan_rnn.metrics.discriminative_score(real, synthetic, num_runs=2, seed=3, max_seconds=1e-6)
    assert cut.iterations == 50 and cut.as_dict()["iterations"] == 50
    assert cut == tfgan_rnn.metrics.discriminative_score(real, synthetic, num_runs=2, iterations=50,
                                                          seed=3)._replace(iterations=50)
    ample = tfgan_rnn.metrics.discriminative_score(real, synthetic, num_runs=1, iterations=100, seed=3,
                                                   max_seconds=600)
    assert ample.iterations is None and "iterations" not in ample.as_dict()
    with pytest.raises(ValueError, match=r"positive number of seconds, or None. Received: max_seconds=0"):
        tfgan_rnn.metrics.discriminative_score(real, synthetic, max_seconds=0)


def test_train_calibrates_at_the_end_and_says_whether_the_map_was_kept(tmp_path, capsys):
    rows = _rainy(num_windows=30, length=10).reshape(-1, 2)
    path = tmp_path / "weather.csv"
    np.savetxt(path, rows, delimiter=",", header="rain,temperature", comments="", fmt="%.1f")
    out = tmp_path / "model"
    assert cli.main(["train", "--data", str(path), "--steps", "20", "--out", str(out), "--logdir",
                     str(tmp_path / "logs"), "--evaluation", "none", "--units", "8", "--layers", "1", "--window", "8",
                     "--batch-size", "16", "--verbose", "0", "--discriminator-conv-filters", "8"]) == 0
    printed = capsys.readouterr().out
    line = next(line for line in printed.splitlines() if "with the map" in line)
    gan, _ = cli._load_gan(str(out))
    assert line.startswith("tfgan-rnn: kept" if gan.scaler.calibration is not None else "tfgan-rnn: not kept")
    assert json.loads((out / "config.json").read_text())["calibrate"] is True
    assert cli.main(["train", "--data", str(path), "--steps", "20", "--out", str(tmp_path / "plain"), "--logdir",
                     str(tmp_path / "logs2"), "--evaluation", "none", "--no-calibrate", "--units", "8", "--layers",
                     "1", "--window", "8", "--batch-size", "16", "--verbose", "0",
                     "--discriminator-conv-filters", "8"]) == 0
    assert "with the map" not in capsys.readouterr().out
    assert cli._load_gan(str(tmp_path / "plain"))[0].scaler.calibration is None


def test_train_gives_the_check_half_its_training_time_and_a_minute_at_least(tmp_path, capsys, monkeypatch):
    rows = _rainy(num_windows=30, length=10).reshape(-1, 2)
    path = tmp_path / "weather.csv"
    np.savetxt(path, rows, delimiter=",", header="rain,temperature", comments="", fmt="%.1f")
    limits = []

    def score(real, synthetic, max_seconds=None, **kwargs):
        limits.append(max_seconds)
        return tfgan_rnn.metrics.Score([0.30, 0.10][len(limits) - 1], 0.0, (), 150 if max_seconds else None)

    monkeypatch.setattr("tfgan_rnn.metrics.discriminative_score", score)
    assert cli.main(["train", "--data", str(path), "--steps", "4", "--out", str(tmp_path / "model"), "--logdir",
                     str(tmp_path / "logs"), "--evaluation", "none", "--units", "4", "--layers", "1", "--window", "8",
                     "--batch-size", "16", "--verbose", "0", "--discriminator-conv-filters", "0"]) == 0
    assert limits == [30.0, None]  # a few seconds of training: the minute, half of it for each score
    assert ("tfgan-rnn: kept (discriminative score 0.100 with the map, 0.300 without, classifiers of 150 steps "
            "instead of 2,000 so that their training fits 1.0 min; --no-calibrate skips this)") in capsys.readouterr().out


def _dry_share_by_category(num_windows, length, dry_shares, seed=0):
    """Rain windows whose share of dry steps depends on the window's category, and the
    categories one-hot, one per window."""
    rng = np.random.default_rng(seed)
    categories = np.arange(num_windows) % len(dry_shares)
    dry = rng.random((num_windows, length)) < np.asarray(dry_shares)[categories][:, None]
    rain = np.where(dry, 0.0, np.round(rng.gamma(1.5, 6.0, (num_windows, length)), 1))
    return rain[..., None], np.eye(len(dry_shares), dtype="float32")[categories]


def test_each_category_with_enough_real_steps_gets_a_map_of_its_own():
    rng = np.random.default_rng(1)
    real = np.concatenate([np.zeros(1200), rng.gamma(2.0, 5.0, 200), np.zeros(1200), rng.gamma(2.0, 5.0, 1000),
                           rng.gamma(2.0, 5.0, 300)])[:, None]
    real_categories = np.repeat([0, 0, 1, 1, 2], [1200, 200, 1200, 1000, 300])  # 2: 300 steps, too few
    scaler = Scaler(snap=False).fit(real)
    generated = (0.3 + 0.2 * rng.random(6000))[:, None]  # the same values for every category, no zeros
    generated_categories = np.arange(6000) % 4 - 1  # -1: a step of no category
    scaler.calibrate(generated, scaler.transform(real), generated_categories, real_categories)
    assert sorted(scaler.category_calibration) == [0, 1]
    mapped = scaler.inverse_transform(generated, generated=True, categories=generated_categories)[:, 0]
    for category, share in ((0, 1200 / 1400), (1, 1200 / 2200)):
        assert abs(np.mean(mapped[generated_categories == category] == 0) - share) < 0.02, category
    everyone = scaler.inverse_transform(generated, generated=True)[:, 0]  # no categories given: the map for all
    assert abs(np.mean(everyone == 0) - np.mean(real == 0)) < 0.02
    for other in (2, -1):  # too few real steps, or none: the map for all
        np.testing.assert_array_equal(mapped[generated_categories == other], everyone[generated_categories == other])
    restored = Scaler.from_config(json.loads(json.dumps(scaler.get_config())))
    np.testing.assert_array_equal(
        restored.inverse_transform(generated, generated=True, categories=generated_categories)[:, 0], mapped)
    assert Scaler(snap=False).fit(real).category_calibration is None
    with pytest.raises(ValueError, match=r"one category per step, of shape \(6000,\)"):
        scaler.inverse_transform(generated, generated=True, categories=generated_categories[:5])
    with pytest.raises(ValueError, match="both `generated_categories` and `real_categories`, or neither"):
        scaler.calibrate(generated, scaler.transform(real), generated_categories)
    with pytest.raises(ValueError, match=r"one integer per step, of shape \(3900,\)"):
        scaler.calibrate(generated, scaler.transform(real), generated_categories, real_categories[:10])
    with pytest.raises(ValueError, match="dtype float64"):
        scaler.calibrate(generated, scaler.transform(real), generated_categories, real_categories * 1.0)
    with pytest.raises(ValueError, match=r"at least 2 of them \(0 <= start < stop\). Received: category_slice=\(3, 1\)"):
        scaler.calibrate(generated, scaler.transform(real), generated_categories, real_categories,
                         category_slice=(3, 1))


def test_a_conditional_gan_calibrates_each_category_and_keeps_it_in_save_and_export(tmp_path):
    real, conditions = _dry_share_by_category(240, 12, [0.8, 0.1])
    keras.utils.set_random_seed(0)
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=6, num_layers=1, condition_dim=2),
                                 tfgan_rnn.LSTMDiscriminator(1, units=6, num_layers=1, condition_dim=2), seed=0,
                                 scaler=Scaler(feature_names=["rain"]).fit(real))
    result = gan.calibrate_marginals(real, condition=conditions, only_if_better=False)
    assert result["calibrated"] and result["categories_calibrated"] == [0, 1]
    wanted = np.eye(2, dtype="float32")[np.arange(200) % 2]
    after, _ = gan.generate(200, 12, seed=3, condition=wanted)
    for category, share in ((0, 0.8), (1, 0.1)):
        assert abs(np.mean(after[wanted[:, category] == 1] == 0) - share) < 0.05, category
    # Per step too: the first half of each window dry, the second half wet, each through its own map.
    per_step = np.concatenate([np.tile(wanted[:1], (200, 6, 1)), np.tile(wanted[1:2], (200, 6, 1))], axis=1)
    stepwise, _ = gan.generate(200, 12, seed=3, condition=per_step)
    raw, _ = gan.generate(200, 12, seed=3, condition=per_step, original_units=False)
    for half, category in ((slice(0, 6), 0), (slice(6, 12), 1)):
        own = gan.scaler.inverse_transform(raw[:, half], generated=True, categories=np.full((200, 6), category))
        np.testing.assert_array_equal(stepwise[:, half], own)
    assert not np.array_equal(stepwise, gan.scaler.inverse_transform(raw, generated=True))  # not the map for all
    gan.save(tmp_path / "model.keras")
    loaded = keras.saving.load_model(tmp_path / "model.keras")
    np.testing.assert_allclose(loaded.generate(200, 12, seed=3, condition=wanted)[0], after, atol=1e-4)
    tfgan_rnn.export_saved_model(gan, tmp_path / "served")
    served = tf.saved_model.load(str(tmp_path / "served"))
    exported = served.generate(num_sequences=200, length=12, seed=tf.constant(3, tf.int64),
                               condition=tf.constant(wanted))["sequences"].numpy()
    close = np.isclose(exported, after, atol=1e-3)
    assert close.mean() > 0.999, close.mean()


def test_train_names_the_categories_calibrated_on_their_own(tmp_path, capsys, monkeypatch):
    rain, conditions = _dry_share_by_category(2, 300, [0.8, 0.1])  # two spells of 300 days
    path = tmp_path / "weather.csv"
    labels = np.where(conditions.argmax(-1) == 0, "dry", "wet").repeat(300)
    path.write_text("rain,weather\n" + "".join(f"{r:.1f},{w}\n" for r, w in zip(rain.ravel(), labels)))
    scores, scored = iter([0.30, 0.10]), []  # as generated, then with the map: kept

    def score(real, synthetic, **kwargs):
        scored.append((real, synthetic))
        return tfgan_rnn.metrics.Score(next(scores), 0.0, ())

    monkeypatch.setattr("tfgan_rnn.metrics.discriminative_score", score)
    out = tmp_path / "model"
    assert cli.main(["train", "--data", str(path), "--condition-column", "weather", "--steps", "4", "--out",
                     str(out), "--logdir", str(tmp_path / "logs"), "--evaluation", "none", "--units", "4",
                     "--layers", "1", "--window", "8", "--batch-size", "16", "--verbose", "0",
                     "--discriminator-conv-filters", "0"]) == 0
    printed = capsys.readouterr().out
    assert "tfgan-rnn: kept, a map of their own for dry, wet (discriminative score with the condition 0.100" \
        in printed, printed
    for real, synthetic in scored:  # the check scores each step's rain with its one-hot category beside it
        assert real.shape[-1] == synthetic.shape[-1] == 3
        np.testing.assert_array_equal(real[..., 1:], synthetic[..., 1:])
        assert set(np.unique(real[..., 1:])) == {0.0, 1.0}
    gan, _ = cli._load_gan(str(out))
    assert sorted(gan.scaler.category_calibration) == [0, 1]


def test_with_many_categories_the_largest_get_their_own_maps_within_a_bound(monkeypatch):
    rng = np.random.default_rng(2)
    steps = [1500, 3000, 2000, 1200]  # category 3 the smallest
    real = np.concatenate([np.where(rng.random(n) < share, 0.0, rng.gamma(2.0, 5.0, n))
                           for n, share in zip(steps, (0.9, 0.1, 0.5, 0.7))])[:, None]
    real_categories = np.repeat(np.arange(4), steps)
    scaler = Scaler(snap=False).fit(real)
    generated = rng.random((8000, 1))
    generated_categories = np.arange(8000) % 4
    # Room for three maps of one feature (2 x 513 numbers at most each): the three largest categories get theirs.
    monkeypatch.setattr(Scaler, "CALIBRATION_CATEGORY_VALUES", 3 * 2 * Scaler.CALIBRATION_LEVELS)
    scaler.calibrate(generated, scaler.transform(real), generated_categories, real_categories)
    assert sorted(scaler.category_calibration) == [0, 1, 2]
    numbers = sum(len(pair[0]) + len(pair[1]) for pairs in scaler.category_calibration.values() for pair in pairs)
    assert numbers <= 3 * 2 * Scaler.CALIBRATION_LEVELS, numbers
    mapped = scaler.inverse_transform(generated, generated=True, categories=generated_categories)[:, 0]
    np.testing.assert_array_equal(mapped[generated_categories == 3],  # the smallest: the map for all
                                  scaler.inverse_transform(generated, generated=True)[generated_categories == 3, 0])


def test_categories_beside_a_number_get_their_maps_from_their_own_slice_of_the_condition(tmp_path):
    real, one_hot = _dry_share_by_category(240, 12, [0.8, 0.1])
    number = np.random.default_rng(4).random((240, 1)).astype("float32")
    number[::6] = 0.0  # at its minimum now and then, where the whole condition would read as one-hot
    conditions = np.concatenate([number, one_hot], axis=-1)  # the number first: the categories at (1, 3)
    keras.utils.set_random_seed(0)
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=6, num_layers=1, condition_dim=3),
                                 tfgan_rnn.LSTMDiscriminator(1, units=6, num_layers=1, condition_dim=3), seed=0,
                                 scaler=Scaler(feature_names=["rain"]).fit(real))
    with pytest.raises(ValueError, match=r"category_slice=\(start, stop\).*Received: category_slice=\(2, 3\)"):
        gan.calibrate_marginals(real, condition=conditions, category_slice=(2, 3), only_if_better=False)
    with pytest.raises(ValueError, match="needs `condition` and `per_category=True`"):
        gan.calibrate_marginals(real, condition=conditions, per_category=False, category_slice=(1, 3))
    assert gan.calibrate_marginals(real, condition=conditions, per_category=False,
                                   only_if_better=False)["categories_calibrated"] == []
    result = gan.calibrate_marginals(real, condition=conditions, category_slice=(1, 3), only_if_better=False)
    assert result["categories_calibrated"] == [0, 1] and gan.scaler.category_slice == [1, 3]
    wanted = np.concatenate([np.linspace(0.1, 0.9, 200)[:, None],  # numbers away from 0 and 1
                             np.eye(2)[np.arange(200) % 2]], axis=-1).astype("float32")
    after, _ = gan.generate(200, 12, seed=3, condition=wanted)
    for category, share in ((0, 0.8), (1, 0.1)):
        assert abs(np.mean(after[wanted[:, 1 + category] == 1] == 0) - share) < 0.05, category
    gan.save(tmp_path / "model.keras")
    loaded = keras.saving.load_model(tmp_path / "model.keras")
    assert loaded.scaler.category_slice == [1, 3]
    np.testing.assert_allclose(loaded.generate(200, 12, seed=3, condition=wanted)[0], after, atol=1e-4)
    tfgan_rnn.export_saved_model(gan, tmp_path / "served")
    served = tf.saved_model.load(str(tmp_path / "served"))  # held: the function needs its variables alive
    exported = served.generate(num_sequences=200, length=12, seed=tf.constant(3, tf.int64),
                               condition=tf.constant(wanted))["sequences"]
    assert np.isclose(exported.numpy(), after, atol=1e-3).mean() > 0.999
    assert tfgan_rnn.data.categories_of(wanted[:2], (1, 3)).tolist() == [0, 1]
    assert tfgan_rnn.data.categories_of(wanted[:2]).tolist() == [-1, -1]


def _weather_table(path, numbers_only=False):
    """600 days of rain with a dry and a wet spell, a temperature (at its minimum on the
    dry days) and, with `numbers_only`, a humidity at its maximum on the dry days in place
    of the spell's name."""
    rain, conditions = _dry_share_by_category(2, 300, [0.8, 0.1])
    dry = conditions.argmax(-1).repeat(300) == 0
    rng = np.random.default_rng(5)
    temperature = np.where(dry, -5.0, np.round(rng.uniform(0, 30, 600), 2))
    third = (np.where(dry, 100.0, np.round(rng.uniform(20, 90, 600), 2)) if numbers_only
             else np.where(dry, "dry", "wet"))
    path.write_text("rain,temperature,third\n" + "".join(
        f"{r:.1f},{t},{w}\n" for r, t, w in zip(rain.ravel(), temperature, third)))


@pytest.mark.parametrize("numbers_only", [False, True], ids=["a number beside categories", "numbers only"])
def test_train_reads_the_categories_of_its_calibration_in_their_own_column(tmp_path, capsys, monkeypatch,
                                                                            numbers_only):
    _weather_table(tmp_path / "weather.csv", numbers_only)
    scores = iter([0.30, 0.10])  # as generated, then with the map: kept
    monkeypatch.setattr("tfgan_rnn.metrics.discriminative_score",
                        lambda *args, **kwargs: tfgan_rnn.metrics.Score(next(scores), 0.0, ()))
    out = tmp_path / "model"
    assert cli.main(["train", "--data", str(tmp_path / "weather.csv"), "--condition-column", "temperature,third",
                     "--condition-kind", "number," + ("number" if numbers_only else "category"), "--steps", "4",
                     "--out", str(out), "--logdir", str(tmp_path / "logs"), "--evaluation", "none", "--units", "4",
                     "--layers", "1", "--window", "8", "--batch-size", "16", "--verbose", "0",
                     "--discriminator-conv-filters", "0"]) == 0
    printed = capsys.readouterr().out
    gan, _ = cli._load_gan(str(out))
    assert gan.scaler.calibration is not None
    if numbers_only:  # the dry days' [0, 1] (temperature at its minimum, humidity at its maximum) is no category
        assert "tfgan-rnn: kept (discriminative score with the condition 0.100" in printed, printed
        assert gan.scaler.category_calibration is None and gan.scaler.category_slice is None
    else:
        assert "tfgan-rnn: kept, a map of their own for 'third' dry, wet (discriminative score with" in printed
        assert sorted(gan.scaler.category_calibration) == [0, 1] and gan.scaler.category_slice == [1, 3]


def test_train_keeps_a_conditional_generator_by_the_score_with_the_condition(tmp_path, capsys, monkeypatch):
    rain, conditions = _dry_share_by_category(2, 300, [0.8, 0.1])
    path = tmp_path / "weather.csv"
    labels = np.where(conditions.argmax(-1) == 0, "dry", "wet").repeat(300)
    path.write_text("rain,weather\n" + "".join(f"{r:.1f},{w}\n" for r, w in zip(rain.ravel(), labels)))
    # The plain score (rain alone) .3, the score with the condition (rain and the one-hot) .2.
    monkeypatch.setattr("tfgan_rnn.metrics.discriminative_score", lambda real, synthetic, **kwargs:
                        tfgan_rnn.metrics.Score(0.3 if real.shape[-1] == 1 else 0.2, 0.0, ()))
    out = tmp_path / "model"
    assert cli.main(["train", "--data", str(path), "--condition-column", "weather", "--steps", "4", "--out",
                     str(out), "--logdir", str(tmp_path / "logs"), "--evaluation", "none", "--units", "4",
                     "--layers", "1", "--window", "8", "--batch-size", "16", "--verbose", "0", "--no-calibrate",
                     "--discriminator-conv-filters", "0", "--evaluate-every", "1"]) == 0
    printed = capsys.readouterr().out
    assert "tfgan-rnn: kept the generator of epoch 1 (discriminative score with the condition 0.200 on" in printed
    history = json.loads((out / "history.json").read_text())
    assert history["discriminative_score"] == [0.3] and history["conditional_discriminative_score"] == [0.2]


def test_calibration_never_changes_a_generated_steps_category_in_generate_save_and_export(tmp_path):
    rng = np.random.default_rng(0)
    codes = rng.choice(3, size=(300, 12), p=[0.6, 0.3, 0.1])
    wind = np.round(rng.gamma(1.5, 3.0, (300, 12, 1)), 1)  # heavy-tailed: a map the generator's sigmoid needs
    real = np.concatenate([wind, np.eye(3)[codes]], -1).astype("float32")
    keras.utils.set_random_seed(0)
    scaler = Scaler(feature_names=["wind", "sky=fog", "sky=rain", "sky=sun"],
                    categorical=[["sky", 1, ["fog", "rain", "sun"]]])
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 4, units=6, num_layers=1),
                                 tfgan_rnn.LSTMDiscriminator(4, units=6, num_layers=1), seed=0, scaler=scaler.fit(real))
    gan.compile()
    gan.fit(scaler.transform(real), batch_size=32, epochs=1, verbose=0)
    before, _ = gan.generate(300, 12, seed=3)
    assert gan.calibrate_marginals(real, only_if_better=False)["calibrated"]
    after, _ = gan.generate(300, 12, seed=3)
    assert not np.allclose(after[..., 0], before[..., 0])  # the wind is mapped
    np.testing.assert_array_equal(after[..., 1:], before[..., 1:])  # the sky is not
    assert (after[..., 1:].sum(-1) == 1).all()
    gan.save(tmp_path / "model.keras")
    loaded = keras.saving.load_model(tmp_path / "model.keras")
    np.testing.assert_array_equal(loaded.generate(300, 12, seed=3)[0][..., 1:], after[..., 1:])
    tfgan_rnn.export_saved_model(gan, tmp_path / "served")
    served = tf.saved_model.load(str(tmp_path / "served"))
    exported = served.generate(num_sequences=300, length=12, seed=tf.constant(3, tf.int64))["sequences"].numpy()
    assert (exported[..., 1:] == after[..., 1:]).all(-1).mean() > 0.999  # float32 graph against float64 numpy
