"""Benchmark datasets: sines (generated), stocks (bundled), energy (from a path)."""

from __future__ import annotations

import numpy as np

from tfgan_rnn._checks import positive_int


def sines(num_sequences: int = 10_000, length: int = 24, num_features: int = 5, seed: int = 0) -> np.ndarray:
    """The TimeGAN sine benchmark: `sin(f * t + p)` with `f, p ~ U(0, 0.1)` per sequence
    and feature, mapped to [0, 1] by `(x + 1) / 2`.

    Args:
        num_sequences: number of windows (TimeGAN: 10,000).
        length: steps per window (TimeGAN: 24).
        num_features: features per step (TimeGAN: 5).
        seed: seed of the frequencies and phases.

    Returns:
        float32 array `(num_sequences, length, num_features)` in [0, 1].

    Example:

    >>> from tfgan_rnn import datasets
    >>> x = datasets.sines(num_sequences=3, length=24, num_features=5)
    >>> x.shape, bool(x.min() >= 0 and x.max() <= 1)
    ((3, 24, 5), True)
    """
    positive_int(num_sequences, "num_sequences")
    positive_int(length, "length")
    positive_int(num_features, "num_features")
    rng = np.random.default_rng(seed)
    frequency = rng.uniform(0, 0.1, (num_sequences, 1, num_features))
    phase = rng.uniform(0, 0.1, (num_sequences, 1, num_features))
    t = np.arange(length, dtype="float64")[None, :, None]
    return ((np.sin(frequency * t + phase) + 1.0) / 2.0).astype("float32")
