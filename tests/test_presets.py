"""The published recurrent GANs as presets: TimeGAN, RCGAN, C-RNN-GAN."""

import keras
import numpy as np
import tensorflow as tf

from tfgan_rnn import presets
from conftest import FEATURES, LENGTH


def test_timegan_runs_its_three_phases_and_saves(tmp_path, real_sequences):
    keras.utils.set_random_seed(0)
    model = presets.TimeGAN(num_features=FEATURES, hidden_dim=6, num_layers=1, embedding_steps=2,
                            supervised_steps=2, seed=0)
    model.compile()
    generator_before = [np.array(v) for v in model.generator.weights]
    embedder_before = [np.array(v) for v in model.embedder.weights]
    history = model.fit(real_sequences[:32], batch_size=16, epochs=2, verbose=0)  # phases 0 and 1
    assert history.history["phase"] == [0.0, 1.0]
    assert history.history["supervised_loss"][1] > 0 and history.history["generator_loss"] == [0.0, 0.0]
    # The supervised phase trains the supervisor only; the generator waits for the joint phase.
    for a, b in zip(generator_before, model.generator.weights):
        np.testing.assert_array_equal(a, np.array(b))
    assert any((a != np.array(b)).any() for a, b in zip(embedder_before, model.embedder.weights))
    assert int(model.supervisor_optimizer.iterations) == 2 and int(model.generator_optimizer.iterations) == 0
    history = model.fit(real_sequences[:32], batch_size=16, epochs=1, verbose=0)  # joint phase
    assert history.history["phase"] == [2.0] and history.history["generator_loss"][0] > 0
    assert int(model.generator_optimizer.iterations) == 4  # two generator updates per step
    assert any((a != np.array(b)).any() for a, b in zip(generator_before, model.generator.weights))
    generated = model.generate(5, LENGTH + 6, seed=1)
    assert generated.shape == (5, LENGTH + 6, FEATURES) and np.isfinite(generated).all()
    path = str(tmp_path / "timegan.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert int(loaded.steps_done) == 6
    np.testing.assert_allclose(loaded.generate(5, LENGTH + 6, seed=1), generated, atol=1e-6)
    assert loaded.fit(real_sequences[:16], batch_size=16, epochs=1, verbose=0).history["phase"] == [2.0]


def test_rcgan_is_a_conditional_recurrent_gan_with_per_step_judgements(tmp_path, real_sequences):
    keras.utils.set_random_seed(0)
    gan = presets.RCGAN(num_features=FEATURES, condition_dim=2, units=8, seed=0)
    assert gan.discriminator.per_step_logits and gan.discriminator_steps == 5
    conditions = np.eye(2, dtype="float32")[np.arange(32) % 2]
    history = gan.fit(real_sequences[:32], conditions, batch_size=16, epochs=1, verbose=0)
    assert np.isfinite(history.history["discriminator_loss"]).all()
    assert int(gan.discriminator_optimizer.iterations) == 5 * int(gan.generator_optimizer.iterations) == 10
    path = str(tmp_path / "rcgan.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded.generate(2, 9, seed=0, condition=[1, 0])[0],
                               gan.generate(2, 9, seed=0, condition=[1, 0])[0], atol=1e-6)


def test_crnngan_matches_discriminator_features(real_sequences):
    keras.utils.set_random_seed(0)
    gan = presets.CRNNGAN(num_features=FEATURES, units=8, seed=0)
    assert gan.discriminator.bidirectional and gan.feature_matching_weight == 1.0
    history = gan.fit(real_sequences[:32], batch_size=16, epochs=2, verbose=0)
    assert "feature_matching_loss" in history.history
    assert all(np.isfinite(v).all() for v in history.history.values())
    # Feature matching reaches the generator: its loss has a gradient of its own.
    batch = gan._unpack_batch(real_sequences[:8])
    with tf.GradientTape() as tape:
        _, parts = gan._generator_objective(batch, keras.random.SeedGenerator(0))
    gradients = tape.gradient(parts["feature_matching_loss"], gan.generator.trainable_variables)
    assert all(g is not None for g in gradients) and float(tf.linalg.global_norm(gradients)) > 0
