"""Recurrent generators: functional Keras models with explicit LSTM state."""

from __future__ import annotations

import keras

from tfgan_rnn import state as state_lib
from tfgan_rnn._checks import non_negative_int, positive_int


def resolve_stacked(stacked) -> bool:
    """`"auto"` -> one fused recurrent loop on CPU, separate cuDNN-capable layers on GPU.

    Example:

    >>> import tensorflow as tf
    >>> from tfgan_rnn.generators import resolve_stacked
    >>> resolve_stacked(False), resolve_stacked("auto") == (not tf.config.list_physical_devices("GPU"))
    (False, True)
    >>> resolve_stacked("yes")
    Traceback (most recent call last):
    ...
    ValueError: Expected `stacked` to be True, False or "auto". Received: stacked='yes'
    """
    if stacked == "auto":
        import tensorflow as tf

        return not tf.config.list_physical_devices("GPU")
    if not isinstance(stacked, bool):
        raise ValueError(f'Expected `stacked` to be True, False or "auto". Received: stacked={stacked!r}')
    return stacked


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class StackedLSTMCells(keras.layers.StackedRNNCells):
    """`keras.layers.StackedRNNCells` whose state stays one list per cell.

    Keras' version returns a single cell's state unwrapped, which changes the state's
    structure inside the recurrent loop when the sequence has a mask (an error in
    Keras 3.15 for a one-layer stack); keeping it nested is the same computation.

    Example (a one-layer stack over masked sequences):

    >>> import numpy as np, keras
    >>> from tfgan_rnn.generators import StackedLSTMCells
    >>> layer = keras.layers.RNN(StackedLSTMCells([keras.layers.LSTMCell(3)]), return_state=True)
    >>> output, (h, c) = layer(np.ones((2, 5, 1), "float32"), mask=np.array([[True] * 5, [True] * 2 + [False] * 3]))
    >>> output.shape, h.shape, c.shape
    (TensorShape([2, 3]), TensorShape([2, 3]), TensorShape([2, 3]))
    """

    def call(self, inputs, states, training=False, **kwargs):
        outputs, new_states = super().call(inputs, states, training=training, **kwargs)
        return outputs, [new_states] if len(self.cells) == 1 else new_states


def stacked_lstm(units: int, num_layers: int, **rnn_kwargs) -> keras.layers.RNN:
    """One `keras.layers.RNN` over `num_layers` LSTM cells (`lstm_cell_0`, ...).

    Example (with `return_state=True`, each layer's final `[h, c]` comes out in order):

    >>> import numpy as np
    >>> from tfgan_rnn.generators import stacked_lstm
    >>> stack = stacked_lstm(units=6, num_layers=2, return_sequences=True, return_state=True)
    >>> sequence, *state = stack(np.zeros((4, 10, 3), "float32"))
    >>> tuple(sequence.shape), [[tuple(h.shape), tuple(c.shape)] for h, c in state]
    ((4, 10, 6), [[(4, 6), (4, 6)], [(4, 6), (4, 6)]])
    """
    cells = [keras.layers.LSTMCell(units, name=f"lstm_cell_{i}") for i in range(num_layers)]
    return keras.layers.RNN(StackedLSTMCells(cells, name="stacked_cells"), name="lstm_stack", **rnn_kwargs)


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class LSTMGenerator(keras.Model):
    """A stack of LSTMs that turns a noise sequence into a data sequence.

    A functional-API model whose inputs are `[noise, *state]` and whose outputs are
    `[sequence, *state]`: noise has shape `(batch, time, latent_dim)` for any `time`;
    state is two tensors `(batch, units)` per layer, `h` then `c` (see
    `tfgan_rnn.state`). Every LSTM runs with `return_sequences=True,
    return_state=True` and takes its `initial_state` from the inputs, so a sequence
    can be generated in pieces: the final state of one call is the initial state of
    the next, and the pieces join exactly.

    Args:
        latent_dim: size of the noise vector fed at each time step.
        output_dim: number of features of the generated sequence.
        units: units of each LSTM layer.
        num_layers: number of stacked LSTM layers.
        output_activation: activation of the per-step output projection. The default
            `"sigmoid"` matches data min-max scaled to [0, 1].
        stacked: run all layers in one recurrent loop (`keras.layers.RNN` over
            `StackedRNNCells` of `LSTMCell`s: far fewer ops per step, 1.4-1.8x faster
            training on CPU, see benchmarks/README.md) instead of one `keras.layers.LSTM`
            per layer (which can use cuDNN on a GPU). `"auto"` (the default) picks the
            loop when no GPU is visible; the choice is saved with the model.
        condition_dim: size of a per-step condition (a class one-hot, attributes, or
            any per-step covariates) read beside the noise; 0 (default) for an
            unconditional generator. When > 0 the inputs are `[noise, condition,
            *state]` with the condition `(batch, time, condition_dim)`; the condition
            is concatenated to the noise at every step (as in RCGAN).
            `RecurrentGAN` repeats a static condition `(batch, condition_dim)` over
            time; for both kinds at once, repeat the static part over time and
            concatenate it to the per-step part.
        noise_skip: also feed each step's noise straight to the output projection
            (beside the last LSTM's output), so a step can carry an innovation of its
            own instead of one squeezed through every LSTM. The default recipe turns it
            on (the evidence, and where it hurt, is in benchmarks/README.md).
        **kwargs: passed to `keras.Model` (`name`, `dtype`, ...).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn import LSTMGenerator, state
    >>> generator = LSTMGenerator(latent_dim=3, output_dim=2, units=8, num_layers=2)
    >>> noise = np.zeros((4, 10, 3), "float32")
    >>> initial = state.flatten_state(state.zero_state(4, generator.state_sizes))
    >>> sequence, *final_state = generator([noise, *initial])
    >>> tuple(sequence.shape), len(final_state)
    ((4, 10, 2), 4)
    """

    def __init__(
        self,
        latent_dim: int,
        output_dim: int,
        units: int = 64,
        num_layers: int = 2,
        output_activation="sigmoid",
        stacked="auto",
        condition_dim: int = 0,
        noise_skip: bool = False,
        **kwargs,
    ):
        stacked = resolve_stacked(stacked)
        condition_dim = non_negative_int(condition_dim, "condition_dim")
        if not isinstance(noise_skip, bool):
            raise ValueError(f"Expected `noise_skip` to be True or False. Received: noise_skip={noise_skip!r}")
        latent_dim = positive_int(latent_dim, "latent_dim")
        output_dim = positive_int(output_dim, "output_dim")
        units = positive_int(units, "units")
        num_layers = positive_int(num_layers, "num_layers")

        # === Layers ===
        if stacked:
            lstm_layers = stacked_lstm(units, num_layers, return_sequences=True, return_state=True)
        else:
            lstm_layers = [
                keras.layers.LSTM(
                    units, return_sequences=True, return_state=True, name=f"lstm_{i}"
                )
                for i in range(num_layers)
            ]
        output_layer = keras.layers.Dense(
            output_dim, activation=output_activation, dtype="float32", name="output"
        )

        # === Functional model ===
        noise = keras.Input(shape=(None, latent_dim), name="noise")
        condition_inputs = []
        x = noise
        if condition_dim:
            condition_inputs = [keras.Input(shape=(None, condition_dim), name="condition")]
            x = keras.layers.Concatenate(name="noise_and_condition")([noise, *condition_inputs])
        initial_states = []
        for i in range(num_layers):
            h_name, c_name = state_lib.state_input_names(i)
            initial_states.append(
                state_lib.LSTMState(
                    keras.Input(shape=(units,), name=h_name),
                    keras.Input(shape=(units,), name=c_name),
                )
            )
        final_states = []
        if stacked:
            x, *layer_states = lstm_layers(
                x, initial_state=[[initial.h, initial.c] for initial in initial_states]
            )
            final_states = [state_lib.LSTMState(h, c) for h, c in layer_states]
        else:
            for layer, initial in zip(lstm_layers, initial_states):
                x, h, c = layer(x, initial_state=[initial.h, initial.c])
                final_states.append(state_lib.LSTMState(h, c))
        if noise_skip:
            x = keras.layers.Concatenate(name="lstm_and_noise")([x, noise])
        sequence = output_layer(x)
        super().__init__(
            inputs=[noise, *condition_inputs, *state_lib.flatten_state(initial_states)],
            outputs=[sequence, *state_lib.flatten_state(final_states)],
            **kwargs,
        )

        # === Config ===
        self.latent_dim = latent_dim
        self.output_dim = output_dim
        self.units = units
        self.num_layers = num_layers
        self.stacked = stacked
        self.condition_dim = condition_dim
        self.noise_skip = noise_skip
        self.output_activation = keras.activations.serialize(
            keras.activations.get(output_activation)
        )

    @property
    def state_sizes(self) -> list[int]:
        """The units of each LSTM layer, in order (one `LSTMState` per entry)."""
        return [self.units] * self.num_layers

    def get_config(self):
        return {
            "name": self.name,
            "trainable": self.trainable,
            "latent_dim": self.latent_dim,
            "output_dim": self.output_dim,
            "units": self.units,
            "num_layers": self.num_layers,
            "output_activation": self.output_activation,
            "stacked": self.stacked,
            "condition_dim": self.condition_dim,
            "noise_skip": self.noise_skip,
        }

    @classmethod
    def from_config(cls, config):
        # Models saved before `stacked` existed ran one LSTM layer per layer.
        return cls(**{"stacked": False, **config})
