"""Checking and shaping training data: sequences `(num_sequences, time, features)`."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

_SHAPE_HINT = (
    "Training data must be sequences of shape (num_sequences, time, features). "
    "If you have one long series of shape (time, features), cut it into windows with "
    "`tfgan_rnn.data.sliding_windows(series, length)`."
)


def as_float_array(x, name: str = "x") -> np.ndarray:
    """Converts numpy-like data to a float32 array, or raises a clear error.

    Raises:
        TypeError: if `x` is not numeric.
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
    """Raises a ValueError that counts and locates NaN/Inf values, if there are any."""
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
    whose first entry is); the first batch is read and checked for NaN/Inf.
    """
    spec = dataset.element_spec
    if isinstance(spec, (tuple, list)):
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
        return check_sequences(first.numpy(), num_features, name=f"{name} (first batch)")
    raise ValueError(f"`{name}` is an empty dataset: it yielded no batch.")


def sliding_windows(series, length: int, stride: int = 1) -> np.ndarray:
    """Cuts one series `(time, features)` into windows `(num_windows, length, features)`.

    Windows start at steps 0, stride, 2 * stride, ... and end inside the series.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.data import sliding_windows
    >>> sliding_windows(np.arange(10.0)[:, None], length=4, stride=3)[:, :, 0]
    array([[0., 1., 2., 3.],
           [3., 4., 5., 6.],
           [6., 7., 8., 9.]], dtype=float32)
    """
    array = as_float_array(series, "series")
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ValueError(
            "Expected one series of shape (time, features). "
            f"Received: series.shape={array.shape}"
        )
    if not isinstance(length, int) or length <= 0 or not isinstance(stride, int) or stride <= 0:
        raise ValueError(
            "Expected positive integers for `length` and `stride`. "
            f"Received: length={length!r}, stride={stride!r}"
        )
    if length > array.shape[0]:
        raise ValueError(
            f"The window is longer than the series: it has {array.shape[0]} steps. Use a "
            f"shorter window. Received: length={length}"
        )
    starts = np.arange(0, array.shape[0] - length + 1, stride)
    return np.stack([array[s : s + length] for s in starts])
