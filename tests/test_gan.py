import os

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import ops

import tfgan_rnn
from tfgan_rnn import losses
from conftest import FEATURES, LATENT_DIM, LENGTH, UNITS, tiny_gan

LOGGED = {
    "generator_loss", "discriminator_loss", "discriminator_real_score",
    "discriminator_fake_score", "generator_grad_norm", "discriminator_grad_norm",
    "generator_learning_rate", "discriminator_learning_rate",
}


def weights(model):
    """Weights of a network, or variables of an optimizer, as numpy arrays."""
    variables = model.weights if isinstance(model, keras.Model) else model.variables
    return [np.array(v) for v in variables]


def assert_same(before, after):
    assert len(before) == len(after)
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)


def test_fit_logs_every_metric_and_returns_history(real_sequences):
    gan = tiny_gan()
    gan.compile()
    history = gan.fit(real_sequences, batch_size=32, epochs=2, verbose=0)
    assert set(history.history) == LOGGED
    assert all(len(v) == 2 and np.isfinite(v).all() for v in history.history.values())
    assert int(gan.generator_optimizer.iterations) == 4
    assert int(gan.discriminator_optimizer.iterations) == 4


def test_fit_accepts_a_tf_data_dataset(real_sequences):
    gan = tiny_gan()
    gan.compile(loss="hinge", discriminator_steps=2)
    dataset = tf.data.Dataset.from_tensor_slices(real_sequences).batch(32)
    history = gan.fit(dataset, epochs=1, verbose=0)
    assert np.isfinite(history.history["generator_loss"]).all()
    assert int(gan.discriminator_optimizer.iterations) == 2 * int(gan.generator_optimizer.iterations) == 4


def test_each_update_leaves_the_other_network_bit_identical(real_sequences):
    gan = tiny_gan()
    gan.compile(gradient_penalty_weight=1.0, loss="wasserstein")
    real = ops.convert_to_tensor(real_sequences[:16])
    generator_before, discriminator_before = weights(gan.generator), weights(gan.discriminator)
    gan._discriminator_update(gan._unpack_batch(real))
    assert_same(generator_before, weights(gan.generator))
    discriminator_after = weights(gan.discriminator)
    assert any((a != b).any() for a, b in zip(discriminator_before, discriminator_after))
    gan._generator_update(gan._unpack_batch(real))
    assert_same(discriminator_after, weights(gan.discriminator))
    assert any((a != b).any() for a, b in zip(generator_before, weights(gan.generator)))


# Every loss under XLA without a penalty, through the recurrent discriminator's LSTM loop. The
# penalty term is the same for every loss family and added to each in one place, so it is compiled
# twice, not per loss (each compilation costs 15-30 s here): with wasserstein through the LSTM loop
# (its second derivative, the gradient of a gradient) and with the default loss through a
# convolutional discriminator.
JIT_CASES = ([(loss, 0.0, "lstm") for loss in sorted(losses.FAMILIES)]
             + [("wasserstein", 10.0, "lstm"), ("non_saturating", 10.0, "conv")])


@pytest.mark.parametrize("loss,penalty,discriminator", JIT_CASES,
                         ids=[f"{loss}-{'penalty' if penalty else 'no_penalty'}-{kind}" for loss, penalty, kind in JIT_CASES])
def test_jit_compile_trains_with_every_loss(real_sequences, loss, penalty, discriminator):
    gan = tiny_gan(discriminator=discriminator)
    gan.compile(loss=loss, gradient_penalty_weight=penalty, jit_compile=True)
    history = gan.fit(real_sequences[:32], batch_size=16, epochs=1, verbose=0)
    assert gan.jit_compile is True
    assert set(history.history) == LOGGED | ({"gradient_penalty"} if penalty else set())
    assert all(np.isfinite(values).all() for values in history.history.values())
    assert int(gan.generator_optimizer.iterations) == 2


def test_discriminator_noise_is_added_in_training_only_seeded_and_saved(real_sequences, tmp_path):
    # Instance noise: the discriminator reads noisy sequences in training, the same noise for
    # the same seed; its scores outside training (the evaluations) are left alone.
    real = ops.convert_to_tensor(real_sequences[:16])

    def first_discriminator_loss(noise):
        gan = tiny_gan()
        gan.compile(discriminator_noise=noise)
        return float(gan._discriminator_update(gan._unpack_batch(real))["discriminator_loss"]), gan

    plain, _ = first_discriminator_loss(0.0)
    noisy, gan = first_discriminator_loss(0.5)
    again, _ = first_discriminator_loss(0.5)
    assert noisy != plain and noisy == again
    np.testing.assert_array_equal(gan._score(real), gan._score(real))
    assert not np.allclose(gan._score(real, training=True), gan._score(real), atol=1e-3)
    history = gan.fit(real_sequences, batch_size=32, epochs=1, verbose=0)
    assert set(history.history) == LOGGED and np.isfinite(history.history["discriminator_loss"]).all()
    gan.save(tmp_path / "noisy.keras")
    assert keras.saving.load_model(tmp_path / "noisy.keras").discriminator_noise == 0.5
    with pytest.raises(ValueError, match="discriminator_noise"):
        tiny_gan().compile(discriminator_noise=-0.1)


def test_warmup_and_moment_matching_train_save_and_generate(real_sequences, tmp_path):
    gan = tfgan_rnn.RecurrentGAN(tiny_gan().generator, tiny_gan().discriminator, seed=1, warmup_steps=5)
    gan.compile(moment_matching_weight=2.0, moment_matching_scale="relative", moment_matching_per_step=True)
    history = gan.fit(real_sequences, batch_size=32, epochs=1, verbose=0)
    assert set(history.history) == LOGGED | {"moment_matching_loss"}
    assert np.isfinite(history.history["moment_matching_loss"]).all()
    gan.save(tmp_path / "warm.keras")
    loaded = keras.saving.load_model(tmp_path / "warm.keras")
    assert loaded.warmup_steps == 5 and loaded.moment_matching_weight == 2.0
    assert loaded.moment_matching_scale == "relative" and loaded.moment_matching_per_step is True
    # Without a state, generation starts after the warm-up; continuing from a state does not warm up again.
    whole, _ = loaded.generate(2, 40, seed=3)
    first, state = loaded.generate(2, 15, seed=3)
    second, _ = loaded.generate(2, 25, state=state)
    np.testing.assert_allclose(np.concatenate([first, second], axis=1), whole, atol=1e-5)
    cold = tfgan_rnn.RecurrentGAN(loaded.generator, loaded.discriminator, seed=1)
    assert not np.allclose(cold.generate(2, 40, seed=3)[0], whole)


def test_static_noise_is_held_per_sequence_in_training_and_generation(real_sequences, tmp_path):
    base = tiny_gan()
    gan = tfgan_rnn.RecurrentGAN(base.generator, base.discriminator, seed=1, warmup_steps=3,
                                 static_noise_dim=2)
    # The noise train_step feeds the generator: 1 fresh feature per step, 2 held per sequence.
    noise = np.asarray(gan._draw_training_noise(ops.convert_to_tensor(real_sequences[:16])))
    assert noise.shape == (16, LENGTH + 3, LATENT_DIM)
    np.testing.assert_array_equal(noise[:, :, 1:], np.repeat(noise[:, :1, 1:], LENGTH + 3, axis=1))
    assert noise[:, :, 0].std(axis=1).min() > 0.1 and noise[:, 0, 1:].std() > 0.5
    # generate's noise: held across blocks and the warm-up, different per sequence and seed.
    drawn = np.asarray(tfgan_rnn.gan.block_noise(*(tf.constant(v, tf.int64) for v in (5, -3, 600, 4)),
                                                 LATENT_DIM, 2))
    np.testing.assert_array_equal(drawn[:, :, 1:], np.repeat(drawn[:, :1, 1:], 600, axis=1))
    assert drawn[:, 0, 1:].std() > 0.1 and drawn[:, 300:, 0].std() > 0.5
    gan.compile()
    gan.fit(real_sequences, batch_size=32, epochs=1, verbose=0)
    gan.save(tmp_path / "static.keras")
    loaded = keras.saving.load_model(tmp_path / "static.keras")
    assert loaded.static_noise_dim == 2
    whole, _ = loaded.generate(3, 300, seed=4)
    first, state = loaded.generate(3, 260, seed=4)  # the second piece crosses a noise block
    np.testing.assert_allclose(np.concatenate([first, loaded.generate(3, 40, state=state)[0]], axis=1),
                               whole, atol=1e-5)
    np.testing.assert_array_equal(gan.generate(3, 300, seed=4)[0], whole)
    fresh = tfgan_rnn.RecurrentGAN(loaded.generator, loaded.discriminator, seed=1, warmup_steps=3)
    assert not np.allclose(fresh.generate(3, 300, seed=4)[0], whole)


@pytest.mark.parametrize("static_noise_dim", [-1, LATENT_DIM + 1, 1.5, True])
def test_bad_static_noise_dim_is_refused(static_noise_dim):
    with pytest.raises(ValueError, match=rf"static_noise_dim.*latent_dim \({LATENT_DIM}\).*Received"):
        tfgan_rnn.RecurrentGAN(tiny_gan().generator, tiny_gan().discriminator,
                               static_noise_dim=static_noise_dim)


def test_negative_warmup_is_refused():
    with pytest.raises(ValueError, match="warmup_steps.*Received: warmup_steps=-1"):
        tfgan_rnn.RecurrentGAN(tiny_gan().generator, tiny_gan().discriminator, warmup_steps=-1)


def test_gradient_penalty_switches_discriminator_off_cudnn():
    gan = tiny_gan(stacked=False)
    gan.compile(gradient_penalty_weight=10.0)
    assert all(layer.use_cudnn is False for layer in gan.discriminator.layers
               if isinstance(layer, keras.layers.LSTM))
    assert "no cuDNN" in gan.discriminator_kernel
    gan.compile()
    assert all(layer.use_cudnn == "auto" for layer in gan.discriminator.layers
               if isinstance(layer, keras.layers.LSTM))


def test_xla_is_off_unless_asked_and_runs_every_lstm_without_cudnn(monkeypatch):
    # Keras' default, jit_compile="auto", turns XLA on wherever a GPU is visible, around cuDNN's LSTM,
    # which XLA cannot compile ("No registered 'CudnnRNNV3' OpKernel for XLA_GPU_JIT"). Here as if on a GPU:
    monkeypatch.setattr(keras.Model, "_resolve_auto_jit_compile", lambda self: True)
    gan = tiny_gan(stacked=False)
    lstms = {network: [layer for layer in getattr(gan, network).layers if isinstance(layer, keras.layers.LSTM)]
             for network in ("generator", "discriminator")}
    assert lstms["generator"] and lstms["discriminator"]
    lstms["generator"][0].use_cudnn = False  # a user's own choice, kept
    gan.compile()
    assert gan.jit_compile is False
    assert [layer.use_cudnn for layer in lstms["generator"]] == [False] + ["auto"] * (len(lstms["generator"]) - 1)
    gan.compile(jit_compile=True)
    assert all(layer.use_cudnn is False for network in lstms.values() for layer in network)
    assert "no cuDNN: XLA cannot compile it" in gan.discriminator_kernel
    gan.compile(jit_compile="auto")  # asked: Keras' resolution, here True
    assert gan.jit_compile is True and all(layer.use_cudnn is False for layer in lstms["generator"])
    gan.compile()  # XLA off again: cuDNN where it was
    assert [layer.use_cudnn for layer in lstms["generator"]] == [False] + ["auto"] * (len(lstms["generator"]) - 1)
    assert all(layer.use_cudnn == "auto" for layer in lstms["discriminator"])


def test_saving_as_hdf5_is_refused_before_anything_is_written(tmp_path):
    # Keras' legacy HDF5 writer cannot hold the GAN: on a trained one it failed half-way (an
    # AttributeError) and left the file behind.
    gan = tiny_gan()
    # No extension: Keras' own message suggested `.h5`, which cannot hold it.
    for name in ("gan.h5", "gan.HDF5", "gan"):
        with pytest.raises(ValueError, match=r"give the file a `\.keras` extension.*gan\.export\(folder\).*"
                                             r"Received: filepath='.*gan(\.h5|\.HDF5)?'"):
            gan.save(tmp_path / name)
    assert os.listdir(tmp_path) == []


def test_keras_export_writes_the_serving_saved_model(tmp_path):
    # Before: Keras' Model.export failed ("The model provided has never called").
    gan = tiny_gan()
    gan.export(tmp_path / "served")
    served = tf.saved_model.load(str(tmp_path / "served"))
    sequences = served.generate(num_sequences=2, length=7, seed=tf.constant(3, tf.int64))["sequences"]
    np.testing.assert_allclose(sequences.numpy(), gan.generate(2, 7, seed=3)[0], atol=1e-5)
    with pytest.raises(ValueError, match=r"exports one format.*Received: format='onnx'"):
        gan.export(tmp_path / "other", format="onnx")
    assert sorted(os.listdir(tmp_path)) == ["served"]


def test_save_load_continue_equals_uninterrupted_run(real_sequences, tmp_path):
    gan = tiny_gan(seed=4)
    gan.compile(
        generator_optimizer=keras.optimizers.Adam(1e-3),
        discriminator_optimizer=keras.optimizers.RMSprop(2e-3),
        loss="least_squares", discriminator_steps=2, gradient_clip_norm=5.0,
    )
    batch = real_sequences[:32]
    gan.fit(batch, batch_size=32, epochs=2, verbose=0, shuffle=False)
    gan.save(tmp_path / "gan.keras")
    loaded = keras.saving.load_model(tmp_path / "gan.keras")

    assert isinstance(loaded, tfgan_rnn.RecurrentGAN)
    assert isinstance(loaded.generator, tfgan_rnn.LSTMGenerator)
    assert loaded.get_compile_config() == gan.get_compile_config()
    assert int(loaded.discriminator_optimizer.iterations) == 4
    assert_same(weights(gan.generator_optimizer), weights(loaded.generator_optimizer))
    np.testing.assert_array_equal(np.array(loaded.seed_generator.state), np.array(gan.seed_generator.state))
    np.testing.assert_array_equal(gan.generate(3, 30, seed=7)[0], loaded.generate(3, 30, seed=7)[0])

    gan.fit(batch, batch_size=32, epochs=1, verbose=0, shuffle=False)
    loaded.fit(batch, batch_size=32, epochs=1, verbose=0, shuffle=False)
    for a, b in zip(weights(gan.generator) + weights(gan.discriminator),
                    weights(loaded.generator) + weights(loaded.discriminator)):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_generate_continues_seamlessly_from_returned_state():
    gan = tiny_gan()
    whole, whole_state = gan.generate(3, 700, seed=11, chunk_length=256)
    first, middle = gan.generate(3, 333, seed=11, chunk_length=100)
    second, final = gan.generate(3, 367, state=middle)
    np.testing.assert_allclose(np.concatenate([first, second], axis=1), whole, atol=1e-5)
    np.testing.assert_allclose(final.layers[-1].h, whole_state.layers[-1].h, atol=1e-5)
    assert (final.step, final.seed) == (700, 11)
    assert not np.allclose(gan.generate(3, 20, seed=12)[0], whole[:, :20])
    one, _ = gan.generate(1, 700, seed=11)  # any batch size, one sequence included
    head, middle = gan.generate(1, 300, seed=11)
    np.testing.assert_allclose(np.concatenate([head, gan.generate(1, 400, state=middle)[0]], axis=1), one, atol=1e-5)


def test_generate_gives_a_sequence_the_same_values_in_any_batch():
    # Before: generate ran every sequence in one call, its noise a (num_sequences, 256, latent)
    # block per 256 steps, so memory grew with num_sequences: 400,000 24-step windows of the
    # default recipe's generator took 10.4 GB (benchmarks/generation.py --sequences). Now it
    # runs in batches, each batch's noise drawn as those rows of the whole draw.
    keras.utils.set_random_seed(0)
    generator = tfgan_rnn.LSTMGenerator(latent_dim=5, output_dim=FEATURES, units=UNITS, num_layers=2)
    gan = tfgan_rnn.RecurrentGAN(generator, tfgan_rnn.ConvDiscriminator(FEATURES), seed=0, warmup_steps=3,
                                 static_noise_dim=3)  # 3 static values a row: rows start off the RNG's 4-value steps
    whole, whole_state = gan.generate(11, 300, seed=5)
    for batch_size, chunk_length in [(1, 1024), (3, 1024), (4, 70), (64, 256)]:
        pieces, state = gan.generate(11, 300, seed=5, batch_size=batch_size, chunk_length=chunk_length)
        np.testing.assert_allclose(pieces, whole, atol=1e-6, err_msg=f"batch_size={batch_size}")
        for a, b in zip(state.layers, whole_state.layers):
            np.testing.assert_allclose(a.h, b.h, atol=1e-6)
            np.testing.assert_allclose(a.c, b.c, atol=1e-6)
    np.testing.assert_allclose(gan.generate(2, 300, seed=5)[0], whole[:2], atol=1e-6)  # fewer: the first ones
    rest, _ = gan.generate(11, 40, state=whole_state, batch_size=4)  # continuing, in batches too
    np.testing.assert_allclose(rest, gan.generate(11, 40, state=whole_state)[0], atol=1e-6)
    assert not np.allclose(whole[0], whole[1])  # each sequence has its own noise
    with pytest.raises(ValueError, match="batch_size"):
        gan.generate(2, 5, batch_size=0)


def test_generate_starts_from_a_given_lstm_state():
    gan = tiny_gan()
    start = [tfgan_rnn.LSTMState(np.full((2, UNITS), 0.5, "float32"), np.ones((2, UNITS), "float32"))
             for _ in range(2)]
    from_zero, _ = gan.generate(2, 5, seed=1)
    from_start, _ = gan.generate(2, 5, seed=1, state=start)
    assert not np.allclose(from_zero, from_start)
    with pytest.raises(ValueError, match="one LSTMState.*Received: shapes"):
        gan.generate(3, 5, state=start)


def test_mixed_float16_wraps_both_optimizers_and_trains(real_sequences):
    keras.mixed_precision.set_global_policy("mixed_float16")
    gan = tiny_gan()
    gan.compile()
    for optimizer in (gan.generator_optimizer, gan.discriminator_optimizer):
        assert isinstance(optimizer, keras.optimizers.LossScaleOptimizer)
    history = gan.fit(real_sequences[:32], batch_size=16, epochs=3, verbose=0)
    assert all(np.isfinite(v).all() for v in history.history.values())
    assert all(v.dtype == "float32" for v in gan.generator.trainable_variables)
    assert history.history["generator_loss_scale"] == [32768.0] * 3  # grows only after 2,000 finite steps
    assert history.history["generator_skipped_steps"] == [0.0] * 3

    # With a short growth interval the logged scale moves: it doubles every 2 finite steps.
    gan = tiny_gan()
    gan.compile(generator_optimizer=keras.optimizers.LossScaleOptimizer(keras.optimizers.Adam(), dynamic_growth_steps=2),
                discriminator_optimizer=keras.optimizers.LossScaleOptimizer(keras.optimizers.Adam(), dynamic_growth_steps=2))
    gan.fit(real_sequences[:32], batch_size=16, epochs=2, verbose=0)
    assert float(gan.generator_optimizer.dynamic_scale) == 32768.0 * 4

    # Non-finite steps are skipped by the optimizer (weights unchanged, scale halved) and counted.
    kernel = gan.discriminator.get_layer("logits").kernel
    kernel.assign(np.full(kernel.shape, np.inf, "float32"))
    before = weights(gan.generator)
    history = gan.fit(real_sequences[:32], batch_size=16, epochs=1, verbose=0)
    assert history.history["discriminator_skipped_steps"] == [2.0]
    assert history.history["generator_skipped_steps"] == [2.0]
    assert_same(before, weights(gan.generator))


def test_mixed_bfloat16_trains_with_float32_weights_logits_and_losses(real_sequences):
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    gan = tiny_gan()
    gan.compile(gradient_penalty_weight=1.0, loss="wasserstein")
    # bfloat16 has float32's exponent range: no loss scaling, no LossScaleOptimizer.
    assert not isinstance(gan.generator_optimizer, keras.optimizers.LossScaleOptimizer)
    assert not isinstance(gan.discriminator_optimizer, keras.optimizers.LossScaleOptimizer)
    lstm = gan.generator.get_layer("lstm_stack")
    assert lstm.compute_dtype == "bfloat16" and lstm.variable_dtype == "float32"
    before = weights(gan.generator)
    history = gan.fit(real_sequences[:32], batch_size=16, epochs=2, verbose=0)
    assert all(np.isfinite(values).all() for values in history.history.values())
    assert any((a != b).any() for a, b in zip(before, weights(gan.generator)))
    assert all(v.dtype == "float32" for v in gan.generator.trainable_variables + gan.discriminator.trainable_variables)
    real = ops.convert_to_tensor(real_sequences[:8])
    fake = gan._fake_sequences(8, LENGTH, keras.random.SeedGenerator(0), training=False)
    assert keras.backend.standardize_dtype(fake.dtype) == "float32"
    assert keras.backend.standardize_dtype(gan.discriminator(fake).dtype) == "float32"
    total, parts = gan._discriminator_objective(gan._unpack_batch(real), fake, keras.random.SeedGenerator(0))
    assert all(keras.backend.standardize_dtype(v.dtype) == "float32" for v in [total, *parts.values()])


# --- gradient checks: the failure modes users hit elsewhere -----------------------

def test_check_gradients_names_a_layer_off_the_path(real_sequences):
    gan = tiny_gan()
    unused = keras.layers.Dense(2, name="unused_head")
    unused.build((None, UNITS))
    gan.generator.unused_head = unused
    gan.compile()
    with pytest.raises(tfgan_rnn.GradientCheckError, match=r"(?s)No gradient \(None\).*unused_head/kernel.*not on the path"):
        gan.check_gradients(real_sequences[:4])
    with pytest.raises(tfgan_rnn.GradientCheckError):  # fit checks before any step
        gan.fit(real_sequences, epochs=1, verbose=0)
    assert int(gan.generator_optimizer.iterations) == 0


def test_check_gradients_catches_a_loss_computed_through_numpy(real_sequences):
    def numpy_generator_loss(fake_logits):
        return ops.convert_to_tensor(np.mean(np.log1p(np.exp(-np.asarray(fake_logits)))))

    gan = tiny_gan()
    gan.compile(loss=losses.LossFamily(numpy_generator_loss, losses.non_saturating_discriminator_loss))
    with pytest.raises(tfgan_rnn.GradientCheckError, match=r"(?s)generator's trainable.*lstm_cell_0.*numpy"):
        gan.check_gradients(real_sequences[:4])


def test_check_gradients_catches_non_finite_gradients(real_sequences):
    gan = tiny_gan()
    gan.compile()
    kernel = gan.generator.get_layer("output").kernel
    kernel.assign(np.full(kernel.shape, np.nan, "float32"))
    with pytest.raises(tfgan_rnn.GradientCheckError, match=r"Non-finite gradient.*output/kernel"):
        gan.check_gradients(real_sequences[:4])


def test_check_gradients_returns_norms_for_a_healthy_model(real_sequences):
    gan = tiny_gan()
    gan.compile()
    norms = gan.check_gradients(real_sequences[:4])
    assert set(norms) == {"generator_grad_norm", "discriminator_grad_norm"}
    assert all(value > 0 for value in norms.values())


def test_fit_checks_gradients_on_the_first_steps_unless_a_model_needs_whole_windows(real_sequences, monkeypatch):
    checked = []
    check_gradients = tfgan_rnn.RecurrentGAN.check_gradients

    def recording(self, batch, *args, **kwargs):
        checked.append(np.shape(batch)[1])
        return check_gradients(self, batch, *args, **kwargs)

    monkeypatch.setattr(tfgan_rnn.RecurrentGAN, "check_gradients", recording)
    gan = tiny_gan()
    gan.compile()
    gan.fit(real_sequences[:32], batch_size=16, epochs=1, verbose=0)
    assert checked == [tfgan_rnn.gan._GRADIENT_CHECK_STEPS] and LENGTH > checked[0]

    # Any length on paper, but a convolution 10 steps wide needs 10: the whole windows decide.
    sequences = keras.Input((None, FEATURES))
    features = keras.layers.Conv1D(4, 10, padding="valid")(sequences)
    logits = keras.layers.Dense(1)(keras.layers.GlobalAveragePooling1D()(features))
    gan = tfgan_rnn.RecurrentGAN(tiny_gan().generator, keras.Model(sequences, logits), seed=0)
    gan.compile()
    checked.clear()
    history = gan.fit(real_sequences[:32], batch_size=16, epochs=1, verbose=0)
    assert checked == [tfgan_rnn.gan._GRADIENT_CHECK_STEPS, LENGTH]
    assert np.isfinite(history.history["generator_loss"]).all()


def test_generator_without_state_outputs_is_refused():
    noise = keras.Input((None, LATENT_DIM))
    h, c = keras.Input((UNITS,)), keras.Input((UNITS,))
    sequence = keras.layers.LSTM(UNITS, return_sequences=True)(noise, initial_state=[h, c])
    generator = keras.Model([noise, h, c], keras.layers.Dense(FEATURES)(sequence))
    with pytest.raises(ValueError, match="must return its final state"):
        tfgan_rnn.RecurrentGAN(generator, tfgan_rnn.ConvDiscriminator(FEATURES))


def test_sequential_generator_is_refused():
    generator = keras.Sequential([keras.Input((None, LATENT_DIM)), keras.layers.LSTM(4, return_sequences=True)])
    with pytest.raises(TypeError, match="Sequential model cannot take state"):
        tfgan_rnn.RecurrentGAN(generator, tfgan_rnn.ConvDiscriminator(FEATURES))


def test_non_keras_model_is_refused():
    with pytest.raises(TypeError, match="must be a Keras 3 `keras.Model`"):
        tfgan_rnn.RecurrentGAN(lambda x: x, tfgan_rnn.ConvDiscriminator(FEATURES))


def test_discriminator_feature_mismatch_is_refused():
    generator = tfgan_rnn.LSTMGenerator(LATENT_DIM, FEATURES, units=4, num_layers=1)
    with pytest.raises(ValueError, match=r"\(batch, time, 2\).*Received"):
        tfgan_rnn.RecurrentGAN(generator, tfgan_rnn.ConvDiscriminator(FEATURES + 1))


# --- bad input gets a clear error before any training step -------------------------

@pytest.fixture(scope="module")
def compiled_gan():
    gan = tiny_gan()
    gan.compile()
    return gan


@pytest.mark.parametrize("data,message", [
    (np.zeros((LENGTH, FEATURES)), r"3 dimensions.*sliding_windows.*Received: x.shape=\(12, 2\)"),
    (np.zeros((4, LENGTH, FEATURES + 1)), r"3 features per step but the generator makes 2.*output_dim=3"),
    (np.zeros((0, LENGTH, FEATURES)), r"empty.*Received: x.shape=\(0, 12, 2\)"),
    (np.zeros((4, 0, FEATURES)), r"empty"),
    (np.where(np.arange(4 * LENGTH * FEATURES).reshape(4, LENGTH, FEATURES) == 5, np.nan, 0.0),
     r"1 NaN and 0 infinite values \(the first at index \(0, 2, 1\)\)"),
    (np.full((4, LENGTH, FEATURES), np.inf), r"0 NaN and 96 infinite"),
    (np.array([[["a", "b"]]]), r"must hold numbers"),
])
def test_bad_training_data_is_refused_before_training(compiled_gan, data, message):
    with pytest.raises((ValueError, TypeError), match=message):
        compiled_gan.fit(data, epochs=1, verbose=0)
    assert int(compiled_gan.generator_optimizer.iterations) == 0


def test_unbatched_dataset_is_refused(compiled_gan, real_sequences):
    with pytest.raises(ValueError, match=r"Call `.batch\(batch_size\)`"):
        compiled_gan.fit(tf.data.Dataset.from_tensor_slices(real_sequences), verbose=0)


def test_targets_are_refused(compiled_gan, real_sequences):
    with pytest.raises(ValueError, match="leave `y` empty"):
        compiled_gan.fit(real_sequences, np.zeros(len(real_sequences)), verbose=0)
    # The same in a dataset: before, an unconditional GAN trained on and ignored them.
    labels = np.zeros(len(real_sequences), "float32")
    for dataset in (tf.data.Dataset.from_tensor_slices((real_sequences, labels)),
                    tf.data.Dataset.from_tensor_slices({"sequences": real_sequences, "conditions": labels})):
        with pytest.raises(ValueError, match=r"unconditional, but the dataset's elements hold conditions.*"
                                             r"dataset.map\(lambda sequences, \*rest: sequences\)"):
            compiled_gan.fit(dataset.batch(8), verbose=0)
    assert int(compiled_gan.generator_optimizer.iterations) == 0


def test_sample_weights_are_refused_not_ignored(compiled_gan, real_sequences):
    for name in ("sample_weight", "class_weight"):
        with pytest.raises(ValueError, match=rf"takes no `{name}`.*repeat them in `x`"):
            compiled_gan.fit(real_sequences, verbose=0, **{name: np.ones(len(real_sequences))})
    assert int(compiled_gan.generator_optimizer.iterations) == 0


def test_calling_the_gan_on_sequences_points_to_generate_and_the_discriminator(compiled_gan, real_sequences):
    with pytest.raises(ValueError, match=r"use `gan.generate\(num_sequences, length\)`.*`gan.discriminator`"):
        compiled_gan.predict(real_sequences, verbose=0)


def test_numpy_integers_are_integers(tmp_path):
    to_numpy = np.int64
    gan = tfgan_rnn.RecurrentGAN(
        tfgan_rnn.LSTMGenerator(to_numpy(LATENT_DIM), to_numpy(FEATURES), units=to_numpy(UNITS), num_layers=to_numpy(1)),
        tfgan_rnn.LSTMDiscriminator(to_numpy(FEATURES), units=to_numpy(UNITS), num_layers=to_numpy(1),
                                    conv_filters=to_numpy(4)),
        seed=to_numpy(0), warmup_steps=to_numpy(2), static_noise_dim=to_numpy(1))  # before: seed refused
    gan.compile()
    sequences, _ = gan.generate(np.int64(3), np.int32(5), seed=1)
    np.testing.assert_array_equal(sequences, gan.generate(3, 5, seed=1)[0])
    gan.save(tmp_path / "gan.keras")  # the networks' configs hold plain ints, which JSON writes
    loaded = keras.saving.load_model(tmp_path / "gan.keras")
    assert loaded.generator.get_config()["units"] == UNITS
    assert (loaded.seed, loaded.warmup_steps, loaded.static_noise_dim) == (0, 2, 1)
    with pytest.raises(ValueError, match="expected a positive integer"):
        gan.generate(2.0, 5)


@pytest.mark.parametrize("kwargs,message", [
    (dict(loss="wgan"), r"Unknown GAN loss.*'wasserstein'.*Received: loss='wgan'"),
    (dict(discriminator_steps=0), r"discriminator_steps.*Received: discriminator_steps=0"),
    (dict(gradient_penalty_weight=-1.0), r"gradient_penalty_weight.*>= 0"),
    (dict(gradient_clip_norm=0), r"gradient_clip_norm"),
    (dict(optimizer="adam"), r"generator_optimizer="),
    (dict(moment_matching_scale="log"), r"'absolute' or 'relative'.*Received: moment_matching_scale='log'"),
    (dict(category_share_weight=-1.0), r"category_share_weight"),
])
def test_bad_compile_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        tiny_gan().compile(**kwargs)


def test_one_optimizer_instance_for_both_networks_is_refused():
    optimizer = keras.optimizers.Adam()
    with pytest.raises(ValueError, match="separate optimizer instances"):
        tiny_gan().compile(generator_optimizer=optimizer, discriminator_optimizer=optimizer)


def test_the_discriminator_sees_one_category_a_step_drawn_by_the_generators_shares_and_held_through_a_sequence():
    """A column of categories is a one-hot block of features: the fake batch holds one
    category a step (not the generator's soft values, which tell fakes apart at a glance),
    drawn as often as the generator's values say (their logits' softmax), with noise that
    the static noise fixes for the whole sequence, so a category holds while its values do;
    the gradient reaches every category's value through the softmax. Without static noise
    enough for the block, the highest value's category, as `Scaler.snap_categories` gives."""
    from tfgan_rnn.scaling import Scaler

    rng = np.random.default_rng(0)
    real = np.concatenate([rng.random((64, LENGTH, 1)), np.eye(3)[rng.integers(0, 3, (64, LENGTH))]], -1)
    scaler = Scaler("standard", categorical=[["sky", 1, ["fog", "rain", "sun"]]]).fit(real)
    keras.utils.set_random_seed(0)
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(4, 4, units=UNITS, num_layers=1),
                                 tfgan_rnn.LSTMDiscriminator(4, units=UNITS, num_layers=1), seed=0, scaler=scaler,
                                 static_noise_dim=3)
    shares = np.array([0.5, 0.3, 0.2])  # the softmax of the values' logits
    values = np.concatenate([np.full((4000, LENGTH, 1), 0.5), np.broadcast_to(1 / (1 + 1 / shares), (4000, LENGTH, 3))],
                            -1)
    soft = tf.constant(scaler.transform(values))
    noise = gan._hold_static(tf.constant(rng.normal(size=(4000, LENGTH, 4)), "float32"))
    weight = tf.constant(rng.normal(size=(4000, LENGTH, 4)), "float32")
    with tf.GradientTape() as tape:
        tape.watch(soft)
        hard = gan._one_category_a_step(soft, noise)
        total = tf.reduce_sum(hard * weight)
    categories = scaler.inverse_transform(hard.numpy())[..., 1:]
    assert (categories.sum(-1) == 1).all() and set(np.unique(categories)) == {0.0, 1.0}
    assert (categories == categories[:, :1]).all()  # one category all through each sequence
    np.testing.assert_allclose(categories[:, 0].mean(0), shares, atol=0.025)
    gradient = tape.gradient(total, soft).numpy()
    np.testing.assert_allclose(gradient[..., 0], weight.numpy()[..., 0])  # a number: straight through
    assert (np.abs(gradient[..., 1:]).max(axis=(0, 1)) > 1e-3).all()  # every category's value learns
    without = tfgan_rnn.RecurrentGAN(gan.generator, gan.discriminator, scaler=scaler, static_noise_dim=2)
    np.testing.assert_allclose(without._one_category_a_step(soft, noise).numpy(), scaler.snap_categories(soft.numpy()),
                               atol=1e-5)
    gan.compile()
    before = [w.copy() for w in weights(gan.generator)]
    history = gan.fit(scaler.transform(real), batch_size=32, epochs=1, verbose=0)  # fit's gradient check passes
    assert np.isfinite(history.history["generator_loss"]).all()
    assert any(not np.array_equal(a, b) for a, b in zip(before, weights(gan.generator)))
    generated, _ = gan.generate(4, LENGTH, seed=0)
    assert (generated[..., 1:].sum(-1) == 1).all() and set(np.unique(generated[..., 1:])) == {0.0, 1.0}


def test_a_generator_drawing_its_categories_is_not_drawn_again_and_must_match_the_scaler():
    """A generator built with `category_blocks` draws its categories itself (its numbers
    computed given them): the GAN passes its output through as it is, trains it (the gradient
    check passes: the categories' logits learn from the discriminator and the shares' loss) and
    generates one category a step; a scaler or static noise it was not built for is refused
    by name."""
    from tfgan_rnn.scaling import Scaler

    rng = np.random.default_rng(0)
    real = np.concatenate([rng.random((64, LENGTH, 1)), np.eye(3)[rng.integers(0, 3, (64, LENGTH))]], -1)
    scaler = Scaler("standard", categorical=[["sky", 1, ["fog", "rain", "sun"]]]).fit(real)
    keras.utils.set_random_seed(0)
    generator = tfgan_rnn.LSTMGenerator(4, 4, units=UNITS, num_layers=1, category_blocks=scaler.category_blocks(),
                                        static_noise_dim=3)
    discriminator = tfgan_rnn.LSTMDiscriminator(4, units=UNITS, num_layers=1)
    gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0, scaler=scaler, static_noise_dim=3)
    values = tf.constant(scaler.transform(real), "float32")
    np.testing.assert_array_equal(gan._one_category_a_step(values, tf.zeros((64, LENGTH, 4))).numpy(), values.numpy())
    gan.compile(category_share_weight=1.0)
    before = [w.copy() for w in weights(generator)]
    history = gan.fit(values, batch_size=32, epochs=1, verbose=0)
    assert np.isfinite(history.history["category_share_loss"]).all()
    logits = generator.get_layer("category_logits")
    assert not np.array_equal(before[[w.path for w in generator.weights].index(logits.kernel.path)],
                              keras.ops.convert_to_numpy(logits.kernel))
    generated, _ = gan.generate(8, LENGTH, seed=0)
    assert (generated[..., 1:].sum(-1) == 1).all() and set(np.unique(generated[..., 1:])) == {0.0, 1.0}
    other = Scaler("standard", categorical=[["sky", 2, ["fog", "rain"]]]).fit(real[..., [0, 1, 3, 2]])
    for scaler_given, static_noise_dim in ((None, 3), (other, 3), (scaler, 2)):
        with pytest.raises(ValueError, match=r"draws columns of categories \(`category_blocks`\).*"
                                             r"category_blocks=scaler.category_blocks\(\)"):
            tfgan_rnn.RecurrentGAN(generator, discriminator, scaler=scaler_given, static_noise_dim=static_noise_dim)


def test_matching_the_category_shares_keeps_only_moves_that_bring_them_closer(monkeypatch):
    """`match_category_shares` moves the category logits' bias towards the data's shares,
    and where the generator's draw answers a move by jumping past them (a draw the logits
    hold nearly fixed), it keeps the bias of the closest shares it generated, never
    further from the data's than it started; without categories drawn by the generator it
    refuses by name."""
    from tfgan_rnn.scaling import Scaler

    real = np.eye(2)[(np.arange(64 * LENGTH) % 10 == 0).astype(int).reshape(64, LENGTH)]  # "yes" on 1 step in 10
    scaler = Scaler(categorical=[["snow", 0, ["no", "yes"]]]).fit(real)
    keras.utils.set_random_seed(0)
    generator = tfgan_rnn.LSTMGenerator(4, 2, units=UNITS, num_layers=1, category_blocks=scaler.category_blocks(),
                                        static_noise_dim=2)
    gan = tfgan_rnn.RecurrentGAN(generator, tfgan_rnn.LSTMDiscriminator(2, units=UNITS, num_layers=1), seed=0,
                                 scaler=scaler, static_noise_dim=2)
    bias = generator.get_layer("category_logits").bias

    def steep(num_sequences, length, **kwargs):  # "yes" on 2% of steps, on 60% once its bias leads by 0.5
        share = 0.6 if float(bias[1] - bias[0]) > 0.5 else 0.02
        drawn = (np.arange(num_sequences * length) % 1000 < 1000 * share).astype(int).reshape(num_sequences, length)
        return np.eye(2, dtype="float32")[drawn], None

    monkeypatch.setattr(gan, "generate", steep)
    shares = gan.match_category_shares(real)
    np.testing.assert_allclose(shares["real"], [[0.9, 0.1]], atol=1e-3)
    np.testing.assert_allclose(shares["before"], [[0.98, 0.02]], atol=1e-3)
    np.testing.assert_allclose(shares["after"], [[0.98, 0.02]], atol=1e-3)  # 60% is further from 10%
    assert float(bias[1] - bias[0]) <= 0.5  # the bias of the shares it reports
    monkeypatch.undo()
    plain = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(4, 2, units=UNITS, num_layers=1),
                                   tfgan_rnn.LSTMDiscriminator(2, units=UNITS, num_layers=1), seed=0, scaler=scaler)
    with pytest.raises(ValueError, match=r"match_category_shares.*category_blocks=scaler.category_blocks\(\).*"
                                         r"Received: a generator that draws no categories"):
        plain.match_category_shares(real)


def test_category_share_weight_raises_a_rare_categorys_share_and_is_logged_and_saved(tmp_path):
    """`category_share_weight` adds `losses.category_share_loss` between the real batch's
    categories and the drawn ones to the generator's loss: its gradient raises the value of a
    category the generated batch lacks, it is logged as `category_share_loss` while the scaler
    has categories, and a saved model keeps it."""
    from tfgan_rnn import losses
    from tfgan_rnn.scaling import Scaler

    rng = np.random.default_rng(0)
    categories = np.eye(3)[rng.choice(3, size=(64, 1), p=[0.8, 0.15, 0.05]).repeat(LENGTH, 1)]
    real = np.concatenate([rng.random((64, LENGTH, 1)), categories], -1)
    scaler = Scaler("standard", categorical=[["sky", 1, ["fog", "rain", "snow"]]]).fit(real)
    keras.utils.set_random_seed(0)
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(4, 4, units=UNITS, num_layers=1),
                                 tfgan_rnn.LSTMDiscriminator(4, units=UNITS, num_layers=1), seed=0, scaler=scaler,
                                 static_noise_dim=3)
    gan.compile(category_share_weight=2.0)
    # a generator that scores snow lowest on every step, so it is drawn on few of them
    values = np.concatenate([np.full((64, LENGTH, 1), 0.5), np.broadcast_to([0.6, 0.3, 0.003], (64, LENGTH, 3))], -1)
    soft = tf.constant(scaler.transform(values), "float32")
    noise = gan._hold_static(tf.constant(rng.normal(size=(64, LENGTH, 4)), "float32"))
    batch = tf.constant(scaler.transform(real), "float32")
    with tf.GradientTape() as tape:
        tape.watch(soft)
        fake = gan._one_category_a_step(soft, noise)
        total, parts = gan._generator_parts(tf.zeros((64, 1)), batch, fake)
    drawn = scaler.inverse_transform(fake.numpy())[..., 1:]
    expected = losses.category_share_loss(categories, drawn, [(0, 3)])
    np.testing.assert_allclose(float(parts["category_share_loss"]), float(expected), rtol=1e-5)
    np.testing.assert_allclose(float(total), float(parts["generator_loss"]) + 2.0 * float(expected), rtol=1e-5)
    assert drawn[..., 2].mean() < categories[..., 2].mean()
    gradient = tape.gradient(total, soft).numpy()[..., 1:].mean((0, 1))
    assert gradient[2] < 0 and gradient[2] < gradient[0]  # descent raises snow's value above fog's
    history = gan.fit(batch, batch_size=32, epochs=1, verbose=0)
    assert np.isfinite(history.history["category_share_loss"]).all()
    gan.save(tmp_path / "shares.keras")
    assert keras.saving.load_model(tmp_path / "shares.keras").category_share_weight == 2.0
    plain = tiny_gan()
    plain.compile(category_share_weight=2.0)  # no categories: nothing to match, nothing logged
    assert "category_share_loss" not in plain.fit(np.random.default_rng(1).random((32, LENGTH, FEATURES)),
                                                  batch_size=16, epochs=1, verbose=0).history
