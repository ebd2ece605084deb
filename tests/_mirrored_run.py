"""Run by tests/test_distribute.py in a fresh process: two logical CPUs need a fresh runtime.

Trains the same tiny GAN on one device and under MirroredStrategy over two logical CPU
devices, same seed and global batch, and prints both histories and final weights as JSON.
"""

import json
import logging
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tfgan_rnn  # noqa: E402  (quiet TensorFlow import)
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

from conftest import FEATURES, LATENT_DIM, UNITS, tiny_gan  # noqa: E402

SETTINGS = {
    "adam": dict(),
    # SGD is not scale-invariant as Adam is: a gradient summed instead of averaged
    # over replicas would show.
    "sgd_penalty_clip": dict(
        generator_optimizer="sgd", discriminator_optimizer="sgd", loss="wasserstein",
        gradient_penalty_weight=10.0, gradient_clip_norm=0.05,
    ),
    # The recipe's moment matching (relative) and feature matching: the global batch's moments.
    "moment_and_feature_matching": dict(
        generator_optimizer="sgd", discriminator_optimizer="sgd", moment_matching_weight=1.0,
        moment_matching_scale="relative", feature_matching_weight=1.0,
    ),
    # Windows of 12 steps trained in chunks of 5 (the last one shorter), the state carried
    # between chunks. (Not moment matching: inside the loop over chunks each replica takes its
    # own slice's moments, as documented.)
    "chunked": dict(generator_optimizer="sgd", discriminator_optimizer="sgd"),
    # Whole sequences of different lengths, padded and masked, a penalty through the mask.
    "whole_sequences": dict(loss="wasserstein", gradient_penalty_weight=10.0),
    # The same with one logit per step: the losses are means over the global batch's valid
    # steps, which the unshuffled batches below split unevenly between the replicas; moments
    # per step and features over the valid steps alike.
    "whole_sequences_per_step_logits": dict(
        loss="non_saturating", moment_matching_weight=1.0, moment_matching_per_step=True,
        feature_matching_weight=0.5,
    ),
}


def run(strategy, settings, name):
    real = tfgan_rnn.datasets.sines(num_sequences=64, length=12, num_features=2, seed=1)
    if name.startswith("whole_sequences"):
        real = [sequence[: 4 + index % 9] for index, sequence in enumerate(real)]  # 4 to 12 steps
    with strategy.scope():
        if name.startswith("chunked"):
            keras.utils.set_random_seed(0)
            generator = tfgan_rnn.LSTMGenerator(LATENT_DIM, FEATURES, units=UNITS, num_layers=2)
            discriminator = tfgan_rnn.LSTMDiscriminator(FEATURES, units=UNITS, num_layers=1, return_state=True)
            gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0, chunk_length=5)
        else:
            gan = tiny_gan(per_step_logits=name.endswith("per_step_logits"))
        gan.compile(**settings)
    history = gan.fit(real, batch_size=32, epochs=2, verbose=0, shuffle=False)
    return {
        "history": history.history,
        "replicas": strategy.num_replicas_in_sync,
        "generator_weights": [w.tolist() for w in gan.generator.get_weights()],
        "discriminator_weights": [w.tolist() for w in gan.discriminator.get_weights()],
    }


# One strategy for every run, as the README advises: each new MirroredStrategy in a process
# numbers its collectives from the same keys, and TensorFlow then aborts on the first one whose
# shape differs from the earlier strategy's ("Shape mismatch in the collective instance 100",
# tensorflow/tensorflow#62790).
mirrored = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
results = {}
for name, settings in SETTINGS.items():
    results[name] = {
        "one_device": run(tf.distribute.get_strategy(), settings, name),
        "mirrored": run(mirrored, settings, name),
    }
# Chunked training with moment matching keeps each replica's moments, and says so.
with mirrored.scope():
    keras.utils.set_random_seed(0)
    gan = tfgan_rnn.RecurrentGAN(
        tfgan_rnn.LSTMGenerator(LATENT_DIM, FEATURES, units=UNITS, num_layers=1),
        tfgan_rnn.LSTMDiscriminator(FEATURES, units=UNITS, num_layers=1, return_state=True), seed=0, chunk_length=5)
    gan.compile(moment_matching_weight=1.0)
notices = []
handler = logging.Handler()
handler.emit = lambda record: notices.append(record.getMessage())
logging.getLogger("tfgan_rnn").addHandler(handler)
gan.fit(tfgan_rnn.datasets.sines(num_sequences=32, length=12, num_features=2, seed=1), batch_size=32, verbose=0)
results["chunked_moment_matching_notices"] = notices

# Keras 3 cannot run several steps per execution on several replicas: refused before any step.
with mirrored.scope():
    gan = tiny_gan()
    gan.compile(steps_per_execution=2)
try:
    gan.fit(tfgan_rnn.datasets.sines(num_sequences=64, length=12, num_features=2, seed=1), batch_size=32, verbose=0)
except ValueError as error:
    results["steps_per_execution_refused"] = str(error)
print("RESULT " + json.dumps(results))
