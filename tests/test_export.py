"""The SavedModel loads with plain TensorFlow in a fresh process that never imports
tfgan_rnn, and its outputs equal the Keras model's."""

import json
import os
import subprocess
import sys

import keras
import numpy as np
import pytest

import tfgan_rnn
from tfgan_rnn.scaling import Scaler

SERVE = r"""
import json, sys
import numpy as np
import tensorflow as tf
served = tf.saved_model.load(sys.argv[1])
generated = served.generate(num_sequences=3, length=300, seed=tf.constant(7, tf.int64))["sequences"]
noise = np.load(sys.argv[2])
state = np.zeros((3, served.signatures["step"].structured_input_signature[1]["state"].shape[1]), "float32")
first = served.step(noise=noise[:, :10], state=state)
second = served.step(noise=noise[:, 10:], state=first["state"])
np.save(sys.argv[3], generated.numpy())
np.save(sys.argv[4], np.concatenate([first["sequences"].numpy(), second["sequences"].numpy()], axis=1))
refused = {}
for name, call in [
    ("num_sequences", lambda: served.generate(num_sequences=0, length=5, seed=tf.constant(7, tf.int64))),
    ("length", lambda: served.generate(num_sequences=2, length=-3, seed=tf.constant(7, tf.int64))),
    ("rows", lambda: served.step(noise=noise[:2, :10], state=state)),
    ("steps", lambda: served.step(noise=noise[:, :0], state=state)),
]:
    try:
        call()
        refused[name] = None
    except tf.errors.InvalidArgumentError as error:
        refused[name] = error.message
print(json.dumps({"signatures": sorted(served.signatures), "tfgan_rnn_imported": "tfgan_rnn" in sys.modules,
                  "refused": refused}))
"""


def test_saved_model_in_a_fresh_process_equals_the_keras_model(tmp_path):
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    values = rng.normal(100, 20, size=(500, 9)).astype("float32")
    # Served values keep to the data as `generate`'s do: b a flag, c a constant, d tens, e-g
    # the one-hot of a wind's 3 directions (one a step), h a copy of a, i never below a.
    values[:, 1], values[:, 2], values[:, 3] = rng.integers(0, 2, 500) * 5.0, 42.0, rng.integers(0, 50, 500) * 10.0
    values[:, 4:7] = np.eye(3)[rng.choice(3, 500, p=[0.6, 0.3, 0.1])]
    values[:, 7], values[:, 8] = values[:, 0], values[:, 0] + rng.exponential(1, 500)
    scaler = Scaler(feature_names=list("abcdefghi"), categorical=[["wind", 4, ["N", "E", "S"]]])
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(4, 9, units=6, num_layers=2),
                                 tfgan_rnn.ConvDiscriminator(9), seed=0, warmup_steps=5, static_noise_dim=1,
                                 scaler=scaler.fit(values))
    path = tmp_path / "served"
    tfgan_rnn.export_saved_model(gan, path)
    tfgan_rnn.export_saved_model(gan, path)  # replacing an existing export works
    run = tmp_path / "run"
    run.mkdir()
    (run / "model.keras").write_text("a training run's model")
    for target in (run, run / "model.keras"):  # anything but a SavedModel is never replaced
        with pytest.raises(ValueError, match="not empty and not a SavedModel|got a file"):
            tfgan_rnn.export_saved_model(gan, target)
    assert [p.name for p in run.iterdir()] == ["model.keras"]
    assert (run / "model.keras").read_text() == "a training run's model"
    noise = np.random.default_rng(1).normal(size=(3, 25, 4)).astype("float32")
    np.save(tmp_path / "noise.npy", noise)
    (tmp_path / "serve.py").write_text(SERVE)
    result = subprocess.run(
        [sys.executable, str(tmp_path / "serve.py"), str(path), str(tmp_path / "noise.npy"),
         str(tmp_path / "generated.npy"), str(tmp_path / "stepped.npy")],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout.strip().splitlines()[-1])
    refused = info.pop("refused")
    assert info == {"signatures": ["generate", "serving_default", "step"], "tfgan_rnn_imported": False}
    # Bad arguments are refused by name, with the value received, not by an op deep inside.
    assert "num_sequences must be at least 1" in refused["num_sequences"] and "[0]" in refused["num_sequences"]
    assert "length must be at least 1" in refused["length"] and "[-3]" in refused["length"]
    assert "noise and state must hold the same number of sequences" in refused["rows"]
    assert "noise must hold at least one time step" in refused["steps"]

    expected, _ = gan.generate(3, 300, seed=7)
    np.testing.assert_allclose(np.load(tmp_path / "generated.npy"), expected, rtol=1e-4, atol=1e-3)
    zeros = tfgan_rnn.state.flatten_state(tfgan_rnn.state.zero_state(3, gan.state_sizes))
    # (as the data holds its features: its orders kept in the generator's output, then on the way back)
    direct = gan.scaler.inverse_transform(np.asarray(gan._as_the_data_holds(gan.generator([noise, *zeros])[0], noise)))
    np.testing.assert_allclose(np.load(tmp_path / "stepped.npy"), direct, rtol=1e-4, atol=1e-3)
    served = np.load(tmp_path / "generated.npy")
    assert set(np.unique(served[..., 1])) <= {0.0, 5.0} and (served[..., 2] == 42.0).all()
    np.testing.assert_array_equal(served[..., 1:7], expected[..., 1:7])
    np.testing.assert_allclose(served[..., 3] % 10, 0, atol=1e-3)
    assert (served[..., 4:7].sum(-1) == 1).all() and len(np.unique(served[..., 4:7].argmax(-1))) > 1  # one wind a step
    np.testing.assert_array_equal(served[..., 7], served[..., 0])
    stepped = np.load(tmp_path / "stepped.npy")
    np.testing.assert_array_equal(stepped[..., 7], stepped[..., 0])
    assert scaler.orders == [[8, 0]]
    for kept in (served, stepped):
        assert (kept[..., 8] >= kept[..., 0]).all()
    raw = (np.asarray(gan.generator([noise, *zeros])[0]) - scaler.offset) / scaler.scale
    assert (raw[..., 8] < raw[..., 0]).mean() > 0.1  # as the generator makes them, often not
    assert not [name for name in os.listdir(tmp_path) if name.startswith((".tmp-", ".old-"))]


def test_saved_model_generates_in_batches_of_sequences_with_the_same_values(tmp_path, monkeypatch):
    # Before: the served `generate` drew noise for every sequence at once, a (num_sequences,
    # 256, latent_dim) block per 256 steps, so a request's memory grew with num_sequences.
    import tensorflow as tf
    import tfgan_rnn.gan

    monkeypatch.setattr(tfgan_rnn.gan, "_GENERATION_NOISE_VALUES", 1)  # batches of 64 sequences
    generator = tfgan_rnn.LSTMGenerator(3, 2, units=4, num_layers=1, condition_dim=2)
    gan = tfgan_rnn.RecurrentGAN(generator, tfgan_rnn.ConvDiscriminator(2, condition_dim=2), seed=0,
                                 warmup_steps=3, static_noise_dim=1)
    tfgan_rnn.export_saved_model(gan, tmp_path / "served")
    served = tf.saved_model.load(str(tmp_path / "served"))
    condition = np.eye(2, dtype="float32")[np.arange(150) % 2]
    generated = served.generate(num_sequences=150, length=20, seed=tf.constant(7, tf.int64), condition=condition)
    expected, _ = gan.generate(150, 20, seed=7, condition=condition)
    np.testing.assert_allclose(generated["sequences"].numpy(), expected, atol=1e-5)
    graph = served.signatures["generate"].graph.as_graph_def()
    ops = {node.op for node in graph.node} | {node.op for f in graph.library.function for node in f.node_def}
    assert "TensorListConcatV2" in ops  # the batches' sequences joined after the loop over batches
