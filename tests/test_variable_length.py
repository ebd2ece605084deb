"""Sequences of different lengths: padding, a mask the discriminator respects, lengths drawn at generation."""

import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

import tfgan_rnn
from tfgan_rnn import losses
from conftest import FEATURES, LATENT_DIM, UNITS

LENGTHS = [12, 7, 12, 4, 9, 12, 7, 10]


def ragged(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.random((length, FEATURES)).astype("float32") for length in LENGTHS]


def masked_gan(per_step_logits, conv_filters=0, **compile_kwargs):
    keras.utils.set_random_seed(0)
    generator = tfgan_rnn.LSTMGenerator(LATENT_DIM, FEATURES, units=UNITS, num_layers=1)
    discriminator = tfgan_rnn.LSTMDiscriminator(FEATURES, units=UNITS, num_layers=2, per_step_logits=per_step_logits,
                                                conv_filters=conv_filters)
    gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0)
    gan.compile(**compile_kwargs)
    return gan


@pytest.mark.parametrize("per_step_logits,conv_filters", [(False, 0), (True, 0), (False, 3), (True, 3)])
def test_a_masked_step_never_affects_a_logit_or_a_gradient(per_step_logits, conv_filters):
    gan = masked_gan(per_step_logits, conv_filters, loss="wasserstein", gradient_penalty_weight=1.0, moment_matching_weight=1.0)
    padded, lengths = tfgan_rnn.data.pad_sequences(ragged())
    garbage = padded.copy()
    garbage[np.arange(padded.shape[1])[None] >= lengths[:, None]] = 50.0
    results = []
    for sequences in (padded, garbage):
        batch = gan._unpack_batch({"sequences": tf.constant(sequences), "lengths": tf.constant(lengths)})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            logits = gan._score(batch.real, False, None, batch.mask)
        # The mask is respected, so Keras must not tell the user a layer destroys it.
        assert not [w for w in caught if "mask" in str(w.message)], [str(w.message) for w in caught]
        seed = keras.random.SeedGenerator(1)
        fake = gan._fake_sequences(len(LENGTHS), padded.shape[1], seed, True)
        variables = gan.discriminator.trainable_variables + gan.generator.trainable_variables
        with tf.GradientTape(persistent=True) as tape:
            discriminator_total, _ = gan._discriminator_objective(batch, fake, seed)
            generator_total, _ = gan._generator_objective(batch, seed)
        gradients = tape.gradient(discriminator_total, gan.discriminator.trainable_variables)
        gradients += tape.gradient(generator_total, gan.generator.trainable_variables)
        assert all(g is not None for g in gradients) and len(gradients) == len(variables)
        results.append([np.asarray(gan._valid_logits(logits, batch.mask)), float(discriminator_total),
                        float(generator_total), *[np.asarray(g) for g in gradients]])
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_fit_on_sequences_of_different_lengths_learns_their_length_distribution(tmp_path):
    gan = masked_gan(per_step_logits=False, moment_matching_weight=1.0)
    history = gan.fit(ragged(), batch_size=4, epochs=2, verbose=0)
    assert np.isfinite(history.history["generator_loss"]).all()
    assert gan.training_lengths == {4: 1, 7: 2, 9: 1, 10: 1, 12: 3}
    drawn = gan.generate_variable_length(400, seed=0)
    counts = {length: sum(len(s) == length for s in drawn) for length in gan.training_lengths}
    assert set(len(s) for s in drawn) == set(gan.training_lengths)
    assert counts[12] > counts[4] * 1.5  # 3/8 against 1/8 of the training sequences
    assert [s.shape for s in gan.generate_variable_length(2, lengths=[3, 5], seed=0)] == [(3, FEATURES), (5, FEATURES)]
    path = str(tmp_path / "variable.keras")
    gan.save(path)
    assert keras.saving.load_model(path).training_lengths == gan.training_lengths


def test_a_conditional_gan_trains_on_sequences_of_different_lengths():
    # Before: the condition input had no mask, Keras' Concatenate dropped the sequence's,
    # and fit refused the conditional LSTMDiscriminator as one that reads the padding.
    keras.utils.set_random_seed(0)
    generator = tfgan_rnn.LSTMGenerator(LATENT_DIM, FEATURES, units=UNITS, num_layers=1, condition_dim=2)
    discriminator = tfgan_rnn.LSTMDiscriminator(FEATURES, units=UNITS, num_layers=1, condition_dim=2)
    gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0)
    gan.compile()
    padded, lengths = tfgan_rnn.data.pad_sequences(ragged())
    garbage = padded.copy()
    garbage[np.arange(padded.shape[1])[None] >= lengths[:, None]] = 50.0
    conditions = np.eye(2, dtype="float32")[np.arange(len(LENGTHS)) % 2]
    logits = []
    for sequences in (padded, garbage):
        batch = gan._unpack_batch({"sequences": tf.constant(sequences), "conditions": tf.constant(conditions),
                                   "lengths": tf.constant(lengths)})
        logits.append(np.asarray(gan._score(batch.real, False, batch.condition, batch.mask)))
    np.testing.assert_allclose(logits[0], logits[1], rtol=1e-6, atol=1e-7)

    history = gan.fit(ragged(), conditions, batch_size=4, epochs=1, verbose=0)  # one condition per sequence
    assert np.isfinite(history.history["generator_loss"]).all()
    per_step = [np.eye(2, dtype="float32")[np.arange(length) % 2] for length in LENGTHS]  # one per step
    history = gan.fit(ragged(), per_step, batch_size=4, epochs=1, verbose=0)
    assert np.isfinite(history.history["generator_loss"]).all()
    assert gan.training_lengths_by_condition is None  # a condition that changes along a sequence is no category
    with pytest.raises(ValueError, match=r"one row per step of their sequence.*condition lengths \[11, 7"):
        gan.fit(ragged(), [c[:-1] if i == 0 else c for i, c in enumerate(per_step)], batch_size=4, verbose=0)


def test_a_discriminator_that_reads_padding_is_refused_before_training():
    generator = tfgan_rnn.LSTMGenerator(LATENT_DIM, FEATURES, units=UNITS, num_layers=1)
    gan = tfgan_rnn.RecurrentGAN(generator, tfgan_rnn.ConvDiscriminator(FEATURES, filters=4), seed=0)
    gan.compile()
    with warnings.catch_warnings(record=True) as caught, \
            pytest.raises(ValueError, match="Padded steps change this discriminator's output"):
        warnings.simplefilter("always")
        gan.fit(ragged(), batch_size=4, epochs=1, verbose=0)
    # The error says what the dropped mask means; Keras' warning about it would only add noise.
    assert not [w for w in caught if "mask" in str(w.message)], [str(w.message) for w in caught]
    assert int(gan.generator_optimizer.iterations) == 0
    with pytest.raises(ValueError, match="no length distribution"):
        gan.generate_variable_length(2)


def test_masked_moments_ignore_padding_and_equal_the_plain_ones_without_it():
    rng = np.random.default_rng(0)
    real, fake = rng.random((4, 6, 2)).astype("float32"), rng.random((4, 6, 2)).astype("float32")
    everything = np.ones((4, 6), bool)
    np.testing.assert_allclose(float(losses.moment_matching_loss(real, fake, mask=everything)),
                               float(losses.moment_matching_loss(real, fake)), rtol=1e-5)
    mask = everything.copy()
    mask[:, 4:] = False
    changed = fake.copy()
    changed[:, 4:] = 9.0
    assert float(losses.moment_matching_loss(real, fake, mask=mask)) == pytest.approx(
        float(losses.moment_matching_loss(real, changed, mask=mask)), rel=1e-6)


def test_a_conditional_gan_draws_each_categorys_own_lengths_and_saves_them(tmp_path):
    """Category 0 had sequences of 12, 12, 9 and 7 steps, category 1 of 7, 4, 12 and 10: a
    sequence generated for a category gets one of its lengths, as often as it had them."""
    keras.utils.set_random_seed(0)
    generator = tfgan_rnn.LSTMGenerator(LATENT_DIM, FEATURES, units=UNITS, num_layers=1, condition_dim=2)
    discriminator = tfgan_rnn.LSTMDiscriminator(FEATURES, units=UNITS, num_layers=1, condition_dim=2)
    gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0)
    gan.compile()
    categories = np.arange(len(LENGTHS)) % 2
    per_step = [np.repeat(np.eye(2, dtype="float32")[[category]], length, axis=0)
                for category, length in zip(categories, LENGTHS)]  # constant along each sequence
    gan.fit(ragged(), per_step, batch_size=4, epochs=1, verbose=0)
    recorded = [(condition.tolist(), counts) for condition, counts in gan.training_lengths_by_condition]
    assert recorded == [([0.0, 1.0], {4: 1, 7: 1, 10: 1, 12: 1}), ([1.0, 0.0], {7: 1, 9: 1, 12: 2})]

    wanted = np.arange(400) % 2  # per sequence, alternating categories
    drawn = gan.generate_variable_length(400, seed=3, condition=np.eye(2, dtype="float32")[wanted])
    for category, lengths in ((0, {7, 9, 12}), (1, {4, 7, 10, 12})):
        mine = [len(sequence) for sequence, want in zip(drawn, wanted) if want == category]
        assert set(mine) == lengths, (category, set(mine))
    twelve = [len(s) for s, want in zip(drawn, wanted) if want == 0].count(12)
    assert twelve > 200 * 0.35  # half of category 0's sequences had 12 steps
    only_one = gan.generate_variable_length(50, seed=3, condition=np.array([0.0, 1.0]))  # one vector for all
    assert {len(s) for s in only_one} <= {4, 7, 10, 12}
    unknown = gan.generate_variable_length(200, seed=3, condition=np.array([0.5, 0.5]))  # no such category
    assert {len(s) for s in unknown} == set(LENGTHS)

    path = str(tmp_path / "conditional.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    assert [(c.tolist(), counts) for c, counts in loaded.training_lengths_by_condition] == recorded
    again = loaded.generate_variable_length(400, seed=3, condition=np.eye(2, dtype="float32")[wanted])
    assert [len(s) for s in again] == [len(s) for s in drawn]


def test_lengths_are_kept_by_condition_only_where_the_conditions_are_categories():
    rng = np.random.default_rng(0)
    lengths = rng.integers(3, 9, 40)
    assert tfgan_rnn.data.lengths_by_condition(lengths, rng.random((40, 2))) is None  # a number per sequence
    tags = np.eye(30)[np.arange(40) % 30]  # 30 conditions for 40 sequences: not two to a condition
    assert tfgan_rnn.data.lengths_by_condition(lengths, tags) is None
    pairs = tfgan_rnn.data.lengths_by_condition(lengths, np.eye(4)[np.arange(40) % 4])
    assert len(pairs) == 4 and sum(sum(counts.values()) for _, counts in pairs) == 40
    assert tfgan_rnn.data.lengths_by_condition(lengths, np.eye(4)[np.arange(40) % 4], max_conditions=3) is None
