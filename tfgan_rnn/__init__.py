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

import keras

if keras.backend.backend() != "tensorflow":
    raise ImportError(
        "tfgan_rnn runs on Keras' TensorFlow backend (it uses tf.GradientTape, "
        "tf.function and tf.distribute). Set the environment variable "
        "KERAS_BACKEND=tensorflow before importing keras. "
        f"Received: keras backend {keras.backend.backend()!r}"
    )

from tfgan_rnn import data, datasets, losses, state  # noqa: E402
from tfgan_rnn.discriminators import ConvDiscriminator, LSTMDiscriminator  # noqa: E402
from tfgan_rnn.gan import GradientCheckError, RecurrentGAN  # noqa: E402
from tfgan_rnn.generators import LSTMGenerator  # noqa: E402
from tfgan_rnn.state import GeneratorState, LSTMState  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "ConvDiscriminator",
    "GeneratorState",
    "GradientCheckError",
    "LSTMDiscriminator",
    "LSTMGenerator",
    "LSTMState",
    "RecurrentGAN",
    "data",
    "datasets",
    "losses",
    "state",
    "__version__",
]
