"""The SavedModel loads with plain TensorFlow in a fresh process that never imports
tfgan_rnn, and its outputs equal the Keras model's."""

import json
import os
import subprocess
import sys

import numpy as np

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
print(json.dumps({"signatures": sorted(served.signatures), "tfgan_rnn_imported": "tfgan_rnn" in sys.modules}))
"""


def test_saved_model_in_a_fresh_process_equals_the_keras_model(tmp_path):
    values = np.random.default_rng(0).normal(100, 20, size=(500, 3)).astype("float32")
    values[:, 2] = 42.0  # a constant feature is served as its constant, as `generate` gives it
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(4, 3, units=6, num_layers=2),
                                 tfgan_rnn.ConvDiscriminator(3), seed=0, warmup_steps=5, static_noise_dim=1,
                                 scaler=Scaler(feature_names=["a", "b", "c"]).fit(values))
    path = tmp_path / "served"
    tfgan_rnn.export_saved_model(gan, path)
    tfgan_rnn.export_saved_model(gan, path)  # replacing an existing export works
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
    assert info == {"signatures": ["generate", "serving_default", "step"], "tfgan_rnn_imported": False}

    expected, _ = gan.generate(3, 300, seed=7)
    np.testing.assert_allclose(np.load(tmp_path / "generated.npy"), expected, rtol=1e-4, atol=1e-3)
    zeros = tfgan_rnn.state.flatten_state(tfgan_rnn.state.zero_state(3, gan.state_sizes))
    direct = gan.scaler.inverse_transform(np.asarray(gan.generator([noise, *zeros])[0]))
    np.testing.assert_allclose(np.load(tmp_path / "stepped.npy"), direct, rtol=1e-4, atol=1e-3)
    assert (np.load(tmp_path / "generated.npy")[..., 2] == 42.0).all() and (expected[..., 2] == 42.0).all()
    assert not [name for name in os.listdir(tmp_path) if name.startswith((".tmp-", ".old-"))]
