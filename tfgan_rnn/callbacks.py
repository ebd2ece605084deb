"""Keras callbacks for GAN runs: time budget, crash-safe saving, non-finite values,
and TensorBoard images, fidelity scalars and hyperparameters.

They go into `fit` like any Keras callback; `tfgan-rnn train` uses them all. The order
matters where one reads what another writes: `KeepBestGenerator` after the
`EvaluationLogger` whose score it reads.

Example:

>>> import os, tempfile, tfgan_rnn
>>> from tfgan_rnn import callbacks
>>> real = tfgan_rnn.datasets.sines(num_sequences=32, length=10, num_features=2, seed=0)
>>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 2, units=4, num_layers=1),
...                              tfgan_rnn.LSTMDiscriminator(2, units=4, num_layers=1), seed=0)
>>> gan.compile()
>>> out = tempfile.mkdtemp()
>>> logs = os.path.join(out, "logs")  # tensorboard --logdir <out>/logs
>>> history = gan.fit(real, batch_size=16, epochs=2, verbose=0, callbacks=[
...     callbacks.StopOnNonFinite(),
...     callbacks.SampleLogger(real, logs, every_epochs=1),
...     callbacks.EvaluationLogger(real, logs, every_epochs=2, iterations=20, num_runs=1),
...     callbacks.KeepBestGenerator(),
...     callbacks.EpochCheckpoint(os.path.join(out, "model.keras")),
...     callbacks.TimeBudget(max_minutes=30)])
>>> sorted(os.listdir(out)), sorted(os.listdir(logs))
(['logs', 'model.keras'], ['evaluation', 'samples'])
>>> 0 <= history.history["discriminative_score"][-1] <= 0.5
True
"""

from __future__ import annotations

import io
import json
import math
import os
import shutil
import tempfile
import time
import warnings
from contextlib import contextmanager, nullcontext

import keras
import numpy as np
import tensorflow as tf

from tfgan_rnn import memory
from tfgan_rnn._checks import non_negative_float, positive_int
from tfgan_rnn.data import hold_last


@contextmanager
def atomic_path(path, suffix: str = ""):
    """Yields a temporary path beside `path`; on success it replaces `path` in one step.

    A crash or an exception while writing leaves the previous file intact and removes
    the temporary one.

    Example:

    >>> import os, tempfile
    >>> from tfgan_rnn.callbacks import atomic_path
    >>> path = os.path.join(tempfile.mkdtemp(), "scores.json")
    >>> with atomic_path(path) as temporary, open(temporary, "w") as handle:
    ...     _ = handle.write('{"discriminative_score": 0.1}')
    >>> open(path).read(), os.listdir(os.path.dirname(path))
    ('{"discriminative_score": 0.1}', ['scores.json'])
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
        path: the `.keras` file to write (another extension is refused).

    Example (`fit` calls `on_epoch_end` after each epoch; the module's example trains):

    >>> import os, tempfile, keras, tfgan_rnn
    >>> from tfgan_rnn.callbacks import EpochCheckpoint
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
    ...                              tfgan_rnn.ConvDiscriminator(1), seed=0)
    >>> checkpoint = EpochCheckpoint(os.path.join(tempfile.mkdtemp(), "model.keras"))
    >>> checkpoint.set_model(gan)
    >>> checkpoint.on_epoch_end(0)
    >>> type(keras.saving.load_model(checkpoint.path)).__name__
    'RecurrentGAN'
    """

    def __init__(self, path):
        super().__init__()
        self.path = os.fspath(path)
        if not self.path.endswith(".keras"):
            raise ValueError(
                "EpochCheckpoint writes the whole model in Keras' format, whose file names end "
                f"in .keras (what `keras.saving.load_model` reads back). Received: path={self.path!r}")

    def on_epoch_end(self, epoch, logs=None):
        if not all(np.isfinite(np.asarray(v)).all() for v in self.model.weights):
            print(f"tfgan_rnn: non-finite weights after epoch {epoch + 1}; {self.path} keeps the last good model.")
            return
        save_model(self.model, self.path)


class StopOnNonFinite(keras.callbacks.Callback):
    """Stops training at the first step whose losses or gradient norms are NaN/Inf.

    The message names the step and the network (generator or discriminator) whose
    values went bad. Under mixed_float16 the LossScaleOptimizer skips such steps itself
    and lowers the loss scale, so this callback only watches float32 runs by default.

    Attributes:
        stopped_step: the 1-based global step that went non-finite, or None.
        network: `"generator"` or `"discriminator"`, or None.

    Example (`fit` calls these methods with each step's logs):

    >>> import tfgan_rnn
    >>> from tfgan_rnn.callbacks import StopOnNonFinite
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
    ...                              tfgan_rnn.ConvDiscriminator(1), seed=0)
    >>> gan.compile()
    >>> stop = StopOnNonFinite()
    >>> stop.set_model(gan)
    >>> stop.on_train_begin()
    >>> stop.on_train_batch_end(0, {"generator_loss": 0.7, "discriminator_loss": float("nan")})
    <BLANKLINE>
    tfgan_rnn: non-finite discriminator_loss at step 1 (the discriminator); training stopped. ...
    >>> gan.stop_training, stop.stopped_step, stop.network
    (True, 1, 'discriminator')
    """

    def __init__(self, under_loss_scaling: bool = False):
        super().__init__()
        self.under_loss_scaling = under_loss_scaling
        self.stopped_step = None
        self.network = None
        self._step = 0

    def on_train_begin(self, logs=None):
        self._step = int(keras.ops.convert_to_numpy(self.model.generator_optimizer.iterations))

    def on_train_batch_end(self, batch, logs=None):
        self._step += 1
        if isinstance(self.model.generator_optimizer, keras.optimizers.LossScaleOptimizer) and not self.under_loss_scaling:
            return
        bad = sorted(name for name, value in (logs or {}).items()
                     if not np.isfinite(np.asarray(value, dtype="float64")).all())
        if bad:
            self.stopped_step = self._step
            # The discriminator updates first in a step, so its values go bad first.
            self.network = "discriminator" if any(n.startswith("discriminator") for n in bad) else "generator"
            print(f"\ntfgan_rnn: non-finite {', '.join(bad)} at step {self._step} (the {self.network}); "
                  "training stopped. The last saved model is kept. Lower the learning rate, add "
                  "gradient_clip_norm, or check the data's scaling.")
            self.model.stop_training = True


def averaged_generator(model):
    """`model.averaged_generator()` where the model has one (a `RecurrentGAN`), else a
    block that changes nothing, so that any model with `generate` can be scored.

    Example:

    >>> from tfgan_rnn.callbacks import averaged_generator
    >>> class Replay:  # any object with `generate`
    ...     def generate(self, num_sequences, length, seed=None):
    ...         return [[0.0] * length] * num_sequences, None
    >>> with averaged_generator(Replay()) as model:
    ...     model.generate(2, 3)[0]
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    average = getattr(model, "averaged_generator", None)
    return average() if average is not None else nullcontext(model)


def _figure_to_png(figure) -> bytes:
    """A `Figure` (made without pyplot, `metrics.plots`) as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


class _PeriodicSummary(keras.callbacks.Callback):
    """Every `every_epochs` epochs, generates windows like `real` (scaled units, fixed
    seed; for a conditional GAN, for the real windows' own conditions; with `lengths`,
    each held at its last value after its real counterpart's length, as `real` is) and
    hands them to the subclass's `summarise(epoch, generated, logs)`, which writes
    summaries (inside this callback's writer, `log_dir/<folder>`)."""

    folder = ""

    def __init__(self, real, log_dir, every_epochs: int, seed: int, condition=None, lengths=None):
        super().__init__()
        self.real = np.asarray(real)
        if self.real.ndim != 3:
            raise ValueError(f"{type(self).__name__} takes real windows (n, time, features). "
                             f"Received: shape {self.real.shape}")
        self.lengths = None if lengths is None else np.asarray(lengths, "int64")
        if self.lengths is not None and (self.lengths.shape != self.real.shape[:1] or self.lengths.min() < 1
                                         or self.lengths.max() > self.real.shape[1]):
            raise ValueError(f"{type(self).__name__}'s `lengths` gives each real sequence's length, one per "
                             f"sequence, 1 to {self.real.shape[1]}. Received: lengths {self.lengths.tolist()[:10]}")
        self.condition = None
        if condition is not None:
            self.condition = np.asarray(condition, "float32")
            if self.condition.ndim not in (2, 3) or self.condition.shape[:self.condition.ndim - 1] != \
                    self.real.shape[:self.condition.ndim - 1]:
                raise ValueError(
                    f"{type(self).__name__}'s `condition` gives the real windows' conditions: one per "
                    f"window ({len(self.real)}, condition_dim) or one per step {self.real.shape[:2] + ('condition_dim',)}. "
                    f"Received: condition of shape {self.condition.shape} for real windows of shape {self.real.shape}")
        self._given_shape = self.real.shape  # for messages: before any subsampling
        self.log_dir = os.path.join(os.fspath(log_dir), self.folder)
        self.every_epochs = positive_int(every_epochs, "every_epochs")
        self.seed = seed
        self._writer = None

    def _keep(self, indices):
        """Keeps the real windows (and their conditions) at `indices`."""
        self.real = self.real[indices]
        if self.condition is not None:
            self.condition = self.condition[indices]
        if self.lengths is not None:
            self.lengths = self.lengths[indices]

    def on_train_begin(self, logs=None):
        # Refused before the first step, not after an epoch of training.
        name = type(self).__name__
        features = getattr(self.model, "output_dim", None)
        if features is not None and self.real.shape[-1] != features:
            raise ValueError(
                f"{name}'s real windows have {self.real.shape[-1]} features but the "
                f"model generates {features}: pass windows of the data it trains on, (n, time, "
                f"{features}). Received: real windows of shape {self._given_shape}")
        condition_dim = getattr(self.model, "condition_dim", 0) or 0
        given = 0 if self.condition is None else self.condition.shape[-1]
        if self.condition is None and condition_dim:
            raise ValueError(
                f"The GAN is conditional (condition_dim={condition_dim}): pass the real windows' "
                f"conditions as {name}(..., condition=...), so that windows are generated for the "
                "same conditions. Received: condition=None")
        if given != condition_dim:
            raise ValueError(
                f"{name}'s conditions have {given} features but the GAN takes condition_dim="
                f"{condition_dim}. Received: condition of shape {self.condition.shape}")

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_epochs:
            return
        conditioned = {} if self.condition is None else {"condition": self.condition}
        with averaged_generator(self.model):
            generated, _ = self.model.generate(len(self.real), self.real.shape[1], seed=self.seed,
                                               original_units=False, **conditioned)
        if not np.isfinite(generated).all():  # weights gone non-finite: nothing to show (StopOnNonFinite says so)
            return
        if self.lengths is not None:
            generated = hold_last(generated, self.lengths)
        scaler = getattr(self.model, "scaler", None)
        if getattr(scaler, "categorical", None):  # one category a step, as the model's users get them
            generated = scaler.snap_categories(generated)
        self._writer = self._writer or tf.summary.create_file_writer(self.log_dir)
        with self._writer.as_default():
            self.summarise(epoch, generated, logs)
        self._writer.flush()


class SampleLogger(_PeriodicSummary):
    """Every `every_epochs` epochs, writes an image of generated sequences next to real
    ones (one panel per feature) to TensorBoard's Images tab, with a fixed seed so the
    same noise is shown each time.

    Args:
        real: real windows `(n, time, features)` in the model's training units.
        log_dir: TensorBoard log folder (images go to `log_dir/samples`).
        every_epochs: how often to draw.
        num_sequences: sequences per set drawn.
        seed: generation seed.
        feature_names: panel titles.
        condition: for a conditional GAN, the real windows' conditions, `(n, condition_dim)`
            or `(n, time, condition_dim)`; windows are generated for the same conditions.
        lengths: for sequences of different lengths, each real one's length, `real` holding
            them at their last value after it (`data.hold_last`); generated ones are held alike.

    Example (`fit` calls `on_epoch_end` after each epoch; the module's example trains):

    >>> import os, tempfile, tfgan_rnn
    >>> from tfgan_rnn.callbacks import SampleLogger
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 2, units=4, num_layers=1),
    ...                              tfgan_rnn.ConvDiscriminator(2), seed=0)
    >>> real = tfgan_rnn.datasets.sines(num_sequences=8, length=10, num_features=2)
    >>> logs = tempfile.mkdtemp()
    >>> sampler = SampleLogger(real, logs, feature_names=["x", "y"])
    >>> sampler.set_model(gan)
    >>> sampler.on_epoch_end(0)
    >>> os.listdir(logs), len(os.listdir(os.path.join(logs, "samples")))  # one event file
    (['samples'], 1)
    """

    folder = "samples"

    def __init__(self, real, log_dir, every_epochs: int = 1, num_sequences: int = 4, seed: int = 0,
                 feature_names=None, condition=None, lengths=None):
        num_sequences = positive_int(num_sequences, "num_sequences")
        super().__init__(real, log_dir, every_epochs, seed, condition, lengths)
        self._keep(slice(num_sequences))
        self.feature_names = feature_names

    def summarise(self, epoch, generated, logs):
        from tfgan_rnn.metrics.plots import plot_real_vs_generated

        png = _figure_to_png(plot_real_vs_generated(self.real, generated, None, self.feature_names,
                                                    num_sequences=len(self.real)))
        tf.summary.image("real_vs_generated", tf.image.decode_png(png, channels=4)[None], step=epoch)


class EvaluationLogger(_PeriodicSummary):
    """Every `every_epochs` epochs, scores generated windows against real ones and writes
    the numbers to TensorBoard (`log_dir/evaluation`) and to the epoch's logs:
    `discriminative_score` (the TimeGAN classifier, averaged over `num_runs`), `mmd`,
    `autocorrelation_distance` and `coverage` (`metrics.density_and_coverage`'s: it falls
    when the generated windows come to look alike, mode collapse); for a conditional GAN
    also `conditional_discriminative_score` (the same classifier with each step's
    condition beside its values, `metrics.conditioned_pair`: it sees whether the windows
    fit their conditions; `tfgan-rnn train` keeps the generator that scores best on it).
    When the generator's optimizer keeps a moving average of its weights (`use_ema=True`),
    the averaged generator is scored (`RecurrentGAN.averaged_generator`).

    The defaults give the classifier the protocol's 2,000 steps: with 300 steps it did not
    tell a generator after 580 training steps from real data (a score of .035 where the full
    protocol measured .499, Stocks) and its ranking of checkpoints did not follow the
    protocol's, so `KeepBestGenerator` picked a generator at random
    (`benchmarks/selection_scores.py`). Two runs reduce the spread of a score that varies
    between classifier initialisations. On 2,000 + 2,000 windows of 24 x 6 one evaluation
    is 4,000 classifier steps: about 24 s on two CPU cores at the 6 ms per step that
    `benchmarks/metrics.py` measured with XLA (2026-12-03), against 22 ms without.

    Args:
        real: real windows `(n, time, features)` in the model's training units (scaled).
        log_dir: TensorBoard log folder.
        every_epochs: how often to score.
        max_windows: real windows used (and as many generated).
        iterations: classifier steps of the discriminative score.
        num_runs: classifier runs averaged into the discriminative score.
        seed: generation and metric seed.
        condition: for a conditional GAN, the real windows' conditions, `(n, condition_dim)`
            or `(n, time, condition_dim)`; windows are generated for the same conditions, so
            the scores compare like with like, and also scored with the conditions.
        lengths: for sequences of different lengths, each real one's length, `real` holding
            them at their last value after it (`data.hold_last`); generated ones get the same
            lengths and are held alike, so the classifier tells them apart by their values alone.

    Example (`fit` calls `on_epoch_end` after each epoch; the module's example trains):

    >>> import tempfile, tfgan_rnn
    >>> from tfgan_rnn.callbacks import EvaluationLogger
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 2, units=4, num_layers=1),
    ...                              tfgan_rnn.ConvDiscriminator(2), seed=0)
    >>> real = tfgan_rnn.datasets.sines(num_sequences=64, length=10, num_features=2)
    >>> evaluation = EvaluationLogger(real, tempfile.mkdtemp(), every_epochs=1, iterations=20, num_runs=1)
    >>> evaluation.set_model(gan)
    >>> logs = {}
    >>> evaluation.on_epoch_end(0, logs)
    >>> sorted(logs)
    ['autocorrelation_distance', 'coverage', 'discriminative_score', 'mmd']
    """

    folder = "evaluation"

    def __init__(self, real, log_dir, every_epochs: int = 5, max_windows: int = 2000, iterations: int = 2000,
                 num_runs: int = 2, seed: int = 0, condition=None, lengths=None):
        real = np.asarray(real)
        max_windows = positive_int(max_windows, "max_windows")
        self.iterations = positive_int(iterations, "iterations")
        self.num_runs = positive_int(num_runs, "num_runs")
        if real.ndim != 3 or real.shape[1] < 2:
            raise ValueError(
                "EvaluationLogger scores windows of at least 2 steps (its autocorrelation "
                "distance compares steps with the ones before them). Expected real windows "
                f"(n, time >= 2, features). Received: shape {real.shape}"
            )
        if min(len(real), max_windows) < 2:
            raise ValueError(
                "EvaluationLogger needs at least 2 real windows (its classifier trains on 80% and "
                f"is tested on the rest). Received: {len(real)} window(s) (max_windows={max_windows})")
        super().__init__(real, log_dir, every_epochs, seed, condition, lengths)
        if len(real) > max_windows:
            self._keep(np.random.default_rng(seed).choice(len(real), max_windows, replace=False))

    def summarise(self, epoch, generated, logs):
        from tfgan_rnn.metrics import (
            autocorrelation_distance,
            conditioned_pair,
            density_and_coverage,
            discriminative_score,
            mmd,
        )
        from tfgan_rnn.metrics.report import evaluation_nearest_k

        conditional = {} if self.condition is None else {
            "conditional_discriminative_score": discriminative_score(
                *conditioned_pair(self.real, generated, self.condition, self.condition), num_runs=self.num_runs,
                iterations=self.iterations, seed=self.seed).mean}
        scores = {
            "discriminative_score": discriminative_score(self.real, generated, num_runs=self.num_runs,
                                                         iterations=self.iterations, seed=self.seed).mean,
            "mmd": mmd(self.real, generated, seed=self.seed),
            "autocorrelation_distance": autocorrelation_distance(self.real, generated),
            "coverage": density_and_coverage(self.real, generated, nearest_k=evaluation_nearest_k(len(self.real)),
                                             seed=self.seed)["coverage"],
            **conditional,
        }
        for name, value in scores.items():
            tf.summary.scalar(name, value, step=epoch)
        if logs is not None:
            logs.update(scores)


class KeepBestGenerator(keras.callbacks.Callback):
    """Keeps the generator weights of the epoch with the best fidelity score; restores
    them when training ends. When the generator's optimizer keeps a moving average of
    its weights (`use_ema=True`), the averaged weights are kept, the ones
    `EvaluationLogger` scored.

    GAN losses do not say when samples are best, and a GAN's samples can get worse with
    more training. This callback reads `monitor` from the epoch logs (written by an
    `EvaluationLogger` placed before it in the callback list; placed after it, a warning
    says so) and, at the end of `fit`,
    puts back the generator weights of the latest epoch whose score was within `tolerance`
    of the lowest score seen. Scores closer than that are noise (the default score's
    test-set accuracy alone has a standard deviation of about .0125), and between two such
    generators the one trained longer is kept; when no epoch was scored (fewer epochs than
    the logger's `every_epochs`), the last weights stay. The discriminator and both
    optimizers are left as they are. With `folder`, the kept weights and scores are also written there
    (atomically) and read back when training starts, so a resumed run selects among all
    its epochs.

    Args:
        monitor: name of the logged score to minimise.
        folder: optional folder for `best_generator.weights.h5` and `best_generator.json`.
        tolerance: a later epoch replaces the kept one when its score is at most the
            lowest score seen plus `tolerance`; 0 keeps the strictly lowest.

    Example:

    >>> import tempfile
    >>> from tfgan_rnn import datasets, recipe
    >>> from tfgan_rnn.callbacks import EvaluationLogger, KeepBestGenerator
    >>> gan = recipe.build_gan(num_features=2, units=8, seed=0)
    >>> real = datasets.sines(num_sequences=64, length=12, num_features=2)
    >>> keep = KeepBestGenerator()
    >>> _ = gan.fit(real, epochs=2, verbose=0, callbacks=[
    ...     EvaluationLogger(real, tempfile.mkdtemp(), every_epochs=1, iterations=20), keep])
    >>> keep.best_epoch in (0, 1)
    True
    """

    def __init__(self, monitor: str = "discriminative_score", folder=None, tolerance: float = 0.01):
        super().__init__()
        self.monitor = monitor
        self.folder = None if folder is None else os.fspath(folder)
        self.tolerance = non_negative_float(tolerance, "tolerance")
        self.best = np.inf  # score of the kept epoch
        self.lowest = np.inf  # lowest score seen
        self.best_epoch = None
        self.best_weights = None
        self._unscored_logs = None  # the last epoch's logs, when they held no score
        self._warned = False

    def file_paths(self):
        return (os.path.join(self.folder, "best_generator.weights.h5"),
                os.path.join(self.folder, "best_generator.json"))

    def on_train_begin(self, logs=None):
        self._unscored_logs, self._warned = None, False
        if self.folder is None:
            return
        weights_path, score_path = self.file_paths()
        if os.path.exists(weights_path) and os.path.exists(score_path):
            with open(score_path) as handle:
                saved = json.load(handle)
            current = [w.copy() for w in self.model.generator.get_weights()]
            self.model.generator.load_weights(weights_path)
            self.best_weights = [w.copy() for w in self.model.generator.get_weights()]
            self.model.generator.set_weights(current)
            self.best, self.best_epoch = saved["score"], saved["epoch"]
            self.lowest = saved.get("lowest", self.best)

    def on_epoch_begin(self, epoch, logs=None):
        self._check_order()

    def _check_order(self):
        """Keras hands every callback the same logs: a score that arrived after this callback
        read them was written by a callback placed after it, so it can never be kept."""
        if self._unscored_logs is not None and self.monitor in self._unscored_logs and not self._warned:
            self._warned = True
            warnings.warn(
                f"KeepBestGenerator read the epoch's logs before {self.monitor!r} was written to "
                "them, so it keeps no generator: place the EvaluationLogger before it in the "
                "callbacks list.", stacklevel=2)
        self._unscored_logs = None

    def on_epoch_end(self, epoch, logs=None):
        score = (logs or {}).get(self.monitor)
        if score is None:
            self._unscored_logs = logs
            return
        if not np.isfinite(score):
            return
        self.lowest = min(self.lowest, float(score))
        if score > self.lowest + self.tolerance:
            return
        self.best, self.best_epoch = float(score), epoch
        with averaged_generator(self.model):  # one swap for the copy and the file
            self.best_weights = [w.copy() for w in self.model.generator.get_weights()]
            if self.folder is not None:
                with atomic_path(self.file_paths()[0], ".weights.h5") as temporary:
                    self.model.generator.save_weights(temporary)
        if self.folder is not None:
            with atomic_path(self.file_paths()[1]) as temporary, open(temporary, "w") as handle:
                json.dump({"score": self.best, "epoch": epoch, "lowest": self.lowest,
                           "monitor": self.monitor}, handle)

    def on_train_end(self, logs=None):
        self._check_order()
        if self.best_weights is not None:
            self.model.generator.set_weights(self.best_weights)


def write_hparams(log_dir, config: dict) -> None:
    """Records a run's settings in TensorBoard's HParams dashboard (`log_dir/hparams`).

    Values that are not bool, int, float or str are written as strings.

    Example:

    >>> import os, tempfile
    >>> from tfgan_rnn.callbacks import write_hparams
    >>> logs = tempfile.mkdtemp()
    >>> write_hparams(logs, {"units": 48, "loss": "non_saturating", "columns": ["a", "b"]})
    >>> os.listdir(logs)
    ['hparams']
    """
    from tensorboard.plugins.hparams import api as hparams_api

    clean = {}
    for key, value in config.items():
        if isinstance(value, (bool, int, float, str)) and not (isinstance(value, float) and math.isnan(value)):
            clean[key] = value
        elif value is not None:
            clean[key] = json.dumps(value) if not isinstance(value, str) else value
    with tf.summary.create_file_writer(os.path.join(os.fspath(log_dir), "hparams")).as_default():
        hparams_api.hparams(clean)


def backup_epoch(backup_dir) -> int:
    """The number of finished epochs recorded by `keras.callbacks.BackupAndRestore` in
    `backup_dir` (0 if there is no backup).

    Raises ValueError if the record cannot be read (a kill cut its writing short);
    `repair_backup` goes back to the previous backup where there is one.

    Example:

    >>> import pathlib, tempfile
    >>> from tfgan_rnn.callbacks import backup_epoch
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> backup_epoch(folder)
    0
    >>> _ = (folder / "training_metadata.json").write_text('{"epoch": 4, "batch": 0}')
    >>> backup_epoch(folder)
    4
    """
    path = os.path.join(os.fspath(backup_dir), "training_metadata.json")
    if not os.path.exists(path):
        return 0
    with open(path) as handle:
        text = handle.read()
    try:
        return int(json.loads(text)["epoch"])
    except (ValueError, KeyError, TypeError):
        raise ValueError(
            f"The training backup in {os.fspath(backup_dir)} is unreadable ({path} holds "
            f"{text[:40]!r}; a kill while it was written cuts it short)."
        ) from None


def repair_backup(backup_dir) -> bool:
    """Goes back to the previous backup if a kill cut the last one short.

    `keras.callbacks.BackupAndRestore(double_checkpoint=True)` writes the weights, then
    `training_metadata.json`, keeping the previous pair as `*.bkp`. Keras itself falls
    back to the previous weights when the weights cannot be loaded, but a kill while the
    small metadata file is written leaves it unreadable and resuming fails. This puts
    the previous pair back in that case. Returns True if it did.

    Example:

    >>> import pathlib, tempfile
    >>> from tfgan_rnn import callbacks
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "training_metadata.json").write_text('{"epo')  # cut short
    >>> _ = (folder / "training_metadata.json.bkp").write_text('{"epoch": 3, "batch": 0}')
    >>> _ = (folder / "latest.weights.h5.bkp").write_bytes(b"previous weights")
    >>> callbacks.repair_backup(folder), callbacks.backup_epoch(folder)
    (True, 3)
    """
    folder = os.fspath(backup_dir)
    metadata = os.path.join(folder, "training_metadata.json")
    try:
        backup_epoch(folder)
        return False
    except ValueError as error:
        previous = [name for name in os.listdir(folder) if name.endswith(".bkp")]
        if "training_metadata.json.bkp" not in previous:
            raise ValueError(f"{error} There is no previous backup to go back to: train again "
                             "without resuming.") from None
    for name in previous:  # the metadata last: a kill in between leaves it torn, to be repaired again
        if name != "training_metadata.json.bkp":
            shutil.copyfile(os.path.join(folder, name), os.path.join(folder, name[: -len(".bkp")]))
    shutil.copyfile(metadata + ".bkp", metadata)
    return True


class TimeBudget(keras.callbacks.Callback):
    """Stops training at the first step that ends after `max_minutes` have passed.

    The epoch ends there, early, so everything done at an epoch's end (a checkpoint, a
    backup, logs) is done for it as for any other: the model of that step is kept.

    Args:
        max_minutes: the budget, counted from the start of `fit`.

    Attributes:
        stopped_epoch: the 0-based epoch during which it stopped training, or None.

    Example (`fit` calls these methods; `tfgan-rnn train --max-minutes` uses it):

    >>> import time, tfgan_rnn
    >>> from tfgan_rnn.callbacks import TimeBudget
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(2, 1, units=4, num_layers=1),
    ...                              tfgan_rnn.ConvDiscriminator(1), seed=0)
    >>> budget = TimeBudget(max_minutes=0.005)  # 0.3 s
    >>> budget.set_model(gan)
    >>> budget.on_train_begin()
    >>> budget.on_epoch_begin(0)
    >>> budget.on_train_batch_end(0)  # within the budget: training goes on
    >>> time.sleep(0.4)
    >>> budget.on_train_batch_end(1)
    >>> gan.stop_training, budget.stopped_epoch
    (True, 0)
    """

    def __init__(self, max_minutes: float):
        super().__init__()
        if not max_minutes > 0:
            raise ValueError(f"Expected a positive time budget. Received: max_minutes={max_minutes!r}")
        self.max_minutes = float(max_minutes)
        self.stopped_epoch = None
        self._epoch = 0

    def on_train_begin(self, logs=None):
        self._start = time.monotonic()
        self.stopped_epoch = None

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.stopped_epoch is None and time.monotonic() - self._start >= 60.0 * self.max_minutes:
            self.model.stop_training = True  # Keras ends the epoch after this step
            self.stopped_epoch = self._epoch


class TimeEstimate(keras.callbacks.Callback):
    """Says, once, how long the remaining training steps will take at the pace measured
    between two early steps (after the first, which traces and compiles), so that a long
    default run is known to be long while it can still be capped.

    Args:
        total_steps: the steps `fit` will run (epochs x steps per epoch).
        first, last: the steps (counted from 1) between which the pace is measured; nothing
            is said for a run of `last` steps or fewer.
        note: text added to the line (the CLI names its `--max-minutes`).
        print_fn: where the line goes (default `print`).

    Attributes:
        seconds_per_step: the measured pace, or None before step `last`.

    Example:

    >>> import time
    >>> from tfgan_rnn.callbacks import TimeEstimate
    >>> estimate = TimeEstimate(total_steps=10_000, first=2, last=4)
    >>> for step in range(4):
    ...     time.sleep(0.01)
    ...     estimate.on_train_batch_end(step)  # doctest: +ELLIPSIS
    tfgan_rnn: the remaining 9,996 training steps take about ... min at ... ms a step
    >>> 0.005 < estimate.seconds_per_step < 0.5
    True
    """

    def __init__(self, total_steps: int, first: int = 5, last: int = 25, note: str = "", print_fn=print):
        super().__init__()
        if not 0 < first < last:
            raise ValueError(f"Expected 0 < first < last. Received: first={first!r}, last={last!r}")
        self.total_steps, self.first, self.last = int(total_steps), first, last
        self.note, self.print_fn = note, print_fn
        self.seconds_per_step = None
        self._steps, self._started = 0, None

    def on_train_batch_end(self, batch, logs=None):
        if self.seconds_per_step is not None:
            return
        self._steps += 1
        if self._steps == self.first:
            self._started = time.monotonic()
        elif self._steps == self.last and self.total_steps > self.last:
            self.seconds_per_step = (time.monotonic() - self._started) / (self.last - self.first)
            remaining = self.total_steps - self.last
            self.print_fn(f"tfgan_rnn: the remaining {remaining:,} training steps take about "
                          f"{remaining * self.seconds_per_step / 60:.1f} min at "
                          f"{1000 * self.seconds_per_step:.0f} ms a step{self.note}")


class ReleaseMemory(keras.callbacks.Callback):
    """Lets go of the memory a training process holds but does not use (Linux).

    Calls `tfgan_rnn.memory.release_memory()` when training starts (the pages of
    TensorFlow's libraries that only `import tensorflow` touched) and after the first batch
    (what tracing the step left behind); `tfgan-rnn train` also calls it once before `fit`,
    whose gradient check comes before any callback. On the benchmark's small configuration
    that took the training process from about 850 MB resident at the end to about 450 MB, and
    its peak from about 890 MB to what the import and building leave, about 690 MB
    (`benchmarks/release_memory.py`). Pages used again come back on their next
    access. Where it cannot be done (not Linux) it does nothing.

    Args:
        evict: also reclaim the pages from the kernel's file cache (`release_memory(evict=True)`).
        verbose: 1 prints the resident size before and after each release.

    Attributes:
        releases: one `(when, resident MB before, resident MB after)` per release.

    Example:

    >>> import numpy as np, tfgan_rnn
    >>> from tfgan_rnn.callbacks import ReleaseMemory
    >>> gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(latent_dim=2, output_dim=1, units=4),
    ...                              tfgan_rnn.LSTMDiscriminator(input_dim=1, units=4), seed=0)
    >>> gan.compile()
    >>> release = ReleaseMemory()
    >>> _ = gan.fit(np.zeros((8, 5, 1), "float32"), batch_size=4, epochs=1, verbose=0, callbacks=[release])
    >>> [when for when, before, after in release.releases]
    ['train begin', 'first batch']
    """

    def __init__(self, evict: bool = False, verbose: int = 0):
        super().__init__()
        self.evict = evict
        self.verbose = verbose
        self.releases = []

    def _release(self, when: str) -> None:
        result = memory.release_memory(evict=self.evict)
        if result is None:
            return
        before, after = result
        self.releases.append((when, round(before["resident"]), round(after["resident"])))
        if self.verbose:
            print(f"tfgan_rnn: resident memory {before['resident']:.0f} -> {after['resident']:.0f} MB ({when})",
                  flush=True)

    def on_train_begin(self, logs=None):
        self._first_batch = True
        self._release("train begin")

    def on_train_batch_end(self, batch, logs=None):
        if self._first_batch:
            self._first_batch = False
            self._release("first batch")
