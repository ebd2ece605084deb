"""Export for serving: a TensorFlow SavedModel that generates in original units.

The SavedModel needs neither tfgan_rnn nor Keras to run: `tf.saved_model.load(path)` in
any TensorFlow program (or TensorFlow Serving) gives two signatures:

- `generate(num_sequences, length, seed)` -> `{"sequences": (num_sequences, length,
  features)}`: the same noise scheme, warm-up and scaling as `RecurrentGAN.generate`, so
  it returns the same sequences for the same seed.
- `step(noise, state)` -> `{"sequences", "state"}`: one call of the generator from a given
  state. `noise` is `(batch, time, latent_dim)`; `state` is `(batch, 2 * sum(units))`, the
  LSTM states concatenated in the order `[h0, c0, h1, c1, ...]` (zeros to start); the
  returned `state` continues the sequence in the next call.
  With `static_noise_dim > 0` the last that many noise features are per-sequence: hold
  them constant across steps and calls (they also draw each sequence's categories, for a
  scaler with `categorical` blocks, as in `RecurrentGAN.generate`).

Both keep the scaler's static features (one value a sequence in the training data, such as a
country's ISO number) at one value, the lower median of the sequence's first
`Scaler.STATIC_STEPS` steps (a static block of categories, such as a country's continent, at
the category of most of those steps), as `RecurrentGAN.generate` does; `step` within each call (from the
call's first steps), so a caller continuing sequences over several calls keeps the first call's
values of those features (`gan.scaler.static_features` names them).

A conditional GAN's export takes one more input in each: `generate(..., condition)` one
condition per sequence, `(num_sequences, condition_dim)`, held at every step (as
`RecurrentGAN.generate` does with a condition per sequence), and `step(..., condition)` one
per step, `(batch, time, condition_dim)`, which also covers conditions that change over time
(TensorFlow Serving: `{"inputs": {"num_sequences": 2, "length": 100, "seed": 0,
"condition": [[1, 0], [0, 1]]}}`).

A call with `num_sequences` or `length` below 1, with `noise` and `state` of different
numbers of rows, or with a condition of the wrong number of rows (or steps), fails with an `InvalidArgumentError` that names the argument and the value
received.

`serving_default` is `generate`, so TensorFlow Serving answers
`POST /v1/models/NAME:predict` with `{"inputs": {"num_sequences": 4, "length": 100,
"seed": 0}}` once the folder is placed at `MODEL_BASE/NAME/1/`
(`tensorflow_model_server --rest_api_port=8501 --model_name=NAME
--model_base_path=MODEL_BASE/NAME`).

Example:

>>> import os, tempfile
>>> import tensorflow as tf, tfgan_rnn
>>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 3, units=4, num_layers=1),
...                              tfgan_rnn.ConvDiscriminator(3), seed=0)
>>> path = os.path.join(tempfile.mkdtemp(), "stocks_generator")
>>> tfgan_rnn.export_saved_model(gan, path)
>>> served = tf.saved_model.load(path)
>>> tuple(served.generate(num_sequences=2, length=30, seed=1)["sequences"].shape)
(2, 30, 3)
"""

from __future__ import annotations

import os
import shutil
import tempfile

import keras
import numpy as np
import tensorflow as tf

from tfgan_rnn.gan import RecurrentGAN, block_noise, generation_batch_size
from tfgan_rnn.scaling import Scaler


def _keep_to_data(values, snapping):
    """`Scaler.inverse_transform`'s snapping to levels and grids, in graph ops."""
    columns = []
    for feature, kept in enumerate(snapping):
        column = values[..., feature]
        if kept is not None and kept[0] == "grid":
            column = tf.round(column / kept[1]) * kept[1]
        elif kept is not None:
            levels = tf.constant(kept[1], tf.float32)
            column = tf.gather(levels, tf.argmin(tf.abs(column[..., None] - levels), axis=-1))
        columns.append(column)
    return tf.stack(columns, axis=-1)


def _kept_static(sequences, static_features, steps, blocks=()):
    """`Scaler.keep_static` in graph ops: those features at the lower median of their
    first `steps` steps, and each static block of categories (`(first, stop)` of
    `blocks`) at the one-hot of the category of most of those steps (of those tied, the
    earliest)."""
    if not static_features:
        return sequences
    head = tf.sort(sequences[:, :steps], axis=1)
    middle = tf.gather(head, (tf.shape(head)[1] - 1) // 2, axis=1)[:, None]
    for first, stop in blocks:
        if first not in static_features:
            continue
        window = sequences[:, :steps, first:stop]
        count = tf.shape(window)[1]
        hot = tf.one_hot(tf.argmax(window, axis=-1), stop - first)  # each step's category
        earliest = tf.where(tf.reduce_any(hot > 0, axis=1),
                            tf.cast(tf.argmax(hot, axis=1), tf.float32), tf.cast(count, tf.float32))
        score = tf.reduce_sum(hot, axis=1) * tf.cast(count + 1, tf.float32) - earliest
        chosen = tf.one_hot(tf.argmax(score, axis=-1), stop - first)[:, None]
        middle = tf.concat([middle[..., :first], chosen, middle[..., stop:]], axis=-1)
    static = np.isin(np.arange(sequences.shape[-1]), static_features)
    return tf.where(tf.constant(static), middle, sequences)


def _calibrated(values, calibration, category_calibration=None, condition=None, category_slice=None):
    """`Scaler.calibrate`'s maps (`Scaler._calibrated`), in graph ops, on scaled `values`:
    with `category_calibration` and the per-step `condition` (its categories read in
    `category_slice`, as `data.categories_of` does), the steps of a category with a map
    of its own through that one. One lookup per feature serves every map, so
    the graph does not grow with the number of categories."""
    maps, row = [calibration], None
    if category_calibration and condition is not None:  # (never learnt for condition_dim 1)
        order = sorted(category_calibration)
        maps += [category_calibration[category] for category in order]
        if category_slice is not None:
            condition = condition[..., category_slice[0] : category_slice[1]]
        rows_by_category = np.zeros(int(condition.shape[-1]), "int32")  # 0: the map for all
        rows_by_category[order] = np.arange(1, len(order) + 1)
        one_hot = tf.reduce_all((condition == 0.0) | (condition == 1.0), axis=-1) & (
            tf.reduce_sum(condition, axis=-1) == 1.0)
        category = tf.argmax(condition, axis=-1, output_type=tf.int32)
        row = tf.reshape(tf.where(one_hot, tf.gather(rows_by_category, category), 0), [-1])
    columns = []
    for feature, pair in enumerate(calibration):
        column = values[..., feature]
        if pair is not None:
            column = _interpolated(column, [pairs[feature] for pairs in maps], row)
        columns.append(column)
    return tf.stack(columns, axis=-1)


def _interpolated(column, pairs, row):
    """`column` through the map `pairs[row]` of each value (row None: `pairs[0]` for all),
    each map a `[source, target]` pair, as `Scaler._mapped` does: linear between the
    points, moved as the extremes beyond them. The maps are laid end to end in one sorted
    key table (map r's sources shifted by r times their span), so one `searchsorted`
    finds every value's segment in its own map; in float64, as numpy computes it."""
    length = max(2, max(len(pair[0]) for pair in pairs))  # padded with the last point: a zero-width segment
    source = np.array([np.pad(pair[0], (0, length - len(pair[0])), mode="edge") for pair in pairs], "float64")
    target = np.array([np.pad(pair[1], (0, length - len(pair[1])), mode="edge") for pair in pairs], "float64")
    low, width = source.min(), source.max() - source.min() + 1.0
    keys = tf.constant((np.arange(len(pairs))[:, None] * width + (source - low)).ravel())
    flat = tf.cast(tf.reshape(column, [-1]), tf.float64)
    row = tf.zeros_like(flat, tf.int32) if row is None else row
    first_source, last_source = tf.gather(source[:, 0], row), tf.gather(source[:, -1], row)
    first_target, last_target = tf.gather(target[:, 0], row), tf.gather(target[:, -1], row)
    clipped = tf.clip_by_value(flat, first_source, last_source)
    start = row * length
    above = tf.searchsorted(keys, tf.cast(row, tf.float64) * width + (clipped - low), side="right", out_type=tf.int32)
    above = tf.clip_by_value(above, start + 1, start + length - 1)
    source, target = tf.constant(source.ravel()), tf.constant(target.ravel())
    x0, x1 = tf.gather(source, above - 1), tf.gather(source, above)
    y0, y1 = tf.gather(target, above - 1), tf.gather(target, above)
    inside = y0 + tf.clip_by_value(tf.math.divide_no_nan(clipped - x0, x1 - x0), 0.0, 1.0) * (y1 - y0)
    mapped = tf.where(flat < first_source, first_target + flat - first_source,
                      tf.where(flat > last_source, last_target + flat - last_source, inside))
    return tf.reshape(tf.cast(mapped, column.dtype), tf.shape(column))


def export_saved_model(gan: RecurrentGAN, path) -> None:
    """Writes `gan`'s generator as a SavedModel with `generate` and `step` signatures.

    Args:
        gan: a `RecurrentGAN` (its scaler, if any, is compiled into both signatures).
        path: the SavedModel folder to write: a new or empty folder, or an earlier
            SavedModel, which is replaced atomically. A file or a folder holding anything
            else (a training run's output, say) is refused before anything is written.

    Example:

    >>> import os, tempfile, tensorflow as tf, tfgan_rnn
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
    ...                              tfgan_rnn.ConvDiscriminator(1), seed=0)
    >>> path = os.path.join(tempfile.mkdtemp(), "exported")
    >>> tfgan_rnn.export_saved_model(gan, path)
    >>> served = tf.saved_model.load(path)
    >>> served.generate(num_sequences=3, length=10, seed=tf.constant(0, tf.int64))["sequences"].shape
    TensorShape([3, 10, 1])
    """
    if not isinstance(gan, RecurrentGAN):
        raise TypeError(f"Expected a tfgan_rnn.RecurrentGAN. Received: {type(gan).__name__}")
    _check_replaceable(os.fspath(path))
    generator, condition_dim = gan.generator, gan.condition_dim
    latent_dim, sizes, warmup = gan.latent_dim, gan.state_sizes, gan.warmup_steps
    if gan.scaler is not None:
        offset = tf.constant(gan.scaler.offset, tf.float32)
        scale = tf.constant(gan.scaler.scale, tf.float32)
        snapping = gan.scaler.snapping()
        calibration, category_calibration = gan.scaler.calibration, gan.scaler.category_calibration
        category_slice, static_features = gan.scaler.category_slice, gan.scaler.static_features
        static_steps, blocks = gan.scaler.STATIC_STEPS, gan.scaler._block_ranges()
        orders, sources = gan.scaler.orders, gan.scaler.copy_sources()
    else:
        offset = tf.zeros([gan.output_dim])
        scale = tf.ones([gan.output_dim])
        snapping = calibration = category_calibration = category_slice = static_features = static_steps = None
        orders, sources = [], None
        blocks = ()
    state_width = 2 * sum(sizes)

    def split_state(state):
        widths = [units for units in sizes for _ in range(2)]
        return tf.split(state, widths, axis=-1)

    def run(noise, flat_state, condition=None):
        outputs = generator(RecurrentGAN._network_inputs(noise, condition, flat_state), training=False)
        # one category a step in each block of the scaler's `categorical`, as in training (the levels
        # snapping below then makes its scaled 0 and 1 exactly 0 and 1)
        sequences = tf.cast(gan._as_the_data_holds(outputs[0], noise), tf.float32)
        if calibration is not None:
            sequences = _calibrated(sequences, calibration, category_calibration, condition, category_slice)
        sequences = (sequences - offset) / scale
        if snapping is not None:
            sequences = _keep_to_data(sequences, snapping)
        if orders:  # (then the copies again: a copy's column may have moved)
            sequences = tf.stack(Scaler.in_order(tf.unstack(sequences, axis=-1), orders, tf.maximum, tf.minimum), -1)
            sequences = sequences if sources is None else tf.gather(sequences, sources, axis=-1)
        return sequences, [tf.cast(t, tf.float32) for t in outputs[1:]]

    def generate(num_sequences, length, seed, condition=None):
        # A served model's callers get these messages back (TensorFlow Serving: HTTP 400).
        checks = [
            tf.debugging.assert_greater_equal(
                num_sequences, 1, message="generate: num_sequences must be at least 1"),
            tf.debugging.assert_greater_equal(
                length, 1, message="generate: length must be at least 1 (steps per sequence)"),
        ]
        if condition is not None:
            checks.append(tf.debugging.assert_equal(
                tf.shape(condition)[0], num_sequences,
                message="generate: condition must hold one row per sequence (num_sequences rows)"))
        with tf.control_dependencies(checks):
            num_sequences = tf.cast(num_sequences, tf.int64)
            length = tf.cast(length, tf.int64)
        seed = tf.cast(seed, tf.int64)
        # static features read the first STATIC_STEPS steps, generated even for a shorter `length`
        steps = (length if not static_features else tf.maximum(length, static_steps)) + warmup
        # In batches of sequences, as `gan.generate` runs (the same values: a sequence's
        # noise depends on its index, not on its batch), so memory follows the batch.
        batch = generation_batch_size(steps, latent_dim)
        num_batches = (num_sequences + batch - 1) // batch

        def one_batch(index, pieces):
            first = index * batch
            count = tf.minimum(batch, num_sequences - first)
            noise = block_noise(seed, tf.constant(-warmup, tf.int64), steps, count, latent_dim,
                                gan.static_noise_dim, first_sequence=first)
            zeros = gan._zero_generator_state(count)
            rows = None
            if condition is not None:  # one per sequence, held at every step (the warm-up's too)
                rows = tf.repeat(condition[first:first + count][:, None], tf.cast(steps, tf.int32), axis=1)
            sequences, _ = run(noise, zeros, rows)
            kept = _kept_static(sequences[:, warmup:], static_features, static_steps, blocks)[:, :length]
            return index + 1, pieces.write(tf.cast(index, tf.int32), kept)

        pieces = tf.TensorArray(tf.float32, size=tf.cast(num_batches, tf.int32), infer_shape=False,
                                element_shape=tf.TensorShape([None, None, gan.output_dim]))
        _, pieces = tf.while_loop(lambda index, _: index < num_batches, one_batch,
                                  [tf.constant(0, tf.int64), pieces])
        return {"sequences": pieces.concat()}

    def step(noise, state, condition=None):
        checks = [
            tf.debugging.assert_equal(
                tf.shape(noise)[0], tf.shape(state)[0],
                message="step: noise and state must hold the same number of sequences (rows)"),
            tf.debugging.assert_greater_equal(
                tf.shape(noise)[1], 1, message="step: noise must hold at least one time step"),
        ]
        if condition is not None:
            checks.append(tf.debugging.assert_equal(
                tf.shape(condition)[:2], tf.shape(noise)[:2],
                message="step: condition must hold one row per sequence and one entry per step of noise"))
        with tf.control_dependencies(checks):
            noise, state = tf.identity(noise), tf.identity(state)
        sequences, final = run(noise, split_state(state), condition)
        return {"sequences": _kept_static(sequences, static_features, static_steps, blocks),
                "state": tf.concat(final, axis=-1)}

    generate_inputs = [
        tf.TensorSpec([], tf.int32, name="num_sequences"),
        tf.TensorSpec([], tf.int32, name="length"),
        tf.TensorSpec([], tf.int64, name="seed"),
    ]
    step_inputs = [
        tf.TensorSpec([None, None, latent_dim], tf.float32, name="noise"),
        tf.TensorSpec([None, state_width], tf.float32, name="state"),
    ]
    if condition_dim:
        generate_inputs.append(tf.TensorSpec([None, condition_dim], tf.float32, name="condition"))
        step_inputs.append(tf.TensorSpec([None, None, condition_dim], tf.float32, name="condition"))
    archive = keras.export.ExportArchive()
    archive.track(generator)
    archive.add_endpoint("generate", generate, input_signature=generate_inputs)
    archive.add_endpoint("step", step, input_signature=step_inputs)
    quiet, level = tf.get_logger(), tf.get_logger().level
    quiet.setLevel("ERROR")  # no "Assets written to ..." line per export
    try:
        _write_folder_atomically(archive, os.fspath(path))
    finally:
        quiet.setLevel(level)


def _check_replaceable(path: str) -> None:
    """Refuses a `path` whose replacement would destroy something other than a SavedModel."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise ValueError(f"Expected a folder to write the SavedModel to, got a file. Received: {path!r}")
    if os.path.isdir(path):
        entries = sorted(os.listdir(path))
        if entries and "saved_model.pb" not in entries:
            shown = ", ".join(entries[:5]) + (", ..." if len(entries) > 5 else "")
            raise ValueError(
                f"The folder is not empty and not a SavedModel, and exporting replaces it: it holds "
                f"{shown}. Export to a new folder. Received: {path!r}")


def _write_folder_atomically(archive, path: str) -> None:
    """Writes the SavedModel beside `path`, then swaps it in with renames, so a crash
    leaves either the old folder or the new one at `path`."""
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    temporary = tempfile.mkdtemp(prefix=".tmp-export-", dir=parent)
    try:
        archive.write_out(os.path.join(temporary, "model"), verbose=False)
        if os.path.exists(path):
            old = tempfile.mkdtemp(prefix=".old-export-", dir=parent)
            os.replace(path, os.path.join(old, "model"))
            os.replace(os.path.join(temporary, "model"), path)
            shutil.rmtree(old)
        else:
            os.replace(os.path.join(temporary, "model"), path)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


__all__ = ["export_saved_model"]
