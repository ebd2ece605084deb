import keras
import numpy as np
import pytest

import tfgan_rnn
from tfgan_rnn.discriminators import recurrent_layers

SEQUENCES = np.random.default_rng(0).random((3, 9, 2)).astype("float32")

VARIANTS = [
    (tfgan_rnn.LSTMDiscriminator, dict(input_dim=2, units=4, num_layers=2), (3, 1)),
    (tfgan_rnn.LSTMDiscriminator, dict(input_dim=2, units=4, num_layers=2, stacked=False), (3, 1)),
    (tfgan_rnn.LSTMDiscriminator, dict(input_dim=2, units=4, num_layers=2, per_step_logits=True,
                                       stacked=False), (3, 9, 1)),
    (tfgan_rnn.LSTMDiscriminator, dict(input_dim=2, units=4, num_layers=1, bidirectional=True), (3, 1)),
    (tfgan_rnn.LSTMDiscriminator, dict(input_dim=2, units=4, num_layers=2, per_step_logits=True), (3, 9, 1)),
    (tfgan_rnn.LSTMDiscriminator, dict(input_dim=2, units=4, num_layers=1, with_differences=True), (3, 1)),
    (tfgan_rnn.LSTMDiscriminator, dict(input_dim=2, units=4, num_layers=1, conv_filters=3), (3, 1)),
    (tfgan_rnn.LSTMDiscriminator, dict(input_dim=2, units=4, num_layers=2, conv_filters=3,
                                       per_step_logits=True, bidirectional=True), (3, 9, 1)),
    (tfgan_rnn.LSTMDiscriminator, dict(input_dim=2, units=4, num_layers=1, conv_filters=3,
                                       minibatch_group_size=2), (3, 1)),
    (tfgan_rnn.LSTMDiscriminator, dict(input_dim=2, units=4, num_layers=2, per_step_logits=True,
                                       minibatch_group_size=2), (3, 9, 1)),
    (tfgan_rnn.ConvDiscriminator, dict(input_dim=2, filters=4, num_layers=2), (3, 1)),
]


@pytest.mark.parametrize("cls,kwargs,shape", VARIANTS)
def test_logit_shapes_and_config_round_trip(cls, kwargs, shape):
    keras.utils.set_random_seed(0)
    model = cls(**kwargs)
    logits = model(SEQUENCES)
    assert tuple(logits.shape) == shape
    clone = cls.from_config(model.get_config())
    assert type(clone) is cls and clone.get_config() == model.get_config()
    clone.set_weights(model.get_weights())
    np.testing.assert_array_equal(np.asarray(clone(SEQUENCES)), np.asarray(logits))


def test_logits_are_float32_under_mixed_precision():
    keras.mixed_precision.set_global_policy("mixed_float16")
    for model in (tfgan_rnn.LSTMDiscriminator(2, units=4, num_layers=1, conv_filters=3),
                  tfgan_rnn.ConvDiscriminator(2, filters=4, num_layers=1)):
        assert keras.backend.standardize_dtype(model(SEQUENCES).dtype) == "float32"


def test_bidirectional_layers_are_found_for_kernel_switching():
    model = tfgan_rnn.LSTMDiscriminator(2, units=4, num_layers=2, bidirectional=True)
    assert len(recurrent_layers(model)) == 4


def test_non_positive_units_are_refused():
    with pytest.raises(ValueError, match="Received: units=0"):
        tfgan_rnn.LSTMDiscriminator(2, units=0)


@pytest.mark.parametrize("per_step_logits", [False, True])
def test_stacked_loop_scores_like_separate_layers(per_step_logits):
    keras.utils.set_random_seed(0)
    kwargs = dict(input_dim=2, units=4, num_layers=3, per_step_logits=per_step_logits)
    layers = tfgan_rnn.LSTMDiscriminator(**kwargs, stacked=False)
    stacked = tfgan_rnn.LSTMDiscriminator(**kwargs, stacked=True)
    assert stacked.stacked and not layers.stacked
    stacked.set_weights(layers.get_weights())
    np.testing.assert_allclose(np.asarray(stacked(SEQUENCES)), np.asarray(layers(SEQUENCES)), atol=1e-6)


@pytest.mark.parametrize("stacked", [True, False])
def test_return_state_scores_a_sequence_in_pieces(stacked):
    keras.utils.set_random_seed(0)
    model = tfgan_rnn.LSTMDiscriminator(2, units=4, num_layers=2, per_step_logits=True,
                                        return_state=True, stacked=stacked)
    assert len(model.inputs) == 5 and len(model.outputs) == 5
    zeros = [np.zeros((3, 4), "float32")] * 4
    whole, *_ = model([SEQUENCES, *zeros])
    first, *middle = model([SEQUENCES[:, :4], *zeros])
    second, *_ = model([keras.ops.convert_to_tensor(SEQUENCES[:, 4:]), *middle])
    np.testing.assert_allclose(np.concatenate([first, second], axis=1), np.asarray(whole), atol=1e-6)
    clone = tfgan_rnn.LSTMDiscriminator.from_config(model.get_config())
    assert clone.return_state and len(clone.inputs) == 5


def test_convolutional_branch_sees_only_earlier_steps_and_joins_the_logit():
    keras.utils.set_random_seed(0)
    model = tfgan_rnn.LSTMDiscriminator(2, units=4, num_layers=1, conv_filters=3, per_step_logits=True)
    assert model.get_layer("logits").input.shape[-1] == 4 + 3
    changed = SEQUENCES.copy()
    changed[:, 5:] += 1.0  # steps from 5 on: logits before step 5 must not move (causal)
    before, after = np.asarray(model(SEQUENCES)), np.asarray(model(changed))
    np.testing.assert_allclose(before[:, :5], after[:, :5], atol=1e-6)
    assert not np.allclose(before[:, 5:], after[:, 5:])
    # The branch matters: zeroing its output weights changes the scores.
    weights = model.get_layer("logits").get_weights()
    weights[0][4:] = 0.0
    model.get_layer("logits").set_weights(weights)
    assert not np.allclose(np.asarray(model(SEQUENCES)), before)


def test_convolutional_branch_is_refused_with_carried_state():
    with pytest.raises(ValueError, match="conv_filters=8"):
        tfgan_rnn.LSTMDiscriminator(2, units=4, return_state=True, conv_filters=8)
    with pytest.raises(ValueError, match="Received: conv_filters=-1"):
        tfgan_rnn.LSTMDiscriminator(2, units=4, conv_filters=-1)


def test_minibatch_deviation_is_taken_within_each_group():
    from tfgan_rnn.discriminators import MinibatchDeviation

    features = np.random.default_rng(1).normal(size=(7, 5, 3)).astype("float32")
    out = np.asarray(MinibatchDeviation(group_size=3)(features))
    assert out.shape == (7, 5, 4)
    np.testing.assert_array_equal(out[..., :3], features)
    # Groups [0, 1, 2], [3, 4, 5] and the smaller last one, [6], whose spread is 0.
    for members in ([0, 1, 2], [3, 4, 5], [6]):
        expected = features[members].std(axis=0).mean(axis=-1)
        for i in members:
            np.testing.assert_allclose(out[i, :, 3], expected, atol=1e-4)


def test_minibatch_deviation_counts_only_the_steps_each_sequence_has():
    from tfgan_rnn.discriminators import MinibatchDeviation

    rng = np.random.default_rng(3)
    features = rng.normal(size=(4, 6, 3)).astype("float32")
    lengths = np.array([6, 2, 4, 6])
    mask = np.arange(6)[None, :] < lengths[:, None]
    padded = np.where(mask[..., None], features, rng.normal(100, 50, size=features.shape)).astype("float32")
    out = np.asarray(MinibatchDeviation(group_size=4)(padded, mask=mask))
    for step in range(6):
        members = np.flatnonzero(mask[:, step])  # the sequences that have this step
        expected = features[members, step].std(axis=0).mean()
        np.testing.assert_allclose(out[members, step, 3], expected, atol=1e-4)
    # Through the discriminator, padded steps change no logit of a step that is there.
    keras.utils.set_random_seed(0)
    model = tfgan_rnn.LSTMDiscriminator(3, units=4, num_layers=1, per_step_logits=True, minibatch_group_size=4)
    other = np.where(mask[..., None], features, 0.0).astype("float32")
    np.testing.assert_allclose(np.asarray(model(padded, mask=mask))[mask], np.asarray(model(other, mask=mask))[mask],
                               atol=1e-5)


def test_minibatch_deviation_shows_the_discriminator_alike_sequences():
    keras.utils.set_random_seed(0)
    model = tfgan_rnn.LSTMDiscriminator(2, units=4, num_layers=1, minibatch_group_size=4)
    varied = np.random.default_rng(2).random((8, 9, 2)).astype("float32")
    alike = np.repeat(varied[:1], 8, axis=0)
    # The same sequence scores differently among copies of itself than among others...
    assert abs(float(model(varied)[0, 0]) - float(model(alike)[0, 0])) > 1e-4
    # ...and real and generated sequences scored in one call (real first, as RecurrentGAN
    # does) do not see each other when the group size divides the batch.
    together = np.asarray(model(np.concatenate([varied, alike])))
    np.testing.assert_allclose(together[:8], np.asarray(model(varied)), atol=1e-6)
    np.testing.assert_allclose(together[8:], np.asarray(model(alike)), atol=1e-6)
    with pytest.raises(ValueError, match="Received: minibatch_group_size=-1"):
        tfgan_rnn.LSTMDiscriminator(2, units=4, minibatch_group_size=-1)
