"""GAN losses by family and player, computed in float32 from raw discriminator outputs.

Each family has a `<family>_generator_loss(discriminator_fake_outputs)` and a
`<family>_discriminator_loss(discriminator_real_outputs, discriminator_fake_outputs)`;
`get(identifier)` returns the pair as a `LossFamily`. Outputs are logits (for the
Wasserstein and hinge families, critic values); any shape, averaged over all entries,
so per-step logits `(batch, time, 1)` work as well as per-sequence `(batch, 1)`.

Example:

>>> import numpy as np
>>> from tfgan_rnn import losses
>>> family = losses.get("wasserstein")
>>> float(family.generator_loss(np.array([[1.0], [3.0]])))
-2.0
>>> sorted(losses.FAMILIES)
['hinge', 'least_squares', 'minimax', 'non_saturating', 'wasserstein']
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import keras
import tensorflow as tf
from keras import ops

from tfgan_rnn import _distribute
from tfgan_rnn._settings import LOSS_FAMILIES


def _float32(x):
    return ops.cast(ops.convert_to_tensor(x), "float32")


@keras.saving.register_keras_serializable(package="tfgan_rnn")
def non_saturating_generator_loss(discriminator_fake_outputs):
    """-log D(G(z)) (Goodfellow et al. 2014, the practical variant).

    Args:
        discriminator_fake_outputs: the discriminator's logits on generated sequences.

    Example (a discriminator that cannot tell, logit 0, costs log 2):

    >>> import numpy as np
    >>> from tfgan_rnn import losses
    >>> round(float(losses.non_saturating_generator_loss(np.zeros((4, 1)))), 4)
    0.6931
    """
    return ops.mean(ops.softplus(-_float32(discriminator_fake_outputs)))


@keras.saving.register_keras_serializable(package="tfgan_rnn")
def non_saturating_discriminator_loss(discriminator_real_outputs, discriminator_fake_outputs):
    """-log D(x) - log(1 - D(G(z))): binary cross-entropy on logits.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn import losses
    >>> real, fake = np.array([[2.0], [0.0]]), np.array([[-2.0], [1.0]])
    >>> round(float(losses.non_saturating_discriminator_loss(real, fake)), 4)
    1.1301
    """
    real = _float32(discriminator_real_outputs)
    fake = _float32(discriminator_fake_outputs)
    return ops.mean(ops.softplus(-real)) + ops.mean(ops.softplus(fake))


@keras.saving.register_keras_serializable(package="tfgan_rnn")
def minimax_generator_loss(discriminator_fake_outputs):
    """log(1 - D(G(z))): the original minimax objective (saturates early in training).

    Example (the negative of the discriminator's loss on the fakes):

    >>> import numpy as np
    >>> from tfgan_rnn import losses
    >>> round(float(losses.minimax_generator_loss(np.zeros((4, 1)))), 4)
    -0.6931
    """
    return -ops.mean(ops.softplus(_float32(discriminator_fake_outputs)))


minimax_discriminator_loss = non_saturating_discriminator_loss


@keras.saving.register_keras_serializable(package="tfgan_rnn")
def wasserstein_generator_loss(discriminator_fake_outputs):
    """-E[C(G(z))] (Arjovsky et al. 2017).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn import losses
    >>> float(losses.wasserstein_generator_loss(np.array([[-2.0], [1.0]])))
    0.5
    """
    return -ops.mean(_float32(discriminator_fake_outputs))


@keras.saving.register_keras_serializable(package="tfgan_rnn")
def wasserstein_discriminator_loss(discriminator_real_outputs, discriminator_fake_outputs):
    """E[C(G(z))] - E[C(x)]; pair it with `gradient_penalty` (WGAN-GP).

    Example (a critic that scores real sequences higher gets a negative loss):

    >>> import numpy as np
    >>> from tfgan_rnn import losses
    >>> float(losses.wasserstein_discriminator_loss(np.array([[2.0], [0.0]]), np.array([[-2.0], [1.0]])))
    -1.5
    """
    return ops.mean(_float32(discriminator_fake_outputs)) - ops.mean(
        _float32(discriminator_real_outputs)
    )


hinge_generator_loss = wasserstein_generator_loss


@keras.saving.register_keras_serializable(package="tfgan_rnn")
def hinge_discriminator_loss(discriminator_real_outputs, discriminator_fake_outputs):
    """E[relu(1 - D(x))] + E[relu(1 + D(G(z)))] (Lim & Ye 2017).

    Example (scores beyond the margins, real above 1 and fake below -1, cost nothing):

    >>> import numpy as np
    >>> from tfgan_rnn import losses
    >>> float(losses.hinge_discriminator_loss(np.array([[2.0], [3.0]]), np.array([[-2.0], [-1.5]])))
    0.0
    """
    real = _float32(discriminator_real_outputs)
    fake = _float32(discriminator_fake_outputs)
    return ops.mean(ops.relu(1.0 - real)) + ops.mean(ops.relu(1.0 + fake))


@keras.saving.register_keras_serializable(package="tfgan_rnn")
def least_squares_generator_loss(discriminator_fake_outputs):
    """0.5 E[(D(G(z)) - 1)^2] (Mao et al. 2017).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn import losses
    >>> float(losses.least_squares_generator_loss(np.array([[-2.0], [1.0]])))
    2.25
    """
    return 0.5 * ops.mean(ops.square(_float32(discriminator_fake_outputs) - 1.0))


@keras.saving.register_keras_serializable(package="tfgan_rnn")
def least_squares_discriminator_loss(discriminator_real_outputs, discriminator_fake_outputs):
    """0.5 E[(D(x) - 1)^2] + 0.5 E[D(G(z))^2].

    Example (real scored 1 and fake 0 is the optimum):

    >>> import numpy as np
    >>> from tfgan_rnn import losses
    >>> float(losses.least_squares_discriminator_loss(np.ones((2, 1)), np.zeros((2, 1))))
    0.0
    """
    real = _float32(discriminator_real_outputs)
    fake = _float32(discriminator_fake_outputs)
    return 0.5 * ops.mean(ops.square(real - 1.0)) + 0.5 * ops.mean(ops.square(fake))


def gradient_penalty(discriminator: Callable, real, fake, seed=None):
    """The WGAN-GP penalty E[(||grad_x D(x_hat)||_2 - 1)^2] (Gulrajani et al. 2017).

    `x_hat = real + alpha * (fake - real)` with `alpha ~ U[0, 1]` drawn once per
    example; the gradient norm runs over all non-batch axes (time and features), and
    everything is float32. With per-step logits the gradient is of their sum per
    example, so each example's norm is that of its own critic value.

    Args:
        discriminator: callable mapping a `(batch, time, features)` tensor to logits.
        real: real sequences.
        fake: generated sequences, same shape as `real`.
        seed: a `keras.random.SeedGenerator` or int for the mix weights.

    Returns:
        A float32 scalar.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.losses import gradient_penalty
    >>> critic = lambda x: 3.0 * x[:, 0, :1]   # gradient norm 3 everywhere
    >>> real = np.zeros((4, 5, 2), "float32")
    >>> float(gradient_penalty(critic, real, real + 1.0, seed=0))
    4.0
    """
    real = _float32(real)
    fake = _float32(fake)
    batch_size = ops.shape(real)[0]
    alpha_shape = (batch_size,) + (1,) * (len(real.shape) - 1)
    alpha = _distribute.draw(keras.random.uniform, alpha_shape, seed, minval=0.0, maxval=1.0)
    interpolated = real + alpha * (fake - real)
    with tf.GradientTape() as tape:
        tape.watch(interpolated)
        # Keras models take `training`; plain callables (as in the example) do not.
        keras_model = isinstance(discriminator, keras.layers.Layer)
        logits = discriminator(interpolated, training=True) if keras_model else discriminator(interpolated)
        total = ops.sum(_float32(logits))
    gradients = tape.gradient(total, interpolated)
    reduce_axes = tuple(range(1, len(real.shape)))
    norms = ops.sqrt(ops.sum(ops.square(gradients), axis=reduce_axes) + 1e-12)
    return ops.mean(ops.square(norms - 1.0))


def moment_matching_loss(real, fake, mask=None, relative=False, per_step=False):
    """Distance between the batch moments of real and generated sequences.

    The mean absolute difference of per-feature means and standard deviations, over all
    values and over the first differences along time (so that both the levels and the
    step-to-step movement of generated data match the real batch). A regulariser for
    the generator in the spirit of TimeGAN's moment loss; float32. Under
    `tf.distribute` the moments are the global batch's (each replica's sums are
    all-reduced, gradients flowing back through the all-reduce), so it equals a
    one-device run, except inside chunked training's loop over chunks, where each
    replica matches its own slice. With a boolean `mask` `(batch, time)` (True on valid steps) the moments are taken
    over valid steps only, and differences over pairs of valid steps. Sequences of one
    step have no differences; those moments then count as matched (0).

    With `relative=True` each feature's differences are measured in units of the real
    batch's standard deviation of that feature (for the moments of values) and of its
    first differences (for the moments of differences), plus 1e-3. Absolute
    differences hardly see a smooth series' step-to-step movement (a few thousandths on
    min-max scaled data); relative ones weigh it as much as the levels, for every
    feature whatever its scale.

    With `per_step=True` the moments are taken at each time step over the batch (and
    each pair of steps for the differences), then their differences averaged over steps:
    for whole sequences aligned at their start (a hand movement, a heartbeat), where step
    t is the same moment of every sequence, this matches when things happen (the mean
    curve and its spread), which moments pooled over time cannot see. `relative` still
    divides by the real batch's pooled standard deviations. For windows cut at random
    from a long series every step has the same distribution, and per-step moments only
    add the batch's sampling noise.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.losses import moment_matching_loss
    >>> x = np.random.default_rng(0).random((8, 5, 2)).astype("float32")
    >>> float(moment_matching_loss(x, x))
    0.0
    >>> y = x.copy(); y[:, 1:] += 0.01 * np.arange(1, 5)[None, :, None]   # a gentle drift
    >>> round(float(moment_matching_loss(x, y)), 4) < round(float(moment_matching_loss(x, y, relative=True)), 4)
    True
    """
    real, fake = _float32(real), _float32(fake)
    if per_step:
        weights = ops.ones_like(real[..., 0]) if mask is None else ops.cast(mask, "float32")
        real_moments, fake_moments = _masked_moments(real, weights, (0,)), _masked_moments(fake, weights, (0,))
        pooled = _masked_moments(real, weights) if relative else None
    elif mask is not None or _distribute.num_replicas() > 1:
        weights = ops.ones_like(real[..., 0]) if mask is None else ops.cast(mask, "float32")
        real_moments, fake_moments = _masked_moments(real, weights), _masked_moments(fake, weights)
        pooled = real_moments
    else:
        real_moments, fake_moments = _moments(real), _moments(fake)
        pooled = real_moments
    differences = [ops.abs(a - b) for a, b in zip(real_moments, fake_moments)]
    if relative:
        # Each feature's value moments in units of its real standard deviation, its
        # difference moments in units of the real differences' standard deviation.
        value_scale = ops.stop_gradient(pooled[1]) + _RELATIVE_EPSILON
        step_scale = ops.stop_gradient(pooled[3]) + _RELATIVE_EPSILON
        scales = [value_scale, value_scale, step_scale, step_scale]
        differences = [d / scale for d, scale in zip(differences, scales)]
    # (A mean over no steps' differences, one-step sequences per step, counts as matched.)
    means = [ops.sum(d) / ops.maximum(ops.cast(ops.size(d), "float32"), 1.0) for d in differences]
    return ops.mean(ops.stack(means))


_RELATIVE_EPSILON = 1e-3


def category_share_loss(real, fake, blocks, mask=None):
    """How far the generated categories' shares are from the real batch's: for each block
    of one-hot features (a column of categories), the Kullback-Leibler divergence
    `sum_k r_k log(r_k / q_k)` from the real batch's share of steps in each category `r`
    to the generated batch's `q` (1e-3 added to both in the logarithms), averaged over the
    blocks; float32.

    `real` and `fake` are `(batch, time, features)` with each block's features 0 or 1 (a
    step's category one-hot), `blocks` the `(first, stop)` feature range of each block.
    Unlike a difference of means, the divergence grows without bound as a category the
    data has disappears from the generated batch (its gradient scales as `r_k / q_k`), so a
    rare category (one row in ten) is not traded away for the common ones. With a boolean
    `mask` `(batch, time)` only valid steps count; under `tf.distribute` the shares are the
    global batch's. `RecurrentGAN` takes `fake` straight through its categories' softmax,
    so the gradient reaches every category's probability.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.losses import category_share_loss
    >>> real = np.eye(2, dtype="float32")[[0] * 9 + [1]][None]      # one step in ten is 1
    >>> float(category_share_loss(real, real, [(0, 2)]))
    0.0
    >>> fake = np.eye(2, dtype="float32")[[0] * 10][None]           # never drawn
    >>> round(float(category_share_loss(real, fake, [(0, 2)])), 3)
    0.367
    """
    blocks = list(blocks)
    if not blocks:
        raise ValueError("Expected at least one block of categories, a `(first, stop)` range of features. "
                         f"Received: blocks={blocks!r}")
    real, fake = _float32(real), _float32(fake)
    weights = ops.ones_like(real[..., 0]) if mask is None else ops.cast(mask, "float32")
    total = _distribute.sum_over_replicas
    count = ops.maximum(total(ops.sum(weights)), 1.0)
    # every feature's share of the steps at once (one all-reduce a side), then each block's slice
    real_shares = ops.stop_gradient(total(ops.sum(real * weights[..., None], axis=(0, 1))) / count)
    fake_shares = total(ops.sum(fake * weights[..., None], axis=(0, 1))) / count
    divergences = [
        ops.sum(real_shares[first:stop] * (ops.log(real_shares[first:stop] + _SHARE_EPSILON)
                                           - ops.log(fake_shares[first:stop] + _SHARE_EPSILON)))
        for first, stop in blocks
    ]
    return ops.mean(ops.stack(divergences))


_SHARE_EPSILON = 1e-3


def _moments(x):
    """Per-feature mean and std of values and of first differences along time.

    One-step sequences have no differences: their difference moments are 0 for real and
    generated data alike (matched), not the NaN of a mean over nothing.
    """
    flat = ops.reshape(x, (-1, ops.shape(x)[-1]))
    steps = ops.reshape(x[:, 1:] - x[:, :-1], (-1, ops.shape(x)[-1]))
    count = ops.maximum(ops.cast(ops.shape(steps)[0], "float32"), 1.0)
    step_mean = ops.sum(steps, 0) / count
    step_std = ops.sqrt(ops.sum(ops.square(steps - step_mean), 0) / count + 1e-12)
    # (+1e-12: a feature constant over the batch, a category never drawn, has a finite gradient)
    return [ops.mean(flat, 0), ops.sqrt(ops.var(flat, 0) + 1e-12), step_mean, step_std]


def _masked_moments(x, weights, axis=(0, 1)):
    """Mean and std of values and of first differences, weighted by `weights` (batch, time),
    taken over `axis`: batch and time (per feature), or the batch alone (per step and
    feature). Under `tf.distribute`, over the global batch."""
    total = _distribute.sum_over_replicas

    def mean_std(values, w):
        w = w[..., None]
        count = ops.maximum(total(ops.sum(w, axis=axis)), 1.0)
        mean = total(ops.sum(values * w, axis=axis)) / count
        variance = total(ops.sum(ops.square(values - mean) * w, axis=axis)) / count
        return [mean, ops.sqrt(variance + 1e-12)]

    steps = x[:, 1:] - x[:, :-1]
    return mean_std(x, weights) + mean_std(steps, weights[:, 1:] * weights[:, :-1])


class LossFamily(NamedTuple):
    """A matched pair of GAN losses. Pass one to `RecurrentGAN.compile(loss=...)` to use
    your own functions (register them with `keras.saving.register_keras_serializable`
    so that saved models can find them again).

    Example (a softplus relaxation of the hinge loss, trained for one step):

    >>> import keras, numpy as np, tfgan_rnn
    >>> from keras import ops
    >>> from tfgan_rnn import losses
    >>> @keras.saving.register_keras_serializable(package="example")
    ... def soft_generator_loss(fake):
    ...     return ops.mean(ops.softplus(1.0 - fake))
    >>> @keras.saving.register_keras_serializable(package="example")
    ... def soft_discriminator_loss(real, fake):
    ...     return ops.mean(ops.softplus(1.0 - real)) + ops.mean(ops.softplus(1.0 + fake))
    >>> family = losses.LossFamily(soft_generator_loss, soft_discriminator_loss)
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
    ...                              tfgan_rnn.ConvDiscriminator(1), seed=0)
    >>> gan.compile(loss=family)
    >>> history = gan.fit(np.random.default_rng(0).random((16, 6, 1)), batch_size=16, verbose=0)
    >>> gan.loss_family.generator_loss is soft_generator_loss, bool(np.isfinite(history.history["generator_loss"][0]))
    (True, True)
    """

    generator_loss: Callable
    discriminator_loss: Callable


FAMILIES = {
    "non_saturating": LossFamily(non_saturating_generator_loss, non_saturating_discriminator_loss),
    "minimax": LossFamily(minimax_generator_loss, minimax_discriminator_loss),
    "wasserstein": LossFamily(wasserstein_generator_loss, wasserstein_discriminator_loss),
    "hinge": LossFamily(hinge_generator_loss, hinge_discriminator_loss),
    "least_squares": LossFamily(least_squares_generator_loss, least_squares_discriminator_loss),
}
if tuple(FAMILIES) != LOSS_FAMILIES:  # the CLI's --help lists the names without importing this module
    raise ImportError(f"tfgan_rnn._settings.LOSS_FAMILIES {LOSS_FAMILIES} does not name losses.FAMILIES {tuple(FAMILIES)}")


def get(identifier) -> LossFamily:
    """Returns the `LossFamily` for a name (or passes a `LossFamily` through).

    Raises:
        ValueError: for an unknown name, listing the valid ones.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn import losses
    >>> family = losses.get("hinge")
    >>> family is losses.FAMILIES["hinge"], family.discriminator_loss.__name__
    (True, 'hinge_discriminator_loss')
    >>> real, fake = np.array([[2.0], [0.0]]), np.array([[-2.0], [1.0]])
    >>> float(family.discriminator_loss(real, fake))  # relu(1 - real) and relu(1 + fake), averaged
    1.5
    >>> losses.get("lsgan")
    Traceback (most recent call last):
    ...
    ValueError: Unknown GAN loss. Expected one of 'non_saturating', 'minimax', 'wasserstein', 'hinge', 'least_squares', or a LossFamily(generator_loss, discriminator_loss) of callables. Received: loss='lsgan'
    """
    if isinstance(identifier, LossFamily):
        return identifier
    if isinstance(identifier, (tuple, list)) and len(identifier) == 2 and all(
        callable(f) for f in identifier
    ):
        return LossFamily(*identifier)
    if isinstance(identifier, str) and identifier in FAMILIES:
        return FAMILIES[identifier]
    raise ValueError(
        "Unknown GAN loss. Expected one of "
        f"{', '.join(repr(name) for name in FAMILIES)}, or a "
        "LossFamily(generator_loss, discriminator_loss) of callables. "
        f"Received: loss={identifier!r}"
    )
