"""Keras callbacks for GAN runs: a time budget and crash-safe saving."""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager

import keras


@contextmanager
def atomic_path(path, suffix: str = ""):
    """Yields a temporary path beside `path`; on success it replaces `path` in one step.

    A crash or an exception while writing leaves the previous file intact and removes
    the temporary one.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=suffix or os.path.splitext(path)[1], dir=folder)
    os.close(handle)
    os.remove(temporary)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def save_model(model: keras.Model, path) -> None:
    """`model.save(path)`, atomically: readers see the old file or the new one, never half.

    Example:

    >>> import keras, os, tempfile
    >>> from tfgan_rnn.callbacks import save_model
    >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
    >>> save_model(model, path)
    >>> keras.saving.load_model(path).count_params()
    3
    """
    with atomic_path(path, suffix=".keras") as temporary:
        model.save(temporary)


class EpochCheckpoint(keras.callbacks.Callback):
    """Saves the whole model (weights, optimizers, noise state) after every epoch,
    atomically, so an interrupted run keeps a usable model of its last finished epoch.

    Args:
        path: the `.keras` file to write.
    """

    def __init__(self, path):
        super().__init__()
        self.path = os.fspath(path)

    def on_epoch_end(self, epoch, logs=None):
        save_model(self.model, self.path)


class TimeBudget(keras.callbacks.Callback):
    """Stops training after the epoch during which `max_minutes` have passed.

    Args:
        max_minutes: the budget, counted from the start of `fit`.

    Attributes:
        stopped_epoch: the 0-based epoch after which it stopped training, or None.
    """

    def __init__(self, max_minutes: float):
        super().__init__()
        if not max_minutes > 0:
            raise ValueError(f"Expected a positive time budget. Received: max_minutes={max_minutes!r}")
        self.max_minutes = float(max_minutes)
        self.stopped_epoch = None

    def on_train_begin(self, logs=None):
        self._start = time.monotonic()
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, logs=None):
        if time.monotonic() - self._start >= 60.0 * self.max_minutes:
            self.model.stop_training = True
            self.stopped_epoch = epoch
