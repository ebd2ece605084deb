"""Recurrent generators: functional Keras models with explicit LSTM state."""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

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


def category_gumbels(noise, static_noise_dim: int, block_ranges) -> list:
    """One standard Gumbel noise `(batch, 1, categories)` per block `(first, stop)` of
    `block_ranges`, or None for a block the static noise cannot cover: the blocks take the
    static noise features (the last `static_noise_dim` of `noise`, `(batch, steps, latent_dim)`,
    read at its first step) in turn, each standard normal value mapped to a standard Gumbel one
    through its quantile, so a sequence's draw follows its noise wherever it is generated.

    Example (two categories need two static features; a third block finds none left):

    >>> import numpy as np
    >>> from tfgan_rnn.generators import category_gumbels
    >>> noise = np.zeros((4, 6, 5), "float32")  # 3 per-step features, then 2 static ones
    >>> [None if g is None else tuple(g.shape) for g in category_gumbels(noise, 2, [(0, 2), (2, 4)])]
    [(4, 1, 2), None]
    """
    import tensorflow as tf

    static = ops.cast(noise[:, :1, -static_noise_dim:], "float32") if static_noise_dim else None
    gumbels, used = [], 0
    for first, stop in block_ranges:
        if used + stop - first > static_noise_dim:
            gumbels.append(None)
            continue
        normal = static[..., used : used + stop - first]
        uniform = ops.clip(0.5 * tf.math.erfc(-normal / np.sqrt(2.0)), 1e-7, 1 - 1e-7)  # its quantile
        gumbels.append(-ops.log(-ops.log(uniform)))
        used += stop - first
    return gumbels


def draw_one_hot(logits, gumbel, offset, scale):
    """One category a step from a block's `logits` `(..., categories)`, as the one-hot in
    model units (`offset + one_hot * scale`, the scaler's units of those features): the
    category of the highest `logits + gumbel` (the Gumbel-max trick; `gumbel` None: of the
    highest logit), straight through (Jang et al. 2017): the gradient is that of the softmax
    of the same perturbed logits, so it moves the shares of every category, not only of the
    one drawn.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.generators import draw_one_hot
    >>> np.asarray(draw_one_hot(np.array([[0.5, 2.0, -1.0]], "float32"), None, 0.0, 1.0)).tolist()
    [[0.0, 1.0, 0.0]]
    """
    if gumbel is not None:
        logits = logits + gumbel
    hard = offset + ops.one_hot(ops.argmax(logits, axis=-1), int(logits.shape[-1])) * scale
    soft = offset + ops.softmax(logits, axis=-1) * scale
    return soft + ops.stop_gradient(hard - soft)


def _checked_category_blocks(category_blocks, output_dim=None) -> list:
    """`category_blocks` as `[{"first": int, "offset": [float], "scale": [float]}]`, by first
    feature, each within the `output_dim` features (None: any) and apart from the others."""
    if category_blocks is None:
        return []
    expected = (
        'Expected `category_blocks` as [{"first": first feature, "offset": [one number per category], '
        '"scale": [one non-zero number per category]}, ...] (`Scaler.category_blocks()` gives them), '
        "each block of 2 or more features" + ("" if output_dim is None else f" within the generator's {output_dim}")
        + " and apart from the others. "
        f"Received: category_blocks={category_blocks!r}"
    )
    blocks, taken = [], set()
    try:
        for block in category_blocks:
            first, offset, scale = int(block["first"]), [float(v) for v in block["offset"]], [
                float(v) for v in block["scale"]]
            features = set(range(first, first + len(offset)))
            if (first < 0 or len(offset) < 2 or len(scale) != len(offset)
                    or (output_dim is not None and first + len(offset) > output_dim)
                    or features & taken or not all(scale) or not np.isfinite(offset + scale).all()):
                raise ValueError(expected)
            taken |= features
            blocks.append({"first": first, "offset": offset, "scale": scale})
    except (TypeError, KeyError):
        raise ValueError(expected) from None
    return sorted(blocks, key=lambda block: block["first"])


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class CategoryDraw(keras.layers.Layer):
    """Draws one category a step in each block of one-hot features (`draw_one_hot`) from
    the blocks' logits, with Gumbel noise from the generator's static noise
    (`category_gumbels`). Inputs `[logits, noise]`, the logits of every block's features
    side by side `(batch, steps, block features)`; output the drawn one-hots, in the same
    order, in model units. Always computes in float32.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.generators import CategoryDraw
    >>> draw = CategoryDraw([{"first": 0, "offset": [0, 0], "scale": [1, 1]}], static_noise_dim=2)
    >>> drawn = np.asarray(draw([np.zeros((3, 4, 2), "float32"), np.random.default_rng(0).normal(size=(3, 4, 2))]))
    >>> drawn.shape, bool((drawn.sum(-1) == 1).all()), bool((drawn == drawn[:, :1]).all())
    ((3, 4, 2), True, True)
    """

    def __init__(self, category_blocks, static_noise_dim: int, **kwargs):
        kwargs["dtype"] = "float32"
        super().__init__(**kwargs)
        self.category_blocks = _checked_category_blocks(category_blocks)
        self.static_noise_dim = non_negative_int(static_noise_dim, "static_noise_dim")

    def call(self, inputs):
        logits, noise = inputs
        logits = ops.cast(logits, "float32")
        ranges = [(block["first"], block["first"] + len(block["offset"])) for block in self.category_blocks]
        pieces, done = [], 0
        for block, gumbel in zip(self.category_blocks, category_gumbels(noise, self.static_noise_dim, ranges)):
            width = len(block["offset"])
            offset = ops.convert_to_tensor(block["offset"], "float32")
            scale = ops.convert_to_tensor(block["scale"], "float32")
            pieces.append(draw_one_hot(logits[..., done : done + width], gumbel, offset, scale))
            done += width
        return pieces[0] if len(pieces) == 1 else ops.concatenate(pieces, axis=-1)

    def compute_output_shape(self, input_shapes):
        return input_shapes[0]

    def get_config(self):
        return {**super().get_config(), "category_blocks": self.category_blocks,
                "static_noise_dim": self.static_noise_dim}


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class StopGradient(keras.layers.Layer):
    """Its input, through which no gradient flows back (`keras.ops.stop_gradient`): what
    `LSTMGenerator` feeds the drawn categories to its numbers through, so that the numbers
    follow the categories drawn but the categories are not chosen for the numbers' sake.

    Example:

    >>> import tensorflow as tf
    >>> from tfgan_rnn.generators import StopGradient
    >>> x = tf.Variable([1.0, 2.0])
    >>> with tf.GradientTape() as tape:
    ...     total = tf.reduce_sum(StopGradient()(x) * x)
    >>> tape.gradient(total, x).numpy().tolist()
    [1.0, 2.0]
    """

    def call(self, inputs):
        return ops.stop_gradient(inputs)


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class CenteredInBlocks(keras.constraints.Constraint):
    """Keeps a kernel whose rows are read by blocks of one-hot features (`widths`, in order)
    at zero mean over each block's rows: what `LSTMGenerator`'s shift by category is held
    to, so that the shifts of several blocks contrast their categories and cannot add up to
    a shift of every step (under Adam, each block's rows would move such a shared shift as
    fast as the numbers' own bias, so the numbers' means drifted with the number of blocks).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.generators import CenteredInBlocks
    >>> np.asarray(CenteredInBlocks([2, 3])(np.array([[1.0], [3.0], [0.0], [0.0], [6.0]], "float32"))).ravel().tolist()
    [-1.0, 1.0, -2.0, -2.0, 4.0]
    """

    def __init__(self, widths):
        self.widths = [positive_int(width, "widths") for width in widths]

    def __call__(self, kernel):
        centering = np.zeros((sum(self.widths),) * 2, "float32")
        first = 0
        for width in self.widths:
            centering[first : first + width, first : first + width] = np.eye(width) - 1.0 / width
            first += width
        return ops.matmul(ops.convert_to_tensor(centering, kernel.dtype), kernel)

    def get_config(self):
        return {"widths": self.widths}


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class PlaceFeatures(keras.layers.Layer):
    """Puts `[numbers, drawn]` side by side in the data's feature order: the drawn blocks'
    features at `category_blocks`' places, the numbers' at the others, in order.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.generators import PlaceFeatures
    >>> place = PlaceFeatures([{"first": 1, "offset": [0, 0], "scale": [1, 1]}], output_dim=4)
    >>> np.asarray(place([np.array([[[7.0, 8.0]]]), np.array([[[0.0, 1.0]]])])).tolist()
    [[[7.0, 0.0, 1.0, 8.0]]]
    """

    def __init__(self, category_blocks, output_dim: int, **kwargs):
        super().__init__(**kwargs)
        self.category_blocks = _checked_category_blocks(category_blocks, output_dim)
        self.output_dim = positive_int(output_dim, "output_dim")
        drawn = [block["first"] + i for block in self.category_blocks for i in range(len(block["offset"]))]
        numbers = [feature for feature in range(output_dim) if feature not in drawn]
        self._order = [numbers.index(f) if f in numbers else len(numbers) + drawn.index(f) for f in range(output_dim)]

    def call(self, inputs):
        numbers, drawn = inputs
        side_by_side = ops.concatenate([ops.cast(numbers, drawn.dtype), drawn], axis=-1)
        if self._order == list(range(self.output_dim)):  # the blocks after every number: nothing to move
            return side_by_side
        return ops.take(side_by_side, ops.convert_to_tensor(self._order, "int32"), axis=-1)

    def compute_output_shape(self, input_shapes):
        return (*input_shapes[1][:-1], self.output_dim)

    def get_config(self):
        return {**super().get_config(), "category_blocks": self.category_blocks, "output_dim": self.output_dim}


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
        category_blocks: the output's blocks of one-hot features, each a column of
            categories, as `Scaler.category_blocks()` gives them (`[{"first": first feature,
            "offset": [...], "scale": [...]}]`, one offset and scale a category: the model
            units of its 0 and its span). The generator then draws each step's category of
            each block first (`CategoryDraw`: a logit a category, Gumbel noise from the last
            `static_noise_dim` noise features) and shifts the other features' projection by
            a learnt amount per drawn category (before the activation; no shift at the start,
            and no gradient back into the draw), so a step's numbers follow its category (no
            rain without precipitation). None (default): every feature from the one projection.
        static_noise_dim: how many of the last noise features `RecurrentGAN` holds per
            sequence (its `static_noise_dim`): the Gumbel noise of `category_blocks`' draws,
            a block at a time; a block they cannot cover takes its highest logit's category.
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

    Drawing a column of three categories (features 1-3) before the number (feature 0):

    >>> blocks = [{"first": 1, "offset": [0.0] * 3, "scale": [1.0] * 3}]
    >>> drawing = LSTMGenerator(3, 4, units=8, num_layers=1, category_blocks=blocks, static_noise_dim=3)
    >>> noise = np.random.default_rng(0).normal(size=(4, 10, 3)).astype("float32")
    >>> sequence = np.asarray(drawing([noise, *state.flatten_state(state.zero_state(4, [8]))])[0])
    >>> bool((sequence[..., 1:].sum(-1) == 1).all()), bool(((0 < sequence[..., 0]) & (sequence[..., 0] < 1)).all())
    (True, True)
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
        category_blocks=None,
        static_noise_dim: int = 0,
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
        category_blocks = _checked_category_blocks(category_blocks, output_dim)
        static_noise_dim = non_negative_int(static_noise_dim, "static_noise_dim")
        if static_noise_dim > latent_dim:
            raise ValueError(
                f"Expected `static_noise_dim` from 0 to latent_dim ({latent_dim}): how many of the last "
                f"noise features are held per sequence. Received: static_noise_dim={static_noise_dim}")
        drawn_features = sum(len(block["offset"]) for block in category_blocks)

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
        output_layer = keras.layers.Dense(  # with categories drawn, the numbers' activation comes after the shift
            output_dim - drawn_features, activation=None if category_blocks else output_activation,
            dtype="float32", name="output"
        ) if output_dim > drawn_features else None

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
        if category_blocks:
            logits = keras.layers.Dense(drawn_features, dtype="float32", name="category_logits")(x)
            drawn = CategoryDraw(category_blocks, static_noise_dim, name="category_draw")([logits, noise])
            if output_layer is None:
                numbers = drawn[..., :0]
            else:  # each drawn category shifts the numbers, from no shift at the start
                shift = keras.layers.Dense(
                    output_dim - drawn_features, use_bias=False, kernel_initializer="zeros", dtype="float32",
                    kernel_constraint=CenteredInBlocks([len(block["offset"]) for block in category_blocks]),
                    name="shift_by_category")(
                    StopGradient(name="drawn_categories")(drawn))
                numbers = keras.layers.Add(dtype="float32", name="output_and_shift")([output_layer(x), shift])
                numbers = keras.layers.Activation(output_activation, dtype="float32", name="numbers")(numbers)
            sequence = PlaceFeatures(category_blocks, output_dim, name="features_in_order")([numbers, drawn])
        else:
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
        self.category_blocks = category_blocks
        self.static_noise_dim = static_noise_dim
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
            "category_blocks": self.category_blocks,
            "static_noise_dim": self.static_noise_dim,
        }

    @classmethod
    def from_config(cls, config):
        # Models saved before `stacked` existed ran one LSTM layer per layer.
        return cls(**{"stacked": False, **config})
