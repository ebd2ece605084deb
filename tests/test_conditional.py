"""Conditional generation: a condition per sequence or per step, in fit and generate."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from sklearn.linear_model import LogisticRegression

import tfgan_rnn
from tfgan_rnn import callbacks
from conftest import FEATURES, LATENT_DIM, LENGTH, UNITS


def conditional_gan(condition_dim=2, seed=0, units=UNITS, output_dim=FEATURES, warmup_steps=0, **compile_kwargs):
    keras.utils.set_random_seed(seed)
    generator = tfgan_rnn.LSTMGenerator(LATENT_DIM, output_dim, units=units, num_layers=1, condition_dim=condition_dim)
    discriminator = tfgan_rnn.LSTMDiscriminator(output_dim, units=units, num_layers=1, condition_dim=condition_dim)
    gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=seed, warmup_steps=warmup_steps)
    gan.compile(**compile_kwargs)
    return gan


def two_frequency_bands(num_sequences, length, seed):
    """Class 0: slow sines (0.03-0.06 cycles per step); class 1: fast (0.2-0.3)."""
    rng = np.random.default_rng(seed)
    labels = np.arange(num_sequences) % 2
    frequency = np.where(labels == 0, rng.uniform(0.03, 0.06, num_sequences), rng.uniform(0.2, 0.3, num_sequences))
    phase = rng.uniform(0, 2 * np.pi, num_sequences)
    steps = np.arange(length)[None]
    sequences = 0.5 + 0.5 * np.sin(2 * np.pi * frequency[:, None] * steps + phase[:, None])
    return sequences[..., None].astype("float32"), labels


def spectrum(sequences):
    centred = sequences[..., 0] - sequences[..., 0].mean(axis=1, keepdims=True)
    return np.abs(np.fft.rfft(centred, axis=1))


def test_generated_sequences_belong_to_the_requested_class():
    real, labels = two_frequency_bands(512, 24, seed=0)
    classifier = LogisticRegression(max_iter=1000).fit(spectrum(real), labels)
    assert classifier.score(spectrum(real), labels) == 1.0
    gan = conditional_gan(units=16, output_dim=1, moment_matching_weight=1.0,
                          generator_optimizer=keras.optimizers.Adam(2e-3),
                          discriminator_optimizer=keras.optimizers.Adam(2e-3))
    conditions = np.eye(2, dtype="float32")[labels]
    gan.fit(real, conditions, batch_size=64, epochs=160, verbose=0)  # 1,280 steps
    wanted = np.arange(200) % 2
    generated, _ = gan.generate(200, 24, seed=1, condition=np.eye(2, dtype="float32")[wanted])
    accuracy = classifier.score(spectrum(generated), wanted)
    assert accuracy > 0.85, accuracy  # chance is 0.5


def test_static_condition_equals_the_same_condition_at_every_step():
    gan = conditional_gan(warmup_steps=5)  # the warm-up reads the first step's condition
    static = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], "float32")
    per_step = np.repeat(static[:, None], 30, axis=1)
    a, _ = gan.generate(3, 30, seed=4, condition=static)
    b, _ = gan.generate(3, 30, seed=4, condition=per_step)
    np.testing.assert_allclose(a, b, atol=1e-6)
    one, _ = gan.generate(3, 30, seed=4, condition=[1.0, 0.0])
    np.testing.assert_allclose(one[0], a[0], atol=1e-6)
    # Streaming with a per-step condition joins exactly.
    streamed = np.concatenate([c for c, _ in gan.stream(3, 30, chunk_length=8, seed=4, condition=per_step)], 1)
    np.testing.assert_allclose(streamed, b, atol=1e-5)
    # In batches of sequences, each batch reads its own sequences' conditions.
    for condition in (static, per_step):
        np.testing.assert_allclose(gan.generate(3, 30, seed=4, condition=condition, batch_size=2)[0], a, atol=1e-6)
    # The condition matters: another condition gives other sequences.
    other, _ = gan.generate(3, 30, seed=4, condition=static[::-1].copy())
    assert np.abs(other - a).max() > 1e-4


def test_fit_takes_conditions_as_y_as_a_tuple_or_in_a_dataset_and_saves(tmp_path):
    gan = conditional_gan()
    sequences = np.random.default_rng(0).random((32, LENGTH, FEATURES)).astype("float32")
    static = np.eye(2, dtype="float32")[np.arange(32) % 2]
    per_step = np.repeat(static[:, None], LENGTH, axis=1)
    gan.fit(sequences, static, batch_size=16, epochs=1, verbose=0)
    gan.fit((sequences, per_step), batch_size=16, epochs=1, verbose=0)
    # Conditions of the wrong width in a dataset are refused as the user made them (before:
    # the message showed them after fit had repeated them over the steps).
    with pytest.raises(ValueError, match=r"conditions \(first batch\)` of shape \(16, 2\).*"
                                         r"Received: conditions \(first batch\).shape=\(16, 3\)"):
        gan.fit(tf.data.Dataset.from_tensor_slices((sequences, np.ones((32, 3), "float32"))).batch(16), verbose=0)
    history = gan.fit(tf.data.Dataset.from_tensor_slices((sequences, static)).batch(16), epochs=1, verbose=0)
    assert np.isfinite(history.history["generator_loss"]).all()
    assert int(gan.generator_optimizer.iterations) == 6
    path = str(tmp_path / "conditional.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.condition_dim == 2
    np.testing.assert_allclose(loaded.generate(2, 10, seed=3, condition=[0, 1])[0],
                               gan.generate(2, 10, seed=3, condition=[0, 1])[0], atol=1e-6)


def test_sample_and_evaluation_loggers_generate_for_the_real_windows_conditions(tmp_path):
    # Before: both loggers called `generate` without a condition and failed at the end of
    # the first epoch, after its training.
    gan = conditional_gan()
    sequences = np.random.default_rng(0).random((32, LENGTH, FEATURES)).astype("float32")
    static = np.eye(2, dtype="float32")[np.arange(32) % 2]
    for make in (lambda **c: callbacks.SampleLogger(sequences, tmp_path, **c),
                 lambda **c: callbacks.EvaluationLogger(sequences, tmp_path, every_epochs=1, **c)):
        with pytest.raises(ValueError, match=r"conditional \(condition_dim=2\).*condition=\.\.\..*Received: condition=None"):
            gan.fit(sequences, static, batch_size=16, epochs=1, verbose=0, callbacks=[make()])
        with pytest.raises(ValueError, match=r"3 features but the GAN takes condition_dim=2"):
            gan.fit(sequences, static, batch_size=16, epochs=1, verbose=0, callbacks=[make(condition=np.zeros((32, 3)))])
        with pytest.raises(ValueError, match=r"one per window \(32, condition_dim\).*Received: condition of shape \(31, 2\)"):
            make(condition=static[:31])
    assert int(gan.generator_optimizer.iterations) == 0  # every refusal came before a step

    evaluation = callbacks.EvaluationLogger(sequences, tmp_path, every_epochs=1, iterations=5, num_runs=1,
                                                      max_windows=20, condition=static)
    samples = callbacks.SampleLogger(sequences, tmp_path, condition=static)
    history = gan.fit(sequences, static, batch_size=16, epochs=1, verbose=0, callbacks=[samples, evaluation])
    assert 0 <= history.history["discriminative_score"][0] <= 0.5
    assert evaluation.real.shape == (20, LENGTH, FEATURES) and evaluation.condition.shape == (20, 2)
    kept = np.flatnonzero((sequences[:, None] == evaluation.real[None]).all(axis=(2, 3)).any(axis=1))
    np.testing.assert_array_equal(np.sort(evaluation.condition.argmax(1)), np.sort(static[kept].argmax(1)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evaluation", "samples"]


def test_the_evaluation_logger_scores_whether_windows_fit_their_conditions(tmp_path):
    # Low values for class 0, high for class 1; a generator that gives each window the other
    # class's values: the plain score sees the same mixture, the conditional one sees the swap.
    rng = np.random.default_rng(0)
    labels = np.arange(256) % 2
    real = (0.2 + 0.6 * labels[:, None, None] + 0.1 * rng.random((256, LENGTH, 1))).astype("float32")
    static = np.eye(2, dtype="float32")[labels]
    gan = conditional_gan(output_dim=1)

    def swapped(num_sequences, length, seed=None, condition=None, original_units=True):
        other = 1 - condition.argmax(-1)
        return (0.2 + 0.6 * other[:, None, None] + 0.1 * rng.random((num_sequences, length, 1))).astype("float32"), None

    gan.generate = swapped
    evaluation = callbacks.EvaluationLogger(real, tmp_path, every_epochs=1, num_runs=1, condition=static)
    evaluation.set_model(gan)
    logs = {}
    evaluation.on_epoch_end(0, logs)
    assert logs["discriminative_score"] < 0.2 and logs["conditional_discriminative_score"] > 0.4, logs
    plain = {}
    unconditional = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
                                           tfgan_rnn.LSTMDiscriminator(1, units=4, num_layers=1), seed=0)
    logger = callbacks.EvaluationLogger(real, tmp_path, every_epochs=1, num_runs=1, iterations=5)
    logger.set_model(unconditional)
    logger.on_epoch_end(0, plain)
    assert "discriminative_score" in plain and "conditional_discriminative_score" not in plain


def test_conditions_are_checked_before_training():
    gan = conditional_gan()
    sequences = np.zeros((8, LENGTH, FEATURES), "float32")
    with pytest.raises(ValueError, match="pass the conditions as `y`"):
        gan.fit(sequences, epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"Expected `y` of shape \(8, 2\).*Received: y.shape=\(8, 3\)"):
        gan.fit(sequences, np.zeros((8, 3)), epochs=1, verbose=0)
    with pytest.raises(ValueError, match="pass `condition`"):
        gan.generate(2, 5)
    with pytest.raises(ValueError, match="not conditional"):
        tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
                               tfgan_rnn.ConvDiscriminator(1)).generate(2, 5, condition=[1.0])
    with pytest.raises(ValueError, match="same `condition_dim`"):
        tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1, condition_dim=2),
                               tfgan_rnn.LSTMDiscriminator(1, units=4, num_layers=1))


def test_export_serves_a_conditional_gan_with_its_conditions(tmp_path):
    # Before: a conditional GAN's export was refused ("Export covers unconditional generators").
    gan = conditional_gan(warmup_steps=3)
    path = str(tmp_path / "served")
    tfgan_rnn.export_saved_model(gan, path)
    served = tf.saved_model.load(path)
    assert sorted(served.signatures["generate"].structured_input_signature[1]) == [
        "condition", "length", "num_sequences", "seed"]
    static = np.eye(2, dtype="float32")[[0, 1, 1]]
    generated = served.generate(num_sequences=3, length=20, seed=tf.constant(7, tf.int64), condition=static)
    expected, _ = gan.generate(3, 20, seed=7, condition=static)
    np.testing.assert_allclose(generated["sequences"].numpy(), expected, atol=1e-5)
    other = served.generate(num_sequences=3, length=20, seed=tf.constant(7, tf.int64), condition=static[::-1].copy())
    assert np.abs(other["sequences"].numpy() - expected).max() > 1e-4  # the condition is read

    # `step` takes one condition per step: two calls with the state carried equal one pass.
    rng = np.random.default_rng(0)
    noise = rng.normal(size=(3, 12, LATENT_DIM)).astype("float32")
    per_step = np.eye(2, dtype="float32")[rng.integers(0, 2, (3, 12))]
    state = np.zeros((3, 2 * sum(gan.state_sizes)), "float32")
    first = served.step(noise=noise[:, :5], state=state, condition=per_step[:, :5])
    second = served.step(noise=noise[:, 5:], state=first["state"], condition=per_step[:, 5:])
    zeros = tfgan_rnn.state.flatten_state(tfgan_rnn.state.zero_state(3, gan.state_sizes))
    direct = np.asarray(gan.generator([noise, per_step, *zeros])[0])
    np.testing.assert_allclose(np.concatenate([first["sequences"], second["sequences"]], axis=1), direct, atol=1e-5)

    with pytest.raises(tf.errors.InvalidArgumentError, match="condition must hold one row per sequence"):
        served.generate(num_sequences=2, length=5, seed=tf.constant(7, tf.int64), condition=static)
    with pytest.raises(tf.errors.InvalidArgumentError, match="one entry per step of noise"):
        served.step(noise=noise[:, :5], state=state, condition=per_step[:, :4])
