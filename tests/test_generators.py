import keras
import numpy as np
import pytest
import tensorflow as tf

import tfgan_rnn
from tfgan_rnn import state


@pytest.fixture(scope="module", params=[True, False], ids=["stacked", "layers"])
def generator(request):
    keras.utils.set_random_seed(0)
    return tfgan_rnn.LSTMGenerator(latent_dim=3, output_dim=2, units=8, num_layers=2,
                                   stacked=request.param)


def run(generator, noise, layers):
    sequence, *final = generator([noise, *state.flatten_state(layers)])
    return np.asarray(sequence), state.unflatten_state([np.asarray(t) for t in final])


def test_inputs_and_outputs_carry_state(generator):
    assert [tuple(t.shape) for t in generator.inputs] == [(None, None, 3)] + [(None, 8)] * 4
    assert [tuple(t.shape) for t in generator.outputs] == [(None, None, 2)] + [(None, 8)] * 4
    recurrent = [layer for layer in generator.layers if isinstance(layer, keras.layers.RNN)]
    assert all(layer.return_state and layer.return_sequences for layer in recurrent)
    if generator.stacked:
        assert len(recurrent) == 1 and len(recurrent[0].cell.cells) == 2
    else:
        assert len(recurrent) == 2 and all(isinstance(layer, keras.layers.LSTM) for layer in recurrent)


def test_stacked_loop_computes_the_same_function_as_separate_layers():
    keras.utils.set_random_seed(0)
    layers = tfgan_rnn.LSTMGenerator(latent_dim=3, output_dim=2, units=8, num_layers=3, stacked=False)
    stacked = tfgan_rnn.LSTMGenerator(latent_dim=3, output_dim=2, units=8, num_layers=3, stacked=True)
    assert [w.shape for w in stacked.weights] == [w.shape for w in layers.weights]
    stacked.set_weights(layers.get_weights())
    noise = np.random.default_rng(1).normal(size=(4, 30, 3)).astype("float32")
    start = state.unflatten_state(
        [np.random.default_rng(i).normal(size=(4, 8)).astype("float32") for i in range(6)]
    )
    expected, expected_final = run(layers, noise, start)
    sequence, final = run(stacked, noise, start)
    np.testing.assert_allclose(sequence, expected, atol=1e-5)
    for got, want in zip(final, expected_final):
        np.testing.assert_allclose(got.h, want.h, atol=1e-5)
        np.testing.assert_allclose(got.c, want.c, atol=1e-5)


def test_stacked_auto_follows_the_device_and_old_configs_load_as_layers():
    generator = tfgan_rnn.LSTMGenerator(latent_dim=3, output_dim=2, units=8, num_layers=1)
    assert generator.stacked is (not tf.config.list_physical_devices("GPU"))
    config = generator.get_config()
    del config["stacked"]  # as saved before the option existed
    assert tfgan_rnn.LSTMGenerator.from_config(config).stacked is False
    with pytest.raises(ValueError, match="stacked.*Received: stacked='yes'"):
        tfgan_rnn.LSTMGenerator(latent_dim=3, output_dim=2, stacked="yes")


def test_two_halves_with_carried_state_equal_one_call(generator):
    noise = np.random.default_rng(0).normal(size=(4, 40, 3)).astype("float32")
    zeros = state.zero_state(4, generator.state_sizes)
    whole, whole_final = run(generator, noise, zeros)
    first, middle = run(generator, noise[:, :20], zeros)
    second, final = run(generator, noise[:, 20:], middle)
    np.testing.assert_allclose(np.concatenate([first, second], axis=1), whole, atol=1e-6)
    np.testing.assert_allclose(final[1].c, whole_final[1].c, atol=1e-6)


def test_any_length(generator):
    for length in (1, 7, 100):
        sequence, _ = run(generator, np.zeros((2, length, 3), "float32"), state.zero_state(2, [8, 8]))
        assert sequence.shape == (2, length, 2)


def test_config_round_trip_returns_the_class(generator):
    clone = tfgan_rnn.LSTMGenerator.from_config(generator.get_config())
    assert isinstance(clone, tfgan_rnn.LSTMGenerator)
    assert clone.get_config() == generator.get_config()


def test_keras_file_round_trip(generator, tmp_path):
    generator.save(tmp_path / "generator.keras")
    loaded = keras.saving.load_model(tmp_path / "generator.keras")
    assert isinstance(loaded, tfgan_rnn.LSTMGenerator)
    noise = np.ones((2, 5, 3), "float32")
    zeros = state.zero_state(2, [8, 8])
    np.testing.assert_array_equal(run(loaded, noise, zeros)[0], run(generator, noise, zeros)[0])


@pytest.mark.parametrize("argument", ["latent_dim", "output_dim", "units", "num_layers"])
@pytest.mark.parametrize("value", [0, -3, 2.5])
def test_non_positive_sizes_are_refused(argument, value):
    arguments = dict(latent_dim=3, output_dim=2, units=8, num_layers=1)
    arguments[argument] = value
    with pytest.raises(ValueError, match=f"`{argument}`.*positive integer.*Received: {argument}={value}"):
        tfgan_rnn.LSTMGenerator(**arguments)


def test_noise_skip_feeds_each_steps_noise_to_the_output():
    keras.utils.set_random_seed(0)
    generator = tfgan_rnn.LSTMGenerator(latent_dim=3, output_dim=2, units=8, num_layers=1, noise_skip=True)
    kernel, bias = generator.get_layer("output").get_weights()
    assert kernel.shape == (8 + 3, 2)  # the LSTM's 8 outputs, then the 3 noise features
    kernel[:8] = 0.0  # cut the LSTM path: what is left is the noise's own
    generator.get_layer("output").set_weights([kernel, bias])
    noise = np.random.default_rng(0).normal(size=(4, 6, 3)).astype("float32")
    sequence, _ = run(generator, noise, state.zero_state(4, [8]))
    np.testing.assert_allclose(sequence, 1 / (1 + np.exp(-(noise @ kernel[8:] + bias))), atol=1e-5)
    clone = tfgan_rnn.LSTMGenerator.from_config(generator.get_config())
    assert clone.noise_skip is True
    config = generator.get_config()
    del config["noise_skip"]  # as saved before the option existed
    assert tfgan_rnn.LSTMGenerator.from_config(config).noise_skip is False
    with pytest.raises(ValueError, match="noise_skip.*Received: noise_skip=1"):
        tfgan_rnn.LSTMGenerator(latent_dim=3, output_dim=2, noise_skip=1)


def held(noise, static_noise_dim):
    """`noise` with its last `static_noise_dim` features held at their first step's value."""
    noise = noise.copy()
    noise[:, :, -static_noise_dim:] = noise[:, :1, -static_noise_dim:]
    return noise


def test_a_generator_drawing_categories_computes_its_numbers_given_the_drawn_ones(tmp_path):
    """With `category_blocks` the generator draws each step's category first (as often as
    its logits' softmax says, held through a sequence by the static noise) and each drawn
    category shifts the numbers, so they can agree with it; the shift starts at none, learns
    from a loss on the numbers, and passes nothing back to the categories' logits; a saved
    generator draws the same."""
    blocks = [{"first": 1, "offset": [0.0] * 3, "scale": [1.0] * 3}]
    keras.utils.set_random_seed(0)
    generator = tfgan_rnn.LSTMGenerator(4, 4, units=8, num_layers=1, category_blocks=blocks, static_noise_dim=3)
    assert generator.get_config()["category_blocks"] == blocks
    noise = held(np.random.default_rng(1).normal(size=(4000, 6, 4)).astype("float32"), 3)
    zeros = state.flatten_state(state.zero_state(4000, generator.state_sizes))
    lstm_output = keras.Model(generator.inputs, generator.get_layer("output").output)
    unshifted = 1 / (1 + np.exp(-np.asarray(lstm_output([noise[:64], *[z[:64] for z in zeros]]))[..., 0]))
    np.testing.assert_allclose(np.asarray(generator([noise[:64], *[z[:64] for z in zeros]])[0])[..., 0], unshifted,
                               rtol=1e-5)  # no shift before training
    logits, output = generator.get_layer("category_logits"), generator.get_layer("output")
    logits.set_weights([np.zeros_like(logits.kernel), np.log([0.5, 0.3, 0.2]).astype("float32")])
    output.set_weights([np.zeros_like(output.kernel), np.zeros(1, "float32")])
    generator.get_layer("shift_by_category").set_weights([np.array([[4.0], [0.0], [-4.0]], "float32")])
    sequence = np.asarray(generator([noise, *zeros])[0])
    drawn = sequence[..., 1:]
    assert (drawn.sum(-1) == 1).all() and set(np.unique(drawn)) == {0.0, 1.0}
    assert (drawn == drawn[:, :1]).all()  # one category all through each sequence
    np.testing.assert_allclose(drawn[:, 0].mean(0), [0.5, 0.3, 0.2], atol=0.025)
    np.testing.assert_allclose(sequence[..., 0], 1 / (1 + np.exp(-(drawn @ [4.0, 0.0, -4.0]))), rtol=1e-5)

    keras.utils.set_random_seed(0)
    trained = tfgan_rnn.LSTMGenerator(4, 4, units=8, num_layers=1, category_blocks=blocks, static_noise_dim=3)
    few = [noise[:64], *[z[:64] for z in zeros]]
    with tf.GradientTape() as tape:
        outputs = trained(few)[0]
        loss = tf.reduce_sum(outputs[..., 0])
    shift, logits = trained.get_layer("shift_by_category").kernel, trained.get_layer("category_logits").kernel
    to_shift, to_logits = tape.gradient(loss, [shift, logits])
    assert float(tf.reduce_min(tf.abs(to_shift))) > 1e-4
    assert to_logits is None or not np.any(tf.convert_to_tensor(to_logits).numpy())
    trained.save(tmp_path / "drawing.keras")
    loaded = keras.saving.load_model(tmp_path / "drawing.keras")
    assert loaded.category_blocks == blocks and loaded.static_noise_dim == 3
    np.testing.assert_array_equal(np.asarray(loaded(few)[0]), outputs.numpy())


def test_the_shifts_of_several_blocks_contrast_their_categories_and_move_no_step_as_a_whole():
    """Trained towards numbers higher on one category of each block and higher overall, the
    shift by category learns the contrast within each block and keeps zero mean over each
    block's categories: the numbers' level is the output's bias to learn, not a sum of
    shifts from every block that would move it many times faster under Adam."""
    blocks = [{"first": 1, "offset": [0.0] * 2, "scale": [1.0] * 2}, {"first": 3, "offset": [0.0] * 3, "scale": [1.0] * 3}]
    keras.utils.set_random_seed(0)
    generator = tfgan_rnn.LSTMGenerator(6, 7, units=8, num_layers=1, category_blocks=blocks, static_noise_dim=5)
    noise = held(np.random.default_rng(2).normal(size=(64, 5, 6)).astype("float32"), 5)
    inputs = [noise, *state.flatten_state(state.zero_state(64, generator.state_sizes))]
    optimizer = keras.optimizers.Adam(0.05)
    for _ in range(5):
        with tf.GradientTape() as tape:
            sequence = generator(inputs)[0]
            numbers = tf.gather(sequence, [0, 6], axis=-1)
            preferred = sequence[..., 1:2] + sequence[..., 3:4]  # the first category of each block
            loss = -tf.reduce_mean(numbers * (1.0 + preferred))
        optimizer.apply(tape.gradient(loss, generator.trainable_variables), generator.trainable_variables)
    kernel = generator.get_layer("shift_by_category").kernel.numpy()
    np.testing.assert_allclose(kernel[:2].sum(0), 0.0, atol=1e-6)
    np.testing.assert_allclose(kernel[2:].sum(0), 0.0, atol=1e-6)
    assert (kernel[0] > kernel[1]).all() and (kernel[2] > kernel[3:]).all()

@pytest.mark.parametrize("arguments, message", [
    (dict(category_blocks=[{"first": 3, "offset": [0, 0], "scale": [1, 1]}]), "within the generator's 4"),
    (dict(category_blocks=[{"first": 0, "offset": [0, 0], "scale": [1, 1]},
                           {"first": 1, "offset": [0, 0], "scale": [1, 1]}]), "apart from the others"),
    (dict(category_blocks=[{"first": 0, "offset": [0], "scale": [1]}]), "2 or more features"),
    (dict(category_blocks=[{"first": 0, "offset": [0, 0], "scale": [1, 0]}]), "non-zero number"),
    (dict(category_blocks=[[0, 2]]), r"Scaler.category_blocks\(\)"),
    (dict(static_noise_dim=5), r"static_noise_dim.*latent_dim \(3\).*Received: static_noise_dim=5"),
])
def test_a_generator_refuses_category_blocks_it_cannot_draw(arguments, message):
    with pytest.raises(ValueError, match=message):
        tfgan_rnn.LSTMGenerator(3, 4, units=4, num_layers=1, **arguments)
