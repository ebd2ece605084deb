"""Ways of running a stack of LSTM layers on CPU, timed forward and backward.

The question this answers: is there a faster loop than the one the networks use on CPU
(`tfgan_rnn.generators.stacked_lstm`, one `keras.layers.RNN` over stacked `LSTMCell`s),
with the same weights and the same values? Each variant below is checked against it
(outputs, final states and weight gradients) and then timed on a forward pass and the
gradient of a loss with respect to every weight, in a `tf.function`, alternating the
variants within each round:

- `stacked`: the networks' loop (Keras' `backend.rnn`, a `tf.while_loop` with 32 parallel
  iterations, all layers in its body);
- `stacked_serial`: the same body in a `tf.while_loop` with `parallel_iterations=1`, so
  that step t + 1 of the first layer cannot start while the last layer still works on
  step t (shows what the pipelining across iterations is worth);
- `separate_hoisted`: one loop per layer, each layer's input projection `x @ kernel + bias`
  done for all steps at once outside its loop (one large matmul), only `h @ recurrent_kernel`
  inside;
- `stacked_fused`: the networks' loop with one matmul per layer and step instead of two:
  `[x, h] @ [kernel; recurrent_kernel]`, the kernels joined once before the loop (fewer
  ops in the body, one `concat` more);
- `stacked_transposed`: the stacked loop on transposed tensors (states `(units, batch)`,
  gates `(4 * units, batch)` from matmuls with `transpose_a`), so that the four gate
  blocks are rows and splitting them copies nothing (a split on the last axis copies);
- `stacked_unrolled`: the stacked cells called step by step in Python, as
  `keras.layers.RNN(unroll=True)` does: no loop at all, one graph node per op and step;
- `stacked_blocks_4`, `stacked_blocks_8`: the stacked loop unrolled partly, each iteration
  running the stacked cells on 4 (8) consecutive steps (the time must divide by it);
- `stacked_saved_gates`: the stacked loop whose step has a hand-written gradient
  (`tf.custom_gradient`) that keeps one tensor per layer and step (the layer's input, `h`,
  `c`, the four gate activations and `tanh(c)` side by side) where TensorFlow's own
  gradient keeps about ten; no second derivative, so no gradient penalty through it;
- `stacked_sequence_gradient`: the whole stack over the whole sequence under one
  `tf.custom_gradient`: a forward loop that keeps six tensors per layer and step, a
  backward loop of its own (backpropagation through time) that carries only the state
  gradients, and every weight gradient computed after it as one matmul over all steps,
  instead of being added up step by step inside TensorFlow's backward loop;
- `wavefront`: one loop of T + L - 1 iterations in which layer l works on step k - l, so
  every layer's gates come from one matmul of all layers' `h` by a block matrix of the
  kernels (gate-major columns, zero blocks where a layer does not feed another), layers
  that have not started or have finished held by a mask;
- `stacked_cell_xla`: the stacked loop, each layer's step (both matmuls and the gates) a
  `tf.function(jit_compile=True)`, so XLA fuses its elementwise ops into one cluster and
  its gradient into another, while TensorFlow's loop still overlaps iterations;
- `stacked_step_xla`: the same with the whole step (every layer) one XLA cluster;
- `stacked_unrolled_xla`: the unrolled stack (no loop) as one `tf.function(jit_compile=True)`,
  so XLA compiles the whole sequence's forward pass into one cluster and its gradient into
  another, with no loop and no executor between the ops;
- `stacked_block_cell`: the stacked loop, each layer's step TensorFlow's fused
  `LSTMBlockCell` kernel (one op for the matmul, the gates and the new state; its gate
  blocks i, c, f, o, so Keras' f and c columns are swapped once before the loop) with a
  gradient registered here from its `LSTMBlockCellGrad` op (TensorFlow 2 registers none),
  so a layer's step is one op forward and five backward instead of a dozen each way.

    .venv/bin/python benchmarks/lstm_loops.py                       # both sizes, 3 rounds
    .venv/bin/python benchmarks/lstm_loops.py --sizes small --rounds 5
    .venv/bin/python benchmarks/lstm_loops.py --variants stacked_unrolled   # and stacked

Writes `benchmarks/results/lstm_loops.json` (or `--output`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

# The two sizes (benchmarks/train_step.py): batch, time, features, units, layers.
SIZES = {
    "small": {"batch": 128, "time": 24, "features": 5, "units": 24, "layers": 3, "calls": 60},
    "large": {"batch": 256, "time": 128, "features": 16, "units": 128, "layers": 2, "calls": 6},
}
VARIANTS = ("stacked", "stacked_serial", "stacked_fused", "stacked_transposed", "stacked_unrolled", "stacked_blocks_4", "stacked_blocks_8",
            "stacked_saved_gates", "stacked_sequence_gradient", "separate_hoisted", "wavefront",
            "stacked_cell_xla", "stacked_step_xla", "stacked_unrolled_xla", "stacked_block_cell")


def _gates(z, c, axis=-1):
    """One LSTM step from the gate pre-activations `z` (blocks i, f, c, o on `axis`) and
    the cell state `c`: `(i, f, g, o, new_c, tanh(new_c))`, the new `h` being
    `o * tanh(new_c)`; a hand-written gradient reads these."""
    import tensorflow as tf

    z_i, z_f, z_c, z_o = tf.split(z, 4, axis=axis)
    i, f, g, o = tf.sigmoid(z_i), tf.sigmoid(z_f), tf.tanh(z_c), tf.sigmoid(z_o)
    new_c = f * c + i * g
    return i, f, g, o, new_c, tf.tanh(new_c)


def _lstm_update(z, c, axis=-1):
    """One LSTM step from the gates `z` (i, f, c, o blocks on `axis`): `(new_h, new_c)`."""
    _, _, _, o, new_c, tanh_c = _gates(z, c, axis)
    return o * tanh_c, new_c


def _time_major_loop(body, sequence, carry, parallel_iterations=32):
    """Runs `body(x_t, carry) -> (output_t, carry)` over the steps of `sequence` (batch-major)."""
    import tensorflow as tf

    steps = tf.shape(sequence)[1]
    inputs = tf.TensorArray(sequence.dtype, size=steps).unstack(tf.transpose(sequence, [1, 0, 2]))
    outputs = tf.TensorArray(sequence.dtype, size=steps)

    def loop(t, outputs, carry):
        output, carry = body(inputs.read(t), carry)
        return t + 1, outputs.write(t, output), carry

    _, outputs, carry = tf.while_loop(
        lambda t, *_: t < steps, loop, (0, outputs, carry), parallel_iterations=parallel_iterations
    )
    return tf.transpose(outputs.stack(), [1, 0, 2]), carry


def _stacked_loop(layer_steps, x, initial, parallel_iterations=32):
    """The stacked cells' loop: at each step, `layer_steps[l](x_t, h, c) -> (h, c)` for each layer
    in turn, a layer's `h` being the next layer's input."""
    def body(x_t, carry):
        new = []
        for step, (h, c) in zip(layer_steps, carry):
            x_t, c = step(x_t, h, c)
            new.append((x_t, c))
        return x_t, tuple(new)

    outputs, carry = _time_major_loop(body, x, tuple(tuple(s) for s in initial), parallel_iterations)
    return outputs, [list(s) for s in carry]


def stacked_serial(cells, x, initial):
    """The stacked cells' step, in a loop whose iterations cannot overlap."""
    steps = [lambda x_t, h, c, cell=cell: tuple(cell(x_t, [h, c])[1]) for cell in cells]
    return _stacked_loop(steps, x, initial, parallel_iterations=1)


def stacked_fused(cells, x, initial):
    """The stacked loop, each layer's gates from one matmul of `[x, h]` by both kernels."""
    import tensorflow as tf

    steps = [
        lambda x_t, h, c, kernels=tf.concat([cell.kernel, cell.recurrent_kernel], axis=0), bias=cell.bias:
        _lstm_update(tf.matmul(tf.concat([x_t, h], axis=-1), kernels) + bias, c)
        for cell in cells
    ]
    return _stacked_loop(steps, x, initial)


def stacked_transposed(cells, x, initial):
    """The stacked loop on transposed tensors: states `(units, batch)`, gates `(4 * units, batch)`.

    Each layer's gates come from `kernel^T x^T + recurrent_kernel^T h^T` (the matmuls'
    `transpose_a`, no weight copies), so the four gate blocks are rows, and splitting them
    (on the first axis) needs no copy; the sequence and the states are transposed before
    the loop and back after it.
    """
    import tensorflow as tf

    weights = [(tf.convert_to_tensor(cell.kernel), tf.convert_to_tensor(cell.recurrent_kernel),
                tf.convert_to_tensor(cell.bias)[:, None]) for cell in cells]

    def layer_step(x_t, h, c, weights):
        kernel, recurrent_kernel, bias = weights
        z = tf.matmul(kernel, x_t, transpose_a=True) + tf.matmul(recurrent_kernel, h, transpose_a=True) + bias
        return _lstm_update(z, c, axis=0)

    steps = [lambda x_t, h, c, w=w: layer_step(x_t, h, c, w) for w in weights]
    transposed_initial = [[tf.transpose(h), tf.transpose(c)] for h, c in initial]
    outputs, states = _stacked_loop(steps, tf.transpose(x, [2, 1, 0]), transposed_initial)
    # _stacked_loop reads axis 1 as time: (features, time, batch) in, (units, time, batch) out.
    return tf.transpose(outputs, [2, 1, 0]), [[tf.transpose(h), tf.transpose(c)] for h, c in states]


def _cell_weights(cells):
    """Each cell's `(kernel, recurrent_kernel, bias)` as tensors, read once before a loop."""
    import tensorflow as tf

    return [tuple(tf.convert_to_tensor(w) for w in (cell.kernel, cell.recurrent_kernel, cell.bias)) for cell in cells]


def _layer_update(x_t, h, c, kernel, recurrent_kernel, bias):
    """One layer's LSTM step from its input, state and weights: `(new_h, new_c)`."""
    _, _, _, o, new_c, tanh_c = _gates_and_state(x_t, h, c, kernel, recurrent_kernel, bias)
    return o * tanh_c, new_c


def stacked_cell_xla(cells, x, initial):
    """The stacked loop, each layer's step one XLA cluster (a `jit_compile` function)."""
    import tensorflow as tf

    layer_step = tf.function(_layer_update, jit_compile=True)
    steps = [lambda x_t, h, c, w=w: layer_step(x_t, h, c, *w) for w in _cell_weights(cells)]
    return _stacked_loop(steps, x, initial)


def stacked_step_xla(cells, x, initial):
    """The stacked loop, the whole step (every layer) one XLA cluster."""
    import tensorflow as tf

    weights = _cell_weights(cells)

    @tf.function(jit_compile=True)
    def step(x_t, carry):
        new = []
        for (h, c), layer_weights in zip(carry, weights):
            x_t, c = _layer_update(x_t, h, c, *layer_weights)
            new.append((x_t, c))
        return x_t, tuple(new)

    outputs, carry = _time_major_loop(step, x, tuple(tuple(s) for s in initial))
    return outputs, [list(s) for s in carry]


def _unrolled_loop(layer_steps, x, initial):
    """`_stacked_loop` unrolled in the graph: the layer steps called on each step in turn."""
    import tensorflow as tf

    carry = [list(s) for s in initial]
    outputs = []
    for t in range(x.shape[1]):
        x_t = x[:, t]
        for i, step in enumerate(layer_steps):
            x_t, c = step(x_t, *carry[i])
            carry[i] = [x_t, c]
        outputs.append(x_t)
    return tf.stack(outputs, axis=1), carry


def stacked_unrolled(cells, x, initial):
    """The stacked cells on each step in turn, unrolled in the graph (no loop)."""
    return _unrolled_loop([lambda x_t, h, c, cell=cell: tuple(cell(x_t, [h, c])[1]) for cell in cells], x, initial)


def stacked_unrolled_xla(cells, x, initial):
    """The unrolled stack, forward and backward each one XLA cluster (no loop)."""
    import tensorflow as tf

    steps = [lambda x_t, h, c, w=w: _layer_update(x_t, h, c, *w) for w in _cell_weights(cells)]
    return tf.function(lambda x, initial: _unrolled_loop(steps, x, initial), jit_compile=True)(x, initial)


def _register_block_cell_gradient():
    """Registers a gradient for TensorFlow's fused `LSTMBlockCell` op (which has a CPU
    kernel and a `LSTMBlockCellGrad` op, but no gradient registered in TensorFlow 2):
    `LSTMBlockCellGrad` gives the gate pre-activations' gradient, from which the input,
    state and weight gradients are three matmuls and a sum. No second derivative."""
    import tensorflow as tf
    from tensorflow.python.framework import ops

    try:
        ops.RegisterGradient("LSTMBlockCell")(_block_cell_gradient)
    except KeyError:  # registered already (an earlier call)
        pass


def _block_cell_gradient(op, *gradients):
    import tensorflow as tf

    x, cs_prev, h_prev, w, wci, wcf, wco, b = op.inputs
    i, cs, f, o, ci, co, _ = op.outputs
    cs_grad, h_grad = gradients[1], gradients[6]
    cs_grad = tf.zeros_like(cs) if cs_grad is None else cs_grad
    h_grad = tf.zeros_like(cs) if h_grad is None else h_grad
    cs_prev_grad, gates_grad, *_ = tf.raw_ops.LSTMBlockCellGrad(
        x=x, cs_prev=cs_prev, h_prev=h_prev, w=w, wci=wci, wcf=wcf, wco=wco, b=b, i=i, cs=cs, f=f, o=o,
        ci=ci, co=co, cs_grad=cs_grad, h_grad=h_grad, use_peephole=False)
    inputs_grad = tf.matmul(gates_grad, w, transpose_b=True)
    features = x.shape[-1]
    w_grad = tf.matmul(tf.concat([x, h_prev], axis=1), gates_grad, transpose_a=True)
    return (inputs_grad[:, :features], cs_prev_grad, inputs_grad[:, features:], w_grad,
            None, None, None, tf.reduce_sum(gates_grad, axis=0))


def stacked_block_cell(cells, x, initial):
    """The stacked loop, each layer's step one fused `LSTMBlockCell` op (gates i, c, f, o:
    Keras' f and c blocks swapped once, before the loop; no forget bias, no clipping)."""
    import tensorflow as tf

    _register_block_cell_gradient()
    weights = []
    for kernel, recurrent_kernel, bias in _cell_weights(cells):
        w = tf.concat([kernel, recurrent_kernel], axis=0)
        i, f, c, o = tf.split(w, 4, axis=1)
        b_i, b_f, b_c, b_o = tf.split(bias, 4)
        zeros = tf.zeros_like(b_i)
        weights.append((tf.concat([i, c, f, o], axis=1), tf.concat([b_i, b_c, b_f, b_o], axis=0), zeros))

    def layer_step(x_t, h, c, w, b, zeros):
        outputs = tf.raw_ops.LSTMBlockCell(x=x_t, cs_prev=c, h_prev=h, w=w, wci=zeros, wcf=zeros, wco=zeros, b=b,
                                           forget_bias=0.0, cell_clip=-1.0, use_peephole=False)
        return outputs[6], outputs[1]

    steps = [lambda x_t, h, c, w=w: layer_step(x_t, h, c, *w) for w in weights]
    return _stacked_loop(steps, x, initial)


def stacked_blocks(cells, x, initial, block):
    """The stacked loop over blocks of `block` steps, the steps of a block unrolled."""
    import tensorflow as tf

    batch, steps, features = x.shape
    units = cells[-1].units

    def body(x_block, carry):
        carry = [list(s) for s in carry]
        outputs = []
        for x_t in tf.split(tf.reshape(x_block, (batch, block, features)), block, axis=1):
            x_t = x_t[:, 0]
            for i, cell in enumerate(cells):
                x_t, carry[i] = cell(x_t, carry[i])
            outputs.append(x_t)
        return tf.concat(outputs, axis=-1), tuple(tuple(s) for s in carry)

    blocks = tf.reshape(x, (batch, steps // block, block * features))
    outputs, carry = _time_major_loop(body, blocks, tuple(tuple(s) for s in initial))
    return tf.reshape(outputs, (batch, steps, units)), [list(s) for s in carry]


def _gates_and_state(x_t, h, c, kernel, recurrent_kernel, bias):
    """`_gates` of one LSTM step from its input, state and weights."""
    import tensorflow as tf

    return _gates(tf.matmul(x_t, kernel) + tf.matmul(h, recurrent_kernel) + bias, c)


def _saved_gates_step(x_t, h, c, kernel, recurrent_kernel, bias):
    """One LSTM step whose gradient reads a single saved tensor."""
    import tensorflow as tf

    inputs, units = x_t.shape[-1], h.shape[-1]

    @tf.custom_gradient
    def step(x_t, h, c, kernel, recurrent_kernel, bias):
        i, f, g, o, new_c, tanh_c = _gates_and_state(x_t, h, c, kernel, recurrent_kernel, bias)
        new_h = o * tanh_c
        saved = tf.concat([x_t, h, c, i, f, g, o, tanh_c], axis=-1)

        def gradient(d_h, d_c):
            x_t, h, c, i, f, g, o, tanh_c = tf.split(saved, [inputs] + [units] * 7, axis=-1)
            d_c = d_c + d_h * o * (1 - tanh_c * tanh_c)
            d_z = tf.concat([d_c * g * i * (1 - i), d_c * c * f * (1 - f), d_c * i * (1 - g * g),
                             d_h * tanh_c * o * (1 - o)], axis=-1)
            return (tf.matmul(d_z, kernel, transpose_b=True), tf.matmul(d_z, recurrent_kernel, transpose_b=True),
                    d_c * f, tf.matmul(x_t, d_z, transpose_a=True), tf.matmul(h, d_z, transpose_a=True),
                    tf.reduce_sum(d_z, axis=0))

        return (new_h, new_c), gradient

    return step(x_t, h, c, kernel, recurrent_kernel, bias)


def stacked_saved_gates(cells, x, initial):
    """The stacked loop with `_saved_gates_step` for every layer (kernels read once, before the loop)."""
    steps = [lambda x_t, h, c, w=w: _saved_gates_step(x_t, h, c, *w) for w in _cell_weights(cells)]
    return _stacked_loop(steps, x, initial)


def _sigmoid_grad(y, dy):
    """`dy * y * (1 - y)` from the sigmoid's output `y`, in one op."""
    import tensorflow as tf

    return tf.raw_ops.SigmoidGrad(y=y, dy=dy)


def _tanh_grad(y, dy):
    """`dy * (1 - y * y)` from tanh's output `y`, in one op."""
    import tensorflow as tf

    return tf.raw_ops.TanhGrad(y=y, dy=dy)


def _lstm_stack_with_sequence_gradient(inputs, initial_states, weights, parallel_iterations=32):
    """Runs stacked LSTM layers over `inputs` with a first-order custom gradient.

    The forward loop keeps six tensors per layer and step (gate activations, the
    previous cell state, `tanh` of the new one); the backward loop carries only the
    state gradients and stores each step's gate gradients; every weight gradient is
    then one matmul over all steps. First order only: the saved tensors come from a
    forward pass the tape does not see.

    Args:
        inputs: `(batch, time, features)`.
        initial_states: one `(h, c)` pair per layer, each `(batch, units)`.
        weights: one `(kernel, recurrent_kernel, bias)` triple per layer, in Keras'
            `LSTMCell` layout (gate blocks i, f, c, o on the last axis).
        parallel_iterations: of both loops (Keras' recurrent loop uses 32).

    Returns:
        `(outputs, final_states)`: the last layer's hidden state at every step,
        `(batch, time, units)`, and one `(h, c)` pair per layer.
    """
    import tensorflow as tf

    layers = len(weights)
    units = [int(kernel.shape[-1]) // 4 for kernel, _, _ in weights]
    flat_states = [tf.convert_to_tensor(tensor) for pair in initial_states for tensor in pair]
    flat_weights = [tf.convert_to_tensor(tensor) for triple in weights for tensor in triple]

    @tf.custom_gradient
    def run(inputs, *flat):
        states = [tuple(flat[2 * l:2 * l + 2]) for l in range(layers)]
        kernels = [tuple(flat[2 * layers + 3 * l:2 * layers + 3 * l + 3]) for l in range(layers)]
        time_major = tf.transpose(inputs, [1, 0, 2])
        steps = tf.shape(time_major)[0]
        input_array = tf.TensorArray(inputs.dtype, size=steps).unstack(time_major)
        # One list per layer and saved tensor: a write keeps a reference, no copy.
        kinds = 6  # i, f, g, o, previous c, tanh(new c)
        saved_arrays = [tf.TensorArray(inputs.dtype, size=steps) for _ in range(kinds * layers)]

        def forward_step(t, saved_arrays, *carry):
            x_t = input_array.read(t)
            new_carry, saved = [], []
            for l, (kernel, recurrent_kernel, bias) in enumerate(kernels):
                h, c = carry[2 * l], carry[2 * l + 1]
                i, f, g, o, new_c, tanh_c = _gates_and_state(x_t, h, c, kernel, recurrent_kernel, bias)
                x_t = o * tanh_c
                new_carry += [x_t, new_c]
                saved += [i, f, g, o, c, tanh_c]
            return (t + 1, [array.write(t, tensor) for array, tensor in zip(saved_arrays, saved)], *new_carry)

        _, saved_arrays, *final = tf.while_loop(
            lambda t, *_: t < steps,
            forward_step,
            (tf.constant(0), saved_arrays, *[tensor for pair in states for tensor in pair]),
            parallel_iterations=parallel_iterations,
        )
        # Every layer's hidden state at every step, (time, batch, units): o * tanh(c).
        hidden = [saved_arrays[kinds * l + 3].stack() * saved_arrays[kinds * l + 5].stack() for l in range(layers)]
        outputs = tf.transpose(hidden[-1], [1, 0, 2])

        def gradient(d_outputs, *d_final):
            d_final = [tf.zeros_like(tensor) if d is None else d for d, tensor in zip(d_final, final)]
            if d_outputs is None:
                d_outputs = tf.zeros_like(outputs)
            d_output_array = tf.TensorArray(inputs.dtype, size=steps).unstack(
                tf.transpose(d_outputs, [1, 0, 2]))
            d_gates_arrays = [tf.TensorArray(inputs.dtype, size=steps) for _ in range(layers)]
            d_input_array = tf.TensorArray(inputs.dtype, size=steps)
            transposed = [(tf.transpose(kernel), tf.transpose(recurrent_kernel))
                          for kernel, recurrent_kernel, _ in kernels]

            def backward_step(t, d_gates_arrays, d_input_array, *d_carry):
                saved = [array.read(t) for array in saved_arrays]
                d_above = d_output_array.read(t)
                new_d_carry = [None] * (2 * layers)
                d_gates = [None] * layers
                for l in reversed(range(layers)):
                    i, f, g, o, c, tanh_c = saved[kinds * l:kinds * l + kinds]
                    d_h = d_carry[2 * l] + d_above
                    d_c = d_carry[2 * l + 1] + _tanh_grad(tanh_c, d_h * o)
                    d_z = tf.concat([_sigmoid_grad(i, d_c * g), _sigmoid_grad(f, d_c * c),
                                     _tanh_grad(g, d_c * i), _sigmoid_grad(o, d_h * tanh_c)], axis=-1)
                    kernel_t, recurrent_kernel_t = transposed[l]
                    new_d_carry[2 * l] = tf.matmul(d_z, recurrent_kernel_t)
                    new_d_carry[2 * l + 1] = d_c * f
                    d_above = tf.matmul(d_z, kernel_t)
                    d_gates[l] = d_z
                return (t - 1, [array.write(t, d_z) for array, d_z in zip(d_gates_arrays, d_gates)],
                        d_input_array.write(t, d_above), *new_d_carry)

            _, d_gates_arrays, d_input_array, *d_initial = tf.while_loop(
                lambda t, *_: t >= 0,
                backward_step,
                (steps - 1, d_gates_arrays, d_input_array, *d_final),
                parallel_iterations=parallel_iterations,
            )
            d_gates_all = [array.stack() for array in d_gates_arrays]  # (time, batch, 4 * units) each
            d_inputs = tf.transpose(d_input_array.stack(), [1, 0, 2])
            d_weights = []
            for l in range(layers):
                layer_inputs = time_major if l == 0 else hidden[l - 1]
                previous_h = tf.concat([states[l][0][None], hidden[l][:-1]], axis=0)
                d_z = tf.reshape(d_gates_all[l], [-1, 4 * units[l]])
                d_weights += [
                    tf.matmul(tf.reshape(layer_inputs, [-1, layer_inputs.shape[-1]]), d_z, transpose_a=True),
                    tf.matmul(tf.reshape(previous_h, [-1, units[l]]), d_z, transpose_a=True),
                    tf.reduce_sum(d_z, axis=0),
                ]
            return (d_inputs, *d_initial, *d_weights)

        return (outputs, *final), gradient

    outputs, *final = run(inputs, *flat_states, *flat_weights)
    return outputs, [(final[2 * l], final[2 * l + 1]) for l in range(layers)]


def stacked_sequence_gradient(cells, x, initial):
    """The whole stack over the whole sequence, with a hand-written backward pass."""
    outputs, states = _lstm_stack_with_sequence_gradient(
        x, [tuple(s) for s in initial], [(cell.kernel, cell.recurrent_kernel, cell.bias) for cell in cells])
    return outputs, [list(s) for s in states]


def separate_hoisted(cells, x, initial):
    """One loop per layer, its input projection done for all steps before the loop."""
    import tensorflow as tf

    states = []
    for cell, (h, c) in zip(cells, initial):
        projected = tf.einsum("btd,dg->btg", x, cell.kernel) + cell.bias
        recurrent = tf.convert_to_tensor(cell.recurrent_kernel)

        def body(z_t, carry, recurrent=recurrent):
            h, c = _lstm_update(z_t + tf.matmul(carry[0], recurrent), carry[1])
            return h, (h, c)

        x, (h, c) = _time_major_loop(body, projected, (h, c))
        states.append([h, c])
    return x, states


def wavefront(cells, x, initial):
    """All layers in one loop, layer l on step k - l at iteration k, one matmul per iteration."""
    import tensorflow as tf

    layers, units = len(cells), cells[0].units
    steps = tf.shape(x)[1]

    def gate_major(blocks, rows):
        # blocks[l]: (rows, 4 * units) for layer l or None -> columns [i of every layer, f, c, o]
        columns = []
        for gate in range(4):
            for block in blocks:
                columns.append(tf.zeros((rows, units)) if block is None else block[:, gate * units:(gate + 1) * units])
        return tf.concat(columns, axis=1)

    recurrent = tf.concat([
        gate_major([cells[l].recurrent_kernel if l == j else cells[l].kernel if l == j + 1 else None
                    for l in range(layers)], units)
        for j in range(layers)
    ], axis=0)
    first_kernel = gate_major([cells[0].kernel] + [None] * (layers - 1), x.shape[-1])
    bias = gate_major([cell.bias[None] for cell in cells], 1)
    padded = tf.pad(x, [[0, 0], [0, layers - 1], [0, 0]])
    projected = tf.einsum("btd,dg->btg", padded, first_kernel) + bias
    k = tf.range(steps + layers - 1)[:, None]
    layer = tf.range(layers)[None, :]
    active = tf.repeat(tf.cast((k >= layer) & (k - layer < steps), x.dtype), units, axis=1)
    active = tf.broadcast_to(active[None], tf.stack([tf.shape(x)[0], steps + layers - 1, layers * units]))
    gates = 4 * layers * units

    def body(step_input, carry):
        h, c = carry
        new_h, new_c = _lstm_update(step_input[:, :gates] + tf.matmul(h, recurrent), c)
        held = step_input[:, gates:]
        h, c = h + held * (new_h - h), c + held * (new_c - c)
        return h[:, (layers - 1) * units:], (h, c)

    carry = (tf.concat([s[0] for s in initial], -1), tf.concat([s[1] for s in initial], -1))
    outputs, (h, c) = _time_major_loop(body, tf.concat([projected, active], -1), carry)
    states = [[h[:, i * units:(i + 1) * units], c[:, i * units:(i + 1) * units]] for i in range(layers)]
    return outputs[:, layers - 1:], states


def measure(size_name, rounds, variants=VARIANTS):
    import keras
    import numpy as np
    import tensorflow as tf

    from tfgan_rnn.generators import stacked_lstm

    tf.get_logger().setLevel("ERROR")  # one tf.function per variant is not retracing
    size = SIZES[size_name]
    keras.utils.set_random_seed(0)
    layer = stacked_lstm(size["units"], size["layers"], return_sequences=True, return_state=True)
    x = tf.random.normal((size["batch"], size["time"], size["features"]))
    initial = [[tf.random.normal((size["batch"], size["units"])) for _ in range(2)] for _ in range(size["layers"])]
    layer(x, initial_state=initial)
    cells = layer.cell.cells
    variables = layer.trainable_variables

    def stacked(cells, x, initial):
        outputs, *states = layer(x, initial_state=initial)
        return outputs, states

    runs = {"stacked": stacked, "stacked_serial": stacked_serial, "stacked_fused": stacked_fused,
            "stacked_unrolled": stacked_unrolled,
            "stacked_blocks_4": lambda *args: stacked_blocks(*args, block=4),
            "stacked_blocks_8": lambda *args: stacked_blocks(*args, block=8),
            "stacked_saved_gates": stacked_saved_gates, "stacked_sequence_gradient": stacked_sequence_gradient,
            "stacked_transposed": stacked_transposed,
            "separate_hoisted": separate_hoisted, "wavefront": wavefront,
            "stacked_cell_xla": stacked_cell_xla, "stacked_step_xla": stacked_step_xla,
            "stacked_unrolled_xla": stacked_unrolled_xla, "stacked_block_cell": stacked_block_cell}

    def loss_of(run):
        outputs, states = run(cells, x, initial)
        return tf.reduce_sum(outputs ** 2) + tf.add_n([tf.reduce_sum(s) for s in tf.nest.flatten(states)])

    def forward_and_backward(run):
        @tf.function
        def step():
            with tf.GradientTape() as tape:
                loss = loss_of(run)
            return loss, tape.gradient(loss, variables)
        return step

    variants = [name for name in VARIANTS if name == "stacked" or name in variants]
    steps = {name: forward_and_backward(runs[name]) for name in variants}
    reference_values = tf.nest.flatten(stacked(cells, x, initial))
    results = {}
    for name, step in steps.items():  # "stacked" first: the reference for the others
        started = time.perf_counter()
        loss, gradients = step()
        first_call = time.perf_counter() - started
        if name == "stacked":
            reference_gradients = gradients
        values = [float(tf.reduce_max(tf.abs(a - b)))
                  for a, b in zip(reference_values, tf.nest.flatten(runs[name](cells, x, initial)))]
        gradient_error = max(
            float(tf.reduce_max(tf.abs(g - r)) / tf.reduce_max(tf.abs(r)))
            for g, r in zip(gradients, reference_gradients)
        )
        results[name] = {"first_call_seconds": first_call, "max_abs_difference": max(values),
                         "max_relative_gradient_difference": gradient_error, "ms_per_call": []}
    for _ in range(rounds):
        for name, step in steps.items():
            step()  # warm-up
            times = []
            for _ in range(size["calls"]):
                started = time.perf_counter()
                step()
                times.append(time.perf_counter() - started)
            results[name]["ms_per_call"].append(1000 * statistics.median(times))
    for name in variants:
        results[name]["ratio_to_stacked"] = [
            b / a for a, b in zip(results["stacked"]["ms_per_call"], results[name]["ms_per_call"])
        ]
    return {"size": size_name, **size, "results": results, "numpy": np.__version__, "tensorflow": tf.__version__}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES), default=["small", "large"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS),
                        help="which variants to time (the networks' loop, stacked, always runs)")
    parser.add_argument("--output", default=os.path.join(os.path.dirname(__file__), "results", "lstm_loops.json"))
    args = parser.parse_args(argv)
    report = []
    for size_name in args.sizes:
        measured = measure(size_name, args.rounds, args.variants)
        report.append(measured)
        print(f"{size_name}: {measured['batch']} x {measured['time']} x {measured['features']}, "
              f"{measured['layers']} x {measured['units']} units, forward + backward, median ms per call by round")
        for name in measured["results"]:
            row = measured["results"][name]
            print(f"  {name:25s} " + " / ".join(f"{t:7.2f}" for t in row["ms_per_call"])
                  + "   x stacked " + " / ".join(f"{r:.2f}" for r in row["ratio_to_stacked"])
                  + f"   first call {row['first_call_seconds']:.1f} s, max |diff| {row['max_abs_difference']:.1e},"
                  f" gradients {row['max_relative_gradient_difference']:.1e}")
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as file:
        json.dump({"cpu_count": os.cpu_count(), "report": report}, file, indent=1)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
