"""LSTM state as a value: the only module that knows Keras orders LSTM state [h, c].

Every generator in tfgan_rnn takes its initial state as model inputs and returns its
final state as model outputs. Those tensors travel as a flat list, two per layer; this
module converts between that flat list and named per-layer `LSTMState(h, c)` tuples.

Example:

>>> import numpy as np
>>> from tfgan_rnn import state
>>> zeros = state.zero_state(batch_size=2, units=[4, 4])
>>> len(zeros), zeros[0].h.shape
(2, (2, 4))
>>> flat = state.flatten_state(zeros)
>>> len(flat)
4
>>> state.unflatten_state(flat)[1].c.shape
(2, 4)
"""

from __future__ import annotations

from typing import Any, NamedTuple, Sequence

import numpy as np


class LSTMState(NamedTuple):
    """The recurrent state of one LSTM layer: hidden state `h` and cell state `c`.

    Example (a generator's final state, as `generate` returns it, one per layer):

    >>> import tfgan_rnn
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=2),
    ...                              tfgan_rnn.ConvDiscriminator(1), seed=0)
    >>> _, final = gan.generate(5, 10, seed=0)
    >>> [(type(layer).__name__, layer.h.shape, layer.c.shape) for layer in final.layers]
    [('LSTMState', (5, 4), (5, 4)), ('LSTMState', (5, 4), (5, 4))]
    """

    h: Any
    c: Any


class GeneratorState(NamedTuple):
    """Where a generated sequence stopped, so that it can be continued exactly.

    Attributes:
        layers: one `LSTMState` per generator LSTM layer (numpy arrays, batch first).
        step: the number of time steps generated so far; it selects the noise that the
            next step draws, so a continuation sees the same noise as one long call.
        seed: the noise seed of the sequence.
        static_values: with a scaler that has static features (one value a sequence), their
            values in each sequence, `(num_sequences, len(scaler.static_features))`, which a
            continuation keeps; None where there are none (or the values were not unscaled).

    Example (continuing sequences where they stopped equals generating them at once):

    >>> import numpy as np, tfgan_rnn
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
    ...                              tfgan_rnn.ConvDiscriminator(1), seed=0)
    >>> first, state = gan.generate(2, 30, seed=5)
    >>> state.step, state.seed, state.layers[0].h.shape
    (30, 5, (2, 4))
    >>> rest, _ = gan.generate(2, 20, state=state)
    >>> whole, _ = gan.generate(2, 50, seed=5)
    >>> bool(np.allclose(np.concatenate([first, rest], axis=1), whole, atol=1e-5))
    True
    """

    layers: tuple
    step: int
    seed: int
    static_values: Any = None


def zero_state(batch_size: int, units: Sequence[int], dtype: str = "float32") -> list[LSTMState]:
    """Zero initial states, one `LSTMState` per layer, as numpy arrays.

    Args:
        batch_size: number of sequences.
        units: the number of units of each LSTM layer, in order.
        dtype: numpy dtype name.

    Returns:
        A list of `LSTMState(h, c)`, each field of shape `(batch_size, units[i])`.

    Example (starting `generate` from it equals starting without a state, when the
    model has no warm-up):

    >>> import numpy as np, tfgan_rnn
    >>> from tfgan_rnn import state
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=2),
    ...                              tfgan_rnn.ConvDiscriminator(1), seed=0)
    >>> zeros = state.zero_state(3, gan.state_sizes)
    >>> a, _ = gan.generate(3, 8, state=zeros, seed=1)
    >>> b, _ = gan.generate(3, 8, seed=1)
    >>> bool(np.array_equal(a, b))
    True
    """
    return [
        LSTMState(np.zeros((batch_size, n), dtype), np.zeros((batch_size, n), dtype))
        for n in units
    ]


def flatten_state(states: Sequence[LSTMState]) -> list:
    """`[LSTMState(h0, c0), LSTMState(h1, c1)]` -> `[h0, c0, h1, c1]` (Keras' order).

    Example:

    >>> from tfgan_rnn.state import LSTMState, flatten_state
    >>> flatten_state([LSTMState("h0", "c0"), LSTMState("h1", "c1")])
    ['h0', 'c0', 'h1', 'c1']
    """
    flat = []
    for layer_state in states:
        flat.extend([layer_state.h, layer_state.c])
    return flat


def unflatten_state(tensors: Sequence) -> list[LSTMState]:
    """`[h0, c0, h1, c1]` (Keras' order) -> `[LSTMState(h0, c0), LSTMState(h1, c1)]`.

    Raises:
        ValueError: if the number of tensors is odd.

    Example:

    >>> from tfgan_rnn.state import unflatten_state
    >>> unflatten_state(["h0", "c0", "h1", "c1"])
    [LSTMState(h='h0', c='c0'), LSTMState(h='h1', c='c1')]
    >>> unflatten_state(["h0", "c0", "h1"])
    Traceback (most recent call last):
    ...
    ValueError: LSTM state comes in (h, c) pairs, so the number of state tensors must be even. Received: 3 tensors.
    """
    tensors = list(tensors)
    if len(tensors) % 2:
        raise ValueError(
            "LSTM state comes in (h, c) pairs, so the number of state tensors must be "
            f"even. Received: {len(tensors)} tensors."
        )
    return [LSTMState(tensors[i], tensors[i + 1]) for i in range(0, len(tensors), 2)]


def state_input_names(layer_index: int) -> tuple[str, str]:
    """Names of the `h` and `c` inputs of LSTM layer `layer_index` in a generator.

    Example (a custom functional generator names its state inputs this way, as
    `LSTMGenerator` does):

    >>> import tfgan_rnn
    >>> from tfgan_rnn.state import state_input_names
    >>> state_input_names(1)
    ('lstm_1_initial_h', 'lstm_1_initial_c')
    >>> [t.name for t in tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=2).inputs[1:]]
    ['lstm_0_initial_h', 'lstm_0_initial_c', 'lstm_1_initial_h', 'lstm_1_initial_c']
    """
    return f"lstm_{layer_index}_initial_h", f"lstm_{layer_index}_initial_c"
