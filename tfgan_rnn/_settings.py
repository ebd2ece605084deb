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
    # Weight of losses.category_share_loss: the generated categories' shares of steps held to the
    # data's, only where columns of categories are generated as features (benchmarks/README.md,
    # "Categories' shares held to the data's": 5 against 0 and 1 on three files).
    "category_share_weight": 5.0,
    # Where columns of categories are generated as features, the generator draws each step's
    # categories first and computes its numbers given them (LSTMGenerator's category_blocks;
    # benchmarks/README.md, "Numbers given the drawn categories").
    "numbers_given_categories": True,
    "loss": "non_saturating",
    "generator_learning_rate": 1e-3,
    # The generator's weights averaged over steps (Adam's use_ema); None turns it off
    # (README, "The default recipe"; benchmarks/generator_average.py).
    "generator_ema_momentum": 0.995,
    "discriminator_learning_rate": 1e-3,
    "discriminator_steps": 1,
    "gradient_penalty_weight": 0.0,
    "chunk_length": None,  # train long windows in chunks of this many steps, state carried
    # Windows per step: in the same time, 32 scored lower than 128 in 10 of 16 runs on real files
    # and TimeGAN's three datasets, higher in 5 (benchmarks/README.md, "Batches").
    "batch_size": 32,
}

# Sequences trained whole (`tfgan-rnn train` on a .ts file or --sequence-per-row) keep batches
# of 128: on UCR's GunPoint 32 showed no gain (benchmarks/README.md, "Few long sequences").
WHOLE_SEQUENCES_BATCH_SIZE = 128


# The names of `tfgan_rnn.losses.FAMILIES`, in its order (checked where that is built).
LOSS_FAMILIES = ("non_saturating", "minimax", "wasserstein", "hinge", "least_squares")
