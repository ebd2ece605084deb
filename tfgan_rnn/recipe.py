"""The default recipe: the architecture and training settings `tfgan-rnn train` uses.

Kept in one place so the CLI, the benchmarks and users build the same model.

Example:

>>> from tfgan_rnn import recipe
>>> gan = recipe.build_gan(num_features=3, units=8, seed=0)
>>> gan.output_dim, gan.compiled
(3, True)
"""

from __future__ import annotations

import keras
import numpy as np

# The recipe's settings (`CONV_FILTERS`, `DEFAULTS`) live in a module without TensorFlow, so that
# the CLI builds its --help from them without importing it; this module is where users read them.
from tfgan_rnn._settings import CONV_FILTERS, DEFAULTS
from tfgan_rnn.discriminators import LSTMDiscriminator
from tfgan_rnn.gan import RecurrentGAN
from tfgan_rnn.generators import LSTMGenerator


def _moving_average(momentum) -> dict:
    """Adam's arguments for a moving average of the weights with this momentum (None: none)."""
    if momentum is None:
        return {}
    if (isinstance(momentum, (bool, np.bool_)) or not isinstance(momentum, (int, float, np.integer, np.floating))
            or not 0.0 <= momentum < 1.0):
        raise ValueError(
            "Expected generator_ema_momentum to be a number in [0, 1), the weight of the old "
            "average at each step (0.999 averages over about the last 1,000 steps), or None for "
            f"no average. Received: generator_ema_momentum={momentum!r}"
        )
    return {"use_ema": True, "ema_momentum": float(momentum)}


def resolve(num_features: int, **overrides) -> dict:
    """The recipe's settings for data of `num_features` features, with every None decided.

    `DEFAULTS` holds None where a setting depends on the data or on another setting
    (the noise size, the discriminator's width, its convolutional branch, per-step
    logits); this returns the values `build_gan` builds with, so that two sets of
    overrides can be compared by what they build.

    Args:
        num_features: features per time step of the data.
        **overrides: any key of `DEFAULTS`.

    Example:

    >>> from tfgan_rnn import recipe
    >>> settings = recipe.resolve(5)
    >>> settings["latent_dim"], settings["discriminator_units"], settings["discriminator_conv_filters"]
    (5, 96, 256)
    >>> recipe.resolve(5, chunk_length=100)["discriminator_conv_filters"]
    0
    """
    unknown = set(overrides) - set(DEFAULTS)
    if unknown:
        raise ValueError(
            f"Unknown recipe setting(s) {sorted(unknown)}. Expected any of {sorted(DEFAULTS)}."
        )
    settings = {**DEFAULTS, **overrides}
    _moving_average(settings["generator_ema_momentum"])  # checked before building
    if not isinstance(settings["numbers_given_categories"], (bool, np.bool_)):
        raise ValueError("Expected numbers_given_categories to be True or False. Received: "
                         f"numbers_given_categories={settings['numbers_given_categories']!r}")
    settings["latent_dim"] = settings["latent_dim"] or max(num_features, 4)
    static_noise_dim = settings["static_noise_dim"]
    if static_noise_dim is None:
        settings["static_noise_dim"] = settings["latent_dim"]
    elif (isinstance(static_noise_dim, (bool, np.bool_)) or not isinstance(static_noise_dim, (int, np.integer))
          or static_noise_dim < 0):
        raise ValueError(
            "Expected static_noise_dim to be an integer >= 0 (noise features held per sequence) "
            f"or None (as many as the per-step noise features). Received: static_noise_dim={static_noise_dim!r}"
        )
    else:
        settings["static_noise_dim"] = int(static_noise_dim)  # numpy's integers too
    settings["discriminator_units"] = settings["discriminator_units"] or 2 * settings["units"]
    chunked = settings["chunk_length"] is not None
    if settings["discriminator_conv_filters"] is None:
        settings["discriminator_conv_filters"] = 0 if chunked else CONV_FILTERS
    if settings["discriminator_per_step_logits"] is None:
        settings["discriminator_per_step_logits"] = chunked
    return settings


PRECISIONS = ("float32", "mixed_float16", "mixed_bfloat16")


def default_precision() -> str:
    """The dtype policy the recipe trains under unless told otherwise: `"mixed_float16"`
    where TensorFlow sees a GPU (float16 matmuls on its tensor cores, both optimizers
    loss-scaled by `RecurrentGAN.compile`), `"float32"` on CPU, where float32 was the
    fastest (`mixed_bfloat16` ran at 0.5-0.7x, benchmarks/README.md).

    Example:

    >>> import tensorflow as tf
    >>> from tfgan_rnn import recipe
    >>> recipe.default_precision() == ("mixed_float16" if tf.config.list_physical_devices("GPU") else "float32")
    True
    """
    import tensorflow as tf

    return "mixed_float16" if tf.config.list_physical_devices("GPU") else "float32"


def resolve_precision(precision: str = "auto") -> str:
    """`precision` as a Keras dtype policy name. `"auto"`: the global policy where the
    user has set one other than float32 (`keras.mixed_precision.set_global_policy`), else
    `default_precision()`.

    Example:

    >>> from tfgan_rnn import recipe
    >>> recipe.resolve_precision("mixed_bfloat16")
    'mixed_bfloat16'
    >>> recipe.resolve_precision("auto") == recipe.default_precision()  # no global policy set
    True
    """
    if precision == "auto":
        current = keras.mixed_precision.global_policy().name
        return current if current != "float32" else default_precision()
    if precision not in PRECISIONS:
        raise ValueError(f"Expected precision 'auto' or one of {PRECISIONS}. Received: precision={precision!r}")
    return precision


def build_gan(num_features: int, *, scaler=None, seed: int | None = 0, precision: str = "auto",
              condition_dim: int = 0, **overrides) -> RecurrentGAN:
    """A compiled `RecurrentGAN` with the default recipe; keyword overrides win.

    Args:
        num_features: features per time step of the data.
        scaler: optional fitted `Scaler` to save inside the model.
        seed: seed of the training noise.
        precision: the networks' dtype policy, `"float32"`, `"mixed_float16"` or
            `"mixed_bfloat16"`; `"auto"` (default) follows `resolve_precision`: mixed_float16
            on a GPU, float32 on CPU, unless a global policy was set. Keras' global policy
            is left as it was. A saved model's networks come back in the policy of the
            process that loads it (float32 unless one is set before `load_model`).
        condition_dim: size of a per-step condition both networks read (a category's
            one-hot or a scaled number, as `tfgan-rnn train --condition-column` makes); 0
            (default) for an unconditional GAN.
        **overrides: any key of `DEFAULTS` except `batch_size`.

    Example (smaller than the default, to run in a second):

    >>> import numpy as np
    >>> from tfgan_rnn import recipe
    >>> gan = recipe.build_gan(2, units=8, discriminator_conv_filters=8)
    >>> gan.generator.dtype_policy.name, gan.static_noise_dim, gan.discriminator.get_config()["units"]
    ('float32', 4, 16)
    >>> history = gan.fit(np.random.default_rng(0).random((32, 10, 2)), batch_size=16, verbose=0)
    >>> sorted(name for name in history.history if name.endswith("_loss"))
    ['discriminator_loss', 'generator_loss', 'moment_matching_loss']
    """
    policy = resolve_precision(precision)
    previous = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy(policy)
    try:
        return _build_gan(num_features, scaler, seed, condition_dim, **overrides)
    finally:
        keras.mixed_precision.set_global_policy(previous)


def _build_gan(num_features: int, scaler, seed, condition_dim, **overrides) -> RecurrentGAN:
    settings = resolve(num_features, **overrides)
    average = _moving_average(settings["generator_ema_momentum"])
    latent_dim, static_noise_dim = settings["latent_dim"], settings["static_noise_dim"]
    draws_categories = bool(settings["numbers_given_categories"] and scaler is not None and scaler.categorical)
    generator = LSTMGenerator(
        latent_dim=latent_dim + static_noise_dim,
        output_dim=num_features,
        units=settings["units"],
        num_layers=settings["num_layers"],
        noise_skip=settings["noise_skip"],
        condition_dim=condition_dim,
        category_blocks=scaler.category_blocks() if draws_categories else None,
        static_noise_dim=static_noise_dim,
        name="generator",
    )
    discriminator = LSTMDiscriminator(
        input_dim=num_features,
        conv_filters=settings["discriminator_conv_filters"],
        minibatch_group_size=settings["discriminator_minibatch_group_size"],
        units=settings["discriminator_units"],
        num_layers=settings["discriminator_layers"],
        with_differences=settings["discriminator_differences"],
        per_step_logits=settings["discriminator_per_step_logits"],
        return_state=settings["chunk_length"] is not None,
        condition_dim=condition_dim,
        name="discriminator",
    )
    gan = RecurrentGAN(generator, discriminator, seed=seed, warmup_steps=settings["warmup_steps"],
                       scaler=scaler, chunk_length=settings["chunk_length"],
                       static_noise_dim=static_noise_dim)
    gan.compile(
        generator_optimizer=keras.optimizers.Adam(
            settings["generator_learning_rate"], beta_1=0.5, **average),
        discriminator_optimizer=keras.optimizers.Adam(settings["discriminator_learning_rate"], beta_1=0.5),
        loss=settings["loss"],
        discriminator_steps=settings["discriminator_steps"],
        gradient_penalty_weight=settings["gradient_penalty_weight"],
        moment_matching_weight=settings["moment_matching_weight"],
        moment_matching_scale=settings["moment_matching_scale"],
        moment_matching_per_step=settings["moment_matching_per_step"],
        discriminator_noise=settings["discriminator_noise"],
        category_share_weight=settings["category_share_weight"],
    )
    return gan
