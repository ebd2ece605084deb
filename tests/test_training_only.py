"""Training needs none of the libraries that only the CLI, the CSV readers and the metrics use.

`make venv-train` (requirements-train.txt) installs neither pandas, matplotlib, scikit-learn
nor scipy; this test runs training, saving, loading and generation in a fresh process in
which importing any of them fails, as it would there.
"""

import subprocess
import sys
import textwrap


def _without(absent, body):
    """A script that runs `body` in a process where importing any of `absent` fails."""
    return textwrap.dedent(
        f"""
        import importlib.abc, sys

        ABSENT = set({sorted(absent)!r})

        class Absent(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ABSENT:
                    raise ModuleNotFoundError(f"No module named {{name!r}} (absent in this test)")
                return None

        sys.meta_path.insert(0, Absent())
        """
    ) + textwrap.dedent(body)


SCRIPT = _without(
    ["pandas", "matplotlib", "sklearn", "scipy"],
    """
    import os
    import keras, numpy as np, tfgan_rnn

    keras.utils.set_random_seed(0)
    gan = tfgan_rnn.RecurrentGAN(
        tfgan_rnn.LSTMGenerator(latent_dim=2, output_dim=3, units=8, num_layers=2),
        tfgan_rnn.LSTMDiscriminator(input_dim=3, units=8, num_layers=1), seed=0)
    gan.compile(loss="wasserstein", gradient_penalty_weight=1.0)
    logdir, path = sys.argv[1], os.path.join(sys.argv[1], "gan.keras")
    history = gan.fit(tfgan_rnn.datasets.sines(32, 12, 3), batch_size=16, epochs=2, verbose=0,
                      callbacks=[keras.callbacks.TensorBoard(logdir)])
    gan.save(path)
    sequences, _ = keras.saving.load_model(path).generate(num_sequences=2, length=30, seed=1)
    assert sequences.shape == (2, 30, 3) and np.isfinite(sequences).all()
    assert np.isfinite(history.history["generator_loss"]).all()
    print("loaded:", sorted({m.split(".")[0] for m in sys.modules} & ABSENT))
    """
)


def test_train_save_load_and_generate_without_pandas_matplotlib_sklearn_scipy(tmp_path):
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "loaded: []" in result.stdout
    assert list(tmp_path.glob("train/events.out.tfevents.*"))


CLI_SCRIPT = _without(
    ["pandas", "sklearn"],
    """
    from tfgan_rnn import cli

    sys.exit(cli.main(["train", "--data", "sines", "--out", sys.argv[1], "--epochs", "1"]))
    """
)


def test_the_cli_names_the_missing_libraries_in_one_line_before_any_work(tmp_path):
    out = tmp_path / "model"
    result = subprocess.run([sys.executable, "-c", CLI_SCRIPT, str(out)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("tfgan-rnn")]
    assert lines == [
        "tfgan-rnn train: error: this environment lacks pandas, scikit-learn, which the command needs "
        "(a training-only environment from requirements-train.txt has none of them); install "
        "requirements.txt: pip install -r requirements.txt"
    ]
    assert "Traceback" not in result.stderr
    assert not out.exists()
