"""The TimeGAN yardsticks: discriminative and predictive scores (Yoon et al., 2019).

Faithful to the paper's released code (`metrics/discriminative_metrics.py` and
`metrics/predictive_metrics.py`), re-written in Keras 3:

- discriminative score: a one-layer GRU classifier (hidden `int(dim / 2)`, last state,
  one logit) is trained for 2,000 Adam steps on batches of 128 real + 128 synthetic
  windows from 80% of each set, then tested on the other 20% of each;
  the score is `|accuracy - 0.5|` (0 is best: the classifier cannot tell them apart).
- predictive score ("train on synthetic, test on real"): a one-layer GRU (hidden
  `int(dim / 2)`, sigmoid output per step) is trained for 5,000 Adam steps of batch 128
  on synthetic windows to predict the last feature one step ahead from the other
  features, then tested on all real windows; the score is the mean absolute error
  (lower is better).

Both expect data scaled to [0, 1] (as TimeGAN does) and are repeated over several seeds
(`num_runs`); they return the mean and standard deviation.

Documented choices where the original breaks: with one feature (`dim < 2`), the hidden
size is 1 instead of 0, and the predictive model predicts the feature from its own
previous value (the original would have no input features).
"""

from __future__ import annotations

import math
import time
from typing import NamedTuple

import keras
import numpy as np
import tensorflow as tf

from tfgan_rnn._checks import optional_positive_seconds, positive_int
from tfgan_rnn.data import check_sequences


class Score(NamedTuple):
    """A metric repeated over `len(runs)` seeds.

    Example:

    >>> from tfgan_rnn.metrics.timegan import Score
    >>> score = Score(mean=0.25, std=0.05, runs=(0.2, 0.3))
    >>> f"{score.mean:.3f} ± {score.std:.3f}", score.as_dict()["runs"]
    ('0.250 ± 0.050', [0.2, 0.3])
    """

    mean: float
    std: float
    runs: tuple
    iterations: int | None = None  # classifier steps per run, where `max_seconds` cut them

    def as_dict(self) -> dict:
        result = {"mean": self.mean, "std": self.std, "runs": list(self.runs)}
        return result if self.iterations is None else {**result, "iterations": self.iterations}


def _summarise(runs, iterations=None) -> Score:
    runs = tuple(float(r) for r in runs)
    return Score(float(np.mean(runs)), float(np.std(runs)), runs, iterations)


def _check_pair(real, synthetic):
    real = check_sequences(real, name="real")
    synthetic = check_sequences(synthetic, num_features=real.shape[-1], name="synthetic")
    if real.shape[1] != synthetic.shape[1]:
        raise ValueError(
            "Real and synthetic windows must have the same length. "
            f"Received: real.shape={real.shape}, synthetic.shape={synthetic.shape}"
        )
    return real, synthetic


def _check_unit_range(real: np.ndarray) -> None:
    """The predictive score's GRU ends in a sigmoid, as TimeGAN's does: real targets outside
    [0, 1] cannot be predicted, and the score would measure the scaling, not the data."""
    low, high = float(np.min(real)), float(np.max(real))
    if low < -1e-4 or high > 1 + 1e-4:
        raise ValueError(
            "The predictive score expects real windows scaled to [0, 1] (its predictor ends in a "
            f"sigmoid, as TimeGAN's does). Received real values from {low:.4g} to {high:.4g}. "
            "Scale both sets by the real data's range first: "
            "`real, synthetic = tfgan_rnn.metrics.scaled_pair(real, synthetic)`"
        )


def _hidden_units(dim: int) -> int:
    return max(1, int(dim / 2))


def _predict(model, x: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """Calls the model directly in chunks (no retracing `predict` per model)."""
    return np.concatenate([np.asarray(model(x[i : i + chunk], training=False)) for i in range(0, len(x), chunk)])


# Compiled scoring models, reused from run to run: building and fitting a new Keras model
# per run leaves about 14 MB behind in TensorFlow each time (traced functions), which
# made a long `tfgan-rnn train` (scores every few epochs) grow by gigabytes.
_MODELS: dict = {}


def _compile_with_xla() -> bool:
    """Whether the scoring models run under XLA: yes without a GPU, where XLA fuses the GRU's
    many small per-step ops (2.3-3.7x faster per training step at the TimeGAN sizes,
    `benchmarks/metrics.py`); no with one, where Keras runs the GRU on its cuDNN kernel,
    which XLA cannot compile."""
    return not tf.config.list_physical_devices("GPU")


def _gru(units: int, **kwargs) -> keras.layers.GRU:
    """The scoring GRU (tanh, as in TimeGAN); off the cuDNN path when compiled with XLA,
    since Keras leaves a model that may use cuDNN uncompiled."""
    return keras.layers.GRU(units, activation="tanh", use_cudnn=False if _compile_with_xla() else "auto", **kwargs)


def _steps_per_execution(iterations: int) -> int:
    """Training steps per call of the compiled function: the same updates in the same
    order, with less of Keras' per-step Python work (the scoring models are tiny, so that
    work is much of a step). A divisor of `iterations`, so that every call runs as many."""
    return math.gcd(int(iterations), 50)


def _fresh_model(kind: str, input_shape, layers, loss, seed: int, iterations: int) -> keras.Model:
    """A compiled model with the initial weights that `keras.utils.set_random_seed(seed)`
    gives a new one and a fresh Adam state, reusing the compiled model of an earlier run
    of the same kind and shape (so nothing is traced again)."""
    keras.utils.set_random_seed(seed)
    template = keras.Sequential([keras.Input(input_shape), *layers()])
    steps_per_execution, xla = _steps_per_execution(iterations), _compile_with_xla()
    key = (kind, tuple(input_shape), keras.config.dtype_policy().name, tuple(w.shape for w in template.weights),
           steps_per_execution, xla)
    if key not in _MODELS:
        template.compile(optimizer=keras.optimizers.Adam(), loss=loss, steps_per_execution=steps_per_execution,
                         jit_compile=xla)
        template.optimizer.build(template.trainable_variables)
        _MODELS[key] = (template, [np.array(v) for v in template.optimizer.variables])
        return template
    model, optimizer_start = _MODELS[key]
    model.set_weights(template.get_weights())
    for variable, value in zip(model.optimizer.variables, optimizer_start):
        variable.assign(value)
    return model


def _sampler(x: np.ndarray, batch_size: int, seed: int) -> tf.data.Dataset:
    return (
        tf.data.Dataset.from_tensor_slices(x)
        .shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
        .repeat()
        .batch(batch_size)
    )


def discriminative_split(num_windows: int) -> tuple[int, int]:
    """How the discriminative score splits `num_windows` windows of a side: `(trained on,
    tested on)`, 80% and the rest, as TimeGAN does.

    >>> discriminative_split(50)
    (40, 10)
    """
    trained = int(0.8 * num_windows)
    return trained, num_windows - trained


class _Deadline(keras.callbacks.Callback):
    """Stops `fit` at the end of the first call of its train function that ends after
    `deadline` (a `time.perf_counter()` value); `iterations` counts the steps trained."""

    def __init__(self, deadline: float):
        super().__init__()
        self.deadline, self.iterations = deadline, 0

    def on_train_batch_end(self, batch, logs=None):
        self.iterations = batch + 1
        if time.perf_counter() > self.deadline:
            self.model.stop_training = True


def _one_discriminative_run(real, synthetic, iterations, batch_size, seed, hidden_units=None,
                            deadline=None) -> float | tuple[float, int]:
    """`|accuracy - 0.5|` of one classifier; with a `deadline`, `(that, the steps it
    trained)`, at most `iterations` and fewer where the deadline came first."""
    rng = np.random.default_rng(seed)
    real = real[rng.permutation(len(real))]
    synthetic = synthetic[rng.permutation(len(synthetic))]
    real_split, synthetic_split = discriminative_split(len(real))[0], discriminative_split(len(synthetic))[0]
    real_train, real_test = real[:real_split], real[real_split:]
    synthetic_train, synthetic_test = synthetic[:synthetic_split], synthetic[synthetic_split:]

    classifier = _fresh_model(
        "discriminative", real.shape[1:],
        lambda: [_gru(hidden_units or _hidden_units(real.shape[-1])), keras.layers.Dense(1)],
        keras.losses.BinaryCrossentropy(from_logits=True), seed, iterations,
    )
    pairs = tf.data.Dataset.zip(
        _sampler(real_train, batch_size, seed), _sampler(synthetic_train, batch_size, seed + 1)
    )

    def label(real_batch, synthetic_batch):
        x = tf.concat([real_batch, synthetic_batch], axis=0)
        y = tf.concat([tf.ones((tf.shape(real_batch)[0], 1)), tf.zeros((tf.shape(synthetic_batch)[0], 1))], 0)
        return x, y

    stop = None if deadline is None else _Deadline(deadline)
    classifier.fit(pairs.map(label).prefetch(2), steps_per_epoch=iterations, epochs=1, verbose=0, shuffle=False,
                   callbacks=[] if stop is None else [stop])
    test = np.concatenate([real_test, synthetic_test])
    labels = np.concatenate([np.ones(len(real_test)), np.zeros(len(synthetic_test))])
    predictions = _predict(classifier, test)[:, 0] > 0.0
    score = abs(float(np.mean(predictions == labels)) - 0.5)
    return score if stop is None else (score, stop.iterations)


def _check_classifier_pair(real, synthetic) -> None:
    if min(len(real), len(synthetic)) < 2:
        raise ValueError(
            "The discriminative score needs at least 2 real and 2 synthetic windows: the "
            "classifier trains on 80% of each and is tested on the rest. Received: "
            f"{len(real)} real and {len(synthetic)} synthetic windows"
        )


def _check_budget(num_runs, iterations, batch_size):
    """The scores' budget as ints, refused unless positive: with 0 or fewer iterations Keras'
    `fit` would draw from the repeating samplers forever, and 0 runs average nothing."""
    return (positive_int(num_runs, "num_runs"), positive_int(iterations, "iterations"),
            positive_int(batch_size, "batch_size"))


def discriminative_score(real, synthetic, num_runs: int = 3, iterations: int = 2000,
                         batch_size: int = 128, seed: int = 0, max_seconds: float | None = None) -> Score:
    """How well a post-hoc GRU classifier tells synthetic windows from real ones.

    Args:
        real: real windows `(n, time, features)`, scaled to [0, 1].
        synthetic: synthetic windows, same time and features.
        num_runs: repetitions with different seeds (split, weights, batches).
        iterations: classifier training steps (TimeGAN: 2,000).
        batch_size: real and synthetic windows per step, each (TimeGAN: 128).
        seed: seed of the first run; run `i` uses `seed + 1000 * i`.
        max_seconds: a time limit (None: none). The first run trains for at most
            `max_seconds / num_runs` (its compilation included), and every run then
            trains as many steps as it did, so that the runs stay alike; the score's
            `iterations` says how many where that is fewer than `iterations` (with
            hundreds of features a classifier step takes tens of milliseconds here).

    Returns:
        A `Score`: mean and std of `|accuracy - 0.5|` over the runs (0 is best).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics import discriminative_score
    >>> real = np.random.default_rng(0).random((200, 8, 2))
    >>> noise = np.random.default_rng(1).random((200, 8, 2)) * 0.1
    >>> discriminative_score(real, noise, num_runs=1, iterations=200).mean > 0.3
    True
    """
    num_runs, iterations, batch_size = _check_budget(num_runs, iterations, batch_size)
    optional_positive_seconds(max_seconds, "max_seconds")
    real, synthetic = _check_pair(real, synthetic)
    _check_classifier_pair(real, synthetic)
    if max_seconds is None:
        return _summarise(
            _one_discriminative_run(real, synthetic, iterations, batch_size, seed + 1000 * run)
            for run in range(num_runs)
        )
    deadline = time.perf_counter() + max_seconds / num_runs
    first, trained = _one_discriminative_run(real, synthetic, iterations, batch_size, seed, deadline=deadline)
    runs = [first, *(_one_discriminative_run(real, synthetic, trained, batch_size, seed + 1000 * run)
                     for run in range(1, num_runs))]
    return _summarise(runs, trained if trained < iterations else None)


def feature_discriminative_scores(real, synthetic, num_runs: int = 1, iterations: int = 500,
                                  batch_size: int = 128, hidden_units: int = 4, seed: int = 0) -> list:
    """The discriminative score of each feature alone: which features give synthetic windows away.

    For every feature `f`, the discriminative score's classifier (a GRU and one logit,
    trained on 80% of each set, tested on the rest) sees only `real[..., f]` and
    `synthetic[..., f]`. A feature scoring near the whole windows' score is enough on its
    own to tell them apart (its values, its levels or its movement in time are off); where
    every feature scores low but the whole windows do not, the giveaway is how features
    move together. The GRU has `hidden_units` units for every feature (TimeGAN's rule,
    half the number of features, would give one feature a single unit). The default budget
    is `evaluate`'s quick one, since it is spent once per feature.

    Args:
        real: real windows `(n, time, features)`, scaled to [0, 1].
        synthetic: synthetic windows, same time and features.
        num_runs: repetitions with different seeds per feature.
        iterations: classifier training steps per run.
        batch_size: real and synthetic windows per step, each.
        hidden_units: the GRU's units.
        seed: seed of the first run; run `i` uses `seed + 1000 * i`.

    Returns:
        One `Score` per feature, in the features' order (0 is best).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics import feature_discriminative_scores
    >>> rng = np.random.default_rng(0)
    >>> real = rng.random((200, 8, 2))
    >>> synthetic = np.stack([rng.random((200, 8)), 0.5 + 0.1 * rng.random((200, 8))], axis=-1)
    >>> [score.mean > 0.3 for score in feature_discriminative_scores(real, synthetic, iterations=200)]
    [False, True]
    """
    num_runs, iterations, batch_size = _check_budget(num_runs, iterations, batch_size)
    hidden_units = positive_int(hidden_units, "hidden_units")
    real, synthetic = _check_pair(real, synthetic)
    _check_classifier_pair(real, synthetic)
    return [
        _summarise(
            _one_discriminative_run(real[..., f : f + 1], synthetic[..., f : f + 1], iterations, batch_size,
                                    seed + 1000 * run, hidden_units)
            for run in range(num_runs)
        )
        for f in range(real.shape[-1])
    ]


def _predictive_io(x: np.ndarray):
    """Inputs (all but the last feature, steps 0..T-2) and targets (last feature, 1..T-1)."""
    if x.shape[-1] == 1:
        return x[:, :-1, :], x[:, 1:, :]
    return x[:, :-1, :-1], x[:, 1:, -1:]


def _one_predictive_run(real, synthetic, iterations, batch_size, seed) -> float:
    train_x, train_y = _predictive_io(synthetic)
    test_x, test_y = _predictive_io(real)
    predictor = _fresh_model(
        "predictive", train_x.shape[1:],
        lambda: [_gru(_hidden_units(real.shape[-1]), return_sequences=True),
                 keras.layers.Dense(1, activation="sigmoid")],
        "mean_absolute_error", seed, iterations,
    )
    batches = (
        tf.data.Dataset.from_tensor_slices((train_x, train_y))
        .shuffle(len(train_x), seed=seed, reshuffle_each_iteration=True)
        .repeat()
        .batch(batch_size)
        .prefetch(2)
    )
    predictor.fit(batches, steps_per_epoch=iterations, epochs=1, verbose=0, shuffle=False)
    predictions = _predict(predictor, test_x)
    # TimeGAN: mean over windows of each window's mean absolute error.
    return float(np.mean(np.abs(predictions - test_y).mean(axis=(1, 2))))


def predictive_score(real, synthetic, num_runs: int = 3, iterations: int = 5000,
                     batch_size: int = 128, seed: int = 0) -> Score:
    """Train on synthetic, test on real: one-step-ahead MAE of the last feature.

    Args:
        real: real windows `(n, time, features)`, scaled to [0, 1] (refused otherwise:
            `tfgan_rnn.metrics.scaled_pair` scales both sets); all are test data.
        synthetic: synthetic windows, the training data.
        num_runs: repetitions with different seeds.
        iterations: predictor training steps (TimeGAN: 5,000).
        batch_size: windows per step (TimeGAN: 128).
        seed: seed of the first run; run `i` uses `seed + 1000 * i`.

    Returns:
        A `Score` of mean absolute errors (lower is better). Scoring real data against
        itself gives the floor: TimeGAN reports .094 / .036 / .250 for Sines / Stocks /
        Energy.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics import predictive_score
    >>> x = np.random.default_rng(0).random((64, 8, 3))
    >>> 0 < predictive_score(x, x, num_runs=1, iterations=20).mean < 1
    True
    """
    num_runs, iterations, batch_size = _check_budget(num_runs, iterations, batch_size)
    real, synthetic = _check_pair(real, synthetic)
    if real.shape[1] < 2:
        raise ValueError(f"The predictive score needs windows of at least 2 steps. Received: real.shape={real.shape}")
    _check_unit_range(real)
    return _summarise(
        _one_predictive_run(real, synthetic, iterations, batch_size, seed + 1000 * run)
        for run in range(num_runs)
    )
