"""Feature-wise scaling into the generator's output range, saved inside the model."""

from __future__ import annotations

import keras
import numpy as np

from tfgan_rnn.data import as_float_array, check_finite


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class Scaler:
    """Feature-wise scaling into the generator's range, and back to original units.

    `method="minmax"` maps each feature's [min, max] onto `feature_range` (default
    [0, 1], the range of the generator's sigmoid output); `method="standard"` subtracts
    the mean and divides by the standard deviation. A constant feature maps to the low
    end of the range (min-max) or to 0 (standard), and `inverse_transform` gives it back
    its constant whatever the generated values hold there. The scaler
    also remembers the feature names, so generated data keeps the original columns.
    Pass it to `RecurrentGAN(scaler=...)` and it is saved inside the model.

    Args:
        method: `"minmax"` or `"standard"`.
        feature_range: `(low, high)` target range for `"minmax"`.
        feature_names: optional names of the features, in order.
        offset, scale, constant_features: the fitted state (set by `fit`; given only
            when restoring a scaler from its config).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.scaling import Scaler
    >>> scaler = Scaler().fit(np.array([[0.0, 5.0], [10.0, 5.0]]))
    >>> scaler.transform(np.array([[5.0, 5.0]]))
    array([[0.5, 0. ]], dtype=float32)
    >>> scaler.inverse_transform(np.array([[1.0, 0.3]]))
    array([[10.,  5.]], dtype=float32)
    >>> scaler.constant_features
    [1]
    """

    METHODS = ("minmax", "standard")

    def __init__(self, method: str = "minmax", feature_range=(0.0, 1.0), feature_names=None,
                 offset=None, scale=None, constant_features=None):
        if method not in self.METHODS:
            raise ValueError(
                f"Unknown scaling method. Expected one of {self.METHODS}. Received: method={method!r}"
            )
        low, high = (float(v) for v in feature_range)
        if not high > low:
            raise ValueError(
                "Expected feature_range=(low, high) with high > low. "
                f"Received: feature_range={tuple(feature_range)}"
            )
        self.method = method
        self.feature_range = (low, high)
        self.feature_names = list(feature_names) if feature_names is not None else None
        self.offset = None if offset is None else np.asarray(offset, "float64")
        self.scale = None if scale is None else np.asarray(scale, "float64")
        self.constant_features = list(constant_features or [])

    @property
    def fitted(self) -> bool:
        return self.offset is not None

    @property
    def num_features(self) -> int | None:
        return None if self.offset is None else int(self.offset.shape[0])

    def fit(self, x) -> "Scaler":
        """Learns per-feature statistics over every axis but the last; returns self."""
        array = as_float_array(x, "x").astype("float64")
        if array.ndim < 2 or array.size == 0:
            raise ValueError(
                "Expected data with features on the last axis, e.g. (time, features) or "
                f"(num_sequences, time, features). Received: x.shape={array.shape}"
            )
        check_finite(array, "x")
        flat = array.reshape(-1, array.shape[-1])
        if self.feature_names is not None and len(self.feature_names) != flat.shape[1]:
            raise ValueError(
                f"The scaler has {len(self.feature_names)} feature names but the data has "
                f"{flat.shape[1]} features. Received: x.shape={array.shape}"
            )
        low, high = self.feature_range
        if self.method == "minmax":
            minimum, maximum = flat.min(0), flat.max(0)
            spread = maximum - minimum
            constant = spread == 0
            self.scale = np.where(constant, 1.0, (high - low) / np.where(spread == 0, 1, spread))
            self.offset = low - minimum * self.scale
        else:
            mean, std = flat.mean(0), flat.std(0)
            constant = std == 0
            self.scale = 1.0 / np.where(constant, 1.0, std)
            self.offset = -mean * self.scale
        self.constant_features = [int(i) for i in np.flatnonzero(constant)]
        return self

    def _check(self, array):
        if not self.fitted:
            raise ValueError("This Scaler is not fitted yet. Call `scaler.fit(data)` first.")
        if array.shape[-1] != self.num_features:
            raise ValueError(
                f"The scaler was fitted on {self.num_features} features. "
                f"Received: x.shape={array.shape}"
            )

    def transform(self, x) -> np.ndarray:
        """Original units -> scaled units."""
        array = as_float_array(x, "x")
        self._check(array)
        return (array * self.scale + self.offset).astype("float32")

    def constant_levels(self) -> tuple[np.ndarray, np.ndarray]:
        """`(is_constant, level)` per feature: which were constant when fitted, at what value."""
        if not self.fitted:
            raise ValueError("This Scaler is not fitted yet. Call `scaler.fit(data)` first.")
        is_constant = np.zeros(self.num_features, bool)
        is_constant[self.constant_features] = True
        anchor = self.feature_range[0] if self.method == "minmax" else 0.0
        return is_constant, (anchor - self.offset) / self.scale

    def inverse_transform(self, x) -> np.ndarray:
        """Scaled units -> original units; constant features get their constant back."""
        array = as_float_array(x, "x")
        self._check(array)
        is_constant, level = self.constant_levels()
        return np.where(is_constant, level, (array - self.offset) / self.scale).astype("float32")

    def get_config(self) -> dict:
        return {
            "method": self.method,
            "feature_range": list(self.feature_range),
            "feature_names": self.feature_names,
            "offset": None if self.offset is None else self.offset.tolist(),
            "scale": None if self.scale is None else self.scale.tolist(),
            "constant_features": self.constant_features,
        }

    @classmethod
    def from_config(cls, config: dict) -> "Scaler":
        return cls(**config)
