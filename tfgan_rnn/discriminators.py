"""Discriminators: functional Keras models that score a sequence with float32 logits."""

from __future__ import annotations

import keras

from tfgan_rnn import state as state_lib
from tfgan_rnn._checks import non_negative_int, positive_int
from tfgan_rnn.generators import resolve_stacked, stacked_lstm


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class WithDifferences(keras.layers.Layer):
    """Appends first differences `x[t] - x[t-1]` (0 at t = 0) to each step's features.

    Gives a discriminator direct sight of step-to-step movement (volatility,
    smoothness), which generators otherwise get wrong long after levels look right.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.discriminators import WithDifferences
    >>> np.asarray(WithDifferences()(np.array([[[1.0], [3.0], [2.0]]])))[0].tolist()
    [[1.0, 0.0], [3.0, 2.0], [2.0, -1.0]]
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Steps are right-padded: a valid step's predecessor is valid too.
        self.supports_masking = True

    def call(self, x):
        from keras import ops

        previous = ops.concatenate([x[:, :1], x[:, :-1]], axis=1)
        return ops.concatenate([x, x - previous], axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], None if input_shape[-1] is None else 2 * input_shape[-1])


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class MinibatchDeviation(keras.layers.Layer):
    """Appends how much the features vary within each sample's group of the batch.

    The minibatch standard deviation of progressive GANs (Karras et al., 2018), for a
    sequence discriminator's features: the batch is cut into consecutive groups of
    `group_size` (the last one smaller when the batch does not divide), each feature's
    standard deviation is taken within the group, averaged over the features, and
    appended to every member's features (per step when the input has a time axis; with a
    mask, over the group's sequences that have that step, so padding counts for nothing). A
    generator that makes nearly the same sequence whatever its noise (mode collapse) gives
    a group of nearly alike features, which a discriminator reading this one number tells
    apart from real groups at once.

    `RecurrentGAN` scores real and generated sequences in one call, real first: with a
    batch size that `group_size` divides, no group mixes the two.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.discriminators import MinibatchDeviation
    >>> features = np.array([[0.0], [2.0], [5.0], [5.0]], "float32")
    >>> np.asarray(MinibatchDeviation(group_size=2)(features)).round(3).tolist()
    [[0.0, 1.0], [2.0, 1.0], [5.0, 0.0], [5.0, 0.0]]
    """

    def __init__(self, group_size: int = 4, **kwargs):
        super().__init__(**kwargs)
        self.group_size = positive_int(group_size, "group_size")
        self.supports_masking = True

    def call(self, x, mask=None):
        from keras import ops

        shape = ops.shape(x)
        values = ops.cast(x, "float32")
        # Which values count: all, or with a time axis and a mask (right-padded sequences of
        # several lengths), each step's valid members of the group only.
        weight = ops.ones_like(values[..., :1]) if mask is None else ops.cast(mask, "float32")[..., None]
        # `same[i, j]`: 1 where j is in i's group; a matmul with it sums over each sample's
        # group, whatever the batch size.
        group = ops.arange(shape[0]) // self.group_size
        same = ops.cast(ops.equal(group[:, None], group[None, :]), "float32")

        def group_sum(tensor):
            summed = ops.matmul(same, ops.reshape(tensor, (shape[0], -1)))
            return ops.reshape(summed, ops.shape(tensor))

        count = ops.maximum(group_sum(weight), 1.0)
        centred = values - group_sum(weight * values) / count
        deviation = ops.sqrt(group_sum(weight * ops.square(centred)) / count + 1e-8)
        deviation = ops.mean(deviation, axis=-1, keepdims=True)
        return ops.concatenate([x, ops.cast(deviation, x.dtype)], axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], None if input_shape[-1] is None else input_shape[-1] + 1)

    def get_config(self):
        config = super().get_config()
        config.update(group_size=self.group_size)
        return config


def _causal_convolutions(filters: int, num_layers: int, kernel_size: int) -> list:
    """Causal `Conv1D`s (`conv_0`, ...) whose dilation doubles per layer, leaky ReLU."""
    return [
        keras.layers.Conv1D(filters, kernel_size, padding="causal", dilation_rate=2**i,
                            activation="leaky_relu", name=f"conv_{i}")
        for i in range(num_layers)
    ]


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class CausalConvolutions(keras.layers.Layer):
    """Causal dilated 1-D convolutions, then (optionally) a mean over the valid steps.

    The convolutional branch of `LSTMDiscriminator(conv_filters=...)`: `num_layers`
    convolutions of width `kernel_size` whose dilation doubles per layer (receptive field
    `1 + (kernel_size - 1) * (2**num_layers - 1)` steps), leaky ReLU. Each output step
    sees only its own and earlier steps, so on right-padded sequences the valid steps
    never see padding; with `pool=True` the mean is taken over valid steps only (the
    mask Keras passes), with `pool=False` the per-step features are returned (0 on
    masked steps) and the mask passes through.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.discriminators import CausalConvolutions
    >>> tuple(CausalConvolutions(filters=8)(np.zeros((4, 10, 2), "float32")).shape)
    (4, 8)
    """

    def __init__(self, filters: int, num_layers: int = 3, kernel_size: int = 3, pool: bool = True, **kwargs):
        super().__init__(**kwargs)
        filters = positive_int(filters, "filters")
        num_layers = positive_int(num_layers, "num_layers")
        kernel_size = positive_int(kernel_size, "kernel_size")
        self.filters, self.num_layers, self.kernel_size, self.pool = filters, num_layers, kernel_size, bool(pool)
        self.convolutions = _causal_convolutions(filters, num_layers, kernel_size)
        self.supports_masking = True

    def build(self, input_shape):
        shape = tuple(input_shape)
        for convolution in self.convolutions:
            convolution.build(shape)
            shape = (*shape[:-1], self.filters)

    def call(self, x, mask=None):
        from keras import ops

        # The mask is applied below; a copy of the input without it attached keeps Keras
        # from warning that `Conv1D` drops it.
        x = ops.copy(x) if mask is not None else x
        for convolution in self.convolutions:
            x = convolution(x)
        if mask is None:
            return x if not self.pool else ops.mean(x, axis=1)
        weights = ops.cast(mask, x.dtype)[..., None]
        if not self.pool:
            return x * weights  # padded steps' features 0, whatever the padding holds
        return ops.sum(x * weights, axis=1) / ops.maximum(ops.sum(weights, axis=1), 1.0)

    def compute_mask(self, inputs, mask=None):
        return None if self.pool else mask

    def compute_output_shape(self, input_shape):
        if self.pool:
            return (input_shape[0], self.filters)
        return (*input_shape[:-1], self.filters)

    def get_config(self):
        config = super().get_config()
        config.update(filters=self.filters, num_layers=self.num_layers, kernel_size=self.kernel_size, pool=self.pool)
        return config


def _base_config(model: keras.Model) -> dict:
    return {"name": model.name, "trainable": model.trainable}


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class LSTMDiscriminator(keras.Model):
    """Stacked (optionally bidirectional) LSTMs that score a sequence as real or fake.

    Input: a sequence `(batch, time, input_dim)` of any length. Output: float32 logits,
    `(batch, 1)` from the last step, or `(batch, time, 1)` with `per_step_logits=True`
    (one judgement per step, as in C-RNN-GAN and RCGAN). Logits are float32 under every
    mixed-precision policy.

    With `stacked=False` the recurrent layers are `keras.layers.LSTM`s that use cuDNN
    on a GPU when they can (`use_cudnn="auto"`);
    `RecurrentGAN.compile(gradient_penalty_weight>0)` switches them to the generic kernel
    because cuDNN's LSTM has no second derivative. With `stacked=True` (the default on
    CPU) all layers run in one recurrent loop, twice differentiable everywhere.

    Args:
        input_dim: number of features of the sequences to score (the generator's
            `output_dim`).
        units: units of each LSTM layer (per direction).
        num_layers: number of stacked LSTM layers.
        bidirectional: read the sequence in both directions.
        per_step_logits: one logit per time step instead of one per sequence.
        with_differences: also feed first differences of the input (see
            `WithDifferences`).
        stacked: run all layers in one recurrent loop (see `LSTMGenerator`); `"auto"`
            picks it when no GPU is visible. A bidirectional discriminator always runs
            one `Bidirectional(LSTM)` per layer.
        return_state: take the initial LSTM state as inputs and return the final state
            as outputs, like `LSTMGenerator`: inputs `[sequence, *state]`, outputs
            `[logits, *state]`. Needed by `RecurrentGAN(chunk_length=...)`, which scores
            long windows chunk by chunk; not with `bidirectional` or `with_differences`.
        condition_dim: size of a per-step condition read beside the sequence (the
            generator's `condition_dim`); 0 (default) for none. When > 0 the inputs
            are `[sequence, condition, *state]`, the condition `(batch, time,
            condition_dim)` concatenated to the sequence at every step.
        conv_filters: channels of a convolutional branch read beside the LSTMs
            (`CausalConvolutions`: 3 causal convolutions of width 3, dilations 1, 2, 4,
            a 15-step receptive field), whose features, averaged over the valid steps
            (or per step with `per_step_logits`), join the LSTM's at the logit layer.
            It sees short-range patterns across features (how columns move together
            from step to step) that one LSTM state judges poorly. 0 (default) for none;
            not with `return_state` (it cannot carry context across chunks).
        minibatch_group_size: also read how much the features at the logit layer vary
            within consecutive groups of this many sequences of the batch
            (`MinibatchDeviation`), so that a generator making nearly the same sequence
            whatever its noise is seen at once. 0 (default) for none.
        **kwargs: passed to `keras.Model` (`name`, `dtype`, ...).

    Padded steps: called with `mask=` (a boolean `(batch, time)` for the sequence, as
    `RecurrentGAN` does for variable-length data), the LSTMs skip masked steps, so a
    masked step never changes a logit or a gradient.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn import LSTMDiscriminator
    >>> discriminator = LSTMDiscriminator(input_dim=2, units=8, num_layers=1)
    >>> tuple(discriminator(np.zeros((4, 10, 2), "float32")).shape)
    (4, 1)
    """

    def __init__(
        self,
        input_dim: int,
        units: int = 64,
        num_layers: int = 2,
        bidirectional: bool = False,
        per_step_logits: bool = False,
        with_differences: bool = False,
        stacked="auto",
        return_state: bool = False,
        condition_dim: int = 0,
        conv_filters: int = 0,
        minibatch_group_size: int = 0,
        **kwargs,
    ):
        condition_dim = non_negative_int(condition_dim, "condition_dim")
        conv_filters = non_negative_int(conv_filters, "conv_filters")
        minibatch_group_size = non_negative_int(minibatch_group_size, "minibatch_group_size")
        input_dim = positive_int(input_dim, "input_dim")
        units = positive_int(units, "units")
        num_layers = positive_int(num_layers, "num_layers")
        if return_state and (bidirectional or with_differences or conv_filters):
            raise ValueError(
                "A discriminator with `return_state=True` reads a sequence chunk by chunk, "
                "carrying its state forward: it cannot be bidirectional, take first "
                "differences or run convolutions across chunk boundaries. Received: "
                f"bidirectional={bidirectional}, with_differences={with_differences}, "
                f"conv_filters={conv_filters}"
            )
        stacked = resolve_stacked(stacked) and not bidirectional

        # === Layers ===
        recurrent_layers = []
        if stacked:
            recurrent_layers.append(
                stacked_lstm(units, num_layers, return_sequences=per_step_logits, return_state=return_state)
            )
        for i in range(0 if stacked else num_layers):
            keep_sequence = per_step_logits or i < num_layers - 1
            layer = keras.layers.LSTM(
                units, return_sequences=keep_sequence, return_state=return_state, name=f"lstm_{i}"
            )
            if bidirectional:
                layer = keras.layers.Bidirectional(layer, name=f"bidirectional_{i}")
            recurrent_layers.append(layer)
        logit_layer = keras.layers.Dense(1, dtype="float32", name="logits")
        convolutions = (
            CausalConvolutions(conv_filters, pool=not per_step_logits, name="convolutions")
            if conv_filters else None
        )
        deviation = (MinibatchDeviation(minibatch_group_size, name="minibatch_deviation")
                     if minibatch_group_size else None)

        # === Functional model ===
        sequence = keras.Input(shape=(None, input_dim), name="sequence")
        x = WithDifferences(name="with_differences")(sequence) if with_differences else sequence
        condition_inputs = []
        if condition_dim:
            condition_inputs = [keras.Input(shape=(None, condition_dim), name="condition")]
            x = keras.layers.Concatenate(name="sequence_and_condition")([x, *condition_inputs])
        if return_state:
            initial = [
                [keras.Input(shape=(units,), name=name) for name in state_lib.state_input_names(i)]
                for i in range(num_layers)
            ]
            if stacked:
                x, *final = recurrent_layers[0](x, initial_state=initial)
            else:
                final = []
                for layer, layer_initial in zip(recurrent_layers, initial):
                    x, h, c = layer(x, initial_state=layer_initial)
                    final.append([h, c])
            if deviation is not None:
                x = deviation(x)
            inputs = [sequence, *condition_inputs, *[t for pair in initial for t in pair]]
            outputs = [logit_layer(x), *[t for pair in final for t in pair]]
        else:
            read = x
            for layer in recurrent_layers:
                x = layer(x)
            if convolutions is not None:
                x = keras.layers.Concatenate(name="recurrent_and_convolutions")([x, convolutions(read)])
            if deviation is not None:
                x = deviation(x)
            inputs = [sequence, *condition_inputs] if condition_inputs else sequence
            outputs = logit_layer(x)
        super().__init__(inputs=inputs, outputs=outputs, **kwargs)
        self.supports_masking = True

        # === Config ===
        self.input_dim = input_dim
        self.units = units
        self.num_layers = num_layers
        self.bidirectional = bool(bidirectional)
        self.per_step_logits = bool(per_step_logits)
        self.with_differences = bool(with_differences)
        self.stacked = stacked
        self.return_state = bool(return_state)
        self.condition_dim = condition_dim
        self.conv_filters = conv_filters
        self.minibatch_group_size = minibatch_group_size

    def get_config(self):
        config = _base_config(self)
        config.update(
            input_dim=self.input_dim,
            units=self.units,
            num_layers=self.num_layers,
            bidirectional=self.bidirectional,
            per_step_logits=self.per_step_logits,
            with_differences=self.with_differences,
            stacked=self.stacked,
            return_state=self.return_state,
            condition_dim=self.condition_dim,
            conv_filters=self.conv_filters,
            minibatch_group_size=self.minibatch_group_size,
        )
        return config

    @classmethod
    def from_config(cls, config):
        # Models saved before `stacked` existed ran one LSTM layer per layer.
        return cls(**{"stacked": False, **config})


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class ConvDiscriminator(keras.Model):
    """A non-recurrent discriminator: causal 1-D convolutions, then a mean over time.

    Faster than an LSTM on long windows, and twice-differentiable everywhere (a gradient
    penalty needs no special kernel). Logits are float32 `(batch, 1)`.

    Args:
        input_dim: number of features of the sequences to score.
        filters: channels of each convolution.
        num_layers: number of convolution layers; the dilation doubles per layer, so
            the receptive field is `1 + (kernel_size - 1) * (2**num_layers - 1)` steps.
        kernel_size: width of each convolution.
        condition_dim: size of a per-step condition concatenated to the sequence
            (inputs `[sequence, condition]`); 0 (default) for none.
        **kwargs: passed to `keras.Model`.

    Convolutions do not skip masked steps: for variable-length data use an
    `LSTMDiscriminator` (`RecurrentGAN.fit` checks this).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn import ConvDiscriminator
    >>> discriminator = ConvDiscriminator(input_dim=2, filters=8, num_layers=2)
    >>> tuple(discriminator(np.zeros((4, 10, 2), "float32")).shape)
    (4, 1)
    """

    def __init__(
        self,
        input_dim: int,
        filters: int = 64,
        num_layers: int = 3,
        kernel_size: int = 3,
        condition_dim: int = 0,
        **kwargs,
    ):
        condition_dim = non_negative_int(condition_dim, "condition_dim")
        input_dim = positive_int(input_dim, "input_dim")
        filters = positive_int(filters, "filters")
        num_layers = positive_int(num_layers, "num_layers")
        kernel_size = positive_int(kernel_size, "kernel_size")

        # === Layers ===
        conv_layers = _causal_convolutions(filters, num_layers, kernel_size)
        pooling = keras.layers.GlobalAveragePooling1D(name="mean_over_time")
        logit_layer = keras.layers.Dense(1, dtype="float32", name="logits")

        # === Functional model ===
        sequence = keras.Input(shape=(None, input_dim), name="sequence")
        x = sequence
        inputs = sequence
        if condition_dim:
            condition = keras.Input(shape=(None, condition_dim), name="condition")
            x = keras.layers.Concatenate(name="sequence_and_condition")([sequence, condition])
            inputs = [sequence, condition]
        for layer in conv_layers:
            x = layer(x)
        logits = logit_layer(pooling(x))
        super().__init__(inputs=inputs, outputs=logits, **kwargs)

        # === Config ===
        self.input_dim = input_dim
        self.filters = filters
        self.num_layers = num_layers
        self.kernel_size = kernel_size
        self.condition_dim = condition_dim

    def get_config(self):
        config = _base_config(self)
        config.update(
            input_dim=self.input_dim,
            filters=self.filters,
            num_layers=self.num_layers,
            kernel_size=self.kernel_size,
            condition_dim=self.condition_dim,
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def recurrent_layers(model: keras.Model) -> list:
    """Every Keras recurrent layer inside `model` (LSTM, GRU, RNN, inside `Bidirectional` too).

    Example:

    >>> import keras
    >>> from tfgan_rnn.discriminators import recurrent_layers
    >>> model = keras.Sequential([keras.Input((None, 2)), keras.layers.Bidirectional(keras.layers.GRU(4)),
    ...                           keras.layers.Dense(1)])
    >>> sorted(type(layer).__name__ for layer in recurrent_layers(model))
    ['GRU', 'GRU']
    """
    return [
        layer
        for layer in model._flatten_layers(include_self=False, recursive=True)
        if isinstance(layer, keras.layers.RNN)
    ]
