import hashlib
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from tfgan_rnn import datasets


def test_sines_follow_the_timegan_recipe():
    x = datasets.sines(num_sequences=200, length=24, num_features=5, seed=0)
    assert x.shape == (200, 24, 5) and x.dtype == np.float32
    assert 0 <= x.min() and x.max() <= 1
    # sin(f t + p) with f, p < 0.1 over 24 steps stays within [sin(0), sin(0.1 + 2.3)]
    raw = 2 * x - 1
    assert raw.min() >= -1e-6 and raw.max() <= np.sin(np.pi / 2) + 1e-6
    np.testing.assert_array_equal(x, datasets.sines(200, seed=0))


def test_stocks_is_bundled_unchanged():
    payload = resources.files("tfgan_rnn").joinpath("data_files/stock_data.csv").read_bytes()
    assert hashlib.sha256(payload).hexdigest() == "134b8a00eb4eefa3242dd7ae85144082da80dedf75a1a656d5d08f97cd95277a"
    frame = datasets.stocks()
    assert list(frame.columns) == ["Open", "High", "Low", "Close", "Adj_Close", "Volume"]
    assert frame.shape == (3685, 6)


def test_seattle_weather_is_bundled_unchanged():
    payload = resources.files("tfgan_rnn").joinpath("data_files/seattle_weather.csv").read_bytes()
    assert hashlib.sha256(payload).hexdigest() == "62f0609f787158128aa2bd102967173a4953122dd4f872bf1d502cae1037df0b"
    frame = datasets.seattle_weather()
    assert list(frame.columns) == ["date", "precipitation", "temp_max", "temp_min", "wind", "weather"]
    assert frame.shape == (1461, 6) and frame["date"].is_monotonic_increasing
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame["weather"].value_counts().to_dict() == {"sun": 714, "fog": 411, "rain": 259, "drizzle": 54, "snow": 23}


def test_timegan_windows_reproduce_the_benchmark_preparation():
    frame = datasets.stocks()
    windows = datasets.timegan_windows(frame)
    assert windows.shape == (3685 - 24, 24, 6)
    values = frame.to_numpy("float64")
    scaled = (values - values.min(0)) / (values.max(0) - values.min(0) + 1e-7)
    np.testing.assert_allclose(windows[0], scaled[:24], rtol=1e-6)
    np.testing.assert_allclose(windows[-1], scaled[-25:-1], rtol=1e-6)  # N - 24 windows: the last is dropped
    reversed_windows = datasets.timegan_windows(frame, reverse=True)
    np.testing.assert_allclose(reversed_windows[0], scaled[::-1][:24], rtol=1e-6)
    shuffled = datasets.timegan_windows(frame, shuffle_seed=0)
    assert not np.array_equal(shuffled, windows)
    np.testing.assert_array_equal(np.sort(shuffled[:, 0, 0]), np.sort(windows[:, 0, 0]))


def test_energy_reads_from_a_path_and_never_downloads(tmp_path):
    with pytest.raises(FileNotFoundError, match="never downloads.*energy_data.csv"):
        datasets.energy(tmp_path / "energy_data.csv")
    pd.DataFrame(np.arange(56.0).reshape(2, 28)).to_csv(tmp_path / "energy_data.csv", index=False)
    assert datasets.energy(tmp_path / "energy_data.csv").shape == (2, 28)
