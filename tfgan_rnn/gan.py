"""RecurrentGAN: a GAN with a recurrent generator that is a Keras model like any other."""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from typing import Any, NamedTuple

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from tfgan_rnn import _distribute
from tfgan_rnn import data as data_lib
from tfgan_rnn import generators as generators_lib
from tfgan_rnn import losses as losses_lib
from tfgan_rnn import state as state_lib
from tfgan_rnn._checks import non_negative_float, optional_positive_seconds, positive_int
from tfgan_rnn.discriminators import recurrent_layers
from tfgan_rnn.scaling import Scaler

logger = logging.getLogger("tfgan_rnn")

# Generation draws its noise in blocks of this many steps, each block keyed by
# (seed, block index), so the noise of step t does not depend on how the sequence is
# split into calls.
NOISE_BLOCK_LENGTH = 256
_GRADIENT_CHECK_BATCH = 16
# fit's gradient check runs eagerly, at a cost in proportion to the window's length: where
# both networks take windows of any length, it looks at this many steps of each.
_GRADIENT_CHECK_STEPS = 8
_SEED_STATE_KEY = "noise_seed_generator_state"
# `generate` runs as many sequences per call as keep that call's noise at about this many
# float32 values (64 MB), in multiples of 64, so that memory does not grow with the number
# of sequences.
_GENERATION_NOISE_VALUES = 2**24
# The stateless key of the per-sequence (static) noise, far from any step block's.
_STATIC_NOISE_BLOCK = -(2**62)


class GradientCheckError(ValueError):
    """Raised when a network's trainable variables get no usable gradient.

    `fit` checks before its first step, so nothing has trained when it is raised.

    Example (a critic with a layer that its `call` never uses):

    >>> import keras, numpy as np, tfgan_rnn
    >>> class Critic(keras.Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.score = keras.layers.Dense(1, name="score")
    ...         self.unused = keras.layers.Dense(3, name="unused")
    ...         self.unused.build((None, 2))  # it has weights, but no path to the output
    ...     def call(self, sequences):
    ...         return self.score(keras.ops.mean(sequences, axis=1))
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 2, units=4, num_layers=1), Critic(), seed=0)
    >>> gan.compile()
    >>> try:
    ...     gan.fit(np.zeros((8, 5, 2)), verbose=0)
    ... except tfgan_rnn.GradientCheckError as error:
    ...     print("\\n".join(str(error).splitlines()[:3]))
    The discriminator's trainable variables do not all get a usable gradient from the discriminator loss.
    No gradient (None) for 2 variable(s): unused/kernel, unused/bias
    Likely causes:
    >>> int(gan.generator_optimizer.iterations)
    0
    """


_GRADIENT_CAUSES = """\
Likely causes:
  - a layer that is not on the path from the network's input to its output (created
    and tracked, but its output unused): remove it, or set `layer.trainable = False`;
  - a loss or layer computed through numpy (`.numpy()`, `np.*`, `float(tensor)`)
    inside the tape, which cuts the gradient: use `keras.ops` or `tf` ops instead;
  - a KerasTensor (from `keras.Input` or a symbolic model output) used in eager code:
    call the model on real tensors instead;
  - `tf.keras` (Keras 2) and `keras` (Keras 3) objects mixed in one model (the source
    of "'inbound_nodes'" AttributeErrors): build everything with `import keras`;
  - an op that runs outside the GradientTape, e.g. a fake batch made before the tape.
Non-finite gradients usually mean data far outside the generator's output range
(scale it to [0, 1]), a learning rate that is too high, or NaN in the data."""


def _normal_rows(num_rows, row_shape, seed, first_row=0):
    """Rows `first_row .. first_row + num_rows - 1` of `tf.random.stateless_normal([N,
    *row_shape], seed)` for any N that holds them.

    A row's values depend only on the seed and the row's index: the stateless generator
    (Philox) fills the values in order, four per counter step, so a draw that starts at
    a later row is the same draw with its counter moved on. It starts at the nearest row
    at or before `first_row` whose first value falls on a counter step and drops the
    rows before `first_row`.
    """
    row_size = int(np.prod(row_shape))
    lead = first_row % 4  # (first_row - lead) * row_size is a multiple of 4
    key, counter = tf.raw_ops.StatelessRandomGetKeyCounter(seed=seed)
    offset = tf.cast((first_row - lead) * row_size // 4, tf.uint64)
    low = counter[0] + offset
    carry = tf.cast(low < offset, tf.uint64)
    counter = tf.stack([low, counter[1] + carry])
    values = tf.raw_ops.StatelessRandomNormalV2(
        shape=tf.stack([num_rows + lead, *row_shape]), key=key, counter=counter,
        alg=tf.random.Algorithm.AUTO_SELECT.value,
    )
    return values[lead:]


def generation_batch_size(steps, latent_dim: int):
    """Sequences per generation call: as many as keep one call's noise (blocks of
    `NOISE_BLOCK_LENGTH` steps for `steps` steps) near `_GENERATION_NOISE_VALUES` values, in
    multiples of 64 and at least 64. `steps`: a Python int or an int64 tensor (then a tensor).

    Example:

    >>> from tfgan_rnn.gan import generation_batch_size
    >>> generation_batch_size(24, latent_dim=12), generation_batch_size(1024, latent_dim=12)
    (2688, 1088)
    """
    blocks = -(-steps // NOISE_BLOCK_LENGTH) + 1  # a run of steps may straddle one more block
    size = _GENERATION_NOISE_VALUES // (blocks * NOISE_BLOCK_LENGTH * latent_dim) // 64 * 64
    return tf.maximum(size, 64) if tf.is_tensor(size) else max(size, 64)


def _steps_of(condition, steps):
    """A condition for `steps` steps: as it is if one per sequence (or None), else its
    steps, the last one repeated beyond them."""
    if condition is None or condition.ndim != 3:
        return condition
    missing = steps - condition.shape[1]
    return condition[:, :steps] if missing <= 0 else np.concatenate(
        [condition, np.repeat(condition[:, -1:], missing, axis=1)], axis=1)


def block_noise(seed, start, length, num_sequences, latent_dim, static_noise_dim=0, first_sequence=0):
    """Standard normal noise for steps `start .. start + length - 1` of a sequence.

    Noise is drawn in blocks of `NOISE_BLOCK_LENGTH` steps, block `k` from the stateless
    seed `(seed, k)`, so the noise of a step depends only on the seed and the step index
    (negative indices are the warm-up). The last `static_noise_dim` features are drawn
    once per sequence (from the seed `(seed, _STATIC_NOISE_BLOCK)`) and repeated at every
    step. A sequence's noise depends only on its index too: `first_sequence` (default 0)
    draws the noise of sequences `first_sequence .. first_sequence + num_sequences - 1`,
    the same as those rows of a larger draw. All arguments are int64 tensors except
    `latent_dim` and `static_noise_dim`.

    Example (steps 300..309 are the same whether drawn alone or within steps 0..399, and
    sequences 5 and 6 whether drawn alone or among 8):

    >>> import numpy as np, tensorflow as tf
    >>> from tfgan_rnn.gan import block_noise
    >>> i = lambda value: tf.constant(value, tf.int64)
    >>> alone = block_noise(i(7), i(300), i(10), i(2), latent_dim=3)
    >>> within = block_noise(i(7), i(0), i(400), i(2), latent_dim=3)
    >>> tuple(alone.shape), bool(np.array_equal(alone, within[:, 300:310]))
    ((2, 10, 3), True)
    >>> among = block_noise(i(7), i(0), i(10), i(8), latent_dim=3, static_noise_dim=1)
    >>> pair = block_noise(i(7), i(0), i(10), i(2), latent_dim=3, static_noise_dim=1, first_sequence=i(5))
    >>> bool(np.array_equal(pair, among[5:7]))
    True
    """
    if static_noise_dim:
        static = _normal_rows(num_sequences, [1, static_noise_dim],
                              tf.stack([seed, tf.constant(_STATIC_NOISE_BLOCK, tf.int64)]), first_sequence)
        static = tf.repeat(static, tf.cast(length, tf.int32), axis=1)
        if static_noise_dim == latent_dim:
            return static
        per_step = block_noise(seed, start, length, num_sequences, latent_dim - static_noise_dim,
                               first_sequence=first_sequence)
        return tf.concat([per_step, static], axis=-1)
    first_block = start // NOISE_BLOCK_LENGTH
    last_block = (start + length - 1) // NOISE_BLOCK_LENGTH
    blocks = tf.range(first_block, last_block + 1)
    noise = tf.map_fn(
        lambda block: _normal_rows(num_sequences, [NOISE_BLOCK_LENGTH, latent_dim], tf.stack([seed, block]),
                                   first_sequence),
        blocks,
        fn_output_signature=tf.float32,
    )
    noise = tf.reshape(tf.transpose(noise, [1, 0, 2, 3]), tf.stack([num_sequences, -1, latent_dim]))
    offset = start - first_block * NOISE_BLOCK_LENGTH
    return noise[:, offset : offset + length]


def _loss_scale(optimizer):
    """The dynamic loss scale of a LossScaleOptimizer, else 1."""
    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return ops.cast(optimizer.dynamic_scale, "float32")
    return ops.convert_to_tensor(1.0, "float32")


def _describe_model(model) -> str:
    return f"{type(model).__module__}.{type(model).__name__}"


def _check_is_keras3_model(model, role: str):
    if isinstance(model, keras.Model):
        return
    hint = ""
    if "tf_keras" in type(model).__module__ or "tensorflow.python.keras" in str(type(model)):
        hint = (
            " It is a `tf.keras` (Keras 2) object; mixing Keras 2 and Keras 3 objects "
            "causes \"'inbound_nodes'\" AttributeErrors. Build it with `import keras`."
        )
    raise TypeError(
        f"The {role} must be a Keras 3 `keras.Model`.{hint} "
        f"Received: {role}={_describe_model(model)}"
    )


def _validate_generator(generator) -> int:
    """Checks the generator's contract; returns its condition size (0: unconditional)."""
    _check_is_keras3_model(generator, "generator")
    contract = (
        "A generator must be a functional model with inputs [noise, *state] (or [noise, "
        "condition, *state]) and outputs [sequence, *state]: noise (batch, time, "
        "latent_dim), an optional condition (batch, time, condition_dim), two state "
        "tensors (h, c) of shape (batch, units) per LSTM layer, and every LSTM run with "
        "`return_sequences=True, return_state=True`. `tfgan_rnn.LSTMGenerator` builds one."
    )
    if isinstance(generator, keras.Sequential):
        raise TypeError(
            f"{contract} A Sequential model cannot take state as input or return it. "
            f"Received: generator={_describe_model(generator)}"
        )
    try:
        inputs, outputs = list(generator.inputs), list(generator.outputs)
    except (AttributeError, ValueError):
        raise TypeError(
            f"{contract} This model has no functional inputs and outputs (a subclassed "
            f"model?). Received: generator={_describe_model(generator)}"
        ) from None
    conditional = len(inputs) % 2 == 0 and len(inputs) >= 4 and len(inputs[1].shape) == 3
    state_inputs = inputs[2:] if conditional else inputs[1:]
    if len(inputs) < 3 or len(state_inputs) % 2:
        raise ValueError(
            f"{contract} Received: a generator with {len(inputs)} input(s) "
            f"{[tuple(t.shape) for t in inputs]}"
        )
    if len(outputs) != 1 + len(state_inputs):
        raise ValueError(
            f"{contract} This generator takes {len(state_inputs)} state inputs but returns "
            f"{len(outputs) - 1} state outputs; it must return its final state. "
            f"Received: outputs with shapes {[tuple(t.shape) for t in outputs]}"
        )
    if len(inputs[0].shape) != 3 or len(outputs[0].shape) != 3:
        raise ValueError(
            f"{contract} Received: noise input shape {tuple(inputs[0].shape)} and "
            f"sequence output shape {tuple(outputs[0].shape)}"
        )
    for state_in, state_out in zip(state_inputs, outputs[1:]):
        if tuple(state_in.shape) != tuple(state_out.shape) or len(state_in.shape) != 2:
            raise ValueError(
                f"{contract} State inputs and outputs must match pairwise. Received: "
                f"inputs {[tuple(t.shape) for t in state_inputs]}, "
                f"outputs {[tuple(t.shape) for t in outputs[1:]]}"
            )
    return int(inputs[1].shape[-1]) if conditional else 0


def _validate_discriminator(discriminator, output_dim: int) -> tuple[list[int], int | None]:
    """Checks the discriminator; returns its state sizes (none: []) and condition size
    (None when it cannot be read from a subclassed model)."""
    _check_is_keras3_model(discriminator, "discriminator")
    try:
        inputs, outputs = list(discriminator.inputs), list(discriminator.outputs)
    except (AttributeError, ValueError):
        return [], None  # A subclassed discriminator: checked when it is first called.
    expected = (
        "The discriminator must take sequences of shape (batch, time, "
        f"{output_dim}) (the generator's output_dim), optionally a condition (batch, time, "
        "condition_dim) as its second input, and optionally its LSTM state "
        "(`[sequence, *state]` -> `[logits, *state]`, e.g. "
        "`LSTMDiscriminator(return_state=True)`)."
    )
    conditional = len(inputs) % 2 == 0 and len(inputs[1].shape) == 3
    state_inputs = inputs[2:] if conditional else inputs[1:]
    if len(inputs[0].shape) != 3 or inputs[0].shape[-1] != output_dim or len(state_inputs) % 2:
        raise ValueError(f"{expected} Received: discriminator inputs {[tuple(t.shape) for t in inputs]}")
    if state_inputs and (
        len(outputs) != 1 + len(state_inputs)
        or [tuple(t.shape) for t in state_inputs] != [tuple(t.shape) for t in outputs[1:]]
    ):
        raise ValueError(
            f"{expected} Its state inputs and outputs must match pairwise. Received: inputs "
            f"{[tuple(t.shape) for t in inputs]}, outputs {[tuple(t.shape) for t in outputs]}"
        )
    return [int(t.shape[-1]) for t in state_inputs[::2]], (int(inputs[1].shape[-1]) if conditional else 0)


class _Batch(NamedTuple):
    """One training batch: real sequences, their condition per step, their valid steps."""

    real: Any
    condition: Any = None  # float32 (batch, time, condition_dim), or None
    mask: Any = None  # bool (batch, time), True on valid steps, or None (all valid)
    # Under tf.distribute with a mask: this replica's valid steps times the replica count over
    # the global batch's, the factor that turns its mean over its own valid steps into its share
    # of the global batch's mean; None where every replica's mean counts alike.
    step_share: Any = None


def _draw(counts, size, rng) -> np.ndarray:
    """`size` lengths drawn by `rng` as often as `counts`, `{length: count}`, has them."""
    values = np.array(list(counts), "int64")
    weights = np.array(list(counts.values()), "float64")
    return rng.choice(values, size=size, p=weights / weights.sum())


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class RecurrentGAN(keras.Model):
    """A GAN whose generator is recurrent, trained with `fit` like any Keras model.

    `train_step` runs one or more discriminator updates and then one generator update,
    each under its own `tf.GradientTape`, with the generator's LSTM state threaded
    explicitly (zero initial state in, final state out) and noise drawn from
    `keras.random` with this model's `SeedGenerator`. The fake batch for a
    discriminator update is made outside its tape, so a discriminator update cannot
    touch generator weights, and the generator update only applies gradients to
    generator weights.

    Args:
        generator: a functional model with inputs `[noise, *state]` and outputs
            `[sequence, *state]`, e.g. `tfgan_rnn.LSTMGenerator`.
        discriminator: a model mapping sequences `(batch, time, features)` to logits,
            e.g. `tfgan_rnn.LSTMDiscriminator` or `tfgan_rnn.ConvDiscriminator`.
        seed: seed of the training noise stream (None: random).
        warmup_steps: steps the generator runs from its zero initial state before the
            steps it outputs, in training and when `generate` starts without a state.
            Real training windows are cut from the middle of a series, not from a
            resting state; a warm-up lets generated windows start mid-series too.
        scaler: an optional fitted `tfgan_rnn.scaling.Scaler`, saved with the model;
            `generate` then returns sequences in the data's original units.
        chunk_length: train on windows longer than this many steps chunk by chunk:
            the generator's and the discriminator's LSTM states are carried from one
            chunk to the next inside the compiled step, gradients stop at chunk
            boundaries (truncated backpropagation through time), and each chunk's
            gradients are computed before the next chunk runs, so memory per step
            follows `chunk_length`, not the window. The discriminator scores each chunk
            from the state the previous chunks left (one logit per chunk end) and the
            losses are averaged over chunks. Needs a discriminator that takes and
            returns its state (`LSTMDiscriminator(return_state=True)`); not with a
            gradient penalty. A conditional GAN's per-step conditions are cut into the
            same chunks. With windows no longer than `chunk_length` a step equals
            the unchunked step exactly. None (default): whole windows.
        static_noise_dim: how many of the generator's `latent_dim` noise features (the
            last ones) are drawn once per sequence and fed unchanged at every step, in
            training and in `generate`: a per-sequence random "identity" (a frequency, a
            level, a regime) the generator need not carry through its LSTM state. The
            other features are fresh at every step. 0 (default): all fresh. With a scaler's
            `categorical` blocks, they also draw each sequence's categories: a block whose
            categories the static features cannot cover takes its highest value's category.
        **kwargs: passed to `keras.Model` (`name`, ...).

    Logged metrics (per step in TensorBoard, epoch means in `History`):
    `generator_loss`, `discriminator_loss` (without the penalty), `gradient_penalty`
    (when its weight is > 0), `discriminator_real_score` and `discriminator_fake_score`
    (mean discriminator output, logits or critic values, on real and generated data),
    `generator_grad_norm` and `discriminator_grad_norm` (global norms, unscaled),
    `generator_learning_rate` and `discriminator_learning_rate`, `moment_matching_loss`
    (when its weight is > 0), and under `mixed_float16` `generator_loss_scale`,
    `discriminator_loss_scale` and the number of steps the LossScaleOptimizer skipped
    for non-finite gradients, `generator_skipped_steps` and `discriminator_skipped_steps`.

    Example:

    >>> import numpy as np, keras
    >>> import tfgan_rnn
    >>> keras.utils.set_random_seed(0)
    >>> generator = tfgan_rnn.LSTMGenerator(latent_dim=2, output_dim=3, units=8, num_layers=1)
    >>> discriminator = tfgan_rnn.LSTMDiscriminator(input_dim=3, units=8, num_layers=1)
    >>> gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0)
    >>> gan.compile(loss="non_saturating")
    >>> history = gan.fit(np.random.rand(32, 12, 3), batch_size=16, epochs=1, verbose=0)
    >>> len(history.history["generator_loss"]), len(history.history["discriminator_loss"])
    (1, 1)
    >>> sequences, final_state = gan.generate(num_sequences=2, length=50, seed=1)
    >>> sequences.shape, final_state.step
    ((2, 50, 3), 50)
    """

    def __init__(self, generator, discriminator, seed=None, warmup_steps=0, scaler=None,
                 chunk_length=None, static_noise_dim=0, **kwargs):
        training_lengths = kwargs.pop("training_lengths", None)
        training_lengths_by_condition = kwargs.pop("training_lengths_by_condition", None)
        super().__init__(**kwargs)
        self.condition_dim = _validate_generator(generator)
        self.latent_dim = int(generator.inputs[0].shape[-1])
        self.output_dim = int(generator.outputs[0].shape[-1])
        first_state = 2 if self.condition_dim else 1
        self.state_sizes = [int(t.shape[-1]) for t in generator.inputs[first_state::2]]
        self.discriminator_state_sizes, discriminator_condition_dim = _validate_discriminator(
            discriminator, self.output_dim
        )
        if discriminator_condition_dim is not None and discriminator_condition_dim != self.condition_dim:
            raise ValueError(
                "The generator and the discriminator must read the same condition: build both "
                "with the same `condition_dim` (0 for an unconditional GAN). Received: "
                f"generator condition_dim={self.condition_dim}, discriminator "
                f"condition_dim={discriminator_condition_dim}"
            )
        # {length: count} of the training sequences when they had different lengths.
        self.training_lengths = None if training_lengths is None else {
            int(length): int(count) for length, count in dict(training_lengths).items()
        }
        # [(condition, {length: count})] where those sequences' conditions were a few categories.
        self.training_lengths_by_condition = None if training_lengths_by_condition is None else [
            (np.asarray(condition, "float32"), {int(length): int(count) for length, count in dict(counts).items()})
            for condition, counts in training_lengths_by_condition
        ]
        if chunk_length is not None:
            chunk_length = positive_int(chunk_length, "chunk_length")
            if not self.discriminator_state_sizes:
                raise ValueError(
                    "Training with `chunk_length` carries the discriminator's LSTM state from "
                    "chunk to chunk, so the discriminator must take and return it: build it "
                    "with `tfgan_rnn.LSTMDiscriminator(..., return_state=True)`. Received: a "
                    f"discriminator with inputs {[tuple(t.shape) for t in discriminator.inputs]}"
                )
        self.chunk_length = chunk_length
        self.generator = generator
        self.discriminator = discriminator
        self.seed = seed = _integer_seed(seed)  # Keras' SeedGenerator takes only int
        if (isinstance(warmup_steps, (bool, np.bool_)) or not isinstance(warmup_steps, (int, np.integer))
                or warmup_steps < 0):
            raise ValueError(
                "Expected `warmup_steps` to be an integer >= 0. "
                f"Received: warmup_steps={warmup_steps!r}"
            )
        self.warmup_steps = int(warmup_steps)
        if (isinstance(static_noise_dim, (bool, np.bool_)) or not isinstance(static_noise_dim, (int, np.integer))
                or not 0 <= static_noise_dim <= self.latent_dim):
            raise ValueError(
                "Expected `static_noise_dim` to be an integer from 0 to the generator's "
                f"latent_dim ({self.latent_dim}): how many of its noise features are drawn once "
                "per sequence and held at every step. Received: "
                f"static_noise_dim={static_noise_dim!r}"
            )
        self.static_noise_dim = int(static_noise_dim)
        if scaler is not None and (not isinstance(scaler, Scaler) or scaler.num_features != self.output_dim):
            raise ValueError(
                f"Expected a fitted tfgan_rnn.scaling.Scaler for {self.output_dim} features. "
                f"Received: scaler={scaler!r} with num_features="
                f"{getattr(scaler, 'num_features', None)}"
            )
        self.scaler = scaler
        drawing = getattr(generator, "category_blocks", None)
        if self._generator_draws_categories() and (scaler is None or drawing != scaler.category_blocks()
                        or getattr(generator, "static_noise_dim", None) != self.static_noise_dim):
            raise ValueError(
                "The generator draws columns of categories (`category_blocks`), so the GAN's scaler must "
                "hold the same `categorical` blocks and the same `static_noise_dim`: build the generator "
                "with `category_blocks=scaler.category_blocks()` and the GAN's `static_noise_dim`. Received: "
                f"category_blocks={drawing!r} and static_noise_dim="
                f"{getattr(generator, 'static_noise_dim', None)!r}, scaler blocks "
                f"{None if scaler is None else scaler.category_blocks()!r} and static_noise_dim="
                f"{self.static_noise_dim}")
        self.seed_generator = keras.random.SeedGenerator(seed, name="noise_seed")
        counters = ("generator_skipped_steps", "discriminator_skipped_steps")
        self._trackers = {name: keras.metrics.Sum(name=name) for name in counters}
        self._trackers.update({
            name: keras.metrics.Mean(name=name)
            for name in (
                "generator_loss",
                "discriminator_loss",
                "gradient_penalty",
                "discriminator_real_score",
                "discriminator_fake_score",
                "generator_grad_norm",
                "discriminator_grad_norm",
                "moment_matching_loss",
                "feature_matching_loss",
                "category_share_loss",
                "generator_loss_scale",
                "discriminator_loss_scale",
                "generator_learning_rate",
                "discriminator_learning_rate",
            )
        })
        self._gradients_checked = False
        self._generate_function = None
        self.built = True

    # ------------------------------------------------------------------ compile

    def compile(
        self,
        generator_optimizer="adam",
        discriminator_optimizer="adam",
        loss="non_saturating",
        gradient_penalty_weight=0.0,
        discriminator_steps=1,
        gradient_clip_norm=None,
        moment_matching_weight=0.0,
        feature_matching_weight=0.0,
        moment_matching_scale="absolute",
        moment_matching_per_step=False,
        discriminator_noise=0.0,
        category_share_weight=0.0,
        **kwargs,
    ):
        """Configures both players for training.

        Args:
            generator_optimizer: optimizer name or instance for the generator.
            discriminator_optimizer: optimizer name or instance for the discriminator
                (a different instance from the generator's).
            loss: a loss family name from `tfgan_rnn.losses.FAMILIES`
                (`"non_saturating"`, `"minimax"`, `"wasserstein"`, `"hinge"`,
                `"least_squares"`) or a `tfgan_rnn.losses.LossFamily`.
            gradient_penalty_weight: weight of the WGAN-GP gradient penalty on the
                discriminator (0 turns it off). With a penalty, the discriminator's
                LSTMs run without cuDNN, which has no second derivative.
            discriminator_steps: discriminator updates per generator update; each uses
                the same real batch and fresh noise.
            gradient_clip_norm: clip each network's gradients to this global norm.
            moment_matching_weight: weight of `losses.moment_matching_loss` between
                the real batch and the generated one, added to the generator's loss
                (logged as `moment_matching_loss` when > 0). `tfgan_rnn.recipe` (what
                `tfgan-rnn train` uses) sets 1; the default 0 gives a plain GAN.
            moment_matching_scale: `"absolute"` (default) compares the moments in data
                units; `"relative"` in units of the real batch's per-feature standard
                deviations (`moment_matching_loss(relative=True)`), so that a smooth
                feature's step-to-step movement counts as much as its level. The recipe
                uses `"relative"`.
            moment_matching_per_step: match the moments at each time step over the
                batch (`moment_matching_loss(per_step=True)`) instead of pooled over
                time: for whole sequences aligned at their start, where it matches when
                things happen (`tfgan-rnn train --moment-matching-per-step`; off in the
                recipe, which measured no gain from it on GunPoint).
            discriminator_noise: the standard deviation of Gaussian noise added to every
                sequence the discriminator reads in training (real and generated, and the
                gradient penalty's mixes), in the units the networks see (a `Scaler`'s
                output): "instance noise" (Sonderby et al. 2016), which keeps a
                discriminator from telling few real windows apart by their exact values.
                Generation and the scores never add it. 0 (the default) turns it off.
            feature_matching_weight: weight of feature matching (Salimans et al. 2016,
                the C-RNN-GAN option) added to the generator's loss: the squared
                distance between the mean discriminator features (the input of its
                layer named "logits") on the real and the generated batch. Logged as
                `feature_matching_loss` when > 0.
            category_share_weight: weight of `losses.category_share_loss` added to the
                generator's loss: how far each generated column of categories' shares of
                steps are from the real batch's (the scaler's `categorical` blocks; nothing
                without them). Logged as `category_share_loss` when > 0 and the scaler has
                categories. Keeps rare categories from being drawn less often than the data
                has them.
            **kwargs: passed to `keras.Model.compile` (`jit_compile`,
                `steps_per_execution`, `run_eagerly`). `jit_compile` defaults to False
                (Keras' "auto" would turn XLA on where a GPU is visible); with XLA on,
                every LSTM of both networks runs the generic kernel, since XLA cannot
                compile cuDNN's.

        Example (a WGAN-GP with its own optimizers; one optimizer for both is refused):

        >>> import keras, tfgan_rnn
        >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
        ...                              tfgan_rnn.LSTMDiscriminator(1, units=4, num_layers=1), seed=0)
        >>> gan.compile(generator_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
        ...             discriminator_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
        ...             loss="wasserstein", gradient_penalty_weight=10.0, discriminator_steps=5)
        >>> gan.loss_identifier, gan.discriminator_steps
        ('wasserstein', 5)
        >>> gan.compile(optimizer="adam")
        Traceback (most recent call last):
        ...
        ValueError: RecurrentGAN.compile does not take `optimizer`: it has one optimizer per network ...
        """
        for name in ("optimizer", "metrics", "loss_weights", "weighted_metrics"):
            if name in kwargs:
                raise ValueError(
                    f"RecurrentGAN.compile does not take `{name}`: it has one optimizer "
                    "per network and logs its own metrics. Use `generator_optimizer=` "
                    f"and `discriminator_optimizer=`. Received: {name}={kwargs[name]!r}"
                )
        family = losses_lib.get(loss)
        gradient_penalty_weight = non_negative_float(
            gradient_penalty_weight, "gradient_penalty_weight"
        )
        discriminator_steps = positive_int(discriminator_steps, "discriminator_steps")
        moment_matching_weight = non_negative_float(moment_matching_weight, "moment_matching_weight")
        feature_matching_weight = non_negative_float(feature_matching_weight, "feature_matching_weight")
        discriminator_noise = non_negative_float(discriminator_noise, "discriminator_noise")
        category_share_weight = non_negative_float(category_share_weight, "category_share_weight")
        if moment_matching_scale not in ("absolute", "relative"):
            raise ValueError(
                "Expected `moment_matching_scale` to be 'absolute' or 'relative'. "
                f"Received: moment_matching_scale={moment_matching_scale!r}"
            )
        if feature_matching_weight > 0:
            # Not tracked: it shares the discriminator's layers and variables.
            object.__setattr__(self, "_features_model", self._build_features_model())
            if self.chunk_length is not None:
                raise ValueError(
                    "Feature matching is not available with `chunk_length`. Received: "
                    f"feature_matching_weight={feature_matching_weight}, chunk_length={self.chunk_length}"
                )
        if gradient_clip_norm is not None:
            gradient_clip_norm = non_negative_float(gradient_clip_norm, "gradient_clip_norm")
            if gradient_clip_norm == 0:
                raise ValueError(
                    "Expected `gradient_clip_norm` > 0 or None (no clipping). "
                    "Received: gradient_clip_norm=0"
                )
        if self.chunk_length is not None and gradient_penalty_weight > 0:
            raise ValueError(
                "The gradient penalty is not available with `chunk_length` (it would need "
                "the discriminator's state at interpolated sequences). Use a loss without "
                "a penalty, e.g. loss='non_saturating', or train unchunked. Received: "
                f"gradient_penalty_weight={gradient_penalty_weight}, chunk_length={self.chunk_length}"
            )
        generator_optimizer = keras.optimizers.get(generator_optimizer)
        discriminator_optimizer = keras.optimizers.get(discriminator_optimizer)
        if generator_optimizer is discriminator_optimizer:
            raise ValueError(
                "The generator and the discriminator need separate optimizer instances "
                "(an optimizer holds per-variable state). Pass two instances or names. "
                f"Received: the same object {generator_optimizer!r} twice"
            )

        # XLA off unless asked: slower on CPU at both benchmark sizes, and on a GPU Keras' "auto" would
        # turn it on around cuDNN's LSTM, which XLA cannot compile (keras-team/keras#18456).
        kwargs.setdefault("jit_compile", False)
        super().compile(optimizer=None, **kwargs)
        self.loss_identifier = loss
        self.loss_family = family
        self.gradient_penalty_weight = gradient_penalty_weight
        self.discriminator_steps = discriminator_steps
        self.gradient_clip_norm = gradient_clip_norm
        self.moment_matching_weight = moment_matching_weight
        self.moment_matching_scale = moment_matching_scale
        self.moment_matching_per_step = bool(moment_matching_per_step)
        self.discriminator_noise = discriminator_noise
        self.feature_matching_weight = feature_matching_weight
        self.category_share_weight = category_share_weight
        self.generator_optimizer = self._loss_scaled(generator_optimizer, self.generator)
        self.discriminator_optimizer = self._loss_scaled(
            discriminator_optimizer, self.discriminator
        )
        self.generator_optimizer.build(self.generator.trainable_variables)
        self.discriminator_optimizer.build(self.discriminator.trainable_variables)
        self._set_recurrent_kernels()

    @staticmethod
    def _loss_scaled(optimizer, network):
        if network.dtype_policy.name == "mixed_float16" and not isinstance(
            optimizer, keras.optimizers.LossScaleOptimizer
        ):
            return keras.optimizers.LossScaleOptimizer(optimizer)
        return optimizer

    def _generator_average_optimizer(self, trained_only=True):
        """The generator's optimizer that keeps a moving average of its weights
        (`use_ema=True`; the inner one under loss scaling), or None. With
        `trained_only`, None also before its first step (the average starts at zero)."""
        optimizer = getattr(self, "generator_optimizer", None)
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if not getattr(optimizer, "use_ema", False):
            return None
        if trained_only and int(ops.convert_to_numpy(optimizer.iterations)) == 0:
            return None
        return optimizer

    @contextlib.contextmanager
    def averaged_generator(self):
        """Within this block the generator holds the moving average of its weights.

        When the generator's optimizer keeps an exponential moving average of the
        weights (`keras.optimizers.Adam(..., use_ema=True, ema_momentum=...)`, as
        `tfgan_rnn.recipe` does), the average usually makes better samples than the
        last raw weights, which move with every step of the game. The block swaps the
        average in and puts the raw weights back on leaving it, so training continues
        from where it was. `EvaluationLogger`, `SampleLogger` and `KeepBestGenerator`
        score, draw and keep the averaged generator this way, and at the end of `fit`
        the generator's weights become the average (Keras'
        `optimizer.finalize_variable_values`), so what is saved and generated after
        training is the averaged generator (a later `fit` continues from it, as Keras
        does). Without a moving average, or before the first training step, the block
        changes nothing.

        Example:

        >>> import keras, numpy as np, tfgan_rnn
        >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 2, units=4, num_layers=1),
        ...                              tfgan_rnn.LSTMDiscriminator(2, units=4, num_layers=1), seed=0)
        >>> gan.compile(generator_optimizer=keras.optimizers.Adam(use_ema=True, ema_momentum=0.9))
        >>> _ = gan.fit(np.random.default_rng(0).random((32, 6, 2)), batch_size=16, epochs=1, verbose=0)
        >>> with gan.averaged_generator():  # e.g. in a callback, between training steps
        ...     samples, _ = gan.generate(2, 6, seed=0)
        >>> samples.shape
        (2, 6, 2)
        """
        optimizer = self._generator_average_optimizer()
        if optimizer is None:
            yield self
            return
        variables = self.generator.trainable_variables
        raw = [ops.convert_to_numpy(v) for v in variables]
        optimizer.finalize_variable_values(variables)
        try:
            yield self
        finally:
            for variable, value in zip(variables, raw):
                variable.assign(value)

    def _set_recurrent_kernels(self):
        """cuDNN's recurrent kernel where it can run: nowhere under XLA (`jit_compile`, which
        cannot compile it), and not in the discriminator with a gradient penalty (it has no
        second derivative). A generator's own setting comes back when XLA is off again."""
        xla = bool(self.jit_compile)
        for layer in recurrent_layers(self.generator):
            if not hasattr(layer, "use_cudnn"):
                continue
            if xla:
                layer._use_cudnn_without_xla = getattr(layer, "_use_cudnn_without_xla", layer.use_cudnn)
                layer.use_cudnn = False
            elif hasattr(layer, "_use_cudnn_without_xla"):
                layer.use_cudnn = layer._use_cudnn_without_xla
                del layer._use_cudnn_without_xla
        layers = recurrent_layers(self.discriminator)
        if not layers:
            return
        needs_second_derivative = self.gradient_penalty_weight > 0
        cudnn_capable = [layer for layer in layers if hasattr(layer, "use_cudnn")]
        for layer in cudnn_capable:
            layer.use_cudnn = False if needs_second_derivative or xla else "auto"
        on_gpu = bool(tf.config.list_physical_devices("GPU"))
        if not cudnn_capable:
            self.discriminator_kernel = "generic kernel, all layers in one recurrent loop (stacked=True)"
        elif needs_second_derivative:
            self.discriminator_kernel = "generic LSTM kernel (no cuDNN: the gradient penalty needs second derivatives)"
        elif xla:
            self.discriminator_kernel = "generic LSTM kernel (no cuDNN: XLA cannot compile it)"
        elif on_gpu:
            self.discriminator_kernel = "cuDNN LSTM kernel"
        else:
            self.discriminator_kernel = "generic LSTM kernel (no GPU)"

    def get_compile_config(self):
        if not self.compiled:
            return None
        loss = self.loss_identifier
        if not isinstance(loss, str):
            loss = [keras.saving.serialize_keras_object(f) for f in self.loss_family]
        return {
            "generator_optimizer": keras.saving.serialize_keras_object(self.generator_optimizer),
            "discriminator_optimizer": keras.saving.serialize_keras_object(
                self.discriminator_optimizer
            ),
            "loss": loss,
            "gradient_penalty_weight": self.gradient_penalty_weight,
            "discriminator_steps": self.discriminator_steps,
            "gradient_clip_norm": self.gradient_clip_norm,
            "moment_matching_weight": self.moment_matching_weight,
            "moment_matching_scale": self.moment_matching_scale,
            "moment_matching_per_step": self.moment_matching_per_step,
            "discriminator_noise": self.discriminator_noise,
            "feature_matching_weight": self.feature_matching_weight,
            "category_share_weight": self.category_share_weight,
            "jit_compile": self.jit_compile,
            "steps_per_execution": self.steps_per_execution,
            "run_eagerly": self.run_eagerly,
        }

    def compile_from_config(self, config):
        config = dict(config)
        for name in ("generator_optimizer", "discriminator_optimizer"):
            config[name] = keras.saving.deserialize_keras_object(config[name])
        if not isinstance(config["loss"], str):
            config["loss"] = losses_lib.LossFamily(
                *[keras.saving.deserialize_keras_object(f) for f in config["loss"]]
            )
        self.compile(**config)

    # ------------------------------------------------------------------ saving

    def get_config(self):
        return {
            "name": self.name,
            "trainable": self.trainable,
            "generator": keras.saving.serialize_keras_object(self.generator),
            "discriminator": keras.saving.serialize_keras_object(self.discriminator),
            "seed": self.seed,
            "warmup_steps": self.warmup_steps,
            "scaler": None if self.scaler is None else keras.saving.serialize_keras_object(self.scaler),
            "chunk_length": self.chunk_length,
            "static_noise_dim": self.static_noise_dim,
            "training_lengths": None if self.training_lengths is None else {
                str(length): count for length, count in self.training_lengths.items()
            },
            "training_lengths_by_condition": None if self.training_lengths_by_condition is None else [
                [condition.tolist(), {str(length): count for length, count in counts.items()}]
                for condition, counts in self.training_lengths_by_condition
            ],
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for name in ("generator", "discriminator", "scaler"):
            if config.get(name) is not None:
                config[name] = keras.saving.deserialize_keras_object(config[name])
        return cls(**config)

    def save(self, filepath, *args, **kwargs):
        """Saves the whole GAN (both networks, both optimizers, the noise state, the
        scaler) to a `.keras` file, as `keras.Model.save` does; `keras.saving.load_model`
        reads it back. The legacy HDF5 format (`.h5`) cannot hold a model made of two
        networks with their own optimizers, so it is refused before anything is written.

        Example:

        >>> import os, tempfile, keras
        >>> from tfgan_rnn import LSTMDiscriminator, LSTMGenerator, RecurrentGAN
        >>> gan = RecurrentGAN(LSTMGenerator(latent_dim=2, output_dim=2, units=4, num_layers=1),
        ...                    LSTMDiscriminator(input_dim=2, units=4, num_layers=1))
        >>> path = os.path.join(tempfile.mkdtemp(), "gan.keras")
        >>> gan.save(path)
        >>> type(keras.saving.load_model(path)).__name__
        'RecurrentGAN'
        """
        name = os.fspath(filepath) if isinstance(filepath, (str, os.PathLike)) else ""
        if name and not str(name).lower().endswith(".keras"):
            # Keras' own message for a missing extension suggests `.h5`, which cannot hold it.
            raise ValueError(
                "A RecurrentGAN is saved in Keras' native format: give the file a `.keras` "
                "extension (for the weights alone, `gan.save_weights('gan.weights.h5')`; for "
                f"serving, `gan.export(folder)`). Received: filepath={name!r}"
            )
        return super().save(filepath, *args, **kwargs)

    def export(self, filepath, format="tf_saved_model", verbose=None, **kwargs):
        """Writes the generator as a SavedModel for serving: `tfgan_rnn.export_saved_model`.

        Keras' `Model.export` would need a traced `call` and serve only the raw generator;
        this writes the `generate(num_sequences, length, seed)` and `step(noise, state)`
        signatures, in the data's original units (see `tfgan_rnn.export`).

        Example:

        >>> import os, tempfile, tensorflow as tf, tfgan_rnn
        >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
        ...                              tfgan_rnn.ConvDiscriminator(1), seed=0)
        >>> path = os.path.join(tempfile.mkdtemp(), "served")
        >>> gan.export(path)
        >>> sorted(tf.saved_model.load(path).signatures)
        ['generate', 'serving_default', 'step']
        """
        if format != "tf_saved_model" or kwargs:
            raise ValueError(
                "A RecurrentGAN exports one format, a TensorFlow SavedModel with `generate` and "
                "`step` signatures (`tfgan_rnn.export_saved_model`); it takes no other format or "
                f"option. Received: format={format!r}, options {sorted(kwargs)}"
            )
        from tfgan_rnn.export import export_saved_model

        export_saved_model(self, filepath)

    def save_own_variables(self, store):
        # The noise SeedGenerator is not saved by Keras; without its state a resumed
        # run would replay the noise of step 0.
        super().save_own_variables(store)
        store[_SEED_STATE_KEY] = ops.convert_to_numpy(self.seed_generator.state)

    def load_own_variables(self, store):
        own = {key: store[key] for key in store.keys() if key != _SEED_STATE_KEY}
        super().load_own_variables(own)
        if _SEED_STATE_KEY in store.keys():
            self.seed_generator.state.assign(np.asarray(store[_SEED_STATE_KEY]))

    # ------------------------------------------------------------------ training

    @property
    def metrics(self):
        names = [
            "generator_loss",
            "discriminator_loss",
            "discriminator_real_score",
            "discriminator_fake_score",
            "generator_grad_norm",
            "discriminator_grad_norm",
            "generator_learning_rate",
            "discriminator_learning_rate",
        ]
        if getattr(self, "gradient_penalty_weight", 0.0) > 0:
            names.insert(2, "gradient_penalty")
        if getattr(self, "moment_matching_weight", 0.0) > 0:
            names.insert(1, "moment_matching_loss")
        if getattr(self, "feature_matching_weight", 0.0) > 0:
            names.insert(1, "feature_matching_loss")
        if self._category_shares_matched():
            names.insert(1, "category_share_loss")
        if isinstance(getattr(self, "generator_optimizer", None), keras.optimizers.LossScaleOptimizer):
            names += ["generator_loss_scale", "discriminator_loss_scale",
                      "generator_skipped_steps", "discriminator_skipped_steps"]
        return [self._trackers[name] for name in names]

    def call(self, inputs, training=False):
        """Runs the generator: `[noise, *state]` -> `[sequence, *state]`."""
        if not isinstance(inputs, (list, tuple, dict)) and len(self.generator.inputs) > 1:
            raise ValueError(
                "Calling a RecurrentGAN (or its `predict`) runs the generator, which takes "
                "`[noise, *initial_state]`. To make sequences use `gan.generate(num_sequences, "
                "length)`; to score sequences use `gan.discriminator`. Received: one input of "
                f"shape {getattr(inputs, 'shape', None)}"
            )
        return self.generator(inputs, training=training)

    @staticmethod
    def _network_inputs(sequence, condition, state):
        """Either network's inputs: `[noise or sequences, condition (if any), *state]`."""
        return [sequence, *([] if condition is None else [condition]), *state]

    def _hold_static(self, noise):
        """Noise whose last `static_noise_dim` features keep their first step's value."""
        if not self.static_noise_dim:
            return noise
        split = self.latent_dim - self.static_noise_dim
        static = ops.repeat(noise[:, :1, split:], ops.shape(noise)[1], axis=1)
        return ops.concatenate([noise[:, :, :split], static], axis=-1)

    def _warmup_condition(self, condition):
        """The condition of the warm-up steps: the first step's, held (None for none)."""
        return None if condition is None else ops.repeat(condition[:, :1], self.warmup_steps, axis=1)

    def _fake_sequences(self, batch_size, length, seed, training, condition=None):
        noise = self._hold_static(_distribute.draw(
            keras.random.normal, (batch_size, length + self.warmup_steps, self.latent_dim), seed
        ))
        if condition is not None and self.warmup_steps:
            condition = ops.concatenate([self._warmup_condition(condition), condition], axis=1)
        initial_state = self._zero_generator_state(batch_size)
        outputs = self.generator(self._network_inputs(noise, condition, initial_state), training=training)
        return self._as_the_data_holds(outputs[0][:, self.warmup_steps :], noise)

    def _as_the_data_holds(self, fake, noise):
        """The generator's output `fake` as the data holds its features: one category a step in
        each block of categories (`_one_category_a_step`), each order of the data kept
        (`_kept_in_order`), and each copy of another feature (`Scaler.copies`: equal on every
        row of the data, as Stocks' `Adj_Close` and `Close`) that feature's values, so the
        discriminator never sees the two apart (the copy's own output gets no gradient)."""
        fake = self._kept_in_order(self._one_category_a_step(fake, noise))
        sources = None if self.scaler is None else self.scaler.copy_sources()
        return fake if sources is None else ops.take(fake, sources, axis=-1)

    def _kept_in_order(self, fake):
        """`fake` with each pair of the scaler's `orders` (a day's `High` at or above its `Open`
        on every row of the data) kept so, smoothly (`Scaler.smoothly_in_order`, in the data's
        units): the discriminator never sees a `High` under its `Open`, seldom one held at it (as
        a clamp would hold every one made under it), and the generator's gradient reaches both.
        As generated where the scaler has no `order_gaps` (data that seldom sits at its bounds:
        `Scaler.ORDER_BOUND_SHARE`); the way back keeps the orders in any case."""
        scaler = self.scaler
        if scaler is None or not scaler.orders or scaler.order_gaps is None:
            return fake
        columns = ops.unstack(ops.cast(fake, "float32"), axis=-1)  # (one op, not a slice per feature)
        ordered = sorted({feature for pair in scaler.orders for feature in pair})
        offset, scale = scaler.offset.tolist(), scaler.scale.tolist()
        in_data_units = list(columns)
        for feature in ordered:
            in_data_units[feature] = (columns[feature] - offset[feature]) / scale[feature]
        in_data_units = scaler.smoothly_in_order(in_data_units, ops.softplus)
        for feature in ordered:
            columns[feature] = in_data_units[feature] * scale[feature] + offset[feature]
        return ops.cast(ops.stack(columns, axis=-1), fake.dtype)

    def _one_category_a_step(self, fake, noise):
        """`fake` with each one-hot block of the scaler's `categorical` (a column of
        categories generated as features) made the one-hot of one category a step, the
        category `generate` gives that step: the discriminator sees one category a step, as in
        the data, and cannot tell generated steps by their blocks' in-between values.

        The category is drawn (the Gumbel-max trick, straight through: Jang et al. 2017): each
        block's values, 0 to 1 in the data's units, are read as probabilities through their
        logit (the generator's output layer before its sigmoid), and a block's Gumbel noise is
        drawn from the generator's static noise (`noise`, `(batch, steps, latent_dim)`, its last
        `static_noise_dim` features held per sequence; `_category_noise`), so it is the same at
        every step of a sequence: each step's category is drawn as often as the generator's
        softmax says, yet a category stays while its probabilities hold, as in the data, where
        a man's industry or region seldom changes. The generator's gradient comes through the
        softmax of the same perturbed logits, so it moves the shares of every category, not
        only of the one drawn. A block without static noise of its own (`static_noise_dim`
        below the categories' count) gets the category of its highest value. A generator that
        draws its categories itself (`LSTMGenerator(category_blocks=...)`, the same draw before
        its numbers) has its output passed through as it is.
        """
        blocks = None if self.scaler is None else self.scaler.categorical
        if not blocks or self._generator_draws_categories():
            return fake
        pieces, done = [], 0
        for (first, stop), gumbel in zip(self.scaler._block_ranges(), self._category_noise(noise)):
            block = fake[..., first:stop]
            offset = ops.convert_to_tensor(self.scaler.offset[first:stop], "float32")
            scale = ops.convert_to_tensor(self.scaler.scale[first:stop], "float32")
            unit = ops.clip((ops.cast(block, "float32") - offset) / scale, 1e-6, 1 - 1e-6)  # the data's 0 to 1
            drawn = generators_lib.draw_one_hot(ops.log(unit) - ops.log1p(-unit), gumbel, offset, scale)
            pieces += [fake[..., done:first], ops.cast(drawn, block.dtype)]
            done = stop
        return ops.concatenate([*pieces, fake[..., done:]], axis=-1)

    def _generator_draws_categories(self) -> bool:
        """Whether the generator draws its columns of categories itself
        (`LSTMGenerator(category_blocks=...)`), so that its numbers follow them."""
        return bool(getattr(self.generator, "category_blocks", None))

    def _category_noise(self, noise):
        """`generators.category_gumbels` for the scaler's `categorical` blocks: a sequence's
        draw follows its noise wherever it is generated (`generate`, continuations, the
        SavedModel's `generate` and `step`)."""
        return generators_lib.category_gumbels(noise, self.static_noise_dim,
                                               self.scaler._block_ranges())

    def _zero_generator_state(self, batch_size):
        return [ops.zeros((batch_size, units), "float32") for units in self.state_sizes for _ in range(2)]

    def _zero_discriminator_state(self, batch_size):
        return [
            ops.zeros((batch_size, units), "float32")
            for units in self.discriminator_state_sizes
            for _ in range(2)
        ]

    def _score(self, sequences, training=False, condition=None, mask=None, with_features=False):
        """Discriminator logits (float32), from a zero state if it takes its state
        (with `with_features`: `(logits, features)`)."""
        if training is True:
            sequences = self._with_instance_noise(sequences)
        inputs = self._network_inputs(sequences, condition, self._zero_discriminator_state(ops.shape(sequences)[0]))
        # The condition's steps carry the sequence's mask: Keras' Concatenate drops a mask
        # that only one of its inputs has, and the LSTMs would read the padded steps.
        masks = None
        if mask is not None:
            stepped = [mask] if condition is None else [mask, mask]
            masks = stepped + [None] * (len(inputs) - len(stepped))
        if len(inputs) == 1:
            inputs, masks = inputs[0], mask
        model = self._features_model if with_features else self.discriminator
        if masks is None:
            outputs = model(inputs, training=training)
        else:  # Keras propagates the mask to the layers that skip masked steps
            outputs = model(inputs, training=training, mask=masks)
        if with_features:
            return ops.cast(outputs[0], "float32"), outputs[1]
        if self.discriminator_state_sizes:
            outputs = outputs[0]
        return ops.cast(outputs, "float32")

    def _with_instance_noise(self, sequences):
        """`sequences` with `discriminator_noise` (its standard deviation) of Gaussian noise
        added, as the discriminator reads them in training; as they are with none."""
        if not self.discriminator_noise:
            return sequences
        noise = _distribute.draw(keras.random.normal, ops.shape(sequences), self.seed_generator)
        return sequences + ops.cast(self.discriminator_noise * noise, sequences.dtype)

    @staticmethod
    def _valid_logits(logits, mask):
        """Per-step logits on valid steps only (flattened); per-sequence logits as they are."""
        if mask is None or len(logits.shape) != 3:
            return logits
        return tf.boolean_mask(logits[..., 0], mask)

    @staticmethod
    def _shared(value, logits, step_share):
        """A mean over per-step logits' valid steps, weighted by this replica's share of the
        global batch's valid steps (`_Batch.step_share`); other values as they are."""
        if step_share is None or len(logits.shape) != 3:
            return value
        return value * step_share

    def _discriminator_parts(self, logits, batch_size, mask=None, step_share=None):
        """Family loss and scores from the logits of `[real; fake]` stacked on the batch."""
        real_logits = self._valid_logits(logits[:batch_size], mask)
        fake_logits = self._valid_logits(logits[batch_size:], mask)
        loss = self._shared(self.loss_family.discriminator_loss(real_logits, fake_logits), logits, step_share)
        return loss, {
            "discriminator_loss": loss,
            "discriminator_real_score": self._shared(ops.mean(real_logits), logits, step_share),
            "discriminator_fake_score": self._shared(ops.mean(fake_logits), logits, step_share),
        }

    def _generator_parts(self, fake_logits, real, fake, mask=None, step_share=None):
        """Total generator loss (family loss + weighted moment matching) and its parts."""
        loss = self._shared(self.loss_family.generator_loss(self._valid_logits(fake_logits, mask)),
                            fake_logits, step_share)
        parts = {"generator_loss": loss}
        total = loss
        if self.moment_matching_weight > 0:
            moments = losses_lib.moment_matching_loss(
                real, fake, mask=mask, relative=self.moment_matching_scale == "relative",
                per_step=self.moment_matching_per_step,
            )
            parts["moment_matching_loss"] = moments
            total = loss + self.moment_matching_weight * moments
        if self._category_shares_matched():
            offset = ops.convert_to_tensor(self.scaler.offset, "float32")
            scale = ops.convert_to_tensor(self.scaler.scale, "float32")
            shares = losses_lib.category_share_loss(
                (ops.cast(real, "float32") - offset) / scale, (ops.cast(fake, "float32") - offset) / scale,
                self.scaler._block_ranges(), mask=mask,
            )
            parts["category_share_loss"] = shares
            total = total + self.category_share_weight * shares
        return total, parts

    def _category_shares_matched(self):
        """Whether the generator's loss matches the shares of its columns of categories."""
        return getattr(self, "category_share_weight", 0.0) > 0 and bool(
            self.scaler is not None and self.scaler.categorical)

    def _discriminator_objective(self, batch, fake, seed, training=True):
        """Total discriminator loss (family loss + weighted penalty) and its parts."""
        real, condition, mask, step_share = batch
        batch_size = ops.shape(real)[0]
        logits = self._score(
            ops.concatenate([real, fake], axis=0), training, _twice(condition), _twice(mask)
        )
        loss, parts = self._discriminator_parts(logits, batch_size, mask, step_share)
        total = loss
        if self.gradient_penalty_weight > 0:
            penalty = losses_lib.gradient_penalty(
                lambda x: self._score(x, training, condition, mask), real, fake, seed=seed
            )
            parts["gradient_penalty"] = penalty
            total = loss + self.gradient_penalty_weight * penalty
        return total, parts

    def _generator_objective(self, batch, seed, training=True):
        """Total generator loss (family loss + weighted moment and feature matching) and its parts."""
        real, condition, mask, step_share = batch
        batch_size, length = ops.shape(real)[0], ops.shape(real)[1]
        fake = self._fake_sequences(batch_size, length, seed, training, condition)
        if self.feature_matching_weight <= 0:
            fake_logits = self._score(fake, training, condition, mask)
            return self._generator_parts(fake_logits, real, fake, mask, step_share)
        fake_logits, fake_features = self._score(fake, training, condition, mask, with_features=True)
        _, real_features = self._score(real, training, condition, mask, with_features=True)
        total, parts = self._generator_parts(fake_logits, real, fake, mask, step_share)
        difference = self._mean_features(ops.stop_gradient(real_features), mask) - self._mean_features(
            fake_features, mask
        )
        parts["feature_matching_loss"] = ops.mean(ops.square(difference))
        return total + self.feature_matching_weight * parts["feature_matching_loss"], parts

    @staticmethod
    def _mean_features(features, mask):
        """The mean of the discriminator's features over the (global) batch's valid steps."""
        features = ops.cast(features, "float32")
        if mask is not None and len(features.shape) == 3:
            features = tf.boolean_mask(features, mask)
        features = ops.reshape(features, (-1, ops.shape(features)[-1]))
        if _distribute.num_replicas() == 1:
            return ops.mean(features, axis=0)
        count = _distribute.sum_over_replicas(ops.cast(ops.shape(features)[0], "float32"))
        return _distribute.sum_over_replicas(ops.sum(features, axis=0)) / ops.maximum(count, 1.0)

    def _build_features_model(self):
        """The discriminator with a second output: the features its "logits" layer reads."""
        try:
            logit_layer = self.discriminator.get_layer("logits")
            features = logit_layer.input
            return keras.Model(self.discriminator.inputs, [self.discriminator.outputs[0], features])
        except (ValueError, AttributeError):
            raise ValueError(
                "Feature matching reads the discriminator's features at the input of its "
                "layer named \"logits\" (as in LSTMDiscriminator and ConvDiscriminator); this "
                f"discriminator has none. Received: discriminator {_describe_model(self.discriminator)}"
            ) from None

    def _apply_gradients(self, optimizer, gradients, variables, network):
        missing = _missing_gradients(variables, gradients)
        if missing:
            raise GradientCheckError(_gradient_message(network, missing, []) + "\n" + _GRADIENT_CAUSES)
        # Under tf.distribute: the global gradient (the replicas' losses were divided by
        # their count), so that its norm and clipping mean what they mean on one device.
        gradients = _distribute.sum_gradients(gradients)
        scale = _loss_scale(optimizer)
        scaled_norm = tf.linalg.global_norm(gradients)
        if self.gradient_clip_norm is not None:
            gradients, _ = tf.clip_by_global_norm(
                gradients, self.gradient_clip_norm * scale, use_norm=scaled_norm
            )
        replicas = _distribute.num_replicas()
        if replicas > 1:
            # The optimizer sums the replicas' gradients again.
            gradients = [gradient / replicas for gradient in gradients]
        optimizer.apply(gradients, variables)
        return scaled_norm / scale

    def _discriminator_update(self, batch):
        batch_size, length = ops.shape(batch.real)[0], ops.shape(batch.real)[1]
        fake = self._fake_sequences(batch_size, length, self.seed_generator, True, batch.condition)
        variables = self.discriminator.trainable_variables
        with tf.GradientTape() as tape:
            total, parts = self._discriminator_objective(batch, fake, self.seed_generator)
            scaled = self.discriminator_optimizer.scale_loss(total / _distribute.num_replicas())
        gradients = tape.gradient(scaled, variables)
        parts["discriminator_grad_norm"] = self._apply_gradients(
            self.discriminator_optimizer, gradients, variables, "discriminator"
        )
        return parts

    def _generator_update(self, batch):
        variables = self.generator.trainable_variables
        with tf.GradientTape() as tape:
            total, parts = self._generator_objective(batch, self.seed_generator)
            scaled = self.generator_optimizer.scale_loss(total / _distribute.num_replicas())
        gradients = tape.gradient(scaled, variables)
        parts["generator_grad_norm"] = self._apply_gradients(
            self.generator_optimizer, gradients, variables, "generator"
        )
        return parts

    def _unpack_batch(self, data) -> _Batch:
        """A batch as Keras hands it to `train_step`: sequences, `(sequences, conditions)`,
        or a dict with "sequences" and optional "conditions" and "lengths"."""
        lengths = condition = None
        if isinstance(data, dict):
            real, condition, lengths = data["sequences"], data.get("conditions"), data.get("lengths")
        elif isinstance(data, (tuple, list)):
            real = data[0]
            condition = data[1] if len(data) > 1 else None
        else:
            real = data
        real = ops.cast(real, "float32")
        if not self.condition_dim:
            condition = None
        elif condition is not None:
            condition = self._condition_steps(ops.cast(condition, "float32"), ops.shape(real)[1])
        mask = None
        if lengths is not None:
            steps = ops.arange(ops.shape(real)[1], dtype="int32")
            mask = steps[None, :] < ops.cast(lengths, "int32")[:, None]
        per_step = mask is not None and self._logits_per_step()
        return _Batch(real, condition, mask, _distribute.step_share(mask) if per_step else None)

    def _logits_per_step(self) -> bool:
        """Whether the discriminator scores each step (only then do replicas' means over valid
        steps need their share, `_Batch.step_share`); True where a subclassed model does not say."""
        try:
            return len(self.discriminator.outputs[0].shape) == 3
        except (AttributeError, ValueError):
            return True

    @staticmethod
    def _condition_steps(condition, length):
        """A static condition `(batch, k)` repeated over `length` steps; per-step as is."""
        if len(condition.shape) == 3:
            return condition
        return ops.repeat(condition[:, None, :], length, axis=1)

    # ------------------------------------------------------------ chunked training

    def _chunked(self, real) -> bool:
        if self.chunk_length is None:
            return False
        length = real.shape[1]
        return length is None or length > self.chunk_length

    def _over_chunks(self, real, noise, network, chunk_objective, sums, condition=None):
        """Runs `chunk_objective` on each chunk of `chunk_length` steps in a while loop.

        The generator's and the discriminator's LSTM states are carried from chunk to
        chunk (their gradients stop at chunk boundaries), each chunk's gradients are
        computed inside its iteration, so memory per step follows the chunk length, and
        the gradients of the mean loss over chunks are returned with the mean parts.
        A conditional GAN's per-step `condition` is cut into the same chunks and passed
        to `chunk_objective` as its last argument (None for an unconditional one).
        """
        batch_size, length = ops.shape(real)[0], ops.shape(real)[1]
        chunk = self.chunk_length
        num_chunks = tf.cast((length + chunk - 1) // chunk, tf.int32)
        optimizer = getattr(self, f"{network}_optimizer")
        variables = getattr(self, network).trainable_variables
        divisor = ops.cast(num_chunks * _distribute.num_replicas(), "float32")
        generator_state = self._zero_generator_state(batch_size)
        if self.warmup_steps:
            # The warm-up only sets the generator's starting state (no gradient through it);
            # it reads the first step's condition, as in unchunked training.
            outputs = self.generator(
                self._network_inputs(noise[:, : self.warmup_steps], self._warmup_condition(condition),
                                     generator_state),
                training=True)
            generator_state = [ops.cast(ops.stop_gradient(t), "float32") for t in outputs[1:]]
            noise = noise[:, self.warmup_steps :]
        copies = 2 if network == "discriminator" else 1  # real and fake side by side
        discriminator_state = self._zero_discriminator_state(copies * batch_size)
        missing = []

        def body(index, generator_state, discriminator_state, gradients, totals):
            start = index * chunk
            real_chunk = real[:, start : start + chunk]
            noise_chunk = noise[:, start : start + chunk]
            condition_chunk = None if condition is None else condition[:, start : start + chunk]
            with tf.GradientTape() as tape, _distribute.replica_statistics():
                loss, parts, generator_state, discriminator_state = chunk_objective(
                    tape, real_chunk, noise_chunk, generator_state, discriminator_state, condition_chunk
                )
                scaled = optimizer.scale_loss(loss / divisor)
            chunk_gradients = tape.gradient(scaled, variables)
            missing[:] = _missing_gradients(variables, chunk_gradients)
            chunk_gradients = [
                ops.zeros_like(v) if g is None else ops.cast(g, v.dtype)
                for v, g in zip(variables, chunk_gradients)
            ]
            gradients = [a + b for a, b in zip(gradients, chunk_gradients)]
            totals = {name: totals[name] + ops.cast(parts[name], "float32") for name in totals}
            carry = [ops.cast(ops.stop_gradient(t), "float32") for t in generator_state]
            scored = [ops.cast(ops.stop_gradient(t), "float32") for t in discriminator_state]
            return index + 1, carry, scored, gradients, totals

        _, _, _, gradients, totals = tf.while_loop(
            lambda index, *_: index < num_chunks,
            body,
            (
                tf.constant(0),
                generator_state,
                discriminator_state,
                [ops.zeros_like(v) for v in variables],
                {name: tf.constant(0.0) for name in sums},
            ),
            parallel_iterations=1,
        )
        if missing:
            raise GradientCheckError(_gradient_message(network, missing, []) + "\n" + _GRADIENT_CAUSES)
        parts = {name: value / ops.cast(num_chunks, "float32") for name, value in totals.items()}
        parts[f"{network}_grad_norm"] = self._apply_gradients(optimizer, gradients, variables, network)
        return parts

    def _draw_training_noise(self, real):
        batch_size, length = ops.shape(real)[0], ops.shape(real)[1]
        return self._hold_static(_distribute.draw(
            keras.random.normal, (batch_size, length + self.warmup_steps, self.latent_dim),
            self.seed_generator,
        ))

    def _chunked_discriminator_update(self, real, condition=None):
        noise = self._draw_training_noise(real)
        batch_size = ops.shape(real)[0]

        def objective(tape, real_chunk, noise_chunk, generator_state, discriminator_state, condition_chunk):
            with tape.stop_recording():  # the fake chunk is data for this update
                outputs = self.generator(self._network_inputs(noise_chunk, condition_chunk, generator_state),
                                         training=True)
            fake_chunk = self._as_the_data_holds(outputs[0], noise_chunk)
            scored = self.discriminator(
                self._network_inputs(self._with_instance_noise(ops.concatenate([real_chunk, fake_chunk], axis=0)),
                                     _twice(condition_chunk), discriminator_state),
                training=True,
            )
            loss, parts = self._discriminator_parts(ops.cast(scored[0], "float32"), batch_size)
            return loss, parts, outputs[1:], scored[1:]

        return self._over_chunks(real, noise, "discriminator", objective,
                                 ["discriminator_loss", "discriminator_real_score", "discriminator_fake_score"],
                                 condition)

    def _chunked_generator_update(self, real, condition=None):
        noise = self._draw_training_noise(real)

        def objective(tape, real_chunk, noise_chunk, generator_state, discriminator_state, condition_chunk):
            outputs = self.generator(self._network_inputs(noise_chunk, condition_chunk, generator_state),
                                     training=True)
            fake_chunk = self._as_the_data_holds(outputs[0], noise_chunk)
            scored = self.discriminator(
                self._network_inputs(self._with_instance_noise(fake_chunk), condition_chunk, discriminator_state),
                training=True)
            total, parts = self._generator_parts(ops.cast(scored[0], "float32"), real_chunk, fake_chunk)
            return total, parts, outputs[1:], scored[1:]

        sums = ["generator_loss"] + (["moment_matching_loss"] if self.moment_matching_weight > 0 else [])
        return self._over_chunks(real, noise, "generator", objective, sums, condition)

    def train_step(self, data):
        batch = self._unpack_batch(data)
        real = batch.real
        results = {}
        chunked = self._chunked(real)
        for _ in range(self.discriminator_steps):
            results.update(
                self._chunked_discriminator_update(real, batch.condition) if chunked
                else self._discriminator_update(batch)
            )
        results.update(self._chunked_generator_update(real, batch.condition) if chunked
                       else self._generator_update(batch))
        for network in ("generator", "discriminator"):
            optimizer = getattr(self, f"{network}_optimizer")
            results[f"{network}_learning_rate"] = ops.cast(optimizer.learning_rate, "float32")
            if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
                # The LossScaleOptimizer skips a step whose gradients are not finite.
                results[f"{network}_loss_scale"] = _loss_scale(optimizer)
                finite = tf.math.is_finite(results[f"{network}_grad_norm"])
                results[f"{network}_skipped_steps"] = 1.0 - ops.cast(finite, "float32")
        return self._update_trackers(results)

    def test_step(self, data):
        batch = self._unpack_batch(data)
        batch_size, length = ops.shape(batch.real)[0], ops.shape(batch.real)[1]
        fake = self._fake_sequences(batch_size, length, self.seed_generator, False, batch.condition)
        _, results = self._discriminator_objective(batch, fake, self.seed_generator, training=False)
        results.update(self._generator_objective(batch, self.seed_generator, training=False)[1])
        return self._update_trackers(results)

    def _update_trackers(self, results):
        for name, value in results.items():
            self._trackers[name].update_state(value)
        logs = {metric.name: metric.result() for metric in self.metrics if metric.name in results}
        if _distribute.vector_logs_needed():
            logs = {name: ops.reshape(value, (1,)) for name, value in logs.items()}
        return logs

    def _maybe_symbolic_build(self, iterator=None, data_batch=None):
        # Under a strategy Keras reduces the first distributed batch as one value before it
        # builds, which a multi-worker strategy cannot do for a tuple or a dict, as with
        # conditions or lengths (keras-team/keras#20329): reduce each tensor on its own.
        strategy = self._distribute_strategy
        if iterator is not None and strategy is not None:
            for _, _, batches in iterator:
                data_batch = tf.nest.map_structure(
                    lambda value: strategy.reduce("MEAN", value, axis=None)
                    if isinstance(value, tf.distribute.DistributedValues) else value,
                    next(batches),
                )
                break
            iterator = None
        return super()._maybe_symbolic_build(iterator=iterator, data_batch=data_batch)

    def fit(self, x=None, y=None, **kwargs):
        """Trains on real sequences; see `keras.Model.fit` for the other arguments.

        Before any step, the data is checked (rank, feature count, NaN/Inf, empty; for
        a `tf.data.Dataset`, its element spec and first batch) and, on the first call,
        `check_gradients` runs on a few sequences (on their first 8 steps where both
        networks take windows of any length: it runs eagerly, at a cost in proportion to
        the length, and a missing gradient is missing at any length).

        Args:
            x: real sequences `(num_sequences, time, features)` as numpy/tensor; a list
                of sequences `(time_i, features)` of different lengths (right-padded
                with zeros; the discriminator skips the padded steps, and
                `generate_variable_length` later samples lengths from these); or a
                `tf.data.Dataset` of batches: sequences, `(sequences, conditions)`, or
                dicts with "sequences" and optional "conditions" and "lengths".
            y: the conditions of a conditional GAN (one per sequence
                `(num_sequences, condition_dim)` or one per step `(num_sequences, time,
                condition_dim)`; for a list of sequences of different lengths, one per
                sequence or a list of per-step arrays `(time_i, condition_dim)`, padded
                alike); None for an unconditional one. `x=(sequences, conditions)` works too.
            **kwargs: `keras.Model.fit` arguments (`epochs`, `batch_size`, `callbacks`...).

        Returns:
            Keras' `History`: per epoch, the means of the metrics the class docstring lists.

        Example (a `tf.data` pipeline of batches; bad data is refused before any step):

        >>> import numpy as np, tensorflow as tf, tfgan_rnn
        >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 3, units=4, num_layers=1),
        ...                              tfgan_rnn.LSTMDiscriminator(3, units=4, num_layers=1), seed=0)
        >>> gan.compile()
        >>> windows = np.random.default_rng(0).random((64, 10, 3), dtype="float32")
        >>> dataset = tf.data.Dataset.from_tensor_slices(windows).shuffle(64, seed=0).batch(16)
        >>> history = gan.fit(dataset, epochs=2, verbose=0)
        >>> [len(history.history[name]) for name in ("generator_loss", "discriminator_loss")]
        [2, 2]
        >>> gan.fit(windows[..., :2], verbose=0)
        Traceback (most recent call last):
        ...
        ValueError: `x` has 2 features per step but the generator makes 3. Build the generator ...
        """
        self._assert_compile_called("fit")
        replicas = self.distribute_strategy.num_replicas_in_sync
        if replicas > 1 and (self.steps_per_execution or 1) > 1:
            # Keras 3 builds a loop of several steps that TensorFlow cannot run on several replicas.
            raise ValueError(
                f"`steps_per_execution={self.steps_per_execution}` fails under a tf.distribute strategy of "
                f"{replicas} replicas in Keras 3 (\"You must feed a value for placeholder tensor\", "
                "keras-team/keras#19246). Compile with steps_per_execution=1 (the default) to train on "
                "several devices."
            )
        for callback in kwargs.get("callbacks") or []:
            if isinstance(callback, (keras.callbacks.LearningRateScheduler, keras.callbacks.ReduceLROnPlateau)):
                # Keras' versions set `model.optimizer.learning_rate`, which fails after the first epoch.
                raise ValueError(
                    f"`{type(callback).__name__}` sets the learning rate of `model.optimizer`, and a "
                    "RecurrentGAN has two optimizers instead, `generator_optimizer` and "
                    "`discriminator_optimizer`. Give each its own schedule, e.g. gan.compile("
                    "generator_optimizer=keras.optimizers.Adam(keras.optimizers.schedules."
                    "ExponentialDecay(1e-3, decay_steps=1000, decay_rate=0.5)), ...), or set "
                    "`model.generator_optimizer.learning_rate` and "
                    "`model.discriminator_optimizer.learning_rate` in a callback of your own. "
                    f"Received: callbacks including {type(callback).__name__}"
                )
        for name in ("sample_weight", "class_weight"):
            if kwargs.get(name) is not None:
                raise ValueError(
                    f"RecurrentGAN.fit weighs every sequence the same and takes no `{name}` (its "
                    "losses would ignore it). To weigh sequences, repeat them in `x`. Received: "
                    f"{name} of type {type(kwargs[name]).__name__}"
                )
        if y is None and isinstance(x, tuple) and len(x) == 2 and self.condition_dim:
            x, y = x
        if y is not None and not self.condition_dim:
            raise ValueError(
                "RecurrentGAN learns from sequences alone; pass them as `x` and leave "
                "`y` empty (for a conditional GAN, build the generator and the "
                "discriminator with `condition_dim`, then pass the conditions as `y`). "
                f"Received: y of type {type(y).__name__}"
            )
        if isinstance(x, tf.data.Dataset):
            if y is not None:
                raise ValueError(
                    "With a tf.data.Dataset, put the conditions in its elements, "
                    f"`(sequences, conditions)`, and leave `y` empty. Received: y of type {type(y).__name__}"
                )
            data_lib.check_dataset(x, self.output_dim)
            sample_real, sample_condition, sample_lengths = self._unpack_numpy(next(iter(x.take(1))))
            if sample_condition is not None and not self.condition_dim:
                raise ValueError(
                    "This GAN is unconditional, but the dataset's elements hold conditions "
                    "besides the sequences (a tuple of 2 or more, or a dict with "
                    "\"conditions\"), which it would ignore. Pass a dataset of sequences "
                    "alone, e.g. `dataset.map(lambda sequences, *rest: sequences)`, or build "
                    "both networks with `condition_dim` to condition on them. Received: "
                    f"x.element_spec={x.element_spec}"
                )
            if self.condition_dim and sample_condition is not None:  # as given, before the repeat below
                data_lib.check_conditions(sample_condition, len(sample_real), sample_real.shape[1],
                                          self.condition_dim, "conditions (first batch)")
                x = x.map(self._conditions_per_step)
                if sample_condition.ndim == 2:  # what the map makes of the first batch
                    sample_condition = np.repeat(sample_condition[:, None], sample_real.shape[1], axis=1)
            kwargs.setdefault("shuffle", False)  # a dataset shuffles itself
        else:
            lengths = None
            if data_lib.is_variable_length(x):
                x, lengths = data_lib.pad_sequences(x, self.output_dim)
                if self.condition_dim and isinstance(y, (list, tuple)) and all(np.ndim(c) == 2 for c in y):
                    y = self._padded_step_conditions(y, lengths)
            else:
                x = data_lib.check_sequences(x, self.output_dim)
            if self.condition_dim:
                if y is None:
                    raise ValueError(
                        f"This GAN is conditional (condition_dim={self.condition_dim}): pass "
                        "the conditions as `y`, one per sequence (num_sequences, "
                        "condition_dim) or one per step (num_sequences, time, condition_dim). "
                        "Received: y=None"
                    )
                y = data_lib.check_conditions(y, len(x), x.shape[1], self.condition_dim, "y")
                if y.ndim == 2:  # one trace for both kinds: conditions per step
                    y = np.repeat(y[:, None], x.shape[1], axis=1)
            sample_real, sample_condition, sample_lengths = x, y, lengths
            if y is not None or lengths is not None:
                x = {"sequences": x, **({} if y is None else {"conditions": y}),
                     **({} if lengths is None else {"lengths": lengths})}
                y = None
        if self.condition_dim and sample_condition is None:
            raise ValueError(
                f"This GAN is conditional (condition_dim={self.condition_dim}) but the data "
                "holds no conditions: pass batches `(sequences, conditions)` or dicts with "
                "\"conditions\"."
            )
        if self.chunk_length is not None and sample_lengths is not None:
            raise ValueError(
                "Chunked training (`chunk_length`) needs windows of one length; it cannot "
                "train on padded sequences of different lengths. Received: sequences of "
                f"lengths {sorted(set(np.asarray(sample_lengths).tolist()))[:10]}"
            )
        if replicas > 1 and self.chunk_length is not None and self.moment_matching_weight > 0 \
                and sample_real.shape[1] > self.chunk_length:
            logger.warning("tfgan_rnn: on %d replicas, chunked training matches each replica's own moments, not "
                           "the global batch's (TensorFlow cannot all-reduce inside the loop over chunks), so the "
                           "moment matching loss differs a little from one device's.", replicas)
        if not self._gradients_checked:
            self._first_gradient_check(sample_real, sample_condition, sample_lengths)
            if recurrent_layers(self.discriminator):
                logger.info("tfgan_rnn: the discriminator's recurrent layers use the %s.",
                            self.discriminator_kernel)
        elif sample_lengths is not None:  # checked by check_gradients on a first fit
            check = slice(0, _GRADIENT_CHECK_BATCH)
            data = {"sequences": sample_real[check], "lengths": np.asarray(sample_lengths[check], "int32")}
            if sample_condition is not None:
                data["conditions"] = sample_condition[check]
            self._check_mask_respected(data)
        if sample_lengths is not None and not isinstance(x, tf.data.Dataset):
            self.training_lengths = data_lib.length_counts(sample_lengths)
            self.training_lengths_by_condition = None if sample_condition is None else \
                data_lib.lengths_by_condition(sample_lengths, sample_condition)
        if self._generator_average_optimizer(trained_only=False) is not None:
            # First, so that callbacks ending after it (KeepBestGenerator) see the average.
            kwargs["callbacks"] = [_FinalizeGeneratorAverage(), *(kwargs.get("callbacks") or [])]
        return super().fit(x, y, **kwargs)

    def _padded_step_conditions(self, conditions, lengths):
        """Per-step conditions of sequences of different lengths, one `(time_i,
        condition_dim)` array per sequence, padded like the sequences."""
        padded, condition_lengths = data_lib.pad_sequences(conditions, self.condition_dim, "y")
        if len(condition_lengths) != len(lengths) or (condition_lengths != lengths).any():
            raise ValueError(
                "Per-step conditions must have one row per step of their sequence. Received: "
                f"sequence lengths {lengths.tolist()[:10]}, condition lengths {condition_lengths.tolist()[:10]}"
            )
        return padded

    def _takes_any_length(self) -> bool:
        """Whether every sequence input of both networks leaves the number of steps open
        (False for a subclassed network, whose inputs cannot be read)."""
        try:
            inputs = [*self.generator.inputs, *self.discriminator.inputs]
        except (AttributeError, ValueError):
            return False
        return all(len(x.shape) != 3 or x.shape[1] is None for x in inputs)  # states: (batch, units)

    def _first_gradient_check(self, real, conditions, lengths):
        """`check_gradients` on a few sequences, on their first steps where that is enough.

        Whether a gradient is missing does not depend on the window's length, and eager
        execution costs time in proportion to it, so windows are cut to
        `_GRADIENT_CHECK_STEPS` steps where both networks take any length and no padding
        is to be checked. A model that fails on the short windows (a layer that needs more
        steps) is checked again on the whole ones, which decides.
        """
        check = slice(0, _GRADIENT_CHECK_BATCH)
        real = real[check]
        conditions = None if conditions is None else conditions[check]
        lengths = None if lengths is None else lengths[check]
        if lengths is None and real.shape[1] > _GRADIENT_CHECK_STEPS and self._takes_any_length():
            steps = slice(0, _GRADIENT_CHECK_STEPS)
            try:  # fit passes conditions per step (batch, time, condition_dim)
                self.check_gradients(real[:, steps], conditions=None if conditions is None else conditions[:, steps])
                return
            except GradientCheckError:
                raise
            except Exception:  # noqa: BLE001  (not lost: a real fault recurs on the whole windows, below)
                logger.debug("tfgan_rnn: the gradient check on short windows failed; checking whole ones.",
                             exc_info=True)
        self.check_gradients(real, conditions=conditions, lengths=lengths)

    def _conditions_per_step(self, *element):
        """A dataset element with its static conditions repeated over time."""
        element = element[0] if len(element) == 1 else element
        if isinstance(element, dict) and "conditions" in element:
            steps = tf.shape(element["sequences"])[1]
            return {**element, "conditions": self._condition_steps(element["conditions"], steps)}
        if isinstance(element, (tuple, list)) and len(element) > 1:
            steps = tf.shape(element[0])[1]
            return (element[0], self._condition_steps(element[1], steps), *element[2:])
        return element

    @staticmethod
    def _unpack_numpy(element):
        """The first element of a dataset as (sequences, conditions, lengths) numpy."""
        element = tf.nest.map_structure(np.asarray, element)
        if isinstance(element, dict):
            return element["sequences"], element.get("conditions"), element.get("lengths")
        if isinstance(element, (tuple, list)):
            return element[0], element[1] if len(element) > 1 else None, None
        return element, None, None

    def check_gradients(self, batch, conditions=None, lengths=None):
        """Checks that every trainable variable of each network gets a finite gradient.

        Runs one discriminator and one generator objective eagerly on `batch` (the
        training noise stream is not touched) and differentiates, with respect to each
        network's own variables, the discriminator's total loss (with its penalty) and
        the generator's adversarial loss (without moment matching, which would mask a
        cut graph). With `lengths`, it also checks that the discriminator ignores
        padded steps.

        Args:
            batch: real sequences `(batch, time, features)`.
            conditions: their conditions, for a conditional GAN.
            lengths: the valid steps of each sequence, for padded sequences.

        Returns:
            `{"generator_grad_norm": float, "discriminator_grad_norm": float}`.

        Raises:
            GradientCheckError: naming every variable whose gradient is None or
                non-finite, with the likely causes and the fix.
            ValueError: the discriminator lets padded steps change its logits.

        Example:

        >>> import numpy as np, tfgan_rnn
        >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
        ...                              tfgan_rnn.LSTMDiscriminator(1, units=4, num_layers=1), seed=0)
        >>> gan.compile()
        >>> norms = gan.check_gradients(np.random.default_rng(0).random((4, 6, 1)))
        >>> sorted(norms), all(value > 0 for value in norms.values())
        (['discriminator_grad_norm', 'generator_grad_norm'], True)
        """
        real = ops.convert_to_tensor(data_lib.check_sequences(batch, self.output_dim, "batch"))
        batch_size, length = real.shape[0], real.shape[1]
        if self.condition_dim and conditions is None:
            raise ValueError("This GAN is conditional: pass `conditions`. Received: conditions=None")
        data = {"sequences": real}
        if self.condition_dim:
            data["conditions"] = data_lib.check_conditions(conditions, batch_size, length, self.condition_dim)
        if lengths is not None:
            data["lengths"] = np.asarray(lengths, "int32")
            self._check_mask_respected(data)
        batch = self._unpack_batch(data)
        seed = keras.random.SeedGenerator(0)
        fake = self._fake_sequences(batch_size, length, seed, True, batch.condition)
        discriminator_variables = self.discriminator.trainable_variables
        with tf.GradientTape() as tape:
            total, _ = self._discriminator_objective(batch, fake, seed)
        discriminator_gradients = tape.gradient(total, discriminator_variables)
        generator_variables = self.generator.trainable_variables
        with tf.GradientTape() as tape:
            # The adversarial loss alone: moment matching would hide a cut graph.
            _, parts = self._generator_objective(batch, seed)
        generator_gradients = tape.gradient(parts["generator_loss"], generator_variables)

        messages = []
        norms = {}
        for network, variables, gradients in (
            ("generator", generator_variables, generator_gradients),
            ("discriminator", discriminator_variables, discriminator_gradients),
        ):
            missing = _missing_gradients(variables, gradients)
            non_finite = [
                v.path
                for v, g in zip(variables, gradients)
                if g is not None and not bool(np.all(np.isfinite(ops.convert_to_numpy(g))))
            ]
            if missing or non_finite:
                messages.append(_gradient_message(network, missing, non_finite))
            present = [g for g in gradients if g is not None]
            norms[f"{network}_grad_norm"] = float(tf.linalg.global_norm(present)) if present else 0.0
        if messages:
            raise GradientCheckError("\n".join(messages) + "\n" + _GRADIENT_CAUSES)
        self._gradients_checked = True
        return norms

    def _check_mask_respected(self, data):
        """Raises if values on padded steps change the discriminator's logits."""
        real = ops.convert_to_numpy(data["sequences"])
        lengths = np.maximum(1, np.minimum(data["lengths"], real.shape[1] // 2))
        padded = np.arange(real.shape[1])[None, :] >= lengths[:, None]
        changed = real.copy()
        changed[padded] = 1e3
        batch = self._unpack_batch({**data, "lengths": lengths})
        with warnings.catch_warnings():
            # Keras warns that a layer drops the mask; the error below says what that means here.
            warnings.filterwarnings("ignore", message=".*does not support masking", category=UserWarning)
            scores = [
                ops.convert_to_numpy(self._valid_logits(
                    self._score(ops.convert_to_tensor(x), False, batch.condition, batch.mask), batch.mask
                ))
                for x in (real, changed)
            ]
        if not np.allclose(scores[0], scores[1], atol=1e-5):
            raise ValueError(
                "Padded steps change this discriminator's output, so it would learn the "
                "padding. For sequences of different lengths use a discriminator whose "
                "layers skip masked steps, e.g. `tfgan_rnn.LSTMDiscriminator` (a "
                "ConvDiscriminator does not). Received: discriminator "
                f"{_describe_model(self.discriminator)}"
            )

    # ------------------------------------------------------------------ generation

    def _generate_chunk_function(self):
        if self._generate_function is None:

            scalar = tf.TensorSpec([], tf.int64)
            state_specs = [tf.TensorSpec([None, units], tf.float32) for units in self.state_sizes for _ in range(2)]
            condition_specs = [tf.TensorSpec([None, None, self.condition_dim], tf.float32)] if self.condition_dim else []

            # One trace for every batch size and chunk length (the state's batch axis is
            # left open so it matches the noise's inside the LSTM loop).
            @tf.function(input_signature=[scalar, scalar, scalar, scalar, scalar, state_specs, condition_specs])
            @tf.autograph.experimental.do_not_convert  # plain tf ops; nothing to convert
            def generate_chunk(seed, start, length, first_sequence, num_sequences, flat_state, condition):
                noise = block_noise(seed, start, length, num_sequences, self.latent_dim,
                                    self.static_noise_dim, first_sequence=first_sequence)
                outputs = self.generator([noise, *condition, *flat_state], training=False)
                outputs = [self._as_the_data_holds(outputs[0], noise), *outputs[1:]]
                return [ops.cast(t, "float32") for t in outputs]

            self._generate_function = generate_chunk
        return self._generate_function

    @property
    def feature_names(self):
        """Names of the generated features (from the scaler), or None."""
        return None if self.scaler is None else self.scaler.feature_names

    def _check_condition(self, condition, num_sequences, length):
        """A condition for `generate`, as float32 `(num_sequences, k)` or `(num_sequences, length, k)`."""
        if not self.condition_dim:
            if condition is not None:
                raise ValueError(
                    "This GAN is not conditional (built without `condition_dim`); leave "
                    f"`condition` empty. Received: condition with shape {np.shape(condition)}"
                )
            return None
        if condition is None:
            raise ValueError(
                f"This GAN is conditional (condition_dim={self.condition_dim}): pass "
                "`condition`, one vector for all sequences (condition_dim,), one per "
                "sequence (num_sequences, condition_dim), or one per step (num_sequences, "
                "length, condition_dim). Received: condition=None"
            )
        condition = data_lib.as_float_array(condition, "condition")
        if condition.shape == (self.condition_dim,):
            condition = np.repeat(condition[None], num_sequences, axis=0)
        return data_lib.check_conditions(condition, num_sequences, length, self.condition_dim, "condition")

    def generate(self, num_sequences, length, state=None, seed=None, chunk_length=1024,
                 original_units=True, condition=None, batch_size=None):
        """Generates sequences of any length, in chunks, carrying the LSTM state.

        The noise of time step `t` depends only on `seed` and `t`, and the returned
        state records both, so `generate(n, a + b)` equals `generate(n, a)` followed by
        `generate(n, b, state=<state it returned>)` up to float tolerance.

        Args:
            num_sequences: number of sequences.
            length: time steps to generate (any positive integer).
            state: None to start from zero state, a `GeneratorState` returned by an
                earlier call to continue those sequences, or a list of
                `LSTMState(h, c)` (one per layer) to start from.
            seed: noise seed; defaults to the seed in `state`, else a random one.
            chunk_length: steps generated per compiled call; memory grows with it, not
                with `length`.
            original_units: with a scaler, return data in the original units (True) or
                in the generator's scaled units (False).
            condition: for a conditional GAN, the condition to generate for: one vector
                `(condition_dim,)` for every sequence, one per sequence
                `(num_sequences, condition_dim)`, or one per step `(num_sequences,
                length, condition_dim)` (the warm-up reads the first step's).
            batch_size: sequences generated per compiled call; memory grows with it, not
                with `num_sequences`. None (default): as many as keep one call's noise
                near 64 MB (thousands of sequences for short chunks).

        The values depend neither on `chunk_length` nor on `batch_size`: a sequence's
        noise is keyed by the seed, its index and the step, so the first sequences of
        `generate(1000, ...)` are those of `generate(10, ...)` with the same seed.

        Returns:
            `(sequences, final_state)`: float32 numpy `(num_sequences, length,
            output_dim)` and a `GeneratorState`.

        Example (`GeneratorState` shows a continuation):

        >>> import numpy as np, tfgan_rnn
        >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
        ...                              tfgan_rnn.LSTMDiscriminator(1, units=4, num_layers=1), seed=0)
        >>> whole, state = gan.generate(6, 40, seed=7)
        >>> in_pieces, _ = gan.generate(6, 40, seed=7, chunk_length=6, batch_size=4)
        >>> few, _ = gan.generate(2, 40, seed=7)
        >>> whole.shape, state.step, bool(np.allclose(whole, in_pieces, atol=1e-6))
        ((6, 40, 1), 40, True)
        >>> bool(np.allclose(whole[:2], few, atol=1e-6))
        True
        """
        num_sequences = positive_int(num_sequences, "num_sequences")
        length = positive_int(length, "length")
        chunk_length = positive_int(chunk_length, "chunk_length")
        if batch_size is not None:
            batch_size = positive_int(batch_size, "batch_size")
        condition = self._check_condition(condition, num_sequences, length)
        start, flat_state, static = 0, None, None  # None: zeros, and the warm-up first
        if isinstance(state, state_lib.GeneratorState):
            start = int(state.step)
            seed = state.seed if seed is None else seed
            flat_state = self._check_state(state.layers, num_sequences)
            static = state.static_values
        elif state is not None:
            flat_state = self._check_state(state, num_sequences)
        seed = _integer_seed(seed)
        if seed is None:
            seed = int(np.random.default_rng().integers(2**31 - 1))

        static = self._static_values(static, num_sequences) if original_units else static
        sequences = np.empty((num_sequences, length, self.output_dim), "float32")
        final_state = self._generate_into(sequences, seed, start, flat_state, condition, chunk_length,
                                          batch_size, original_units, keep_state=True, static=static)
        final_layers = tuple(state_lib.unflatten_state(final_state))
        return sequences, state_lib.GeneratorState(final_layers, start + length, seed, static)

    def _static_values(self, given, num_sequences):
        """`generate`'s array of the scaler's static features' values per sequence, to be
        filled in place: `given` (a continued state's) checked, else NaN (from the sequences'
        first `Scaler.STATIC_STEPS` steps); None where the scaler has no static features."""
        features = [] if self.scaler is None else self.scaler.static_features
        if not features:
            return None
        if given is None:
            return np.full((num_sequences, len(features)), np.nan, "float32")
        values = np.array(given, "float32")
        if values.shape != (num_sequences, len(features)):
            raise ValueError(
                f"The state's `static_values` must hold the {len(features)} static feature(s) of each of the "
                f"{num_sequences} sequences: shape {(num_sequences, len(features))}. Received: shape {values.shape}")
        return values

    # Generated steps `calibrate_marginals` draws at least, so that the generator's quantiles
    # are estimated finely even from a few real windows.
    CALIBRATION_STEPS = 20_000
    # Classifier steps of each of the check's runs (the TimeGAN protocol's), unless `max_seconds` cuts them.
    CALIBRATION_CHECK_STEPS = 2000

    def calibrate_marginals(self, real, condition=None, seed: int = 0, only_if_better: bool = True,
                            per_category: bool = True, category_slice=None, max_seconds=None) -> dict:
        """Gives each generated feature the distribution of the real data, where that helps.

        Generates at least as many windows as `real` holds (of its length, for its
        `condition`s) and fits the scaler's monotone map from the generated values of each
        feature to the real ones (`Scaler.calibrate`, quantile matching), which `generate`,
        `stream` and the exported SavedModel then apply in original units. The map keeps
        the order of each feature's values, so the sequences' movement is the generator's,
        and puts right what a generator ending in a sigmoid matches poorly: a feature's
        share of a repeated value (zero precipitation on most days), its skew and tails.
        But it maps each feature on its own, so where features hold tight relations to
        each other (series that trend together) and the generator's levels are off, it can
        break those relations. So by default (`only_if_better`) the map is kept only if the
        discriminative score (the TimeGAN classifier, two runs of 2,000 steps, on all of
        `real` and as many freshly generated windows) is lower with it than without; this
        needs the metrics' libraries (`tfgan_rnn.metrics`).

        With one-hot conditions (categories, as `tfgan-rnn train --condition-column` makes
        them), each category with at least `Scaler.CALIBRATION_CATEGORY_STEPS` real steps
        also gets a map of its own, learnt on its steps alone, so that each category's
        distribution is the data's (a rainy day's share of no rain, a sunny day's); the
        steps of rarer categories, and of conditions that are not one-hot, go through the
        map for all steps. The check scores all of them together, with each step's condition
        beside its values (`metrics.conditioned_pair`), so that it sees whether each
        category's values fit it, not only the mixture of all. Where the condition holds
        more than one set of categories, or categories and numbers side by side,
        `category_slice` names the entries of the one-hot whose categories get maps
        (`tfgan-rnn train` passes the first categorical column's, and `per_category=False`
        where the condition holds only numbers, which could otherwise read as one-hot).

        Fit it again after more training (it describes the generator it was fit on);
        `tfgan-rnn train` runs it at the end unless `--no-calibrate`, and the map is saved
        with the model.

        Args:
            real: real windows `(num_windows, time, features)` in original units (the
                training data, or a sample of its windows), or a list of whole sequences
                of different lengths `(time_i, features)`, as `fit` takes them: then the
                map is learnt on their steps and as many generated ones, generated
                sequences get the real ones' lengths, and the check scores both held at
                their last value after their end (`data.hold_last`).
            condition: for a conditional GAN, the real windows' conditions, as `generate`
                takes them (one per window or one per step; for a list of sequences, one
                per sequence or a list of per-step arrays as long as their sequences).
            seed: seed of the generated samples (and of the scores).
            only_if_better: keep the map only if it lowers the discriminative score; False
                keeps it regardless and scores nothing.
            per_category: learn a map per category (with one-hot conditions); False: one
                map for all steps, whatever the condition.
            category_slice: `(start, stop)`, the entries of the condition that hold the
                one-hot categories (`tfgan_rnn.data.categories_of`); None: the whole
                condition. Saved with the map, so `generate`, `stream` and the export read
                the categories there too.
            max_seconds: a time limit for the check's four classifier runs (None: none):
                where 2,000 steps each would take longer (hundreds of features), each
                run trains as many steps as the first managed in its quarter of it
                (`metrics.discriminative_score(max_seconds=...)`), the same for both
                scores. `tfgan-rnn train` gives it half the training's time, a minute at
                least.

        Returns:
            `{"calibrated": whether the map is kept, "categories_calibrated": the categories
            with a map of their own (a list, empty if none), "discriminative_score_as_generated",
            "discriminative_score_calibrated", "check_iterations": the classifier steps of
            each of the check's runs}` (with a `condition`, scored with it beside the
            values; the scores and steps None without `only_if_better`,
            and with a single real window, which cannot be scored: then the map is not kept).

        Example (a feature that is zero on 60% of the steps):

        >>> import numpy as np, tfgan_rnn
        >>> from tfgan_rnn.scaling import Scaler
        >>> rng = np.random.default_rng(0)
        >>> real = np.where(rng.random((64, 12, 1)) < 0.6, 0.0, rng.gamma(2.0, 3.0, (64, 12, 1)))
        >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
        ...                              tfgan_rnn.LSTMDiscriminator(1, units=4, num_layers=1), seed=0,
        ...                              scaler=Scaler(snap=False).fit(real))
        >>> before = gan.generate(200, 12, seed=1)[0]
        >>> gan.calibrate_marginals(real, only_if_better=False)["calibrated"]
        True
        >>> after = gan.generate(200, 12, seed=1)[0]
        >>> round(float(np.mean(before == 0)), 2), round(float(np.mean(after == 0)), 1)
        (0.0, 0.6)
        """
        if self.scaler is None or not self.scaler.fitted:
            raise ValueError(
                "calibrate_marginals maps generated values to the real data's distribution through the "
                "model's scaler, and this model has none: build it with `RecurrentGAN(..., "
                "scaler=Scaler().fit(data))`, and train it on `scaler.transform(data)`.")
        if not isinstance(only_if_better, bool):
            raise ValueError("Expected `only_if_better` to be True or False. "
                             f"Received: only_if_better={only_if_better!r}")
        real, lengths, condition = self._checked_real(real, condition)
        num_windows, length = real.shape[0], real.shape[1]
        if not isinstance(per_category, bool):
            raise ValueError(f"Expected `per_category` to be True or False. Received: per_category={per_category!r}")
        if category_slice is not None:
            if condition is None or not per_category:
                raise ValueError("`category_slice` names where the categories sit in the condition; it needs "
                                 "`condition` and `per_category=True`. Received: "
                                 f"category_slice={category_slice!r}, condition "
                                 f"{'None' if condition is None else 'given'}, per_category={per_category}")
            data_lib.check_category_slice(category_slice, self.condition_dim)
        optional_positive_seconds(max_seconds, "max_seconds")
        if only_if_better:  # before any work: a training-only environment lacks the metrics' libraries
            from tfgan_rnn.metrics import conditioned_pair, discriminative_score, scaled_pair
        valid, repeats, many = self._generated_like(real, lengths, condition)
        # Static features are read from the first STATIC_STEPS steps, as `generate` reads them, however long.
        steps = max(length, self.scaler.STATIC_STEPS) if self.scaler.static_features else length
        generated, _ = self.generate(num_windows * repeats, steps, seed=seed, condition=_steps_of(many, steps),
                                     original_units=False)
        generated_static = real_static = None
        scaled_real = self.scaler.transform(real)
        if self.scaler.static_features:  # the values sequences keep get the real sequences' distribution
            generated_static = self.scaler.static_values(generated, scaled=True)
            real_static = scaled_real[:, 0, self.scaler.static_features]
        generated = generated[:, :length]
        categories = None if condition is None or not per_category else data_lib.step_categories(
            condition, length, category_slice)
        generated_categories = None if categories is None else np.concatenate([categories] * repeats)
        valid_generated = np.concatenate([valid] * repeats)
        self.scaler.calibrate(generated[valid_generated], scaled_real[valid],
                              None if categories is None else generated_categories[valid_generated],
                              None if categories is None else categories[valid], category_slice=category_slice,
                              generated_static=generated_static, real_static=real_static)
        result = {"calibrated": True, "categories_calibrated": sorted(self.scaler.category_calibration or []),
                  "discriminative_score_as_generated": None, "discriminative_score_calibrated": None,
                  "check_iterations": None}
        if not only_if_better:
            return result
        if num_windows < 2:  # the score's classifier trains on 80% of each set and tests on the rest
            return self._drop_calibration(result)
        # A fresh sample, as many windows as `real`: on a subsample the classifier learns mostly
        # the marginals, which the map fixes, and misses the joint movement it can break
        # (Energy, benchmarks/README.md), so the check scores as the protocol does.
        fresh_condition = _steps_of(condition, steps)
        fresh, _ = self.generate(num_windows, steps, seed=seed + 1, condition=fresh_condition, original_units=False)
        fresh_categories = None if categories is None else data_lib.step_categories(fresh_condition, steps,
                                                                                    category_slice)
        iterations, limit = self.CALIBRATION_CHECK_STEPS, None if max_seconds is None else max_seconds / 2

        def held(values):  # sequences of different lengths: each at its last value after its end, as scored
            return values if lengths is None else data_lib.hold_last(values, lengths)

        def keep(values):  # static features at one value a sequence, as `generate` gives them; the window's steps
            return self.scaler.keep_static(values)[:, :length]

        for key, generated_values in (("discriminative_score_as_generated", keep(self.scaler.inverse_transform(fresh))),
                                      ("discriminative_score_calibrated", keep(self.scaler.inverse_transform(
                                          fresh, generated=True, categories=fresh_categories)))):
            pair = scaled_pair(held(real), held(generated_values))
            if condition is not None:
                pair = conditioned_pair(*pair, condition, condition)
            score = discriminative_score(*pair, num_runs=2, iterations=iterations, seed=seed, max_seconds=limit)
            result[key] = score.mean
            iterations, limit = score.iterations or iterations, None  # the second score: as many steps as the first
        result["check_iterations"] = iterations
        if result["discriminative_score_calibrated"] >= result["discriminative_score_as_generated"]:
            return self._drop_calibration(result)
        return result

    def _checked_real(self, real, condition):
        """`(real, lengths, condition)`: `real` windows checked, or whole sequences padded
        with their `lengths` (else None); `condition` checked, per-step conditions of whole
        sequences padded and held after their end."""
        lengths = None
        if data_lib.is_variable_length(real):  # whole sequences: padded, each scored held after its end
            real, lengths = data_lib.pad_sequences(real, self.output_dim, "real")
            if self.condition_dim and isinstance(condition, (list, tuple)) and all(np.ndim(c) == 2 for c in condition):
                condition = self._padded_step_conditions(condition, lengths)
        else:
            real = data_lib.check_sequences(real, num_features=self.output_dim, name="real")
        condition = self._check_condition(condition, real.shape[0], real.shape[1])
        if lengths is not None and condition is not None and condition.ndim == 3:
            condition = data_lib.hold_last(condition, lengths)
        return real, lengths, condition

    def _generated_like(self, real, lengths, condition):
        """`(valid, repeats, many)` for a generated sample like `real` (`_checked_real`'s):
        the real steps within each sequence, how many times `real`'s windows to generate for
        at least `CALIBRATION_STEPS` steps, and `condition` repeated as often."""
        valid = np.ones(real.shape[:2], bool) if lengths is None else \
            np.arange(real.shape[1])[None] < lengths[:, None]  # the steps within each sequence
        repeats = -(-self.CALIBRATION_STEPS // int(valid.sum()))
        many = condition
        if condition is not None and condition.ndim > 1:
            many = np.concatenate([condition] * repeats)
        return valid, repeats, many

    def match_category_shares(self, real, condition=None, seed: int = 0, iterations: int = 8) -> dict:
        """Gives the generated columns of categories the real data's share of steps in each
        category, by moving the bias of the generator's category logits.

        Training holds the shares near the real batch's (`category_share_weight`), yet
        trained generators drew rare categories less often than the data has them (at about
        40-75% of their share on Seattle's weather and Wages' yes/no columns,
        benchmarks/README.md). For a generator that draws its categories itself
        (`LSTMGenerator(category_blocks=...)`), this generates at least
        `CALIBRATION_STEPS` steps like `real` (its windows' length, its conditions) and
        adds to each category's logit bias the logarithm of its real share over its
        generated one, up to `iterations` times, with the same noise each time, keeping a
        move only where it brings the shares closer to the data's (Kullback-Leibler) and
        halving the next where not: a generator whose logits read the very noise its draw
        adds can hold a category nearly fixed, so that a small move of its bias flips many
        steps at once. So the shares end no further from the data's than they started. The
        logits' other weights, and so how a category follows the sequence, stay as
        trained. The bias is a weight, so `generate`, `save` and the export draw the new
        shares. `tfgan-rnn train` runs it at the end, before `calibrate_marginals`, unless
        `--no-calibrate`.

        Args:
            real: real windows `(num_windows, time, features)` in original units, or a
                list of whole sequences `(time_i, features)`, as `calibrate_marginals`
                takes them.
            condition: for a conditional GAN, the real windows' conditions, as `generate`
                takes them.
            seed: seed of the generated sample.
            iterations: how many moves of the bias to try (at least 1).

        Returns:
            `{"real": shares, "before": shares, "after": shares}`, each a list with one
            list per column of categories (in the scaler's order) of each category's share
            of the steps: the data's, generated before, and generated after.

        Example (a generator drawing a category on 9 steps in 10 rarely):

        >>> import numpy as np, keras, tfgan_rnn
        >>> from tfgan_rnn.scaling import Scaler
        >>> real = np.eye(2)[(np.random.default_rng(0).random((64, 12)) < 0.1).astype(int)]
        >>> scaler = Scaler(categorical=[["rain", 0, ["no", "yes"]]]).fit(real)
        >>> keras.utils.set_random_seed(0)
        >>> generator = tfgan_rnn.LSTMGenerator(4, 2, units=4, num_layers=1,
        ...                                     category_blocks=scaler.category_blocks(), static_noise_dim=2)
        >>> gan = tfgan_rnn.RecurrentGAN(generator, tfgan_rnn.LSTMDiscriminator(2, units=4, num_layers=1),
        ...                              seed=0, scaler=scaler, static_noise_dim=2)
        >>> shares = gan.match_category_shares(real)
        >>> {key: [round(share, 2) for share in shares[key][0]] for key in ("real", "before", "after")}
        {'real': [0.91, 0.09], 'before': [0.55, 0.45], 'after': [0.91, 0.09]}
        """
        logits = self._category_logits_layer()
        if logits is None:
            raise ValueError(
                "match_category_shares moves the bias of the category logits of a generator that draws its "
                "columns of categories itself: an `LSTMGenerator(category_blocks=scaler.category_blocks(), "
                "static_noise_dim=...)`, with the GAN's scaler. Received: a generator "
                + ("that draws no categories" if not self._generator_draws_categories()
                   else "without a `category_logits` layer with a bias"))
        iterations = positive_int(iterations, "iterations")
        real, lengths, condition = self._checked_real(real, condition)
        valid, repeats, many = self._generated_like(real, lengths, condition)
        length = real.shape[1]
        blocks = self.scaler._block_ranges()
        real_shares = self._category_shares(self.scaler.transform(real), valid, blocks)
        valid_generated = np.concatenate([valid] * repeats)

        def generated_shares():
            generated, _ = self.generate(real.shape[0] * repeats, length, seed=seed,
                                         condition=_steps_of(many, length), original_units=False)
            return self._category_shares(generated, valid_generated, blocks)

        def divergence(shares):  # Kullback-Leibler from the real shares, summed over the blocks
            return sum(float(np.sum(r * (np.log(r + 1e-4) - np.log(g + 1e-4)))) for r, g in zip(real_shares, shares))

        before = shares = generated_shares()
        bias, distance, step = logits.bias.numpy(), divergence(before), 1.0
        for _ in range(iterations):
            move = np.concatenate([np.clip(np.log(np.maximum(r, 1e-4)) - np.log(np.maximum(g, 1e-4)), -3.0, 3.0)
                                   for r, g in zip(real_shares, shares)])
            logits.bias.assign((bias + step * move).astype("float32"))
            tried = generated_shares()
            if (closer := divergence(tried)) < distance:  # kept, the next move from there
                bias, shares, distance = logits.bias.numpy(), tried, closer
            else:  # past the data's shares (a draw the logits hold nearly fixed): half the move
                step /= 2
        logits.bias.assign(bias.astype("float32"))
        return {"real": [s.tolist() for s in real_shares], "before": [s.tolist() for s in before],
                "after": [s.tolist() for s in shares]}

    def _category_logits_layer(self):
        """The generator's `category_logits` Dense (an `LSTMGenerator` that draws its
        categories), or None."""
        if not self._generator_draws_categories():
            return None
        try:
            layer = self.generator.get_layer("category_logits")
        except ValueError:
            return None
        return layer if getattr(layer, "bias", None) is not None else None

    def _category_shares(self, values, valid, blocks):
        """Each block's share of `valid` steps in each category, from `values` in model units."""
        offset, scale = np.asarray(self.scaler.offset), np.asarray(self.scaler.scale)
        shares = []
        for first, stop in blocks:
            unit = (np.asarray(values)[..., first:stop] - offset[first:stop]) / scale[first:stop]
            chosen = np.argmax(unit, axis=-1)[valid]
            shares.append(np.bincount(chosen, minlength=stop - first) / max(chosen.size, 1))
        return shares

    def _drop_calibration(self, result):
        self.scaler.calibration = self.scaler.category_calibration = self.scaler.category_slice = None
        result.update(calibrated=False, categories_calibrated=[])
        return result

    def generate_variable_length(self, num_sequences, lengths=None, seed=None, condition=None,
                                 original_units=True):
        """Generates sequences of different lengths, as a list.

        Args:
            num_sequences: number of sequences.
            lengths: the length of each sequence (`num_sequences` positive integers), or
                None to draw them from the lengths of the training sequences (a model
                trained on sequences of different lengths remembers how many had each
                length, and saves it). Where those sequences' conditions were a few
                categories (`training_lengths_by_condition`), a sequence generated for one
                of them gets a length of that category's sequences.
            seed: noise seed (also draws the lengths); None for a random one.
            condition: as in `generate` (a per-step condition covers the longest length,
                and its sequences' lengths are drawn from all the training sequences').
            original_units: as in `generate`.

        Returns:
            A list of `num_sequences` float32 arrays `(length_i, output_dim)`.

        Example:

        >>> import numpy as np, tfgan_rnn
        >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
        ...                              tfgan_rnn.LSTMDiscriminator(1, units=4, num_layers=1), seed=0)
        >>> [s.shape for s in gan.generate_variable_length(3, lengths=[5, 2, 7], seed=0)]
        [(5, 1), (2, 1), (7, 1)]

        A conditional model trained on a list of sequences of different lengths draws each
        category's own lengths:

        >>> generator = tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1, condition_dim=2)
        >>> discriminator = tfgan_rnn.LSTMDiscriminator(1, units=4, num_layers=1, condition_dim=2)
        >>> gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0)
        >>> gan.compile()
        >>> sequences = [np.zeros((length, 1)) for length in (3, 3, 9, 9)]
        >>> _ = gan.fit(sequences, np.eye(2)[[0, 0, 1, 1]], batch_size=4, epochs=1, verbose=0)
        >>> drawn = gan.generate_variable_length(4, seed=0, condition=np.eye(2)[[1, 0, 1, 0]])
        >>> [len(s) for s in drawn]
        [9, 3, 9, 3]
        """
        num_sequences = positive_int(num_sequences, "num_sequences")
        if seed is None:
            seed = int(np.random.default_rng().integers(2**31 - 1))
        if lengths is None:
            lengths = self._drawn_lengths(num_sequences, seed, condition=condition)
        lengths = [int(length) for length in np.asarray(lengths).reshape(-1)]
        if len(lengths) != num_sequences or min(lengths) < 1:
            raise ValueError(
                f"Expected `lengths` to hold {num_sequences} positive integers (one per "
                f"sequence). Received: lengths={lengths[:20]}"
            )
        sequences, _ = self.generate(num_sequences, max(lengths), seed=seed, condition=condition,
                                     original_units=original_units)
        return [sequence[:length] for sequence, length in zip(sequences, lengths)]

    def _drawn_lengths(self, num_sequences, seed, lengths=None, condition=None) -> np.ndarray:
        """`num_sequences` lengths drawn, by `seed`, as often as the training sequences had them
        (or as `lengths`, `{length: count}`, has them); a sequence whose `condition` (one vector,
        or one per sequence) is one in `training_lengths_by_condition`, as often as the training
        sequences of that condition had them."""
        lengths = lengths or self.training_lengths
        if not lengths:
            raise ValueError(
                "This model was not trained on sequences of different lengths, so it has "
                "no length distribution to draw from: pass `lengths`. Received: lengths=None"
            )
        drawn = _draw(lengths, num_sequences, np.random.default_rng(seed))
        shape = np.shape(condition)
        if self.training_lengths_by_condition and shape in ((self.condition_dim,), (num_sequences, self.condition_dim)):
            rows = np.broadcast_to(np.asarray(condition, "float32"), (num_sequences, self.condition_dim))
            known = np.stack([known for known, _ in self.training_lengths_by_condition])
            matches = np.isclose(rows[:, None], known[None], rtol=0, atol=1e-6).all(-1)
            rng = np.random.default_rng([seed, 1])  # apart from the draw above, which it replaces
            for index, (_, counts) in enumerate(self.training_lengths_by_condition):
                chosen = matches[:, index] & ~matches[:, :index].any(-1)
                drawn[chosen] = _draw(counts, int(chosen.sum()), rng)
        return drawn

    def stream(self, num_sequences, length, chunk_length=1024, state=None, seed=None, original_units=True,
               condition=None, batch_size=None):
        """Yields `(chunk, state)` pairs that together make `generate(num_sequences, length)`.

        Each chunk is `(num_sequences, <= chunk_length, output_dim)`; write it out and drop
        it, and memory stays constant however long the sequences are. The state after
        each chunk can be kept to continue later. `condition` and `batch_size` are as in
        `generate`.

        Example:

        >>> import numpy as np, tfgan_rnn
        >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
        ...                              tfgan_rnn.ConvDiscriminator(1), seed=0)
        >>> chunks = [chunk for chunk, _ in gan.stream(2, 2500, chunk_length=1000, seed=3)]
        >>> [c.shape[1] for c in chunks]
        [1000, 1000, 500]
        >>> bool(np.allclose(np.concatenate(chunks, 1), gan.generate(2, 2500, seed=3)[0], atol=1e-5))
        True
        """
        length = positive_int(length, "length")
        chunk_length = positive_int(chunk_length, "chunk_length")
        condition = self._check_condition(condition, num_sequences, length)
        done = 0
        while done < length:
            size = min(chunk_length, length - done)
            piece = condition
            if condition is not None and condition.ndim == 3:
                # The warm-up of the first chunk reads the first step's condition, as in `generate`.
                piece = condition[:, done : done + size]
            chunk, state = self.generate(num_sequences, size, state=state, seed=seed,
                                         chunk_length=chunk_length, original_units=original_units,
                                         condition=piece, batch_size=batch_size)
            seed = state.seed
            done += size
            yield chunk, state

    def _generate_into(self, output, seed, start=0, flat_state=None, condition=None, chunk_length=1024,
                       batch_size=None, original_units=True, keep_state=False, static=None):
        """Fills `output` `(num_sequences, length, output_dim)` (an array or a memmap) with
        steps start..start+length-1, `batch_size` sequences at a time, so that memory
        follows the batch, not `num_sequences` (`generate`'s work, checked arguments).

        `flat_state`: the initial state as a flat list of `(num_sequences, units)`
        tensors, or None for a fresh start (zeros, then the warm-up steps). With
        `keep_state`, returns the final state as a flat list of numpy arrays, else None.
        `static`: `_static_values`' array, filled in place (None: made here when needed):
        where NaN, from the lower median of the first `Scaler.STATIC_STEPS` steps of this
        call (generated ahead, so the values depend neither on `chunk_length` nor on `length`).
        """
        num_sequences, length = int(output.shape[0]), int(output.shape[1])
        if static is None and original_units:
            static = self._static_values(None, num_sequences)
        if batch_size is None:
            batch_size = generation_batch_size(min(chunk_length, length), self.latent_dim)
        widths = [units for units in self.state_sizes for _ in range(2)]
        final_state = [np.empty((num_sequences, units), "float32") for units in widths] if keep_state else None
        for first_sequence in range(0, num_sequences, batch_size):
            rows = slice(first_sequence, min(num_sequences, first_sequence + batch_size))
            count = rows.stop - rows.start
            if flat_state is None:
                group_state = self._zero_generator_state(count)
            else:
                group_state = [t[rows] for t in flat_state]
            group_condition = None if condition is None else condition[rows]
            if flat_state is None and self.warmup_steps:  # steps -warmup_steps..-1
                first_step = group_condition
                if condition is not None and condition.ndim == 3:
                    first_step = group_condition[:, :1]
                group_state = self._run_chunks(seed, -self.warmup_steps, self.warmup_steps, group_state,
                                               first_sequence, count, chunk_length, output=None,
                                               condition=first_step)
            group_static = None if static is None or not original_units else static[rows]
            unset = group_static is not None and np.isnan(group_static).any()
            read_after = unset and length >= self.scaler.STATIC_STEPS  # from the steps this call generates
            if unset and not read_after:  # fewer steps than they are read from: those generated apart
                self._look_ahead_static(group_static, seed, start, group_state, first_sequence, count, chunk_length,
                                        group_condition)
            group_state = self._run_chunks(seed, start, length, group_state, first_sequence, count,
                                           chunk_length, output=output[rows], original_units=original_units,
                                           condition=group_condition, static=None if read_after else group_static)
            if read_after:
                part, missing = output[rows], np.isnan(group_static).any(axis=1)
                group_static[missing] = self.scaler.static_values(part)[missing]
                part[..., self.scaler.static_features] = group_static[:, None]
            if final_state is not None:
                for whole, part in zip(final_state, group_state):
                    whole[rows] = part.numpy()
        return final_state

    def _look_ahead_static(self, static, seed, start, flat_state, first_sequence, num_sequences, chunk_length,
                           condition):
        """Fills the NaN rows of `static` (a view) with `Scaler.static_values` of the steps
        start..start+STATIC_STEPS-1 generated from `flat_state` (a condition per step
        beyond the one given: its last step's)."""
        steps = self.scaler.STATIC_STEPS
        condition = _steps_of(condition, steps)
        ahead = np.empty((num_sequences, steps, self.output_dim), "float32")
        self._run_chunks(seed, start, steps, flat_state, first_sequence, num_sequences, chunk_length, output=ahead,
                         original_units=True, condition=condition)
        unset = np.isnan(static).any(axis=1)
        static[unset] = self.scaler.static_values(ahead)[unset]

    def _run_chunks(self, seed, start, length, flat_state, first_sequence, num_sequences, chunk_length,
                    output, original_units=False, condition=None, static=None):
        """Generates steps start..start+length-1 of sequences first_sequence ..
        first_sequence + num_sequences - 1 into `output` (or discards them).

        `condition`: None, `(num_sequences, k)` for every step, or `(num_sequences, 1 or
        length, k)` per step (one step: repeated). `static`: the static features' values
        per sequence (`_static_values`, set), kept at every step."""
        generate_chunk = self._generate_chunk_function()
        done = 0
        while done < length:
            size = min(chunk_length, length - done)
            pieces, piece = [], None
            if condition is not None:
                if condition.ndim == 2:
                    piece = np.repeat(condition[:, None], size, axis=1)
                elif condition.shape[1] == 1:
                    piece = np.repeat(condition, size, axis=1)
                else:
                    piece = condition[:, done : done + size]
                pieces = [tf.convert_to_tensor(piece, tf.float32)]
            outputs = generate_chunk(
                tf.constant(seed, tf.int64),
                tf.constant(start + done, tf.int64),
                tf.constant(size, tf.int64),
                tf.constant(first_sequence, tf.int64),
                tf.constant(num_sequences, tf.int64),
                flat_state,
                pieces,
            )
            if output is not None:
                chunk = outputs[0].numpy()
                if self.scaler is not None and original_units:
                    categories = None
                    if piece is not None and self.scaler.category_calibration:
                        categories = data_lib.categories_of(piece, self.scaler.category_slice)
                    chunk = self.scaler.inverse_transform(chunk, generated=True, categories=categories)
                    if static is not None:
                        chunk[..., self.scaler.static_features] = static[:, None]
                output[:, done : done + size] = chunk
            flat_state = list(outputs[1:])
            done += size
        return flat_state

    def _check_state(self, layers, num_sequences):
        layers = list(layers)
        expected = [(num_sequences, units) for units in self.state_sizes]
        shapes = [tuple(np.shape(part)) for layer in layers for part in layer]
        if len(layers) != len(self.state_sizes) or shapes != [s for s in expected for _ in range(2)]:
            raise ValueError(
                "The generator state must hold one LSTMState(h, c) per layer, each of "
                f"shape {expected} (num_sequences, units). Received: shapes {shapes}"
            )
        return [tf.convert_to_tensor(np.asarray(t, "float32")) for t in state_lib.flatten_state(layers)]


class _FinalizeGeneratorAverage(keras.callbacks.Callback):
    """At the end of `fit`, replaces the generator's weights by the moving average its
    optimizer keeps, as `keras.Model.fit` does for a single-optimizer model."""

    def on_train_end(self, logs=None):
        optimizer = self.model._generator_average_optimizer()
        if optimizer is not None:  # None when no step ran
            optimizer.finalize_variable_values(self.model.generator.trainable_variables)


def _integer_seed(seed):
    """`seed` as an int (numpy's integers too), or None; anything else is refused."""
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"Expected an integer `seed` or None. Received: seed={seed!r}")
    return int(seed)


def _twice(tensor):
    """`tensor` stacked on itself along the batch (real and fake side by side), or None."""
    return None if tensor is None else ops.concatenate([tensor, tensor], axis=0)


def _missing_gradients(variables, gradients) -> list:
    """Paths of the variables whose gradient is None."""
    return [v.path for v, g in zip(variables, gradients) if g is None]


def _gradient_message(network: str, missing, non_finite) -> str:
    lines = [f"The {network}'s trainable variables do not all get a usable gradient from the {network} loss."]
    if missing:
        lines.append(f"No gradient (None) for {len(missing)} variable(s): {', '.join(missing)}")
    if non_finite:
        lines.append(f"Non-finite gradient (NaN/Inf) for {len(non_finite)} variable(s): {', '.join(non_finite)}")
    return "\n".join(lines)
