"""Checking and shaping training data: sequences `(num_sequences, time, features)`."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from tfgan_rnn._checks import positive_int

_SHAPE_HINT = (
    "Training data must be sequences of shape (num_sequences, time, features). "
    "If you have one long series of shape (time, features), cut it into windows with "
    "`tfgan_rnn.data.sliding_windows(series, length)`."
)


def as_float_array(x, name: str = "x") -> np.ndarray:
    """Converts numpy-like data to a float32 array, or raises a clear error.

    Raises:
        TypeError: if `x` is not numeric.

    Example:

    >>> from tfgan_rnn.data import as_float_array
    >>> as_float_array([[1, 2], [3, 4]]).dtype
    dtype('float32')
    >>> as_float_array([["a", "b"]], name="prices")
    Traceback (most recent call last):
    ...
    TypeError: `prices` must hold numbers. Received: prices with dtype <U1
    """
    try:
        array = np.asarray(x)
    except Exception as error:  # e.g. ragged nested lists
        raise TypeError(
            f"`{name}` could not be read as a numeric array ({error}). {_SHAPE_HINT} "
            f"Received: {name} of type {type(x).__name__}"
        ) from None
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise TypeError(
            f"`{name}` must hold numbers. Received: {name} with dtype {array.dtype}"
        )
    with np.errstate(over="ignore"):  # values beyond float32 become inf, refused by check_finite
        return array.astype("float32", copy=False)


def check_sequences(x, num_features: int | None = None, name: str = "x") -> np.ndarray:
    """Validates a batch of sequences and returns it as float32 numpy.

    Args:
        x: array-like of shape `(num_sequences, time, features)`.
        num_features: the number of features expected, if known.
        name: the argument name to use in error messages.

    Returns:
        The data as a float32 numpy array.

    Raises:
        TypeError: non-numeric data.
        ValueError: wrong rank, no sequences or no steps, wrong feature count,
            NaN or Inf values.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import check_sequences
    >>> check_sequences(np.zeros((2, 24, 5)), num_features=5).shape
    (2, 24, 5)
    >>> check_sequences(np.zeros((24, 5)))
    Traceback (most recent call last):
    ...
    ValueError: Expected `x` with 3 dimensions (num_sequences, time, features). ...
    """
    array = as_float_array(x, name)
    if array.ndim != 3:
        raise ValueError(
            f"Expected `{name}` with 3 dimensions (num_sequences, time, features). "
            f"{_SHAPE_HINT} Received: {name}.shape={array.shape}"
        )
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(
            f"`{name}` is empty: it needs at least one sequence of at least one step. "
            f"Received: {name}.shape={array.shape}"
        )
    if num_features is not None and array.shape[2] != num_features:
        raise ValueError(
            f"`{name}` has {array.shape[2]} features per step but the generator makes "
            f"{num_features}. Build the generator with output_dim={array.shape[2]} (and "
            f"the discriminator with input_dim={array.shape[2]}), or select the "
            f"{num_features} columns you want to model. Received: {name}.shape={array.shape}"
        )
    check_finite(array, name)
    return array


def check_finite(array: np.ndarray, name: str = "x") -> None:
    """Raises a ValueError that counts and locates NaN/Inf values, if there are any.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import check_finite
    >>> windows = np.zeros((4, 10, 2)); windows[2, 7, 1] = np.nan
    >>> check_finite(windows, "windows")
    Traceback (most recent call last):
    ...
    ValueError: `windows` contains 1 NaN and 0 infinite values (the first at index (2, 7, 1)). ...
    """
    finite = np.isfinite(array)
    if finite.all():
        return
    num_nan = int(np.isnan(array).sum())
    num_inf = int(np.isinf(array).sum())
    first = tuple(int(i) for i in np.argwhere(~finite)[0])
    raise ValueError(
        f"`{name}` contains {num_nan} NaN and {num_inf} infinite values (the first at "
        f"index {first}). Drop or interpolate missing values before training, e.g. "
        f"`pandas.DataFrame.interpolate()`. Received: {name}.shape={array.shape}"
    )


def check_dataset(dataset: tf.data.Dataset, num_features: int | None, name: str = "x"):
    """Checks a `tf.data.Dataset` of batches and returns its first batch (numpy).

    The element spec must be a batch of sequences `(batch, time, features)` (or a tuple
    whose first entry is, or a dict with it under "sequences"); the first batch is read
    and checked for NaN/Inf.

    Example (a dataset of single windows, not yet batched, is refused with the fix):

    >>> import numpy as np, tensorflow as tf
    >>> from tfgan_rnn.data import check_dataset
    >>> windows = tf.data.Dataset.from_tensor_slices(np.zeros((8, 24, 3), "float32"))
    >>> check_dataset(windows.batch(4), num_features=3).shape
    (4, 24, 3)
    >>> check_dataset(windows, num_features=3)
    Traceback (most recent call last):
    ...
    ValueError: Expected dataset elements of shape (batch, time, features). Call `.batch(batch_size)` on the dataset. ...
    """
    spec = dataset.element_spec
    if isinstance(spec, dict) and "sequences" in spec:
        spec = spec["sequences"]
    elif isinstance(spec, (tuple, list)):
        spec = spec[0]
    if not isinstance(spec, tf.TensorSpec):
        raise TypeError(
            f"Expected a dataset whose elements are batches of sequences (a tensor, or a "
            f"tuple whose first entry is one). Received: {name}.element_spec={spec}"
        )
    if spec.shape.rank is not None and spec.shape.rank != 3:
        hint = " Call `.batch(batch_size)` on the dataset." if spec.shape.rank == 2 else ""
        raise ValueError(
            f"Expected dataset elements of shape (batch, time, features).{hint} "
            f"Received: {name}.element_spec.shape={spec.shape}"
        )
    for element in dataset.take(1):
        first = element[0] if isinstance(element, (tuple, list)) else element
        first = first["sequences"] if isinstance(first, dict) else first
        return check_sequences(first.numpy(), num_features, name=f"{name} (first batch)")
    raise ValueError(f"`{name}` is an empty dataset: it yielded no batch.")


def is_variable_length(x) -> bool:
    """True for a list or tuple of 2-D sequences that do not all have the same length.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import is_variable_length
    >>> is_variable_length([np.zeros((5, 2)), np.zeros((9, 2))]), is_variable_length(np.zeros((2, 5, 2)))
    (True, False)
    """
    if not isinstance(x, (list, tuple)) or not x:
        return False
    shapes = [np.shape(item) for item in x]
    return all(len(shape) == 2 for shape in shapes) and len({shape[0] for shape in shapes}) > 1


def pad_sequences(sequences, num_features: int | None = None, name: str = "x"):
    """Right-pads sequences of different lengths with zeros and returns their lengths.

    Args:
        sequences: a list of arrays `(time_i, features)`.
        num_features: the number of features expected, if known.
        name: the argument name to use in error messages.

    Returns:
        `(padded, lengths)`: float32 `(num_sequences, max_time, features)` and int32
        `(num_sequences,)`.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import pad_sequences
    >>> padded, lengths = pad_sequences([np.ones((3, 2)), np.ones((1, 2))])
    >>> padded.shape, lengths.tolist(), padded[1, :, 0].tolist()
    ((2, 3, 2), [3, 1], [1.0, 0.0, 0.0])
    """
    arrays = [as_float_array(item, f"{name}[{i}]") for i, item in enumerate(sequences)]
    if not arrays:
        raise ValueError(f"`{name}` is empty: it needs at least one sequence. Received: an empty list")
    for i, item in enumerate(arrays):
        if item.ndim != 2 or item.shape[0] == 0:
            raise ValueError(
                f"Expected each sequence of `{name}` with shape (time, features), time >= 1. "
                f"Received: {name}[{i}].shape={item.shape}"
            )
    widths = sorted({item.shape[1] for item in arrays})
    if len(widths) != 1 or (num_features is not None and widths[0] != num_features):
        raise ValueError(
            f"Every sequence of `{name}` must have "
            f"{num_features if num_features is not None else 'the same number of'} features. "
            f"Received: feature counts {widths}"
        )
    lengths = np.array([len(item) for item in arrays], "int32")
    padded = np.zeros((len(arrays), int(lengths.max()), widths[0]), "float32")
    for i, item in enumerate(arrays):
        padded[i, : len(item)] = item
    check_finite(padded, name)
    return padded, lengths


def length_counts(lengths) -> dict:
    """`{length: how many of `lengths` have it}`, shortest first, as `RecurrentGAN.training_lengths`
    holds them.

    Example:

    >>> from tfgan_rnn.data import length_counts
    >>> length_counts([7, 3, 7])
    {3: 1, 7: 2}
    """
    values, counts = np.unique(np.fromiter(lengths, "int64"), return_counts=True)
    return {int(length): int(count) for length, count in zip(values, counts)}


def lengths_by_condition(lengths, conditions, max_conditions: int | None = 256):
    """How many sequences of each condition had each length, where the conditions are a few
    categories: `[(condition, {length: count}), ...]`, one pair per distinct condition (float32
    vectors), as `RecurrentGAN.training_lengths_by_condition` holds them.

    `conditions` holds one vector per sequence, or one row per step (a sequence's valid steps must
    then all have the same). None where a sequence's condition changes along it, or where the
    conditions are not categories: more than `max_conditions` distinct ones, or fewer than two
    sequences to a condition on average (`max_conditions=None`: conditions known to be
    categories, one-hot vectors of a column of them, however many).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import lengths_by_condition
    >>> [(c.tolist(), counts) for c, counts in lengths_by_condition([5, 8, 11, 5], np.eye(2)[[0, 0, 1, 1]])]
    [([0.0, 1.0], {5: 1, 11: 1}), ([1.0, 0.0], {5: 1, 8: 1})]
    """
    lengths = np.fromiter(lengths, "int64")
    rows = []
    for condition, length in zip(conditions, lengths):
        condition = np.asarray(condition, "float32")
        if condition.ndim == 2:
            steps = condition[:length]
            if (steps != steps[0]).any():
                return None
            condition = steps[0]
        rows.append(condition.reshape(-1))
    if not rows or len(rows) != len(lengths):
        return None
    distinct, inverse = np.unique(np.stack(rows), axis=0, return_inverse=True)
    if max_conditions is not None and len(distinct) > min(max_conditions, len(rows) / 2):
        return None
    inverse = inverse.reshape(-1)
    return [(condition, length_counts(lengths[inverse == i])) for i, condition in enumerate(distinct)]


def check_conditions(conditions, num_sequences: int, length: int, condition_dim: int,
                     name: str = "conditions") -> np.ndarray:
    """Validates conditions for `num_sequences` sequences of `length` steps.

    A static condition per sequence `(num_sequences, condition_dim)` or a condition per
    step `(num_sequences, length, condition_dim)`; returned as float32 numpy.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import check_conditions
    >>> labels = np.eye(3)[[0, 2, 1, 0]]   # one class per sequence, one-hot
    >>> check_conditions(labels, num_sequences=4, length=24, condition_dim=3).shape
    (4, 3)
    >>> check_conditions(labels[:3], num_sequences=4, length=24, condition_dim=3)
    Traceback (most recent call last):
    ...
    ValueError: Expected `conditions` of shape (4, 3) (one condition per sequence) or (4, 24, 3) (one per step), ...
    """
    array = as_float_array(conditions, name)
    static = (num_sequences, condition_dim)
    per_step = (num_sequences, length, condition_dim)
    if array.shape not in (static, per_step):
        raise ValueError(
            f"Expected `{name}` of shape {static} (one condition per sequence) or {per_step} "
            f"(one per step), matching the {num_sequences} sequences and the model's "
            f"condition_dim={condition_dim}. Received: {name}.shape={array.shape}"
        )
    check_finite(array, name)
    return array


def categories_of(conditions, category_slice=None) -> np.ndarray:
    """The category of each condition vector: the index of its 1 where it is one-hot
    (a single 1, zeros elsewhere), -1 where it is not. A single number is not a category
    (a one-hot of one category would be the same everywhere): all -1.

    Conditions have the condition axis last, e.g. one per step `(num_sequences, time,
    condition_dim)`; the result has their shape without it. Where the condition holds
    more than the categories (categories side by side with a number, or two columns of
    categories), `category_slice=(start, stop)` names the entries of the one-hot: the
    categories are read there alone, counted from `start`.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import categories_of
    >>> categories_of(np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.5, 0.5, 0.0]]))
    array([ 1,  0, -1])
    >>> categories_of(np.array([[0.0, 1.0, 0.7], [1.0, 0.0, 0.0]]), category_slice=(0, 2))  # then a number
    array([1, 0])
    """
    array = as_float_array(conditions, "conditions")
    start, stop = check_category_slice(category_slice, array.shape[-1] if array.ndim else 0)
    array = array[..., start:stop]
    one_hot = np.all((array == 0) | (array == 1), axis=-1) & (array.sum(axis=-1) == 1) & (array.shape[-1] > 1)
    return np.where(one_hot, np.argmax(array, axis=-1), -1).astype("int64")


def step_categories(conditions, length: int, category_slice=None) -> np.ndarray:
    """Each step's category (`categories_of`, in `category_slice`) for conditions one per
    sequence `(num_sequences, k)`, held for `length` steps, or one per step
    `(num_sequences, length, k)`: `(num_sequences, length)` integers.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import step_categories
    >>> step_categories(np.array([[0.0, 1.0], [1.0, 0.0]]), length=3)
    array([[1, 1, 1],
           [0, 0, 0]])
    """
    categories = categories_of(conditions, category_slice)
    return np.repeat(categories[:, None], length, axis=1) if categories.ndim == 1 else categories


def check_category_slice(category_slice, condition_dim: int | None = None) -> tuple:
    """`category_slice` as `(start, stop)` within a condition of `condition_dim` entries
    (None: all of them; `condition_dim` None: of any size), or a clear error."""
    if category_slice is None:
        return 0, condition_dim
    pair = tuple(category_slice) if isinstance(category_slice, (tuple, list)) else ()
    within = "" if condition_dim is None else f", within the condition's {condition_dim} entries"
    if (len(pair) != 2 or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in pair)
            or not 0 <= pair[0] < pair[1] - 1 or (condition_dim is not None and pair[1] > condition_dim)):
        raise ValueError(
            "Expected `category_slice=(start, stop)`: the entries of the condition that hold the one-hot "
            f"categories, at least 2 of them{within} (0 <= start < stop"
            f"{'' if condition_dim is None else f' <= {condition_dim}'}). Received: category_slice={category_slice!r}")
    return int(pair[0]), int(pair[1])


def _as_series_list(data) -> list[np.ndarray]:
    """One series `(time, features)` or a list of them -> list of float32 2-D arrays."""
    if isinstance(data, (list, tuple)):
        series = [as_float_array(item, f"series[{i}]") for i, item in enumerate(data)]
    else:
        series = [as_float_array(data, "series")]
    series = [item[:, None] if item.ndim == 1 else item for item in series]
    if not series:
        raise ValueError("Expected at least one series. Received: an empty list")
    for i, item in enumerate(series):
        if item.ndim != 2:
            raise ValueError(
                "Expected series of shape (time, features), or a list of them. "
                f"Received: series[{i}].shape={item.shape}"
            )
        check_finite(item, f"series[{i}]")
    widths = {item.shape[1] for item in series}
    if len(widths) != 1:
        raise ValueError(
            "All series must have the same features. "
            f"Received: feature counts {[item.shape[1] for item in series]}"
        )
    return series


def window_starts(series_lengths, length: int, stride: int = 1) -> np.ndarray:
    """Start offsets of every window in the concatenation of several series.

    Windows never cross a series boundary: series `i` of `T_i` steps contributes
    windows starting at `0, stride, ...` up to `T_i - length`, shifted by the total
    length of the series before it.

    Example (series of 5 and 3 steps, windows of 3):

    >>> from tfgan_rnn.data import window_starts
    >>> window_starts([5, 3], length=3).tolist()
    [0, 1, 2, 5]
    >>> window_starts([5, 3], length=3, stride=2).tolist()
    [0, 2, 5]
    """
    if isinstance(length, bool) or not isinstance(length, (int, np.integer)) or length <= 0 or (
        isinstance(stride, bool) or not isinstance(stride, (int, np.integer)) or stride <= 0
    ):
        raise ValueError(
            "Expected positive integers for the window `length` and `stride`. "
            f"Received: length={length!r}, stride={stride!r}"
        )
    lengths = [int(n) for n in series_lengths]
    if length > max(lengths):
        raise ValueError(
            f"The window is longer than the data: the longest series has {max(lengths)} "
            f"steps. Use a window of at most {max(lengths)} steps. Received: length={length}"
        )
    offsets = np.cumsum([0] + lengths[:-1])
    return np.concatenate(
        [offset + np.arange(0, n - length + 1, stride) for offset, n in zip(offsets, lengths) if n >= length]
    ).astype("int64")


def sample_indices(count: int, max_count: int, seed: int = 0) -> np.ndarray:
    """Indices of at most `max_count` of `count` items, drawn at random without
    repetition and sorted (all of them when `count <= max_count`).

    Example:

    >>> from tfgan_rnn.data import sample_indices
    >>> sample_indices(10, 3, seed=0), sample_indices(3, 10)
    (array([5, 6, 9]), array([0, 1, 2]))
    """
    max_count = positive_int(max_count, "max_windows")
    if count <= max_count:
        return np.arange(count)
    return np.sort(np.random.default_rng(seed).choice(count, max_count, replace=False))


def sliding_windows(data, length: int, stride: int = 1, max_windows: int | None = None,
                    seed: int = 0) -> np.ndarray:
    """Cuts one series `(time, features)`, or a list of series of different lengths,
    into windows `(num_windows, length, features)`; windows never cross a series.

    Windows start at steps 0, stride, 2 * stride, ... and end inside their series.
    With `max_windows`, at most that many of them, drawn at random with `seed` and kept
    in order; only those are cut, so a sample of a long series costs the sample's memory.
    For long series prefer `window_dataset`, which cuts windows batch by batch.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import sliding_windows
    >>> sliding_windows(np.arange(10.0)[:, None], length=4, stride=3)[:, :, 0]
    array([[0., 1., 2., 3.],
           [3., 4., 5., 6.],
           [6., 7., 8., 9.]], dtype=float32)
    >>> sliding_windows([np.zeros((5, 2)), np.ones((3, 2))], length=3).shape
    (4, 3, 2)
    >>> sliding_windows(np.arange(1000.0)[:, None], length=4, max_windows=3, seed=1)[:, 0, 0]
    array([470., 509., 752.], dtype=float32)
    """
    series = _as_series_list(data)
    starts = window_starts([len(item) for item in series], length, stride)
    if max_windows is not None:
        starts = starts[sample_indices(len(starts), max_windows, seed)]
    joined = np.concatenate(series)
    return joined[starts[:, None] + np.arange(length)]


def window_dataset(data, length: int | None = None, batch_size: int = 128, stride: int = 1,
                   shuffle: bool = True, seed: int | None = 0, repeat: bool = False,
                   skip_batches: int = 0) -> tf.data.Dataset:
    """A `tf.data` pipeline of shuffled, batched windows, prefetched.

    Args:
        data: one series `(time, features)`, a list of series of different lengths
            (windows never cross a series boundary), or ready-made windows
            `(num_windows, time, features)`.
        length: window length; required for series, ignored for ready-made windows.
        batch_size: windows per batch.
        stride: steps between window starts.
        shuffle: reshuffle the windows every epoch, from `seed`.
        seed: shuffling seed.
        repeat: repeat forever (use with `fit(steps_per_epoch=...)`). Pass `i` of the
            data is then shuffled by the seed `(seed, i)` alone, so the stream of
            batches is a pure function of the seed and can be resumed exactly. Batches
            run across passes, so a `batch_size` above the number of windows puts some
            windows in a batch more than once (`tfgan-rnn train` cuts it to that number).
        skip_batches: with `repeat`, start at this batch of the stream (to resume a
            run after that many steps).

    Returns:
        A dataset of float32 batches `(batch, length, features)`. Series are held once;
        windows are cut per batch, so memory does not grow with the number of windows.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import window_dataset
    >>> dataset = window_dataset(np.random.rand(1000, 3), length=24, batch_size=32)
    >>> tuple(next(iter(dataset)).shape)
    (32, 24, 3)
    """
    if isinstance(data, np.ndarray) and data.ndim == 3:
        source = tf.constant(check_sequences(data))
        starts = np.arange(len(source), dtype="int64")

        def cut(batch_indices):
            return tf.gather(source, batch_indices)
    else:
        if length is None:
            raise ValueError("`length` is required to cut windows from a series. Received: length=None")
        series = _as_series_list(data)
        starts = window_starts([len(item) for item in series], length, stride)
        joined = tf.constant(np.concatenate(series))
        steps = tf.range(length, dtype=tf.int64)

        def cut(batch_starts):
            return tf.gather(joined, batch_starts[:, None] + steps)

    dataset = _batched_keys(starts, batch_size, shuffle, seed, repeat, skip_batches)
    return dataset.map(cut, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True).prefetch(tf.data.AUTOTUNE)


def _batched_keys(keys: np.ndarray, batch_size: int, shuffle: bool, seed, repeat: bool,
                  skip_batches: int) -> tf.data.Dataset:
    """Batches of `keys` (window starts, sequence indices), shuffled each pass; with
    `repeat`, pass `i` shuffled by the seed `(seed, i)` alone, so that the stream is a pure
    function of the seed and `skip_batches` resumes it exactly."""
    count = len(keys)
    if repeat:
        table = tf.constant(keys)
        seed_value = 0 if seed is None else int(seed)

        def one_pass(index):
            if not shuffle:
                return tf.data.Dataset.from_tensor_slices(table)
            draws = tf.random.stateless_uniform([count], seed=tf.stack([tf.constant(seed_value, tf.int64), index]))
            return tf.data.Dataset.from_tensor_slices(tf.gather(table, tf.argsort(draws)))

        dataset = tf.data.Dataset.counter().flat_map(one_pass).skip(int(skip_batches) * batch_size)
    else:
        dataset = tf.data.Dataset.from_tensor_slices(keys)
        if shuffle:
            dataset = dataset.shuffle(count, seed=seed, reshuffle_each_iteration=True)
    return dataset.batch(batch_size)


def sequence_dataset(sequences, batch_size: int = 128, conditions=None, shuffle: bool = True,
                     seed: int | None = 0, repeat: bool = False, skip_batches: int = 0) -> tf.data.Dataset:
    """A `tf.data` pipeline of shuffled batches of whole sequences of different lengths,
    right-padded with zeros to the longest, as `RecurrentGAN.fit` reads them.

    Args:
        sequences: a list of arrays `(time_i, features)`.
        batch_size: sequences per batch.
        conditions: for a conditional GAN, one condition per sequence `(num_sequences,
            condition_dim)` or one per step of the padded sequences `(num_sequences,
            max_time, condition_dim)`; None for none.
        shuffle, seed, repeat, skip_batches: as in `window_dataset`.

    Returns:
        A dataset of dicts: "sequences" float32 `(batch, max_time, features)`, "lengths"
        int32 `(batch,)` (the discriminator skips the steps after each length) and, with
        `conditions`, "conditions" laid out as given.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import sequence_dataset
    >>> batch = next(iter(sequence_dataset([np.ones((3, 2)), np.ones((5, 2))], batch_size=2, shuffle=False)))
    >>> tuple(batch["sequences"].shape), batch["lengths"].numpy().tolist()
    ((2, 5, 2), [3, 5])
    """
    padded, lengths = pad_sequences(sequences, name="sequences")
    tables = {"sequences": tf.constant(padded), "lengths": tf.constant(lengths)}
    if conditions is not None:
        conditions = as_float_array(conditions, "conditions")
        if conditions.shape[:conditions.ndim - 1] not in (padded.shape[:1], padded.shape[:2]):
            raise ValueError(f"Expected one condition per sequence, ({len(padded)}, condition_dim), or per step, "
                             f"{padded.shape[:2] + ('condition_dim',)}. Received: conditions.shape={conditions.shape}")
        tables["conditions"] = tf.constant(conditions)
    dataset = _batched_keys(np.arange(len(padded), dtype="int64"), batch_size, shuffle, seed, repeat, skip_batches)

    def gather(indices):
        return {name: tf.gather(table, indices) for name, table in tables.items()}

    return dataset.map(gather, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True).prefetch(tf.data.AUTOTUNE)


def hold_last(sequences, lengths=None) -> np.ndarray:
    """Sequences of different lengths as one array `(num_sequences, max_time, features)`,
    each held at its last value after its end: how they are scored with fixed-length
    metrics, so that what follows a sequence's end says nothing but its last value, and
    no padding value stretches a feature's range.

    Args:
        sequences: a list of arrays `(time_i, features)`, or an array `(num_sequences,
            time, features)` whose sequence `i` ends after `lengths[i]` steps.
        lengths: with an array, each sequence's length; None for a list.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import hold_last
    >>> hold_last([np.array([[1.0], [2.0]]), np.array([[5.0]])])[..., 0].tolist()
    [[1.0, 2.0], [5.0, 5.0]]
    """
    if lengths is None:
        padded, lengths = pad_sequences(sequences, name="sequences")
    else:
        padded, lengths = np.array(sequences, "float32"), np.asarray(lengths, "int64")
    steps = np.minimum(np.arange(padded.shape[1])[None], lengths[:, None] - 1)
    return np.take_along_axis(padded, steps[..., None], axis=1)
