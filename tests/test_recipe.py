"""The recipe's precision: mixed_float16 where a GPU is seen, float32 on CPU, unless asked."""

import keras
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
