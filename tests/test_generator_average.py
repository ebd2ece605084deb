"""The moving average of the generator's weights (Adam's `use_ema`): what is scored,
kept, saved and generated."""

import keras
import numpy as np
import pytest

from tfgan_rnn import callbacks, recipe
from conftest import FEATURES, UNITS, tiny_gan

MOMENTUM = 0.9


class NumpyAverage(keras.callbacks.Callback):
    """The average Keras should keep, computed here independently, and what the
    generator holds inside and outside `averaged_generator()` at each epoch end."""

    def __init__(self):
        super().__init__()
        self.average, self.raw = None, None
        self.expected, self.raws, self.inside, self.outside = [], [], [], []

    def on_train_batch_end(self, batch, logs=None):
        self.raw = [v.numpy().copy() for v in self.model.generator.trainable_variables]
        if self.average is None:  # Keras' first step copies the weights
            self.average = [w.copy() for w in self.raw]
        else:
            self.average = [MOMENTUM * a + (1 - MOMENTUM) * w for a, w in zip(self.average, self.raw)]

    def on_epoch_end(self, epoch, logs=None):
        self.expected.append(self.average)
        self.raws.append(self.raw)
        with self.model.averaged_generator():
            self.inside.append([v.numpy().copy() for v in self.model.generator.trainable_variables])
        self.outside.append([v.numpy().copy() for v in self.model.generator.trainable_variables])


def averaged_gan(seed=0):
    gan = tiny_gan(seed)
    gan.compile(generator_optimizer=keras.optimizers.Adam(1e-2, use_ema=True, ema_momentum=MOMENTUM))
    return gan


def assert_all_close(first, second):
    for a, b in zip(first, second, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_the_average_is_swapped_in_and_out_and_is_the_generator_after_fit(real_sequences):
    gan = averaged_gan()
    before = gan.generator.get_weights()
    with gan.averaged_generator():  # no step yet: the optimizer's average (zeros) is not used
        assert all(np.array_equal(a, b) for a, b in zip(before, gan.generator.get_weights()))

    average = NumpyAverage()
    gan.fit(real_sequences, batch_size=16, epochs=2, verbose=0, callbacks=[average])
    # Inside the block: the average; outside it: the raw weights, training continues from them.
    for epoch in range(2):
        assert_all_close(average.inside[epoch], average.expected[epoch])
        for raw, outside in zip(average.raws[epoch], average.outside[epoch], strict=True):
            np.testing.assert_array_equal(raw, outside)
    assert not all(np.allclose(a, b) for a, b in zip(average.inside[0], average.outside[0]))
    # After fit the generator holds the average, so saving and generating use it.
    assert_all_close([v.numpy() for v in gan.generator.trainable_variables], average.average)
    assert not all(np.allclose(a, b) for a, b in zip(gan.generator.get_weights(), average.raw))


def test_evaluation_scores_and_keep_best_keeps_the_averaged_generator(real_sequences, tmp_path):
    class Recording(callbacks.EvaluationLogger):
        generated = []

        def summarise(self, epoch, generated, logs):
            self.generated.append(generated)
            logs["discriminative_score"] = [0.1, 0.4, 0.3][epoch]  # epoch 0 is the best

    class Reference(keras.callbacks.Callback):
        generated, weights = [], []

        def on_epoch_end(self, epoch, logs=None):
            with self.model.averaged_generator():
                self.generated.append(self.model.generate(len(real_sequences), real_sequences.shape[1],
                                                          seed=0, original_units=False)[0])
                self.weights.append(self.model.generator.get_weights())

    gan = averaged_gan()
    keep = callbacks.KeepBestGenerator(folder=tmp_path, tolerance=0)
    gan.fit(real_sequences, batch_size=16, epochs=3, verbose=0,
            callbacks=[Recording(real_sequences, tmp_path, every_epochs=1, seed=0), Reference(), keep])
    for scored, averaged in zip(Recording.generated, Reference.generated, strict=True):
        np.testing.assert_array_equal(scored, averaged)
    assert keep.best_epoch == 0
    for kept, averaged in zip(gan.generator.get_weights(), Reference.weights[0]):
        np.testing.assert_array_equal(kept, averaged)
    # What a resumed run would read back is the averaged generator too.
    fresh = averaged_gan()
    fresh.generator.load_weights(keep.file_paths()[0])
    for saved, averaged in zip(fresh.generator.get_weights(), Reference.weights[0]):
        np.testing.assert_array_equal(saved, averaged)


def test_the_average_is_saved_with_the_model(real_sequences, tmp_path):
    gan = averaged_gan()
    gan.fit(real_sequences, batch_size=16, epochs=1, verbose=0)
    gan.save(tmp_path / "gan.keras")
    loaded = keras.saving.load_model(tmp_path / "gan.keras")
    assert loaded._generator_average_optimizer() is not None
    # One more epoch each: the result depends on the average carried over (a lost average
    # would restart from zeros or from the raw weights).
    gan.fit(real_sequences, batch_size=16, epochs=1, verbose=0, shuffle=False)
    loaded.fit(real_sequences, batch_size=16, epochs=1, verbose=0, shuffle=False)
    assert_all_close(loaded.generator.get_weights(), gan.generator.get_weights())


def test_under_loss_scaling_the_inner_optimizer_keeps_the_average(real_sequences):
    keras.mixed_precision.set_global_policy("mixed_float16")
    gan = averaged_gan()
    assert isinstance(gan.generator_optimizer, keras.optimizers.LossScaleOptimizer)
    gan.fit(real_sequences, batch_size=16, epochs=1, verbose=0)
    assert gan._generator_average_optimizer() is gan.generator_optimizer.inner_optimizer
    assert all(np.isfinite(w).all() for w in gan.generator.get_weights())


def test_the_recipe_averages_the_generator_and_checks_the_momentum():
    gan = recipe.build_gan(FEATURES, units=UNITS)
    assert gan.generator_optimizer.use_ema
    assert gan.generator_optimizer.ema_momentum == recipe.DEFAULTS["generator_ema_momentum"]
    assert not gan.discriminator_optimizer.use_ema
    assert not recipe.build_gan(FEATURES, units=UNITS, generator_ema_momentum=None).generator_optimizer.use_ema
    with pytest.raises(ValueError, match=r"in \[0, 1\).*Received: generator_ema_momentum=1.5"):
        recipe.build_gan(FEATURES, units=UNITS, generator_ema_momentum=1.5)


def test_the_recipe_holds_static_noise_and_doubles_the_discriminator():
    gan = recipe.build_gan(FEATURES, units=UNITS)
    per_step = max(FEATURES, 4)  # the recipe's per-step noise for this few features
    assert gan.latent_dim == 2 * per_step and gan.static_noise_dim == per_step
    assert gan.discriminator.units == 2 * UNITS
    none = recipe.build_gan(FEATURES, units=UNITS, static_noise_dim=0, discriminator_units=UNITS)
    assert (none.latent_dim, none.static_noise_dim, none.discriminator.units) == (per_step, 0, UNITS)
    with pytest.raises(ValueError, match=r"static_noise_dim to be an integer >= 0.*Received: static_noise_dim=-2"):
        recipe.build_gan(FEATURES, units=UNITS, static_noise_dim=-2)


def test_the_recipe_discriminator_has_a_convolutional_branch_except_in_chunks():
    gan = recipe.build_gan(FEATURES, units=UNITS)
    assert gan.discriminator.conv_filters == 256
    assert gan.discriminator.get_layer("logits").input.shape[-1] == 2 * UNITS + 256
    assert recipe.build_gan(FEATURES, units=UNITS, discriminator_conv_filters=0).discriminator.conv_filters == 0
    assert recipe.build_gan(FEATURES, units=UNITS, chunk_length=4).discriminator.conv_filters == 0
    with pytest.raises(ValueError, match="conv_filters=8"):
        recipe.build_gan(FEATURES, units=UNITS, chunk_length=4, discriminator_conv_filters=8)
