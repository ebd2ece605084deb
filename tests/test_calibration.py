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
    assert result == {"calibrated": False, "discriminative_score_as_generated": 0.10,
                      "discriminative_score_calibrated": 0.30}
    assert gan.scaler.calibration is None
    forced = gan.calibrate_marginals(real, seed=0, only_if_better=False)
    assert forced["calibrated"] and forced["discriminative_score_calibrated"] is None
    assert gan.scaler.calibration is not None
    one = gan.calibrate_marginals(real[:1], seed=0)  # nothing to score it on: not kept
    assert one == {"calibrated": False, "discriminative_score_as_generated": None,
                   "discriminative_score_calibrated": None} and gan.scaler.calibration is None
    with pytest.raises(ValueError, match="only_if_better='no'"):
        gan.calibrate_marginals(real, only_if_better="no")
    bare = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 2, units=4, num_layers=1),
                                  tfgan_rnn.LSTMDiscriminator(2, units=4, num_layers=1), seed=0)
    with pytest.raises(ValueError, match="has none: build it with"):
        bare.calibrate_marginals(real)


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
