"""Training on long windows chunk by chunk with the LSTM state of both networks carried."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import ops

import tfgan_rnn
from tfgan_rnn import losses, recipe, state
from conftest import FEATURES, LATENT_DIM, UNITS

LENGTH = 12


def chunked_gan(chunk_length, seed=0, per_step_logits=False, condition_dim=0, **compile_kwargs):
    keras.utils.set_random_seed(seed)
    generator = tfgan_rnn.LSTMGenerator(LATENT_DIM, FEATURES, units=UNITS, num_layers=2, condition_dim=condition_dim)
    discriminator = tfgan_rnn.LSTMDiscriminator(FEATURES, units=UNITS, num_layers=1, return_state=True,
                                                per_step_logits=per_step_logits, condition_dim=condition_dim)
    gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0, chunk_length=chunk_length)
    gan.compile(**{"moment_matching_weight": 1.0, **compile_kwargs})
    return gan


@pytest.fixture
def real():
    return ops.convert_to_tensor(
        tfgan_rnn.datasets.sines(num_sequences=16, length=LENGTH, num_features=FEATURES, seed=1)
    )


@pytest.mark.parametrize("per_step_logits, scale, noise", [(False, "absolute", 0.0), (True, "relative", 0.3)])
def test_one_chunk_as_long_as_the_window_equals_the_unchunked_step(real, per_step_logits, scale, noise):
    # (with instance noise too: the same noise on what the discriminator reads either way)
    settings = {"per_step_logits": per_step_logits, "moment_matching_scale": scale, "discriminator_noise": noise}
    whole, chunked = chunked_gan(None, **settings), chunked_gan(LENGTH, **settings)
    for update in ("discriminator", "generator"):
        expected = getattr(whole, f"_{update}_update")(whole._unpack_batch(real))
        got = getattr(chunked, f"_chunked_{update}_update")(real)
        assert set(got) == set(expected)
        for name in expected:
            assert float(got[name]) == float(expected[name]), name
    for a, b in zip(whole.get_weights(), chunked.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_a_conditional_gan_trains_in_chunks_with_its_conditions_cut_alike(real, tmp_path):
    # Before: chunk_length with condition_dim was refused ("not available for a conditional GAN").
    labels = np.eye(2, dtype="float32")[np.arange(16) % 2]
    per_step = np.repeat(labels[:, None], LENGTH, axis=1)
    whole, chunked = chunked_gan(None, condition_dim=2), chunked_gan(LENGTH, condition_dim=2)
    batch = whole._unpack_batch({"sequences": real, "conditions": per_step})
    for update in ("discriminator", "generator"):  # one chunk as long as the window: the same step
        expected = getattr(whole, f"_{update}_update")(batch)
        got = getattr(chunked, f"_chunked_{update}_update")(real, batch.condition)
        for name in expected:
            np.testing.assert_allclose(float(got[name]), float(expected[name]), rtol=1e-6, err_msg=name)
    for a, b in zip(whole.get_weights(), chunked.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)

    # In chunks shorter than the window, each chunk reads its own steps' conditions.
    losses_for = [float(chunked_gan(5, condition_dim=2)._chunked_discriminator_update(
        real, ops.convert_to_tensor(condition))["discriminator_loss"]) for condition in (per_step, per_step[::-1])]
    assert abs(losses_for[0] - losses_for[1]) > 1e-5
    gan = chunked_gan(5, condition_dim=2)
    history = gan.fit(np.asarray(real), labels, batch_size=8, epochs=2, verbose=0)
    assert all(np.isfinite(values).all() for values in history.history.values())
    gan.save(tmp_path / "conditional.keras")
    loaded = keras.saving.load_model(tmp_path / "conditional.keras")
    assert (loaded.chunk_length, loaded.condition_dim) == (5, 2)
    np.testing.assert_allclose(loaded.generate(2, 30, seed=1, condition=[0, 1])[0],
                               gan.generate(2, 30, seed=1, condition=[0, 1])[0], atol=1e-6)


def test_chunks_carry_both_networks_state(real):
    gan = chunked_gan(LENGTH // 2)
    assert gan._chunked(real)
    # The same computation by hand: the generator's whole window equals its two halves
    # with the state carried, and the discriminator scores the second half from the
    # state the first half left.
    noise = keras.random.normal((16, LENGTH, LATENT_DIM), seed=keras.random.SeedGenerator(0))
    zeros = [ops.convert_to_tensor(t) for t in state.flatten_state(state.zero_state(16, gan.state_sizes))]
    fake = gan.generator([noise, *zeros])[0]
    sequences = ops.concatenate([real, fake], axis=0)
    discriminator_state = [ops.zeros((32, UNITS))] * 2
    expected = []
    for half in (sequences[:, : LENGTH // 2], sequences[:, LENGTH // 2 :]):
        logits, *discriminator_state = gan.discriminator([half, *discriminator_state])
        expected.append(losses.non_saturating_discriminator_loss(logits[:16], logits[16:]))
    parts = gan._chunked_discriminator_update(real)
    np.testing.assert_allclose(float(parts["discriminator_loss"]), float(np.mean(expected)), rtol=1e-5)
    # Scoring each half from a zero state instead gives a different loss.
    fresh = [gan_loss for gan_loss in expected]
    logits = gan.discriminator([sequences[:, LENGTH // 2 :], *[ops.zeros((32, UNITS))] * 2])[0]
    fresh[1] = losses.non_saturating_discriminator_loss(logits[:16], logits[16:])
    assert abs(float(np.mean(fresh)) - float(parts["discriminator_loss"])) > 1e-4


@pytest.mark.parametrize("chunk_length", [4, 5])  # 5: a shorter last chunk
def test_fit_with_chunks_trains_saves_and_loads(real, chunk_length, tmp_path):
    gan = chunked_gan(chunk_length)
    before = [w.copy() for w in gan.generator.get_weights()]
    history = gan.fit(np.asarray(real), batch_size=8, epochs=2, verbose=0)
    assert {"generator_loss", "discriminator_loss", "moment_matching_loss"} <= set(history.history)
    assert all(np.isfinite(values).all() for values in history.history.values())
    assert any((a != b).any() for a, b in zip(before, gan.generator.get_weights()))
    gan.save(tmp_path / "chunked.keras")
    loaded = keras.saving.load_model(tmp_path / "chunked.keras")
    assert loaded.chunk_length == chunk_length and loaded.discriminator.return_state
    np.testing.assert_array_equal(loaded.generate(2, 30, seed=1)[0], gan.generate(2, 30, seed=1)[0])


def test_memory_per_step_follows_the_chunk_not_the_window():
    # Peak bytes TensorFlow's CPU allocator adds during one compiled step: unchunked,
    # the LSTM activations of the whole 512-step window are kept for the backward pass;
    # in chunks of 16, those of one chunk (plus the window's inputs).
    def peak_bytes(chunk_length, length=512, units=32):
        keras.utils.set_random_seed(0)
        gan = tfgan_rnn.RecurrentGAN(
            tfgan_rnn.LSTMGenerator(LATENT_DIM, FEATURES, units=units, num_layers=2),
            tfgan_rnn.LSTMDiscriminator(FEATURES, units=units, num_layers=1, return_state=True),
            seed=0, chunk_length=chunk_length,
        )
        gan.compile()
        window = tf.random.uniform((64, length, FEATURES), seed=1)
        step = tf.function(gan.train_step)
        step(window)  # trace and warm up
        tf.config.experimental.reset_memory_stats("CPU:0")
        # The peak counts what the process already held (tensors left by earlier tests, such
        # as the recipe GAN of KeepBestGenerator's docstring example, which failed this test);
        # the step's own peak is the rise above it.
        held = tf.config.experimental.get_memory_info("CPU:0")["current"]
        step(window)
        return tf.config.experimental.get_memory_info("CPU:0")["peak"] - held

    whole, chunked = peak_bytes(None), peak_bytes(16)
    assert whole > 4 * chunked, (whole, chunked)


def test_chunking_needs_a_discriminator_with_state_and_no_penalty():
    generator = tfgan_rnn.LSTMGenerator(LATENT_DIM, FEATURES, units=UNITS, num_layers=1)
    plain = tfgan_rnn.LSTMDiscriminator(FEATURES, units=UNITS, num_layers=1)
    with pytest.raises(ValueError, match="return_state=True"):
        tfgan_rnn.RecurrentGAN(generator, plain, chunk_length=4)
    with pytest.raises(ValueError, match="chunk_length.*positive integer.*Received: chunk_length=0"):
        tfgan_rnn.RecurrentGAN(generator, plain, chunk_length=0)
    gan = tfgan_rnn.RecurrentGAN(
        generator, tfgan_rnn.LSTMDiscriminator(FEATURES, units=UNITS, num_layers=1, return_state=True),
        chunk_length=4,
    )
    with pytest.raises(ValueError, match="gradient penalty is not available with `chunk_length`"):
        gan.compile(loss="wasserstein", gradient_penalty_weight=10.0)
    with pytest.raises(ValueError, match="cannot be bidirectional"):
        tfgan_rnn.LSTMDiscriminator(FEATURES, units=UNITS, bidirectional=True, return_state=True)


def test_the_recipe_judges_every_step_when_it_trains_in_chunks():
    chunked = recipe.build_gan(FEATURES, units=UNITS, chunk_length=4)
    whole = recipe.build_gan(FEATURES, units=UNITS)
    assert len(chunked.discriminator.outputs[0].shape) == 3  # (batch, time, 1)
    assert len(whole.discriminator.outputs[0].shape) == 2  # (batch, 1)
    assert chunked.moment_matching_scale == whole.moment_matching_scale == "relative"
