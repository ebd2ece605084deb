"""tfgan_rnn: recurrent GANs for synthetic sequences, as Keras models.

Example:

>>> import tfgan_rnn
>>> generator = tfgan_rnn.LSTMGenerator(latent_dim=4, output_dim=2, units=8, num_layers=1)
>>> discriminator = tfgan_rnn.LSTMDiscriminator(input_dim=2, units=8, num_layers=1)
>>> gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0)
>>> gan.compile()
>>> gan.latent_dim, gan.output_dim, gan.state_sizes
(4, 2, [8])
"""

import os
import sys


def _import_tensorflow_quietly():
    """Imports TensorFlow without its C++ start-up notices (oneDNN, CUDA probing).

    TensorFlow 2.21 prints them through absl before TF_CPP_MIN_LOG_LEVEL is read, so
    stderr is muted at the file-descriptor level during the import and the first device
    query. Set TF_CPP_MIN_LOG_LEVEL=0 or 1 to see them.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if "tensorflow" in sys.modules or os.environ["TF_CPP_MIN_LOG_LEVEL"] not in ("2", "3"):
        return
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        import tensorflow

        tensorflow.config.list_physical_devices()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


_EXPORTS = {
    "ConvDiscriminator": "tfgan_rnn.discriminators",
    "LSTMDiscriminator": "tfgan_rnn.discriminators",
    "export_saved_model": "tfgan_rnn.export",
    "GradientCheckError": "tfgan_rnn.gan",
    "RecurrentGAN": "tfgan_rnn.gan",
    "LSTMGenerator": "tfgan_rnn.generators",
    "GeneratorState": "tfgan_rnn.state",
    "LSTMState": "tfgan_rnn.state",
}
_MODULES = ("data", "datasets", "losses", "memory", "state", "presets")


def _load() -> None:
    """Imports TensorFlow, Keras and every module of the public API, which registers its
    classes with Keras' serialization (so that `keras.saving.load_model` finds them).
    `import tfgan_rnn` runs it, except in the `tfgan-rnn` command's own process, which runs it
    once its arguments are read, so that `--help` and usage errors come without the seconds
    TensorFlow's import takes."""
    if "RecurrentGAN" in globals():
        return
    import importlib

    _import_tensorflow_quietly()
    import keras

    if keras.backend.backend() != "tensorflow":
        raise ImportError(
            "tfgan_rnn runs on Keras' TensorFlow backend (it uses tf.GradientTape, "
            "tf.function and tf.distribute). Set the environment variable "
            "KERAS_BACKEND=tensorflow before importing keras. "
            f"Received: keras backend {keras.backend.backend()!r}"
        )
    for module in _MODULES:
        importlib.import_module(f"tfgan_rnn.{module}")
    globals().update({name: getattr(importlib.import_module(module), name) for name, module in _EXPORTS.items()})


def __getattr__(name):  # the public API before `_load` has run (the command's process)
    if name in _EXPORTS or name in _MODULES:
        _load()
        return globals()[name]
    raise AttributeError(f"module 'tfgan_rnn' has no attribute {name!r}")


def _command_process() -> bool:
    """Whether this process is the `tfgan-rnn` command (or `python -m tfgan_rnn`)."""
    argv = getattr(sys, "argv", None) or [""]
    if os.path.basename(argv[0]) in ("tfgan-rnn", "tfgan-rnn.exe"):
        return True
    command = list(getattr(sys, "orig_argv", ()))  # python [options] -m tfgan_rnn ...
    return "-m" in command and command[command.index("-m") + 1:][:1] == ["tfgan_rnn"]


if not _command_process():
    _load()

__version__ = "0.1.0"

__all__ = [*_EXPORTS, *_MODULES, "__version__"]
