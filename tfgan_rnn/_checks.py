"""Argument checks shared by the model constructors (Keras-style error messages)."""

from __future__ import annotations

import numpy as np


def positive_int(value, name: str) -> int:
    """Returns `value` as an `int` if it is a positive integer (numpy's too), else raises
    a Keras-style error."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(
            f"Received an invalid value for argument `{name}`, expected a positive "
            f"integer. Received: {name}={value!r}"
        )
    return int(value)


def non_negative_float(value, name: str) -> float:
    """Returns `value` as a float if it is a finite number >= 0, else raises."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if isinstance(value, bool) or not number >= 0 or number == float("inf"):
        raise ValueError(
            f"Received an invalid value for argument `{name}`, expected a finite "
            f"number >= 0. Received: {name}={value!r}"
        )
    return number


def non_negative_int(value, name: str) -> int:
    """Returns `value` as an `int` if it is an integer >= 0 (numpy's too), else raises a
    Keras-style error."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(
            f"Received an invalid value for argument `{name}`, expected an integer "
            f">= 0. Received: {name}={value!r}"
        )
    return int(value)


def optional_positive_seconds(value, name: str):
    """Returns `value` (a time limit) if it is None or a positive number of seconds, else
    raises."""
    if value is not None and (isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number))
                              or not value > 0):
        raise ValueError(f"Expected `{name}` to be a positive number of seconds, or None. Received: {name}={value!r}")
    return value
