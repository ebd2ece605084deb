import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import ops

from tfgan_rnn import losses

REAL = np.array([[2.0], [-1.0]], "float32")
FAKE = np.array([[0.5], [-3.0]], "float32")


def softplus(x):
    return np.log1p(np.exp(x))


# One row per family: (name, expected generator loss, expected discriminator loss).
GOLDEN = [
    ("non_saturating", np.mean(softplus(-FAKE)), np.mean(softplus(-REAL)) + np.mean(softplus(FAKE))),
    ("minimax", -np.mean(softplus(FAKE)), np.mean(softplus(-REAL)) + np.mean(softplus(FAKE))),
    ("wasserstein", 1.25, -1.25 - 0.5),
    ("hinge", 1.25, (0.0 + 2.0) / 2 + (1.5 + 0.0) / 2),
    ("least_squares", 0.5 * (0.25 + 16.0) / 2, 0.5 * (1.0 + 4.0) / 2 + 0.5 * (0.25 + 9.0) / 2),
]


@pytest.mark.parametrize("name,generator_loss,discriminator_loss", GOLDEN)
def test_golden_values(name, generator_loss, discriminator_loss):
    family = losses.get(name)
    np.testing.assert_allclose(float(family.generator_loss(FAKE)), generator_loss, rtol=1e-5)
    np.testing.assert_allclose(
        float(family.discriminator_loss(REAL, FAKE)), discriminator_loss, rtol=1e-5
    )


def test_losses_are_float32_for_float16_logits():
    value = losses.get("non_saturating").generator_loss(FAKE.astype("float16"))
    assert keras.backend.standardize_dtype(value.dtype) == "float32"


def test_unknown_loss_lists_valid_names():
    with pytest.raises(ValueError, match="'non_saturating'.*'least_squares'.*Received: loss='wgan'"):
        losses.get("wgan")


def test_gradient_penalty_norm_spans_time_and_features():
    # critic(x) = 0.5 * sum(x**2): its input gradient is x itself. With real = 0 and
    # fake = 1 the interpolate is alpha everywhere, so the per-example norm is
    # alpha * sqrt(time * features), with one alpha per example.
    def critic(x):
        return 0.5 * ops.sum(x**2, axis=(1, 2))[:, None]

    batch, time, features = 20000, 3, 3
    real = np.zeros((batch, time, features), "float32")
    penalty = float(losses.gradient_penalty(critic, real, real + 1.0, seed=3))
    scale = np.sqrt(time * features)  # 3
    # E[(alpha * s - 1)^2] for alpha ~ U[0, 1] is s^2 / 3 - s + 1 = 1.0 for s = 3;
    # a normal alpha would give s^2 + 1 = 10, and a norm over features only 0.33.
    np.testing.assert_allclose(penalty, scale**2 / 3 - scale + 1, rtol=0.03)


def test_gradient_penalty_is_zero_for_unit_slope_critic():
    critic = lambda x: x[:, :1, 0]  # noqa: E731  gradient norm exactly 1
    real = np.random.default_rng(0).random((8, 4, 2)).astype("float32")
    assert float(losses.gradient_penalty(critic, real, real * 2, seed=1)) == pytest.approx(0.0, abs=1e-6)


def test_moment_matching_sees_levels_and_step_to_step_movement():
    rng = np.random.default_rng(0)
    smooth = np.cumsum(rng.normal(0, 0.01, (64, 24, 2)), axis=1).astype("float32") + 0.5
    assert float(losses.moment_matching_loss(smooth, smooth)) == 0.0
    shifted = float(losses.moment_matching_loss(smooth, smooth + 0.2))
    assert shifted == pytest.approx(0.2 / 4, rel=1e-4)  # only the mean of values moves
    rough = smooth + rng.normal(0, 0.05, smooth.shape).astype("float32")
    assert float(losses.moment_matching_loss(smooth, rough)) > 0.01


def test_moment_matching_of_one_step_sequences_is_finite_and_matches_the_values():
    rng = np.random.default_rng(0)
    real = rng.random((16, 1, 3)).astype("float32")
    fake = keras.Variable(real + 0.3)
    for relative in (False, True):
        with tf.GradientTape() as tape:
            loss = losses.moment_matching_loss(real, fake, relative=relative)
        gradient = tape.gradient(loss, fake)
        assert np.isfinite(float(loss)) and np.isfinite(np.asarray(gradient)).all()
    # No differences in one step: only the value moments count (the mean moved by 0.3).
    assert float(losses.moment_matching_loss(real, real + 0.3)) == pytest.approx(0.3 / 4, rel=1e-4)
    masked = losses.moment_matching_loss(real, real + 0.3, mask=np.ones((16, 1), bool))
    assert float(masked) == pytest.approx(0.3 / 4, rel=1e-4)


def test_moment_matching_gradient_is_finite_for_a_feature_constant_over_the_batch():
    """A category the generator drew on no step of a batch (its one-hot feature all 0) has
    a standard deviation of 0, where the square root's derivative is infinite: training
    stopped on a non-finite gradient (Seattle's weather with --categorical-columns weather)."""
    rng = np.random.default_rng(0)
    real = rng.random((16, 6, 3)).astype("float32")
    values = rng.random((16, 6, 3)).astype("float32")
    values[..., 1] = 0.0
    fake = keras.Variable(values)
    for relative in (False, True):
        for per_step in (False, True):
            with tf.GradientTape() as tape:
                loss = losses.moment_matching_loss(real, fake, relative=relative, per_step=per_step)
            assert np.isfinite(np.asarray(tape.gradient(loss, fake))).all(), (relative, per_step)


def test_relative_moment_matching_weighs_step_to_step_movement_like_levels():
    rng = np.random.default_rng(0)
    smooth = np.cumsum(rng.normal(0, 0.005, (64, 24, 2)), axis=1).astype("float32") + 0.5
    # Doubling the step-to-step noise barely moves the absolute loss...
    noisier = smooth + rng.normal(0, 0.005, smooth.shape).astype("float32")
    absolute = float(losses.moment_matching_loss(smooth, noisier))
    relative = float(losses.moment_matching_loss(smooth, noisier, relative=True))
    assert absolute < 0.005 and relative > 0.1
    # ...and the relative loss does not depend on the data's units (once its spread is
    # well above the 1e-3 floor).
    tens = float(losses.moment_matching_loss(10 * smooth, 10 * noisier, relative=True))
    thousands = float(losses.moment_matching_loss(1000 * smooth, 1000 * noisier, relative=True))
    assert tens == pytest.approx(thousands, rel=0.05) and thousands > relative
    assert float(losses.moment_matching_loss(smooth, smooth, relative=True)) == 0.0
    # With a mask covering every step it equals the unmasked loss.
    everything = np.ones(smooth.shape[:2], bool)
    assert float(losses.moment_matching_loss(smooth, noisier, mask=everything, relative=True)) == (
        pytest.approx(relative, rel=1e-4))


def test_per_step_moment_matching_sees_when_things_happen():
    # Aligned sequences that step up between steps 10 and 20; generated ones 8 steps late:
    # pooled over time the moments hardly differ, per step they differ where the steps do.
    rng = np.random.default_rng(0)
    steps = np.arange(40)

    def stepping(delay, count=64):
        start = rng.integers(10, 20, size=count) + delay
        return (steps[None, :] >= start[:, None]).astype("float32")[..., None]

    real, late = stepping(0), stepping(8)
    pooled = float(losses.moment_matching_loss(real, late, relative=True))
    per_step = float(losses.moment_matching_loss(real, late, relative=True, per_step=True))
    same_timing = float(losses.moment_matching_loss(real, stepping(0), relative=True, per_step=True))
    assert per_step > 3 * pooled and per_step > 4 * same_timing
    # By hand: the per-step moments' mean absolute differences, each divided by the real
    # pooled standard deviation (values) or the pooled differences' (steps), plus 1e-3.
    x, y = real[..., 0], late[..., 0]
    dx, dy = np.diff(x, axis=1), np.diff(y, axis=1)
    value_scale, step_scale = x.std() + 1e-3, dx.std() + 1e-3
    expected = np.mean([np.abs(x.mean(0) - y.mean(0)).mean() / value_scale,
                        np.abs(x.std(0) - y.std(0)).mean() / value_scale,
                        np.abs(dx.mean(0) - dy.mean(0)).mean() / step_scale,
                        np.abs(dx.std(0) - dy.std(0)).mean() / step_scale])
    assert per_step == pytest.approx(expected, rel=1e-3)
    # A mask leaves padded steps out of each step's moments: what lies there does not count.
    mask = np.ones(real.shape[:2], bool)
    mask[:8, 30:] = False
    padded = late.copy()
    padded[:8, 30:] = 50.0
    assert float(losses.moment_matching_loss(real, padded, mask=mask, relative=True, per_step=True)) == (
        pytest.approx(float(losses.moment_matching_loss(real, late, mask=mask, relative=True, per_step=True)),
                      rel=1e-5))
    # One-step sequences: finite, only the values' moments count.
    one = float(losses.moment_matching_loss(real[:, :1], real[:, :1] + 0.3, per_step=True))
    assert one == pytest.approx(0.3 / 4, rel=1e-4)


def test_category_share_loss_grows_as_a_rare_category_disappears_and_pushes_it_back():
    """Each block's divergence from the real shares to the generated ones: 0 when they match,
    larger the rarer a real category becomes in the generated batch, only valid steps counted,
    and its gradient raises the missing category's share more than a difference of means would."""
    categories = np.eye(3, dtype="float32")
    real = np.concatenate([categories[[0] * 16 + [1] * 3 + [2]][None], np.eye(2, dtype="float32")[[0, 1] * 10][None]],
                          -1)  # shares .8/.15/.05 and .5/.5
    blocks = [(0, 3), (3, 5)]
    assert float(losses.category_share_loss(real, real, blocks)) == pytest.approx(0.0, abs=1e-6)
    half = real.copy()
    half[0, 19, :3] = categories[0]  # the rare category drawn on no step
    fewer = real.copy()
    fewer[0, 17:19, :3] = categories[0]  # the second category on one step in 20, not three
    scores = [float(losses.category_share_loss(real, x, blocks)) for x in (fewer, half)]
    assert 0 < scores[0] < scores[1]  # losing the rare category's .05 costs more than .10 of the second's
    # a padded step does not count
    mask = np.ones((1, 20), bool)
    mask[0, 19] = False
    padded = real.copy()
    padded[0, 19, :3] = categories[0]
    assert float(losses.category_share_loss(real, padded, blocks, mask=mask)) == pytest.approx(0.0, abs=1e-6)
    # the gradient at a batch missing the rare category: that category's share is pushed up hardest
    fake = tf.Variable(half)
    with tf.GradientTape() as tape:
        loss = losses.category_share_loss(real, fake, blocks)
    gradient = tape.gradient(loss, fake).numpy()[0, 0, :3]
    assert gradient[2] < gradient[1] < 0 and gradient[2] < 5 * gradient[0]
    with pytest.raises(ValueError, match="at least one block"):
        losses.category_share_loss(real, real, [])
