"""Shared fixtures: tiny models so that the whole suite stays fast on 2 CPU cores."""

import os

from hypothesis import settings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# TensorFlow turns its oneDNN CPU kernels on by default only on some CPUs (on the AMD EPYC of
# 2026-12-07 they were off): then the CPU allocator keeps no statistics, which
# tests/test_chunked.py reads, and the learning tests' float sums differ. The suite runs with them on everywhere.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
# One OpenMP thread per test process (scikit-learn's t-SNE and neighbour searches, OpenBLAS): the
# suite runs two processes on two cores, and OpenMP threads that spin while the other process
# holds a core make a report's t-SNE several times slower (benchmarks/README.md, "The test suite's
# time"). TensorFlow does not use OpenMP; its thread pools are as they were.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import tfgan_rnn  # noqa: E402  (first: it imports TensorFlow without its C++ start-up banner)

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

# The property tests draw the same examples on every run (the suite is deterministic) and
# keep no example database between runs.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.load_profile("deterministic")

LATENT_DIM, FEATURES, UNITS, LENGTH = 3, 2, 8, 12

# The slowest files first (a durations run of 2026-12-07, benchmarks/README.md, "The test suite's
# time"), the rest after them as collected: with `make test`'s `--no-loadscope-reorder`, the two
# test processes take files in this order, so that no slow file is left to run alone at the end.
SLOWEST_FILES = ["tests/test_cli.py", "tests/test_gan.py", "tests/test_callbacks.py", "tests/test_distribute.py",
                 "tests/test_notebooks.py", "tests/test_metrics.py", "tests/test_conditional.py",
                 "tests/test_presets.py", "tests/test_cli_conditions.py", "tfgan_rnn/presets.py"]


def pytest_collection_modifyitems(config, items):
    def rank(item):
        path = item.nodeid.split("::")[0]
        return SLOWEST_FILES.index(path) if path in SLOWEST_FILES else len(SLOWEST_FILES)

    items.sort(key=rank)  # stable: each file's tests keep their order


def tiny_gan(seed=0, discriminator="lstm", stacked="auto", per_step_logits=False, **generator_kwargs):
    keras.utils.set_random_seed(seed)
    generator = tfgan_rnn.LSTMGenerator(
        latent_dim=LATENT_DIM, output_dim=FEATURES, units=UNITS,
        num_layers=generator_kwargs.pop("num_layers", 2), stacked=stacked, **generator_kwargs
    )
    if discriminator == "lstm":
        discriminator = tfgan_rnn.LSTMDiscriminator(
            input_dim=FEATURES, units=UNITS, num_layers=1, stacked=stacked, per_step_logits=per_step_logits
        )
    elif discriminator == "conv":
        discriminator = tfgan_rnn.ConvDiscriminator(input_dim=FEATURES, filters=UNITS, num_layers=2)
    return tfgan_rnn.RecurrentGAN(generator, discriminator, seed=seed)


@pytest.fixture
def real_sequences():
    return tfgan_rnn.datasets.sines(num_sequences=64, length=LENGTH, num_features=FEATURES, seed=1)


@pytest.fixture(autouse=True)
def _float32_policy():
    keras.mixed_precision.set_global_policy("float32")
    yield
    keras.mixed_precision.set_global_policy("float32")
