"""The recipe: mixed_float16 where a GPU is seen, float32 on CPU, unless asked; numpy numbers in its settings."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_rnn import recipe


def test_precision_follows_the_device_unless_asked(monkeypatch):
    assert recipe.default_precision() == "float32"  # this suite runs where TensorFlow sees no GPU
    gan = recipe.build_gan(2, units=4, discriminator_conv_filters=4)
    assert gan.generator.dtype_policy.name == gan.discriminator.dtype_policy.name == "float32"
    assert not isinstance(gan.generator_optimizer, keras.optimizers.LossScaleOptimizer)

    devices = tf.config.list_physical_devices
    monkeypatch.setattr(tf.config, "list_physical_devices",
                        lambda device_type=None: ["a GPU"] if device_type == "GPU" else devices(device_type))
    assert recipe.default_precision() == "mixed_float16"
    gan = recipe.build_gan(2, units=4, discriminator_conv_filters=4)
    assert gan.generator.dtype_policy.name == gan.discriminator.dtype_policy.name == "mixed_float16"
    assert isinstance(gan.generator_optimizer, keras.optimizers.LossScaleOptimizer)
    assert isinstance(gan.discriminator_optimizer, keras.optimizers.LossScaleOptimizer)
    assert keras.mixed_precision.global_policy().name == "float32"  # left as it was

    # Asked explicitly, or through the global policy, the recipe uses what was asked.
    assert recipe.build_gan(2, units=4, precision="float32").generator.dtype_policy.name == "float32"
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    assert recipe.build_gan(2, units=4).generator.dtype_policy.name == "mixed_bfloat16"
    assert keras.mixed_precision.global_policy().name == "mixed_bfloat16"
    with pytest.raises(ValueError, match=r"Expected precision 'auto' or one of .*Received: precision='float16'"):
        recipe.build_gan(2, units=4, precision="float16")


def test_numpy_numbers_are_numbers():
    # Before: static_noise_dim=np.int64(3) and generator_ema_momentum=np.float32(0.99) were refused.
    settings = recipe.resolve(5, static_noise_dim=np.int64(3), generator_ema_momentum=np.float32(0.99))
    assert settings["static_noise_dim"] == 3 and type(settings["static_noise_dim"]) is int
    gan = recipe.build_gan(2, units=4, discriminator_conv_filters=4, static_noise_dim=np.int32(1),
                           generator_ema_momentum=np.float32(0.99))
    assert gan.static_noise_dim == 1
    with pytest.raises(ValueError, match="static_noise_dim to be an integer >= 0"):
        recipe.resolve(5, static_noise_dim=np.float64(2.0))


def test_minibatch_groups_reach_the_discriminator_and_train_and_save(tmp_path):
    keras.utils.set_random_seed(0)
    gan = recipe.build_gan(2, units=4, discriminator_conv_filters=4, discriminator_minibatch_group_size=4)
    assert gan.discriminator.get_layer("minibatch_deviation").group_size == 4
    assert recipe.build_gan(2, units=4, discriminator_conv_filters=4).discriminator.minibatch_group_size == 0
    history = gan.fit(np.random.default_rng(0).random((32, 6, 2)), batch_size=16, epochs=2, verbose=0)
    assert np.isfinite(history.history["discriminator_loss"]).all()
    gan.save(tmp_path / "grouped.keras")
    loaded = keras.saving.load_model(tmp_path / "grouped.keras")
    assert loaded.discriminator.get_layer("minibatch_deviation").group_size == 4
    batch = np.random.default_rng(1).random((8, 6, 2)).astype("float32")
    np.testing.assert_allclose(np.asarray(loaded.discriminator(batch)), np.asarray(gan.discriminator(batch)), atol=1e-6)


@pytest.mark.parametrize("precision", ["float32", "mixed_float16"])
def test_the_recipes_generator_draws_the_scalers_categories_before_its_numbers_unless_asked_not_to(precision):
    from tfgan_rnn.scaling import Scaler

    rng = np.random.default_rng(0)
    real = np.concatenate([rng.random((32, 6, 1)), np.eye(3)[rng.integers(0, 3, (32, 6))]], -1)
    scaler = Scaler(categorical=[["sky", 1, ["fog", "rain", "sun"]]]).fit(real)
    keras.utils.set_random_seed(0)
    gan = recipe.build_gan(4, scaler=scaler, units=4, discriminator_conv_filters=4, precision=precision)
    assert gan.generator.category_blocks == scaler.category_blocks() and gan.generator.static_noise_dim == 4
    history = gan.fit(scaler.transform(real), batch_size=16, epochs=1, verbose=0)
    assert np.isfinite(history.history["generator_loss"]).all()
    generated, _ = gan.generate(4, 6, seed=0)
    assert (generated[..., 1:].sum(-1) == 1).all()
    assert recipe.build_gan(4, scaler=scaler, units=4, numbers_given_categories=False).generator.category_blocks == []
    assert recipe.build_gan(4, units=4).generator.category_blocks == []  # no scaler, nothing to draw
    with pytest.raises(ValueError, match=r"numbers_given_categories to be True or False.*Received: .*'yes'"):
        recipe.resolve(4, numbers_given_categories="yes")
