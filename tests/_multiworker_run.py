"""Run by tests/test_distribute.py, once per worker of a MultiWorkerMirroredStrategy (TF_CONFIG
set) and once on one device (no TF_CONFIG): a conditional GAN with a logit per step trains on
sines of different lengths, so each batch is a dict of sequences, conditions and lengths whose
valid steps fall unevenly between the workers. Prints the history and final weights as JSON.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tfgan_rnn  # noqa: E402  (quiet TensorFlow import)
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

multi_worker = "TF_CONFIG" in os.environ
strategy = tf.distribute.MultiWorkerMirroredStrategy() if multi_worker else tf.distribute.get_strategy()
real = tfgan_rnn.datasets.sines(num_sequences=64, length=12, num_features=2, seed=1)
real = [sequence[: 4 + index % 9] for index, sequence in enumerate(real)]  # 4 to 12 steps
conditions = np.eye(2, dtype="float32")[np.arange(64) % 2]
with strategy.scope():
    keras.utils.set_random_seed(0)
    generator = tfgan_rnn.LSTMGenerator(3, 2, units=8, num_layers=1, condition_dim=2)
    discriminator = tfgan_rnn.LSTMDiscriminator(2, units=8, num_layers=1, condition_dim=2, per_step_logits=True)
    gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0)
    gan.compile(generator_optimizer="sgd", discriminator_optimizer="sgd")
history = gan.fit(real, conditions, batch_size=32, epochs=2, verbose=0, shuffle=False)
print("RESULT " + json.dumps({
    "replicas": strategy.num_replicas_in_sync,
    "history": history.history,
    "generator_weights": [w.tolist() for w in gan.generator.get_weights()],
    "discriminator_weights": [w.tolist() for w in gan.discriminator.get_weights()],
}))
sys.stdout.flush()
