import os
import shutil
import signal
import subprocess
import sys
import time

import keras
import numpy as np
import pandas as pd
import pytest
import tensorflow as tf
from tensorboard.backend.event_processing import event_accumulator

import tfgan_rnn
from tfgan_rnn import callbacks, cli
from conftest import tiny_gan

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def events(folder):
    accumulator = event_accumulator.EventAccumulator(str(folder), size_guidance={"images": 0, "tensors": 0})
    accumulator.Reload()
    return accumulator


def scalar_values(accumulator, tag):
    return [float(tf.make_ndarray(event.tensor_proto)) for event in accumulator.Tensors(tag)]


def test_tensorboard_gets_losses_norms_images_scores_and_hparams(real_sequences, tmp_path):
    gan = tiny_gan()
    gan.compile()
    gan.fit(real_sequences, batch_size=16, epochs=2, verbose=0, callbacks=[
        callbacks.SampleLogger(real_sequences, tmp_path, every_epochs=1, feature_names=["a", "b"]),
        callbacks.EvaluationLogger(real_sequences, tmp_path, every_epochs=2, iterations=20),
        keras.callbacks.TensorBoard(tmp_path, update_freq="batch", histogram_freq=1),
    ])
    callbacks.write_hparams(tmp_path, {"units": 8, "loss": "non_saturating", "columns": ["a", "b"]})

    train = events(tmp_path / "train")
    tags = set(train.Tags()["tensors"])
    for name in ("generator_loss", "discriminator_loss", "generator_grad_norm", "discriminator_grad_norm",
                 "discriminator_real_score", "discriminator_fake_score"):
        assert f"epoch_{name}" in tags and f"batch_{name}" in tags
        assert all(np.isfinite(scalar_values(train, f"batch_{name}")))
    assert len(scalar_values(train, "batch_generator_loss")) == 8  # per step: 2 epochs x 4 steps
    histograms = [tag for tag in tags if "histogram" in tag]
    assert any("lstm_cell_0" in tag and "kernel" in tag for tag in histograms), sorted(tags)

    images = events(tmp_path / "samples").Tensors("real_vs_generated")
    assert len(images) == 2
    width, height, png = tf.make_ndarray(images[0].tensor_proto)[:3]
    decoded = tf.image.decode_png(png).numpy()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and decoded.shape[:2] == (int(height), int(width))

    evaluation = events(tmp_path / "evaluation")
    for name in ("discriminative_score", "mmd", "autocorrelation_distance", "coverage"):
        assert len(scalar_values(evaluation, name)) == 1 and np.isfinite(scalar_values(evaluation, name)).all()
    assert "_hparams_/session_start_info" in events(tmp_path / "hparams").Tags()["tensors"]


def test_non_finite_step_stops_training_and_keeps_the_last_good_model(real_sequences, tmp_path, capsys):
    class Poison(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if self.model.generator_optimizer.iterations == 6:  # second epoch, second step
                kernel = self.model.generator.get_layer("output").kernel
                kernel.assign(np.full(kernel.shape, np.nan, "float32"))

    gan = tiny_gan()
    gan.compile()
    stop = callbacks.StopOnNonFinite()
    path = tmp_path / "model.keras"
    gan.fit(real_sequences, batch_size=16, epochs=5, verbose=0,
            callbacks=[Poison(), stop, callbacks.EpochCheckpoint(path)])
    assert stop.stopped_step == 7 and stop.network == "discriminator"
    assert "non-finite" in capsys.readouterr().out
    saved = keras.saving.load_model(path)
    assert int(saved.generator_optimizer.iterations) == 4
    assert all(np.isfinite(w).all() for w in saved.generator.get_weights())


def test_a_save_that_fails_midway_leaves_the_previous_file_intact(tmp_path):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    path = tmp_path / "model.keras"
    callbacks.save_model(model, path)
    before = path.read_bytes()

    class Failing(keras.Sequential):
        def save(self, filepath, *args, **kwargs):
            with open(filepath, "wb") as handle:
                handle.write(b"half a zip")
            raise OSError("disk full")

    broken = Failing([keras.Input((2,)), keras.layers.Dense(1)])
    with pytest.raises(OSError, match="disk full"):
        callbacks.save_model(broken, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.keras"]


def test_loading_needs_no_unsafe_deserialisation(real_sequences, tmp_path):
    gan = tiny_gan()
    gan.compile(loss="hinge", moment_matching_weight=1.0)
    gan.save(tmp_path / "gan.keras")
    loaded = keras.saving.load_model(tmp_path / "gan.keras", safe_mode=True)
    assert isinstance(loaded, tfgan_rnn.RecurrentGAN)


def _train(out, *extra):
    """A small `tfgan-rnn train` run on the bundled stocks data: 10 epochs of 8 steps (without the calibration
    at the end, whose check's classifier would take most of the run's time; tests/test_calibration.py covers it)."""
    return [sys.executable, "-m", "tfgan_rnn", "train", "--data", "stocks", "--window", "8", "--epochs", "10",
            "--units", "8", "--layers", "1", "--batch-size", "512", "--evaluation", "none", "--verbose", "0",
            "--discriminator-conv-filters", "8", "--no-calibrate",
            "--out", str(out), "--logdir", str(out / "logs"), *extra]


def _finished_epochs(backup_dir):
    """`backup_epoch` of a backup that a running process may be writing at this moment."""
    try:
        return callbacks.backup_epoch(backup_dir)
    except ValueError:  # read while being written
        return 0


def test_sigkill_then_resume_equals_an_uninterrupted_run(tmp_path, capsys):
    env = dict(os.environ, TF_DETERMINISTIC_OPS="1")
    subprocess.run(_train(tmp_path / "whole"), check=True, env=env, timeout=300)

    out = tmp_path / "killed"
    process = subprocess.Popen(_train(out), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while _finished_epochs(out / "backup") < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    callbacks.repair_backup(out / "backup")  # as --resume does, should the kill have come mid-write
    finished = callbacks.backup_epoch(out / "backup")
    assert 2 <= finished < 10, "the run was not killed mid-way"
    # The same run as if the kill had come while the last backup's record was written.
    torn = tmp_path / "torn"
    shutil.copytree(out, torn)
    (torn / "backup" / "training_metadata.json").write_text('{"epoch": ')
    # Resuming with other settings is refused before anything is written.
    config = (out / "config.json").read_text()
    assert cli.main(_train(out, "--resume", "--units", "16", "--seed", "1")[3:]) == 2
    error = capsys.readouterr().err
    assert "settings differ from this command's: seed 0 there, 1 here; units 8 there, 16 here." in error, error
    assert error.rstrip().endswith("--out " + str(out) + " --logdir " + str(out / "logs") + " --resume")
    assert (out / "config.json").read_text() == config and callbacks.backup_epoch(out / "backup") == finished
    subprocess.run(_train(out, "--resume"), check=True, env=env, timeout=300)
    repaired = subprocess.run(_train(torn, "--resume"), check=True, env=env, timeout=300,
                              capture_output=True, text=True)
    assert "was cut short; resuming from the one before it" in repaired.stdout

    whole = keras.saving.load_model(tmp_path / "whole" / "model.keras")
    steps = 10 * 8
    for folder in (out, torn):
        resumed = keras.saving.load_model(folder / "model.keras")
        assert int(resumed.generator_optimizer.iterations) == int(whole.generator_optimizer.iterations) == steps
        np.testing.assert_array_equal(np.asarray(resumed.seed_generator.state),
                                      np.asarray(whole.seed_generator.state))
        for a, b in zip(whole.generator.get_weights() + whole.discriminator.get_weights(),
                        resumed.generator.get_weights() + resumed.discriminator.get_weights()):
            np.testing.assert_array_equal(a, b)
    # An epoch killed between its log line and its backup is logged again on resume.
    assert set(pd.read_csv(out / "history.csv")["epoch"]) == set(range(10))


# Runs `tfgan-rnn train` and ends the process, as a kill would, right after epoch 2's backup.
_STOPPED_AFTER_TWO_EPOCHS = """
import os, sys, keras
from tfgan_rnn import cli
back_up = keras.callbacks.BackupAndRestore.on_epoch_end
def back_up_then_die(self, epoch, logs=None):
    back_up(self, epoch, logs)
    if epoch == 1:
        os._exit(9)
keras.callbacks.BackupAndRestore.on_epoch_end = back_up_then_die
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_whole_sequence_run_resumes_to_the_uninterrupted_run(tmp_path):
    """--whole-sequences feeds padded sequences from their own pipeline: a run that dies after
    epoch 2 of 4 and is resumed ends with the weights of one that never stopped."""
    rng = np.random.default_rng(0)
    path = tmp_path / "Vowels_TRAIN.ts"  # 12 sequences of 5, 8 and 11 steps: 3 batches of 4 per epoch
    path.write_text("@problemName Vowels\n@univariate false\n@dimensions 2\n@classLabel true a b\n@data\n" + "".join(
        ":".join(",".join(f"{v:.3f}" for v in rng.random(length)) for _ in range(2)) + ":a\n"
        for length in [5, 8, 11] * 4))
    env = dict(os.environ, TF_DETERMINISTIC_OPS="1")

    def train(out, *extra):
        return ["train", str(path), "--whole-sequences", "--epochs", "4", "--units", "8", "--layers", "1",
                "--batch-size", "4", "--evaluation", "none", "--verbose", "0", "--discriminator-conv-filters", "8",
                "--no-calibrate", "--out", str(out), "--logdir", str(out / "logs"), *extra]

    subprocess.run([sys.executable, "-m", "tfgan_rnn", *train(tmp_path / "whole")], check=True, env=env, timeout=300)
    stopped = subprocess.run([sys.executable, "-c", _STOPPED_AFTER_TWO_EPOCHS, *train(tmp_path / "resumed")],
                             env=env, timeout=300)
    assert stopped.returncode == 9 and callbacks.backup_epoch(tmp_path / "resumed" / "backup") == 2
    halfway = keras.saving.load_model(tmp_path / "resumed" / "model.keras")  # the last finished epoch's
    assert int(halfway.generator_optimizer.iterations) == 2 * 3
    subprocess.run([sys.executable, "-m", "tfgan_rnn", *train(tmp_path / "resumed", "--resume")], check=True,
                   env=env, timeout=300)

    whole, resumed = (keras.saving.load_model(tmp_path / name / "model.keras") for name in ("whole", "resumed"))
    assert int(resumed.generator_optimizer.iterations) == int(whole.generator_optimizer.iterations) == 4 * 3
    assert resumed.training_lengths == whole.training_lengths == {5: 4, 8: 4, 11: 4}
    for a, b in zip(whole.generator.get_weights() + whole.discriminator.get_weights(),
                    resumed.generator.get_weights() + resumed.discriminator.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_a_backup_cut_short_by_a_kill_resumes_from_the_one_before(real_sequences, tmp_path):
    gan = tiny_gan()
    gan.compile()
    backup = tmp_path / "backup"
    restore = keras.callbacks.BackupAndRestore(backup, double_checkpoint=True, delete_checkpoint=False)
    gan.fit(real_sequences, batch_size=32, epochs=3, verbose=0, callbacks=[restore])  # 2 steps per epoch
    (backup / "training_metadata.json").write_text('{"epoch": ')  # killed while writing epoch 3's
    with pytest.raises(ValueError, match="unreadable"):
        callbacks.backup_epoch(backup)

    assert callbacks.repair_backup(backup) and callbacks.backup_epoch(backup) == 2
    assert not callbacks.repair_backup(backup)  # nothing more to repair
    resumed = tiny_gan()
    resumed.compile()
    resumed.fit(real_sequences, batch_size=32, epochs=4, verbose=0,
                callbacks=[keras.callbacks.BackupAndRestore(backup, double_checkpoint=True)])
    assert int(resumed.generator_optimizer.iterations) == 4 * 2  # epoch 2's weights, then epochs 3 and 4

    assert not backup.exists()  # a finished run deletes its backup
    backup.mkdir()
    (backup / "training_metadata.json").write_text("")  # cut short, and no previous one
    with pytest.raises(ValueError, match="no previous backup"):
        callbacks.repair_backup(backup)


class ScriptedScores(keras.callbacks.Callback):
    """Writes a given discriminative score per epoch and records the generator then."""

    def __init__(self, scores):
        super().__init__()
        self.scores, self.weights = list(scores), []

    def on_epoch_end(self, epoch, logs=None):
        logs["discriminative_score"] = self.scores[epoch]
        self.weights.append([w.copy() for w in self.model.generator.get_weights()])


def test_keep_best_generator_restores_the_best_epoch_and_resumes_from_disk(real_sequences, tmp_path):
    gan = tiny_gan()
    gan.compile()
    scripted, keep = ScriptedScores([0.4, 0.1, 0.3]), callbacks.KeepBestGenerator(folder=tmp_path)
    gan.fit(real_sequences, batch_size=32, epochs=3, verbose=0, callbacks=[scripted, keep])
    assert keep.best_epoch == 1 and keep.best == 0.1
    for kept, best in zip(gan.generator.get_weights(), scripted.weights[1]):
        np.testing.assert_array_equal(kept, best)
    assert any((a != b).any() for a, b in zip(gan.generator.get_weights(), scripted.weights[2]))
    discriminator_after = [w.copy() for w in gan.discriminator.get_weights()]

    # A resumed run reads the best so far back from the folder: a worse epoch does not win.
    resumed = callbacks.KeepBestGenerator(folder=tmp_path)
    gan.fit(real_sequences, batch_size=32, epochs=1, verbose=0, callbacks=[ScriptedScores([0.2]), resumed])
    assert resumed.best_epoch == 1 and resumed.best == 0.1
    for kept, best in zip(gan.generator.get_weights(), scripted.weights[1]):
        np.testing.assert_array_equal(kept, best)
    assert any((a != b).any() for a, b in zip(gan.discriminator.get_weights(), discriminator_after))


def test_keep_best_generator_prefers_the_later_of_scores_within_tolerance(real_sequences):
    gan = tiny_gan()
    gan.compile()
    scores = [0.4, 0.1, 0.108, 0.3, 0.115]
    scripted, keep = ScriptedScores(scores), callbacks.KeepBestGenerator(tolerance=0.01)
    gan.fit(real_sequences, batch_size=32, epochs=5, verbose=0, callbacks=[scripted, keep])
    # .108 is within .01 of the lowest (.1) and later: kept; .115 is not.
    assert keep.best_epoch == 2 and keep.best == 0.108 and keep.lowest == 0.1
    for kept, best in zip(gan.generator.get_weights(), scripted.weights[2]):
        np.testing.assert_array_equal(kept, best)

    strict = callbacks.KeepBestGenerator(tolerance=0)
    gan.fit(real_sequences, batch_size=32, epochs=5, verbose=0, callbacks=[ScriptedScores(scores), strict])
    assert strict.best_epoch == 1
    with pytest.raises(ValueError, match="tolerance=-0.1"):
        callbacks.KeepBestGenerator(tolerance=-0.1)


def test_keep_best_generator_without_scores_leaves_the_last_weights(real_sequences):
    gan = tiny_gan()
    gan.compile()
    keep = callbacks.KeepBestGenerator()
    gan.fit(real_sequences, batch_size=32, epochs=1, verbose=0, callbacks=[keep])
    assert keep.best_epoch is None and keep.best_weights is None


def test_keep_best_generator_placed_before_the_evaluation_warns_once(real_sequences, tmp_path):
    gan = tiny_gan()
    gan.compile()
    keep = callbacks.KeepBestGenerator()
    evaluation = callbacks.EvaluationLogger(real_sequences, tmp_path, every_epochs=1, iterations=5, num_runs=1)
    with pytest.warns(UserWarning, match="before 'discriminative_score' was written.*place the EvaluationLogger before it") as caught:
        gan.fit(real_sequences, batch_size=32, epochs=2, verbose=0, callbacks=[keep, evaluation])
    assert keep.best_epoch is None
    assert len([w for w in caught if "KeepBestGenerator" in str(w.message)]) == 1


def test_callback_settings_that_would_fail_after_an_epoch_are_refused_before_training(real_sequences, tmp_path):
    # Before: every_epochs=0 raised ZeroDivisionError at the end of the first epoch,
    # iterations=0 trained the classifier forever, a .h5 checkpoint was a zip file named .h5,
    # windows of the wrong width failed with an IndexError after the epoch's training.
    refused = [
        (lambda: callbacks.SampleLogger(real_sequences, tmp_path, every_epochs=0), "every_epochs=0"),
        (lambda: callbacks.SampleLogger(real_sequences, tmp_path, num_sequences=0), "num_sequences=0"),
        (lambda: callbacks.EvaluationLogger(real_sequences, tmp_path, every_epochs=0), "every_epochs=0"),
        (lambda: callbacks.EvaluationLogger(real_sequences, tmp_path, iterations=0), "iterations=0"),
        (lambda: callbacks.EvaluationLogger(real_sequences, tmp_path, num_runs=0), "num_runs=0"),
        (lambda: callbacks.EvaluationLogger(real_sequences, tmp_path, max_windows=1), r"2 real windows.*max_windows=1"),
        (lambda: callbacks.EpochCheckpoint(tmp_path / "model.h5"), r"end in \.keras.*model\.h5"),
        (lambda: callbacks.SampleLogger(real_sequences[0], tmp_path), r"\(n, time, features\).*shape \(12, 2\)"),
    ]
    for make, message in refused:
        with pytest.raises(ValueError, match=message):
            make()
    gan = tiny_gan()
    gan.compile()
    wide = np.concatenate([real_sequences, real_sequences[..., :1]], axis=-1)
    with pytest.raises(ValueError, match=r"have 3 features but the model generates 2.*\(64, 12, 3\)"):
        gan.fit(real_sequences, batch_size=32, epochs=1, verbose=0,
                callbacks=[callbacks.SampleLogger(wide, tmp_path, every_epochs=1)])
    assert int(gan.generator_optimizer.iterations) == 0  # refused before the first step
    assert os.listdir(tmp_path) == []


def test_keras_learning_rate_callbacks_are_refused_and_per_optimizer_schedules_train(real_sequences):
    # Before: ReduceLROnPlateau trained an epoch, then failed with "'NoneType' object has no
    # attribute 'learning_rate'" (model.optimizer is None: a RecurrentGAN has two optimizers);
    # LearningRateScheduler failed with Keras' "Optimizer must have a learning_rate attribute".
    gan = tiny_gan()
    gan.compile()
    for callback in (keras.callbacks.ReduceLROnPlateau(monitor="generator_loss", mode="min", patience=0),
                     keras.callbacks.LearningRateScheduler(lambda epoch, rate: rate / 2)):
        with pytest.raises(ValueError, match=rf"`{type(callback).__name__}` sets the learning rate of "
                                             r"`model.optimizer`.*two optimizers.*ExponentialDecay"):
            gan.fit(real_sequences, batch_size=32, epochs=2, verbose=0, callbacks=[callback])
    assert int(gan.generator_optimizer.iterations) == 0  # refused before the first step
    # What the message suggests: a schedule on each optimizer, logged as it decays.
    def decaying():
        schedule = keras.optimizers.schedules.ExponentialDecay(1e-3, decay_steps=2, decay_rate=0.5)
        return keras.optimizers.Adam(schedule)

    gan.compile(generator_optimizer=decaying(), discriminator_optimizer=decaying())
    history = gan.fit(real_sequences, batch_size=32, epochs=2, verbose=0).history  # 2 steps an epoch
    for name in ("generator_learning_rate", "discriminator_learning_rate"):
        # The epoch's mean of the rate each step leaves for the next: after steps 1, 2 and 3, 4.
        np.testing.assert_allclose(history[name], [1e-3 * (0.5**0.5 + 0.5**1) / 2,
                                                   1e-3 * (0.5**1.5 + 0.5**2) / 2], rtol=1e-5)


def test_keras_checkpoint_logger_and_early_stopping_callbacks_work_with_fit(real_sequences, tmp_path):
    gan = tiny_gan()
    gan.compile()
    # The non-saturating generator loss is never below 0, so it never beats this baseline: a stop after 2 epochs.
    stop = keras.callbacks.EarlyStopping(monitor="generator_loss", mode="min", baseline=0.0, patience=1)
    history = gan.fit(real_sequences, batch_size=32, epochs=6, verbose=0, callbacks=[
        keras.callbacks.ModelCheckpoint(str(tmp_path / "epoch{epoch}.keras")),
        keras.callbacks.CSVLogger(str(tmp_path / "log.csv")),
        keras.callbacks.TerminateOnNaN(),
        stop,
    ]).history
    assert len(history["generator_loss"]) == 2 and stop.stopped_epoch == 1
    assert sorted(os.listdir(tmp_path)) == ["epoch1.keras", "epoch2.keras", "log.csv"]
    logged = pd.read_csv(tmp_path / "log.csv")
    np.testing.assert_allclose(logged["generator_loss"], history["generator_loss"], rtol=1e-6)
    first = keras.saving.load_model(tmp_path / "epoch1.keras")
    assert int(first.generator_optimizer.iterations) == 2  # the model as it was after epoch 1
    assert first.generate(2, 5, seed=0)[0].shape == (2, 5, 2)


def test_default_evaluation_sees_features_taken_from_different_windows(tmp_path):
    """The score `KeepBestGenerator` selects by must separate real windows from windows
    whose features are each real but come from different windows (the joint structure
    broken). With the former default (one 300-step classifier run on 1,000 windows) this
    test fails: that score stayed below .3, no higher than for well-trained generators."""
    real = tfgan_rnn.datasets.timegan_windows(tfgan_rnn.datasets.stocks(), length=24, reverse=True,
                                             shuffle_seed=0)
    rng = np.random.default_rng(0)
    shuffled = np.stack([real[rng.permutation(len(real)), :, j] for j in range(real.shape[-1])], -1)

    class ShuffledFeatures:  # stands in for a model: `generate` is all the callback calls
        def generate(self, num_sequences, length, seed=None, original_units=True):
            return shuffled[:num_sequences, :length], None

    evaluation = callbacks.EvaluationLogger(real, tmp_path, every_epochs=1)
    evaluation.set_model(ShuffledFeatures())
    logs = {}
    evaluation.on_epoch_end(0, logs)
    assert logs["discriminative_score"] > 0.3


def test_evaluation_of_one_step_windows_is_refused_before_training(tmp_path):
    # Its autocorrelation distance needs two steps; without this check a run failed at
    # the end of its first epoch, after the training it had done.
    one_step = np.random.default_rng(0).random((50, 1, 3)).astype("float32")
    with pytest.raises(ValueError, match=r"at least 2 steps.*Received: shape \(50, 1, 3\)"):
        callbacks.EvaluationLogger(one_step, tmp_path)
    assert os.listdir(tmp_path) == []


def test_time_estimate_says_once_how_long_the_remaining_steps_take(monkeypatch):
    from tfgan_rnn import callbacks

    now = [0.0]
    monkeypatch.setattr(callbacks.time, "monotonic", lambda: now[0])
    lines = []
    estimate = callbacks.TimeEstimate(total_steps=3025, note=" (note)", print_fn=lines.append)
    for step in range(40):
        now[0] += 0.2  # each step ends 0.2 s after the last
        estimate.on_train_batch_end(step)
    assert estimate.seconds_per_step == pytest.approx(0.2)
    assert lines == ["tfgan_rnn: the remaining 3,000 training steps take about 10.0 min at 200 ms a step (note)"]
    short = callbacks.TimeEstimate(total_steps=25, print_fn=lines.append)  # nothing left to estimate
    for step in range(25):
        short.on_train_batch_end(step)
    assert len(lines) == 1 and short.seconds_per_step is None
    with pytest.raises(ValueError, match="Expected 0 < first < last"):
        callbacks.TimeEstimate(100, first=5, last=5)


def generated_for_scores(real, log_dir, rng, scaler=None, **kwargs):
    """`(what an EvaluationLogger's one evaluation scores, the logger)`, for a model that
    generates uniform noise like `real` (`generate` and the scaler are all the callback reads)."""
    class Model:
        def __init__(self):
            self.scaler = scaler

        def generate(self, num_sequences, length, seed=None, original_units=True):
            return rng.random((num_sequences, length, real.shape[-1])).astype("float32"), None

    seen = []

    class Recording(callbacks.EvaluationLogger):
        def summarise(self, epoch, generated, logs):
            seen.append(generated)

    evaluation = Recording(real, log_dir, every_epochs=1, **kwargs)
    evaluation.set_model(Model())
    evaluation.on_epoch_end(0, {})
    return seen, evaluation


def test_in_training_scores_see_one_category_a_step_as_generate_writes_them(tmp_path):
    """A column of categories is generated as a one-hot block; the windows scored during
    training (by which `KeepBestGenerator` keeps an epoch) hold one category a step as the
    real ones do, not the generator's in-between values, which any classifier would spot."""
    from tfgan_rnn.scaling import Scaler

    rng = np.random.default_rng(0)
    real = np.concatenate([rng.random((40, 6, 1)), np.eye(2)[rng.integers(0, 2, (40, 6))]], -1).astype("float32")
    scaler = Scaler(categorical=[["rain", 1, ["No", "Yes"]]]).fit(real)

    seen, _ = generated_for_scores(real, tmp_path, rng, scaler)
    block = seen[0][..., 1:]
    assert set(np.unique(block)) == {0.0, 1.0} and (block.sum(-1) == 1).all()
    assert 0.0 < seen[0][..., 0].min() and seen[0][..., 0].max() < 1.0  # the number as generated


def test_in_training_scores_hold_generated_sequences_at_the_real_ones_lengths(tmp_path):
    """Trained on whole sequences of different lengths, the real sequences are scored held
    at their last value after their end; generated ones get the same lengths, held alike, or
    the classifier would tell them apart by the padding alone."""
    rng = np.random.default_rng(0)
    lengths = np.array([3, 6, 4, 6, 2] * 4)
    real = tfgan_rnn.data.hold_last([rng.random((length, 2)).astype("float32") for length in lengths])

    (generated,), evaluation = generated_for_scores(real, tmp_path, rng, max_windows=15, lengths=lengths)
    assert generated.shape == (15, 6, 2) and len(evaluation.lengths) == 15
    for sequence, length in zip(generated, evaluation.lengths):  # the 15 kept, with their own lengths
        np.testing.assert_array_equal(sequence[length:], np.broadcast_to(sequence[length - 1], (6 - length, 2)))
        assert length == 6 or not np.array_equal(sequence[length], sequence[length - 2])  # held from the end only
    with pytest.raises(ValueError, match="one per sequence, 1 to 6"):
        callbacks.SampleLogger(real, tmp_path, lengths=lengths[:5])
