"""Benchmark datasets: sines (generated), stocks and Seattle's weather (bundled), energy (from a path).

pandas is imported by the functions that read files, not by `import tfgan_rnn`: a training
process that never reads a CSV does not carry it (`make venv-train`, benchmarks/README.md).
"""

from __future__ import annotations

import os
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from tfgan_rnn._checks import positive_int

if TYPE_CHECKING:
    import pandas as pd


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
    num_sequences = positive_int(num_sequences, "num_sequences")
    length = positive_int(length, "length")
    num_features = positive_int(num_features, "num_features")
    rng = np.random.default_rng(seed)
    frequency = rng.uniform(0, 0.1, (num_sequences, 1, num_features))
    phase = rng.uniform(0, 0.1, (num_sequences, 1, num_features))
    t = np.arange(length, dtype="float64")[None, :, None]
    return ((np.sin(frequency * t + phase) + 1.0) / 2.0).astype("float32")


def stocks() -> pd.DataFrame:
    """GOOG daily prices 2004-08-19 .. 2019 (the TimeGAN Stocks data), bundled.

    Columns `Open, High, Low, Close, Adj_Close, Volume`, 3,685 rows, oldest first.
    Source: the TimeGAN repository (jsyoon0823/TimeGAN), prices from Yahoo Finance.

    Example:

    >>> from tfgan_rnn import datasets
    >>> frame = datasets.stocks()
    >>> frame.shape, list(frame.columns)[:2]
    ((3685, 6), ['Open', 'High'])
    """
    import pandas as pd

    with resources.files("tfgan_rnn").joinpath("data_files/stock_data.csv").open("rb") as handle:
        return pd.read_csv(handle)


def seattle_weather() -> pd.DataFrame:
    """Seattle's daily weather 2012-2015, bundled: a real dataset with a category per day.

    Columns `date` (datetime64), `precipitation` (mm; zero on about 40% of days),
    `temp_max`, `temp_min` (degrees C), `wind` (m/s) and `weather` (one of drizzle, fog,
    rain, snow, sun), 1,461 rows, oldest first. Train on the four measurements
    conditioned on `weather` (`tfgan-rnn train --condition-column weather`; notebook
    `06_conditional_weather`). Source: the vega-datasets collection
    (`seattle-weather.csv`, as the vega_datasets package 0.9.0 ships it), from NOAA's
    daily records (public domain).

    Example:

    >>> from tfgan_rnn import datasets
    >>> frame = datasets.seattle_weather()
    >>> frame.shape, sorted(frame["weather"].unique())
    ((1461, 6), ['drizzle', 'fog', 'rain', 'snow', 'sun'])
    """
    import pandas as pd

    with resources.files("tfgan_rnn").joinpath("data_files/seattle_weather.csv").open("rb") as handle:
        return pd.read_csv(handle, parse_dates=["date"])


def energy(path) -> pd.DataFrame:
    """The UCI "Appliances energy prediction" data (TimeGAN's Energy), read from `path`.

    It is not bundled (4 MB) and nothing is downloaded: pass the path to
    `energy_data.csv` from the TimeGAN repository (19,735 rows x 28 columns).

    Raises:
        FileNotFoundError: if `path` does not exist.

    Example (`energy("energy_data.csv")` returns the 28 columns as a DataFrame; the path
    here does not exist):

    >>> from tfgan_rnn import datasets
    >>> datasets.energy("/no/such/folder/energy_data.csv")
    Traceback (most recent call last):
    ...
    FileNotFoundError: The energy data is not bundled and tfgan_rnn never downloads: ...
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(
            "The energy data is not bundled and tfgan_rnn never downloads: pass the path "
            "to energy_data.csv (UCI Appliances energy prediction, as in the TimeGAN "
            f"repository). Received: path={path!r}"
        )
    from tfgan_rnn.tables import read_csv

    return read_csv(path)


def timegan_windows(data, length: int = 24, reverse: bool = False, shuffle_seed: int | None = None) -> np.ndarray:
    """Windows prepared exactly as the TimeGAN benchmark's `data_loading.py` does.

    Optionally reverse the row order (TimeGAN does, which reverses time because the
    files are stored oldest-first), min-max scale each column over the whole series
    with `(x - min) / (max - min + 1e-7)`, and cut windows of `length` with stride 1
    for `i in range(0, len - length)`, i.e. N - length windows (one fewer than fit).

    Args:
        data: a DataFrame or array `(time, features)`.
        length: window length (TimeGAN: 24).
        reverse: reverse time first, as the original code does.
        shuffle_seed: shuffle the windows with this seed (None keeps their order).

    Returns:
        float32 windows `(len - length, length, features)` in [0, 1).

    Example:

    >>> from tfgan_rnn import datasets
    >>> datasets.timegan_windows(datasets.stocks()).shape
    (3661, 24, 6)
    """
    values = np.asarray(data, dtype="float64")
    if reverse:
        values = values[::-1]
    scaled = (values - values.min(0)) / (values.max(0) - values.min(0) + 1e-7)
    windows = np.stack([scaled[i : i + length] for i in range(0, len(scaled) - length)])
    if shuffle_seed is not None:
        windows = windows[np.random.default_rng(shuffle_seed).permutation(len(windows))]
    return windows.astype("float32")
