"""Features that keep one value through each sequence of the data (a country's ISO number, a
chick's diet) keep one value through each generated sequence too: in `Scaler.inverse_transform`,
`RecurrentGAN.generate` (over chunks and continued states), `stream` and the SavedModel."""

import json

import keras
import numpy as np
import pytest
import tensorflow as tf

import tfgan_rnn
from tfgan_rnn.scaling import Scaler


def _countries(num=8, length=10, seed=0):
    """Per country: an ISO number and a latitude (static), a flag that is 1 in every row (constant),
    and a life expectancy that grows; countries of different lengths."""
    rng = np.random.default_rng(seed)
    series = []
    for country in range(num):
        steps = length - country % 3
        life = 40 + 2 * np.arange(steps) + rng.normal(0, 1, steps)
        series.append(np.stack([np.full(steps, 4.0 * (country + 1)), np.full(steps, rng.uniform(-40, 60)),
                                np.ones(steps), life], axis=-1))
    return series


def test_the_scaler_finds_the_features_that_keep_one_value_through_each_sequence():
    series = _countries()
    scaler = Scaler().fit(series)
    assert scaler.static_features == [0, 1] and scaler.constant_features == [2]
    # Windows (num_sequences, time, features) show them too; one sequence, or sequences of a step each, cannot.
    assert Scaler().fit(np.stack([s[:7] for s in series])).static_features == [0, 1]
    assert Scaler().fit(series[0]).static_features == []
    assert Scaler().fit([s[:1] for s in series]).static_features == []
    # A block of categories whose category is one a sequence is static as a whole (a country's continent), one whose
    # category changes within a sequence is not.
    kinds = [np.array([[1.0, 1, 0], [2.0, 1, 0]]), np.array([[5.0, 0, 1], [5.0, 0, 1]])]
    assert Scaler(categorical=[["kind", 1, ["a", "b"]]]).fit(kinds).static_features == [1, 2]
    kinds[1][1, 1:] = [1, 0]
    assert Scaler(categorical=[["kind", 1, ["a", "b"]]]).fit(kinds).static_features == []
    with pytest.raises(ValueError, match=r"the same number of features.*\[3, 4\]"):
        Scaler().fit([series[0], series[1][:, :3]])
    # Generated sequences keep each at its first step's value (on the data's levels); real data goes back as it is.
    rng = np.random.default_rng(1)
    generated = rng.random((5, 8, 4)).astype("float32")
    values = scaler.keep_static(scaler.inverse_transform(generated, generated=True))
    assert (values[:, :, :2] == values[:, :1, :2]).all() and (values[..., 2] == 1.0).all()
    as_generated = scaler.inverse_transform(generated, generated=True)  # what keep_static holds
    np.testing.assert_array_equal(values[:, 0, :2], np.sort(as_generated[..., :2], axis=1)[:, 3])  # of 8 steps
    assert set(np.unique(values[..., 0])) <= {4.0 * (c + 1) for c in range(8)}
    assert len(np.unique(values[:, 0, 0])) > 1  # one value a sequence, not one for all
    assert (np.diff(values[..., 3], axis=1) != 0).any()  # the others move as generated
    assert (np.diff(scaler.inverse_transform(generated, generated=True)[..., 0], axis=1) != 0).any()
    # Saved with the scaler; a scaler saved before static features existed has none.
    restored = Scaler.from_config(json.loads(json.dumps(scaler.get_config())))
    np.testing.assert_array_equal(restored.keep_static(restored.inverse_transform(generated, generated=True)), values)
    config = scaler.get_config()
    del config["static_features"]
    assert Scaler.from_config(config).static_features == []


def test_generate_keeps_static_features_across_chunks_continuations_and_the_export(tmp_path):
    scaler = Scaler().fit(_countries())
    keras.utils.set_random_seed(0)
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(3, 4, units=6, num_layers=1),
                                 tfgan_rnn.ConvDiscriminator(4), seed=0, warmup_steps=2, scaler=scaler)
    whole, state = gan.generate(6, 30, seed=3)
    assert (whole[:, :, :2] == whole[:, :1, :2]).all() and (np.diff(whole[..., 3], axis=1) != 0).any()
    np.testing.assert_array_equal(state.static_values, whole[:, 0, :2])
    # Each is the middle of what the generator made of it over the first 24 steps (a value it made, on the
    # data's levels: not the first step's, which a generator unsure of it at the start gets wrong).
    scaler.static_features = []
    as_generated, _ = gan.generate(6, 30, seed=3)
    scaler.static_features = [0, 1]
    np.testing.assert_array_equal(whole[:, 0, :2], np.sort(as_generated[:, :24, :2], axis=1)[:, 11])
    np.testing.assert_array_equal(whole[..., 2:], as_generated[..., 2:])
    # Shorter sequences read the same 24 steps, so their values do not depend on the length.
    np.testing.assert_allclose(gan.generate(6, 5, seed=3)[0], whole[:, :5], atol=1e-4)
    # In chunks and batches of sequences, and continued from a state: the same values.
    pieces, _ = gan.generate(6, 30, seed=3, chunk_length=7, batch_size=4)
    np.testing.assert_allclose(pieces, whole, atol=1e-4)
    first, middle = gan.generate(6, 12, seed=3)
    rest, _ = gan.generate(6, 18, state=middle)
    np.testing.assert_allclose(np.concatenate([first, rest], axis=1), whole, atol=1e-4)
    streamed = np.concatenate([chunk for chunk, _ in gan.stream(6, 30, chunk_length=11, seed=3)], axis=1)
    np.testing.assert_allclose(streamed, whole, atol=1e-4)
    with pytest.raises(ValueError, match=r"static_values.*shape \(6, 2\). Received: shape \(5, 2\)"):
        gan.generate(6, 5, state=middle._replace(static_values=middle.static_values[:5]))
    # In the generator's units, as generated.
    scaled, _ = gan.generate(6, 30, seed=3, original_units=False)
    assert (np.diff(scaled[..., 0], axis=1) != 0).any()
    # The SavedModel's generate is `generate`'s; its step keeps them within each call.
    tfgan_rnn.export_saved_model(gan, tmp_path / "served")
    served = tf.saved_model.load(str(tmp_path / "served"))
    exported = served.generate(num_sequences=6, length=30, seed=tf.constant(3, tf.int64))["sequences"].numpy()
    np.testing.assert_allclose(exported, whole, rtol=1e-4, atol=1e-3)
    short = served.generate(num_sequences=6, length=5, seed=tf.constant(3, tf.int64))["sequences"].numpy()
    np.testing.assert_allclose(short, whole[:, :5], rtol=1e-4, atol=1e-3)
    noise = np.random.default_rng(0).normal(size=(2, 9, 3)).astype("float32")
    stepped = served.step(noise=noise, state=np.zeros((2, 12), "float32"))["sequences"].numpy()
    assert (stepped[:, :, :2] == stepped[:, :1, :2]).all()


def test_calibration_gives_the_values_sequences_keep_the_real_sequences_distribution():
    # A chick's diet, 1 for 40% of the chicks: generated as noise at each step, the middle of 24 steps is 2 or 3
    # mostly, whatever a map learnt on the steps does; a map learnt on the values kept gives 1 to 40%.
    rng = np.random.default_rng(0)
    diets = rng.choice([1.0, 2.0, 3.0, 4.0], 400, p=[0.4, 0.2, 0.2, 0.2])
    real = np.stack([np.repeat(diets[:, None], 12, axis=1), rng.normal(size=(400, 12))], axis=-1)
    scaler = Scaler().fit(real)
    assert scaler.static_features == [0]
    generated = rng.random((2000, 24, 2))

    def shares(calibrated):
        kept = calibrated.keep_static(calibrated.inverse_transform(generated, generated=True))[:, 0, 0]
        return np.array([np.mean(kept == diet) for diet in (1.0, 2.0, 3.0, 4.0)])

    assert shares(scaler.calibrate(generated, scaler.transform(real)))[0] < 0.2  # 0.11
    middle = np.sort(generated[:, :24, [0]], axis=1)[:, 11]
    scaler.calibrate(generated, scaler.transform(real), generated_static=middle,
                     real_static=scaler.transform(real)[:, 0, [0]])
    np.testing.assert_allclose(shares(scaler), [0.4, 0.2, 0.2, 0.2], atol=0.05)
    with pytest.raises(ValueError, match="both `generated_static` and `real_static`, or neither"):
        scaler.calibrate(generated, scaler.transform(real), generated_static=middle)
    # `calibrate_marginals` learns them so.
    keras.utils.set_random_seed(0)  # the generator's weights, whatever ran before in this process
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(3, 2, units=6, num_layers=1),
                                 tfgan_rnn.ConvDiscriminator(2), seed=0, scaler=scaler)
    gan.calibrate_marginals(real, only_if_better=False)
    kept, _ = gan.generate(1000, 12, seed=1)
    np.testing.assert_allclose([np.mean(kept[:, 0, 0] == diet) for diet in (1.0, 2.0, 3.0, 4.0)],
                               [0.4, 0.2, 0.2, 0.2], atol=0.06)


def _continents(num=12, length=10, seed=0):
    """Per country: a continent of three (one-hot, the same all through), then a life expectancy that grows."""
    rng = np.random.default_rng(seed)
    series = []
    for country in range(num):
        steps = length - country % 3
        continent = np.eye(3)[np.full(steps, country % 3)]
        series.append(np.concatenate([continent, (40 + 2 * np.arange(steps) + rng.normal(0, 1, steps))[:, None]], 1))
    return series


def test_a_category_the_same_all_through_each_sequence_is_generated_so(tmp_path):
    blocks = [["continent", 0, ["Africa", "Asia", "Europe"]]]
    scaler = Scaler(categorical=blocks).fit(_continents())
    assert scaler.static_features == [0, 1, 2]
    # The category of most of the first 24 steps, of those tied the earliest; in scaled units too.
    steps = np.concatenate([np.eye(3)[[[1, 0, 2, 0, 0], [2, 1, 1, 2, 0]]], np.full((2, 5, 1), 50.0)], -1)
    np.testing.assert_array_equal(scaler.static_values(steps), [[1, 0, 0], [0, 0, 1]])
    standard = Scaler("standard", categorical=blocks).fit(_continents())
    np.testing.assert_allclose(standard.static_values(standard.transform(steps), scaled=True),
                               standard.transform(np.array([[1, 0, 0, 50.0], [0, 0, 1, 50]]))[:, :3], atol=1e-6)
    keras.utils.set_random_seed(0)
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(3, 4, units=6, num_layers=1),
                                 tfgan_rnn.ConvDiscriminator(4), seed=0, warmup_steps=2, scaler=scaler)
    whole, state = gan.generate(40, 30, seed=3)
    assert (whole[..., :3] == whole[:, :1, :3]).all() and (whole[..., :3].sum(-1) == 1).all()
    np.testing.assert_array_equal(state.static_values, whole[:, 0, :3])
    scaler.static_features = []
    as_generated, _ = gan.generate(40, 30, seed=3)
    scaler.static_features = [0, 1, 2]
    made = as_generated[:, :24, :3].argmax(-1)
    counts = np.stack([(made == category).sum(1) for category in range(3)], -1)
    assert (counts[np.arange(40), whole[:, 0, :3].argmax(-1)] == counts.max(-1)).all()
    assert ((counts > 0).sum(-1) > 1).any()  # some sequences made more than one category, now held at one
    np.testing.assert_array_equal(whole[..., 3], as_generated[..., 3])
    # Over chunks, continuations and the export: the same category.
    np.testing.assert_allclose(gan.generate(40, 30, seed=3, chunk_length=7, batch_size=16)[0], whole, atol=1e-4)
    first, middle = gan.generate(40, 12, seed=3)
    np.testing.assert_allclose(np.concatenate([first, gan.generate(40, 18, state=middle)[0]], 1), whole, atol=1e-4)
    np.testing.assert_allclose(gan.generate(40, 5, seed=3)[0], whole[:, :5], atol=1e-4)
    tfgan_rnn.export_saved_model(gan, tmp_path / "served")
    served = tf.saved_model.load(str(tmp_path / "served"))
    exported = served.generate(num_sequences=40, length=30, seed=tf.constant(3, tf.int64))["sequences"].numpy()
    np.testing.assert_allclose(exported, whole, rtol=1e-4, atol=1e-3)
    stepped = served.step(noise=np.random.default_rng(0).normal(size=(8, 9, 3)).astype("float32"),
                          state=np.zeros((8, 12), "float32"))["sequences"].numpy()
    assert (stepped[..., :3] == stepped[:, :1, :3]).all() and (stepped[..., :3].sum(-1) == 1).all()
    # The calibration maps the numbers and leaves the category to the generator.
    real = np.stack([series[:7] for series in _continents()])
    gan.calibrate_marginals(real, only_if_better=False)
    assert scaler.calibration[:3] == [None] * 3 and scaler.calibration[3] is not None
    kept, _ = gan.generate(40, 10, seed=3)
    assert (kept[..., :3] == kept[:, :1, :3]).all() and (kept[..., :3].sum(-1) == 1).all()
