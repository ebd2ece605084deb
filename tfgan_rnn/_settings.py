"""The default recipe's settings and the loss families' names, without TensorFlow.

`tfgan_rnn.recipe.DEFAULTS` and `tfgan_rnn.losses.FAMILIES` are what users read; this module
holds their plain values so that `tfgan-rnn --help` and the CLI's usage errors need not
import TensorFlow (seconds) before answering.
"""

# The convolutional branch's channels when `discriminator_conv_filters` is None and the
# windows are not chunked (README, "The default recipe").
CONV_FILTERS = 256

DEFAULTS = {
    "units": 48,
    "num_layers": 2,
    "noise_skip": True,  # each step's noise also straight to the output (README, "The default recipe")
    "latent_dim": None,  # None: as many noise features as data features (at least 4)
    # Noise features drawn once per sequence and held at every step, beside the per-step
    # ones; None: as many as the per-step noise features (README, "The default recipe").
    "static_noise_dim": None,
    "discriminator_units": None,  # None: twice `units` (README, "The default recipe")
    "discriminator_layers": 1,
    # Channels of a convolutional branch beside the discriminator's LSTM; None: CONV_FILTERS, or 0
    # with chunk_length (README, "The default recipe").
    "discriminator_conv_filters": None,
    # Groups of this many sequences whose spread the discriminator reads (MinibatchDeviation); 0: none.
    "discriminator_minibatch_group_size": 0,
    "discriminator_differences": False,  # feed the discriminator first differences too
    "discriminator_per_step_logits": None,  # one judgement per step; None: only with chunk_length
    "warmup_steps": 0,
    "moment_matching_weight": 1.0,  # the single biggest gain measured (README, "The default recipe")
    "moment_matching_scale": "relative",  # in units of the real spread (README, "The default recipe")
    # Moments at each step over the batch, not pooled over time, for whole sequences aligned at their
    # start; off, as no gain was measured on GunPoint (benchmarks/README.md, "Few long sequences").
    "moment_matching_per_step": False,
    # Gaussian noise of this standard deviation on what the discriminator reads in training,
    # in scaled units (instance noise); 0: none (benchmarks/README.md, "Instance noise").
    "discriminator_noise": 0.0,
    "loss": "non_saturating",
    "generator_learning_rate": 1e-3,
    # The generator's weights averaged over steps (Adam's use_ema); None turns it off
    # (README, "The default recipe"; benchmarks/generator_average.py).
    "generator_ema_momentum": 0.995,
    "discriminator_learning_rate": 1e-3,
    "discriminator_steps": 1,
    "gradient_penalty_weight": 0.0,
    "chunk_length": None,  # train long windows in chunks of this many steps, state carried
    "batch_size": 128,
}

# Data of fewer windows than this trains in batches of SMALL_DATA_BATCH_SIZE instead of
# DEFAULTS["batch_size"] (`recipe.batch_size_for`; benchmarks/README.md, "Batches on small files").
SMALL_DATA_WINDOWS = 500
SMALL_DATA_BATCH_SIZE = 32


def batch_size_for(num_windows: int) -> int:
    """The recipe's batch size for data of `num_windows` windows: `DEFAULTS["batch_size"]`
    (128), or `SMALL_DATA_BATCH_SIZE` (32) for fewer than `SMALL_DATA_WINDOWS` (500). On a
    few hundred windows a batch of 128 holds most of the data at every step; with batches of
    32, 4 minutes of training took 2.3-3.2x the steps and scored lower on five of six runs
    over three small files of several features (benchmarks/README.md, "Batches on small
    files"). `tfgan-rnn train` uses it for windows cut from series unless given --batch-size
    (sequences trained whole keep 128, not measured with 32). Read it as `recipe.batch_size_for`.

    Example:

    >>> from tfgan_rnn import recipe
    >>> recipe.batch_size_for(180), recipe.batch_size_for(3662)
    (32, 128)
    """
    return SMALL_DATA_BATCH_SIZE if num_windows < SMALL_DATA_WINDOWS else DEFAULTS["batch_size"]


# The names of `tfgan_rnn.losses.FAMILIES`, in its order (checked where that is built).
LOSS_FAMILIES = ("non_saturating", "minimax", "wasserstein", "hinge", "least_squares")
