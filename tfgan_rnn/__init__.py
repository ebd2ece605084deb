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


_import_tensorflow_quietly()

import keras  # noqa: E402

if keras.backend.backend() != "tensorflow":
    raise ImportError(
        "tfgan_rnn runs on Keras' TensorFlow backend (it uses tf.GradientTape, "
        "tf.function and tf.distribute). Set the environment variable "
        "KERAS_BACKEND=tensorflow before importing keras. "
        f"Received: keras backend {keras.backend.backend()!r}"
    )

from tfgan_rnn import data, datasets, losses, memory, state  # noqa: E402
from tfgan_rnn.discriminators import ConvDiscriminator, LSTMDiscriminator  # noqa: E402
from tfgan_rnn.export import export_saved_model  # noqa: E402
from tfgan_rnn.gan import GradientCheckError, RecurrentGAN  # noqa: E402
from tfgan_rnn.generators import LSTMGenerator  # noqa: E402
from tfgan_rnn.state import GeneratorState, LSTMState  # noqa: E402
from tfgan_rnn import presets  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "ConvDiscriminator",
    "GeneratorState",
    "GradientCheckError",
    "LSTMDiscriminator",
    "LSTMGenerator",
    "LSTMState",
    "export_saved_model",
    "RecurrentGAN",
    "data",
    "datasets",
    "losses",
    "memory",
    "presets",
    "state",
    "__version__",
]
