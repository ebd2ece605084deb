"""Distribution distances between real and synthetic windows `(n, time, features)`.

All are 0 for identical distributions and grow as they differ; compute them on scaled
data (e.g. [0, 1]) so that features weigh alike.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import wasserstein_distance

from tfgan_rnn._checks import positive_int
from tfgan_rnn.metrics.timegan import _check_pair


def _subsample(x: np.ndarray, size: int, rng) -> np.ndarray:
    return x if len(x) <= size else x[rng.choice(len(x), size, replace=False)]


def mmd(real, synthetic, max_samples: int = 1000, seed: int = 0) -> float:
    """Squared maximum mean discrepancy with an RBF kernel on flattened windows.

    The bandwidth is the median pairwise distance of the pooled sample (median
    heuristic); up to `max_samples` windows of each set are used (unbiased estimate).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics.similarity import mmd
    >>> rng = np.random.default_rng(0)
    >>> same = mmd(rng.random((300, 4, 2)), rng.random((300, 4, 2)))
    >>> shifted = mmd(rng.random((300, 4, 2)), rng.random((300, 4, 2)) + 0.5)
    >>> abs(same) < 0.01 < shifted
    True
    """
    real, synthetic = _check_pair(real, synthetic)
    max_samples = positive_int(max_samples, "max_samples")
    if min(len(real), len(synthetic), max_samples) < 2:
        raise ValueError(
            "The MMD's unbiased estimate needs at least 2 windows of each set (it averages over "
            f"pairs of different windows). Received: {len(real)} real and {len(synthetic)} "
            f"synthetic windows, max_samples={max_samples}")
    rng = np.random.default_rng(seed)
    x = _subsample(real, max_samples, rng).reshape(min(len(real), max_samples), -1).astype("float64")
    y = _subsample(synthetic, max_samples, rng).reshape(min(len(synthetic), max_samples), -1).astype("float64")
    pooled = np.concatenate([x, y])
    squared = np.maximum(
        (pooled**2).sum(1)[:, None] + (pooled**2).sum(1)[None, :] - 2 * pooled @ pooled.T, 0.0
    )
    off_diagonal = squared[~np.eye(len(pooled), dtype=bool)]
    bandwidth = np.median(off_diagonal) or 1.0
    kernel = np.exp(-squared / bandwidth)
    n, m = len(x), len(y)
    k_xx, k_yy, k_xy = kernel[:n, :n], kernel[n:, n:], kernel[:n, n:]
    return float(
        (k_xx.sum() - np.trace(k_xx)) / (n * (n - 1))
        + (k_yy.sum() - np.trace(k_yy)) / (m * (m - 1))
        - 2 * k_xy.mean()
    )


def autocorrelation(x, max_lag: int) -> np.ndarray:
    """Mean autocorrelation per lag (1..max_lag) and feature: `(max_lag, features)`.

    Each window is centred on its own mean; windows with no variance count as 0.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics.similarity import autocorrelation
    >>> steps = np.arange(24.0)
    >>> smooth, alternating = np.sin(steps / 4), (-1.0) ** steps
    >>> np.round(autocorrelation(np.stack([smooth, alternating], -1)[None], max_lag=2), 2)
    array([[ 0.96, -0.96],
           [ 0.87,  0.92]])
    """
    x = np.asarray(x, "float64")
    centred = x - x.mean(axis=1, keepdims=True)
    variance = (centred**2).sum(axis=1)
    result = []
    for lag in range(1, max_lag + 1):
        covariance = (centred[:, lag:] * centred[:, :-lag]).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(variance > 0, covariance / np.where(variance > 0, variance, 1), 0.0)
        result.append(ratio.mean(axis=0))
    return np.array(result)


def autocorrelation_distance(real, synthetic, max_lag: int | None = None) -> float:
    """Mean absolute difference of the per-feature autocorrelation at lags 1..max_lag.

    `max_lag` defaults to half the window length.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics.similarity import autocorrelation_distance
    >>> real = np.random.default_rng(0).random((100, 24, 2))
    >>> autocorrelation_distance(real, real)
    0.0
    >>> autocorrelation_distance(real, np.sort(real, axis=1)) > 0.3  # same values, new order
    True
    """
    real, synthetic = _check_pair(real, synthetic)
    max_lag = max(1, real.shape[1] // 2) if max_lag is None else max_lag
    if not 1 <= max_lag < real.shape[1]:
        raise ValueError(f"Expected 1 <= max_lag < window length {real.shape[1]}. Received: max_lag={max_lag}")
    return float(np.abs(autocorrelation(real, max_lag) - autocorrelation(synthetic, max_lag)).mean())


def correlation_distance(real, synthetic) -> float:
    """Mean absolute difference of the cross-feature correlation matrices (0 with one
    feature); values are pooled over windows and time steps.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics.similarity import correlation_distance
    >>> rng = np.random.default_rng(0)
    >>> x, unrelated = rng.random((100, 24, 1)), rng.random((100, 24, 1))
    >>> round(correlation_distance(np.concatenate([x, x], -1), np.concatenate([x, unrelated], -1)), 2)
    0.99
    """
    real, synthetic = _check_pair(real, synthetic)
    if real.shape[-1] < 2:
        return 0.0

    def correlation(x):
        flat = x.reshape(-1, x.shape[-1]).astype("float64")
        with np.errstate(invalid="ignore", divide="ignore"):
            matrix = np.corrcoef(flat, rowvar=False)
        return np.nan_to_num(matrix)

    difference = np.abs(correlation(real) - correlation(synthetic))
    upper = np.triu_indices(real.shape[-1], k=1)
    return float(difference[upper].mean())


def marginal_distance(real, synthetic, max_values: int = 200_000, seed: int = 0) -> float:
    """Mean over features of the Wasserstein-1 distance between the value distributions.

    Up to `max_values` values of each feature and set are used.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics.similarity import marginal_distance
    >>> real = np.random.default_rng(0).random((100, 24, 2))
    >>> round(marginal_distance(real, real + 0.25), 3)  # every value moved by .25
    0.25
    """
    real, synthetic = _check_pair(real, synthetic)
    max_values = positive_int(max_values, "max_values")
    rng = np.random.default_rng(seed)
    distances = []
    for feature in range(real.shape[-1]):
        a, b = real[..., feature].ravel(), synthetic[..., feature].ravel()
        a = a if len(a) <= max_values else rng.choice(a, max_values, replace=False)
        b = b if len(b) <= max_values else rng.choice(b, max_values, replace=False)
        distances.append(wasserstein_distance(a, b))
    return float(np.mean(distances))


def density_and_coverage(real, synthetic, nearest_k: int = 5, max_samples: int = 2000, seed: int = 0) -> dict:
    """Fidelity and diversity by nearest neighbours on flattened windows (Naeem et al., 2020,
    "Reliable Fidelity and Diversity Metrics for Generative Models").

    Each real window gets a ball reaching its `nearest_k`-th nearest real neighbour.
    `coverage` is the share of real windows whose ball holds at least one synthetic
    window: it falls when the generator leaves parts of the data out (mode collapse:
    samples that all look alike cover few balls, however realistic each is). `density`
    counts, per synthetic window, the real balls that hold it, divided by `nearest_k`:
    about 1 for windows drawn like the real ones, near 0 for windows unlike any, above 1
    for windows crowded where the real data is densest. For two samples of one
    distribution of equal size, coverage is about `1 - 2 ** -nearest_k` (.97 for 5).
    Up to `max_samples` windows of each set are used.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics.similarity import density_and_coverage
    >>> rng = np.random.default_rng(0)
    >>> real = rng.random((500, 8, 2))
    >>> alike = density_and_coverage(real, rng.random((500, 8, 2)))
    >>> collapsed = density_and_coverage(real, real[:1] + rng.normal(0, 0.01, (500, 8, 2)))
    >>> alike["coverage"] > 0.9, collapsed["coverage"] < 0.05
    (True, True)
    """
    from sklearn.metrics import pairwise_distances

    real, synthetic = _check_pair(real, synthetic)
    nearest_k = positive_int(nearest_k, "nearest_k")
    max_samples = positive_int(max_samples, "max_samples")
    if min(len(real), max_samples) <= nearest_k:
        raise ValueError(
            f"Density and coverage need more real windows than nearest_k (each real window's ball reaches its "
            f"nearest_k-th real neighbour). Received: {len(real)} real windows, nearest_k={nearest_k}, "
            f"max_samples={max_samples}. Pass a smaller nearest_k.")
    rng = np.random.default_rng(seed)
    x = _subsample(real, max_samples, rng)
    y = _subsample(synthetic, max_samples, rng)
    x, y = x.reshape(len(x), -1).astype("float64"), y.reshape(len(y), -1).astype("float64")
    # The k-th smallest distance of each real window to the real ones, itself (0) counting as the 0th.
    radii = np.partition(pairwise_distances(x), nearest_k, axis=1)[:, nearest_k]
    inside = pairwise_distances(x, y) < radii[:, None]  # (real, synthetic): the real ball holds the synthetic one
    return {"density": float(inside.sum() / (nearest_k * len(y))), "coverage": float(inside.any(axis=1).mean())}
