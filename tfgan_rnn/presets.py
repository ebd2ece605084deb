"""Published recurrent GANs, ready to `fit`: `TimeGAN`, `RCGAN` and `CRNNGAN`.

`RCGAN` and `CRNNGAN` return a compiled `RecurrentGAN` built with the paper's
architecture and training settings; `TimeGAN` is its own `keras.Model` with the
paper's five networks and three training phases. All three save and load with
`keras.saving` like any Keras model and generate sequences with `generate`.

Example:

>>> import numpy as np, keras
>>> from tfgan_rnn import presets
>>> keras.utils.set_random_seed(0)
>>> gan = presets.RCGAN(num_features=2, units=8, seed=0)
>>> history = gan.fit(np.random.rand(32, 10, 2), batch_size=16, epochs=1, verbose=0)
>>> gan.generate(3, 10, seed=0)[0].shape
(3, 10, 2)
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from tfgan_rnn import data as data_lib
from tfgan_rnn._checks import non_negative_float, non_negative_int, positive_int
from tfgan_rnn.discriminators import LSTMDiscriminator
from tfgan_rnn.gan import RecurrentGAN
from tfgan_rnn.generators import LSTMGenerator
from tfgan_rnn.scaling import Scaler


def RCGAN(num_features: int, condition_dim: int = 0, latent_dim: int = 5, units: int = 100,
          seed: int | None = None, scaler=None, compile: bool = True) -> RecurrentGAN:
    """The recurrent conditional GAN of Esteban, Hyland and Rätsch (2017).

    One LSTM layer in each network (100 units in the paper); the condition, when given,
    is concatenated to the generator's noise and to the discriminator's input at every
    step; the discriminator judges every step (per-step logits, cross-entropy averaged
    over steps); the discriminator takes 5 plain gradient-descent steps (learning rate
    0.1) per Adam step of the generator, as in the authors' released settings.

    Args:
        num_features: features per step of the data.
        condition_dim: size of the condition (0: unconditional, an RGAN).
        latent_dim: noise size per step.
        units: LSTM units of each network.
        seed: seed of the training noise.
        scaler: an optional fitted `tfgan_rnn.scaling.Scaler` (saved with the model).
        compile: compile with the paper's optimizers and loss (else compile yourself).

    Returns:
        A `RecurrentGAN` named "rcgan"; `fit(sequences, conditions)` for a conditional one.

    Example (a conditional RCGAN, smaller than the paper's):

    >>> import numpy as np
    >>> from tfgan_rnn import presets
    >>> gan = presets.RCGAN(num_features=1, condition_dim=2, units=8, seed=0)
    >>> gan.name, gan.discriminator_steps, type(gan.discriminator_optimizer).__name__
    ('rcgan', 5, 'SGD')
    >>> sequences = np.random.default_rng(0).random((16, 12, 1))
    >>> labels = np.eye(2)[np.arange(16) % 2]
    >>> history = gan.fit(sequences, labels, batch_size=8, verbose=0)
    >>> gan.generate(3, 12, seed=1, condition=[0.0, 1.0])[0].shape
    (3, 12, 1)
    """
    generator = LSTMGenerator(latent_dim, num_features, units=units, num_layers=1, condition_dim=condition_dim)
    discriminator = LSTMDiscriminator(num_features, units=units, num_layers=1, per_step_logits=True,
                                      condition_dim=condition_dim)
    gan = RecurrentGAN(generator, discriminator, seed=seed, scaler=scaler, name="rcgan")
    if compile:
        gan.compile(
            generator_optimizer=keras.optimizers.Adam(),
            discriminator_optimizer=keras.optimizers.SGD(0.1),
            loss="non_saturating",
            discriminator_steps=5,
        )
    return gan


def CRNNGAN(num_features: int, latent_dim: int | None = None, units: int = 350, num_layers: int = 2,
            feature_matching: bool = True, seed: int | None = None, scaler=None,
            compile: bool = True) -> RecurrentGAN:
    """C-RNN-GAN, the continuous recurrent GAN of Mogren (2016).

    Two LSTM layers of 350 units in the generator and a bidirectional two-layer LSTM
    discriminator that judges every step; gradient descent (learning rate 0.1) with
    gradients clipped to norm 5 for both networks; feature matching on the
    discriminator's last hidden layer (the paper's best variant) added to the
    generator's loss. Differences from the paper: the generator reads noise only (the
    paper also feeds back its previous output), and feature matching is added to the
    adversarial loss rather than replacing it.

    Args:
        num_features: features per step of the data.
        latent_dim: noise size per step (default: `num_features`).
        units: LSTM units per layer (and direction) of each network.
        num_layers: LSTM layers of each network.
        feature_matching: add feature matching (weight 1) to the generator's loss.
        seed: seed of the training noise.
        scaler: an optional fitted `tfgan_rnn.scaling.Scaler`.
        compile: compile with the paper's optimizers (else compile yourself).

    Returns:
        A `RecurrentGAN` named "crnngan".

    Example:

    >>> from tfgan_rnn import presets
    >>> gan = presets.CRNNGAN(num_features=2, units=8, seed=0)
    >>> gan.name, gan.discriminator.output_shape  # a logit for every step
    ('crnngan', (None, None, 1))
    >>> gan.generate(3, 20, seed=0)[0].shape
    (3, 20, 2)
    """
    generator = LSTMGenerator(latent_dim or num_features, num_features, units=units, num_layers=num_layers)
    discriminator = LSTMDiscriminator(num_features, units=units, num_layers=num_layers, bidirectional=True,
                                      per_step_logits=True)
    gan = RecurrentGAN(generator, discriminator, seed=seed, scaler=scaler, name="crnngan")
    if compile:
        gan.compile(
            generator_optimizer=keras.optimizers.SGD(0.1),
            discriminator_optimizer=keras.optimizers.SGD(0.1),
            loss="non_saturating",
            gradient_clip_norm=5.0,
            feature_matching_weight=1.0 if feature_matching else 0.0,
        )
    return gan


def _gru_network(input_dim, units, num_layers, output_dim, activation, name):
    """GRUs over a sequence, then a per-step dense output (TimeGAN's building block)."""
    inputs = keras.Input(shape=(None, input_dim), name=f"{name}_input")
    x = inputs
    for i in range(num_layers):
        x = keras.layers.GRU(units, return_sequences=True, name=f"{name}_gru_{i}")(x)
    outputs = keras.layers.Dense(output_dim, activation=activation, dtype="float32", name=f"{name}_output")(x)
    return keras.Model(inputs, outputs, name=name)


def _binary_cross_entropy(target, logits):
    labels = ops.full_like(logits, target)
    return ops.mean(ops.binary_crossentropy(labels, logits, from_logits=True))


_OPTIMIZER_ROLES = ("autoencoder", "supervisor", "generator", "embedding", "discriminator")
_TIMEGAN_METRICS = ("reconstruction_loss", "supervised_loss", "generator_loss", "moment_loss",
                    "discriminator_loss", "phase")


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class TimeGAN(keras.Model):
    """TimeGAN (Yoon, Jarrett and van der Schaar, NeurIPS 2019), trained with `fit`.

    Five GRU networks as in the paper's code: an embedder and a recovery network (an
    autoencoder into a latent sequence space of `hidden_dim` features), a generator
    (noise -> latent sequence), a supervisor (latent step t -> step t + 1) and a
    discriminator on latent sequences with one logit per step. `fit` runs the three
    training phases in order, counted in train steps (saved with the model, so a
    later `fit` continues where the last one stopped), and logs `phase` (0, 1, 2):

    0. autoencoder, `embedding_steps` steps: reconstruction loss `10 * sqrt(MSE)` on
       the embedder and the recovery;
    1. supervised, `supervised_steps` steps: the supervisor learns to predict the next
       latent step of real data. The paper's code lists the generator's variables too,
       but this loss does not depend on them (their gradients are None there): here
       only the supervisor is updated, by design;
    2. joint, every later step: two generator updates (adversarial losses on the
       supervised and the unsupervised latent sequence, weight `gamma` on the latter,
       `100 * sqrt(supervised loss)`, `100 * moment loss`), each followed by an
       embedding update (`reconstruction + 0.1 * supervised`), then one discriminator
       update, applied only while its loss is above 0.15.

    Noise is uniform in [0, 1) with one value per data feature and step, as in the
    paper's code. Data should be scaled to [0, 1] (the recovery ends in a sigmoid).

    Args:
        num_features: features per step of the data.
        hidden_dim: size of every GRU layer and of the latent space (the paper's
            benchmark: 24).
        num_layers: GRU layers per network (the supervisor has one fewer, at least 1).
        gamma: weight of the unsupervised adversarial terms.
        embedding_steps, supervised_steps: length of the first two phases.
        seed: seed of the training noise.
        scaler: an optional fitted `tfgan_rnn.scaling.Scaler` (`generate` then
            returns original units).
        **kwargs: passed to `keras.Model`.

    Example:

    >>> import numpy as np, keras
    >>> from tfgan_rnn.presets import TimeGAN
    >>> keras.utils.set_random_seed(0)
    >>> model = TimeGAN(num_features=2, hidden_dim=4, num_layers=1, embedding_steps=2,
    ...                 supervised_steps=2, seed=0)
    >>> model.compile()
    >>> history = model.fit(np.random.rand(16, 8, 2), batch_size=8, epochs=3, verbose=0)
    >>> history.history["phase"]
    [0.0, 1.0, 2.0]
    >>> model.generate(3, 8, seed=0).shape
    (3, 8, 2)
    """

    def __init__(self, num_features: int, hidden_dim: int = 24, num_layers: int = 3, gamma: float = 1.0,
                 embedding_steps: int = 2000, supervised_steps: int = 2000, seed=None, scaler=None,
                 **kwargs):
        kwargs.setdefault("name", "timegan")
        super().__init__(**kwargs)
        num_features = positive_int(num_features, "num_features")
        hidden_dim = positive_int(hidden_dim, "hidden_dim")
        num_layers = positive_int(num_layers, "num_layers")
        embedding_steps = non_negative_int(embedding_steps, "embedding_steps")
        supervised_steps = non_negative_int(supervised_steps, "supervised_steps")
        self.gamma = non_negative_float(gamma, "gamma")
        if scaler is not None and (not isinstance(scaler, Scaler) or scaler.num_features != num_features):
            raise ValueError(
                f"Expected a fitted tfgan_rnn.scaling.Scaler for {num_features} features. "
                f"Received: scaler={scaler!r}"
            )
        self.num_features, self.hidden_dim, self.num_layers = num_features, hidden_dim, num_layers
        self.embedding_steps, self.supervised_steps = embedding_steps, supervised_steps
        self.seed, self.scaler = seed, scaler
        self.output_dim = num_features
        self.embedder = _gru_network(num_features, hidden_dim, num_layers, hidden_dim, "sigmoid", "embedder")
        self.recovery = _gru_network(hidden_dim, hidden_dim, num_layers, num_features, "sigmoid", "recovery")
        self.generator = _gru_network(num_features, hidden_dim, num_layers, hidden_dim, "sigmoid", "generator")
        self.supervisor = _gru_network(hidden_dim, hidden_dim, max(1, num_layers - 1), hidden_dim, "sigmoid",
                                       "supervisor")
        self.discriminator = _gru_network(hidden_dim, hidden_dim, num_layers, 1, None, "discriminator")
        self.seed_generator = keras.random.SeedGenerator(seed, name="noise_seed")
        self.steps_done = self.add_weight(shape=(), dtype="int64", initializer="zeros", trainable=False,
                                          name="steps_done")
        self._trackers = {name: keras.metrics.Mean(name=name) for name in _TIMEGAN_METRICS}

    # ------------------------------------------------------------------ config

    def get_config(self):
        return {
            "name": self.name, "trainable": self.trainable, "num_features": self.num_features,
            "hidden_dim": self.hidden_dim, "num_layers": self.num_layers, "gamma": self.gamma,
            "embedding_steps": self.embedding_steps, "supervised_steps": self.supervised_steps,
            "seed": self.seed,
            "scaler": None if self.scaler is None else keras.saving.serialize_keras_object(self.scaler),
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if config.get("scaler") is not None:
            config["scaler"] = keras.saving.deserialize_keras_object(config["scaler"])
        return cls(**config)

    def compile(self, optimizer="adam", **kwargs):
        """One optimizer per update (the paper's code has five Adam instances): copies of
        `optimizer` for the autoencoder, supervisor, generator, embedding and
        discriminator updates. Other arguments go to `keras.Model.compile`."""
        template = keras.optimizers.get(optimizer)
        super().compile(optimizer=None, **kwargs)
        self.optimizer_config = keras.saving.serialize_keras_object(template)
        variables = {
            "autoencoder": self.embedder.trainable_variables + self.recovery.trainable_variables,
            "supervisor": self.supervisor.trainable_variables,
            "generator": self.generator.trainable_variables + self.supervisor.trainable_variables,
            "embedding": self.embedder.trainable_variables + self.recovery.trainable_variables,
            "discriminator": self.discriminator.trainable_variables,
        }
        for role in _OPTIMIZER_ROLES:
            copy = keras.saving.deserialize_keras_object(self.optimizer_config)
            copy.build(variables[role])
            setattr(self, f"{role}_optimizer", copy)

    def get_compile_config(self):
        return {"optimizer": self.optimizer_config} if self.compiled else None

    def compile_from_config(self, config):
        self.compile(optimizer=keras.saving.deserialize_keras_object(config["optimizer"]))

    # ------------------------------------------------------------------ training

    @property
    def metrics(self):
        return list(self._trackers.values())

    def call(self, noise, training=False):
        """Noise `(batch, time, num_features)` -> sequences in the scaled data space."""
        latent = self.supervisor(self.generator(noise, training=training), training=training)
        return self.recovery(latent, training=training)

    def _noise(self, batch_size, length):
        return keras.random.uniform((batch_size, length, self.num_features), seed=self.seed_generator)

    def _supervised_loss(self, latent):
        predicted = self.supervisor(latent, training=True)
        return ops.mean(ops.square(latent[:, 1:] - predicted[:, :-1]))

    def _update(self, role, loss_fn, variables):
        with tf.GradientTape() as tape:
            loss, parts = loss_fn()
        gradients = tape.gradient(loss, variables)
        missing = [v.path for v, g in zip(variables, gradients) if g is None]
        if missing:
            raise ValueError(f"TimeGAN {role} update: no gradient for {', '.join(missing)}")
        getattr(self, f"{role}_optimizer").apply(gradients, variables)
        return parts

    def _reconstruction(self, real):
        reconstructed = self.recovery(self.embedder(real, training=True), training=True)
        return 10.0 * ops.sqrt(ops.mean(ops.square(real - reconstructed)))

    def _autoencoder_phase(self, real):
        variables = self.embedder.trainable_variables + self.recovery.trainable_variables

        def loss_fn():
            loss = self._reconstruction(real)
            return loss, {"reconstruction_loss": loss}

        return self._update("autoencoder", loss_fn, variables)

    def _supervised_phase(self, real):
        # Only the supervisor: this loss does not depend on the generator's variables.
        def loss_fn():
            loss = self._supervised_loss(self.embedder(real, training=True))
            return loss, {"supervised_loss": loss}

        return self._update("supervisor", loss_fn, self.supervisor.trainable_variables)

    def _joint_phase(self, real):
        batch_size, length = ops.shape(real)[0], ops.shape(real)[1]
        parts = {}
        for _ in range(2):
            noise = self._noise(batch_size, length)

            def generator_loss():
                latent_fake = self.generator(noise, training=True)
                supervised_fake = self.supervisor(latent_fake, training=True)
                fake = self.recovery(supervised_fake, training=True)
                adversarial = _binary_cross_entropy(1.0, self.discriminator(supervised_fake, training=True))
                adversarial_e = _binary_cross_entropy(1.0, self.discriminator(latent_fake, training=True))
                supervised = self._supervised_loss(self.embedder(real, training=True))
                mean_fake, variance_fake = ops.moments(fake, axes=[0])
                mean_real, variance_real = ops.moments(real, axes=[0])
                moments = ops.mean(ops.abs(ops.sqrt(variance_fake + 1e-6) - ops.sqrt(variance_real + 1e-6))) + ops.mean(
                    ops.abs(mean_fake - mean_real)
                )
                loss = adversarial + self.gamma * adversarial_e + 100.0 * ops.sqrt(supervised) + 100.0 * moments
                return loss, {"generator_loss": adversarial, "moment_loss": moments, "supervised_loss": supervised}

            parts.update(self._update(
                "generator", generator_loss,
                self.generator.trainable_variables + self.supervisor.trainable_variables,
            ))

            def embedding_loss():
                reconstruction = self._reconstruction(real)
                supervised = self._supervised_loss(self.embedder(real, training=True))
                return reconstruction + 0.1 * supervised, {"reconstruction_loss": reconstruction}

            parts.update(self._update(
                "embedding", embedding_loss, self.embedder.trainable_variables + self.recovery.trainable_variables
            ))

        noise = self._noise(batch_size, length)
        variables = self.discriminator.trainable_variables
        with tf.GradientTape() as tape:
            latent_fake = self.generator(noise, training=True)
            supervised_fake = self.supervisor(latent_fake, training=True)
            real_logits = self.discriminator(self.embedder(real, training=True), training=True)
            loss = (
                _binary_cross_entropy(1.0, real_logits)
                + _binary_cross_entropy(0.0, self.discriminator(supervised_fake, training=True))
                + self.gamma * _binary_cross_entropy(0.0, self.discriminator(latent_fake, training=True))
            )
        gradients = tape.gradient(loss, variables)
        # As in the paper's code: the discriminator trains only while it is not winning.
        tf.cond(loss > 0.15, lambda: self.discriminator_optimizer.apply(gradients, variables) or tf.constant(True),
                lambda: tf.constant(False))
        parts["discriminator_loss"] = loss
        return parts

    def train_step(self, data):
        real = ops.cast(data[0] if isinstance(data, (tuple, list)) else data, "float32")
        step = self.steps_done
        zero = ops.convert_to_tensor(0.0)
        names = [name for name in _TIMEGAN_METRICS if name != "phase"]

        def run(phase_fn, phase):
            def branch():
                parts = phase_fn(real)
                return [ops.cast(parts.get(name, zero), "float32") for name in names] + [ops.convert_to_tensor(float(phase))]
            return branch

        values = tf.cond(
            step < self.embedding_steps,
            run(self._autoencoder_phase, 0),
            lambda: tf.cond(
                step < self.embedding_steps + self.supervised_steps,
                run(self._supervised_phase, 1),
                run(self._joint_phase, 2),
            ),
        )
        self.steps_done.assign_add(1)
        phase = values[-1]
        for name, value in zip(names, values[:-1]):
            # A loss is averaged over the steps of the phases that compute it.
            computed = {
                "reconstruction_loss": True,
                "supervised_loss": phase >= 1,
                "generator_loss": phase >= 2,
                "moment_loss": phase >= 2,
                "discriminator_loss": phase >= 2,
            }[name]
            if computed is True:
                self._trackers[name].update_state(value)
            else:
                self._trackers[name].update_state(value, sample_weight=ops.cast(computed, "float32"))
        self._trackers["phase"].update_state(phase)
        return {name: tracker.result() for name, tracker in self._trackers.items()}

    def fit(self, x=None, y=None, **kwargs):
        """Trains on sequences `(num_sequences, time, num_features)` scaled to [0, 1]
        (or a `tf.data.Dataset` of such batches); see `keras.Model.fit`."""
        if y is not None:
            raise ValueError(f"TimeGAN learns from sequences alone; leave `y` empty. Received: y of type {type(y).__name__}")
        if isinstance(x, tf.data.Dataset):
            data_lib.check_dataset(x, self.num_features)
        else:
            x = data_lib.check_sequences(x, self.num_features)
        return super().fit(x, **kwargs)

    # ------------------------------------------------------------------ generation

    def generate(self, num_sequences, length, seed=None, original_units=True):
        """Generates `(num_sequences, length, num_features)` float32 numpy sequences.

        Args:
            num_sequences: number of sequences.
            length: time steps (any length; the GRUs run over the whole noise).
            seed: noise seed (None: random).
            original_units: with a scaler, return original units.

        Example (the same seed gives the same sequences, at any length):

        >>> import numpy as np
        >>> from tfgan_rnn.presets import TimeGAN
        >>> model = TimeGAN(num_features=2, hidden_dim=4, num_layers=1)
        >>> a, b = model.generate(3, 30, seed=4), model.generate(3, 30, seed=4)
        >>> a.shape, bool(np.array_equal(a, b)), bool(((a >= 0) & (a <= 1)).all())
        ((3, 30, 2), True, True)
        """
        num_sequences = positive_int(num_sequences, "num_sequences")
        length = positive_int(length, "length")
        if seed is None:
            seed = int(np.random.default_rng().integers(2**31 - 1))
        noise = tf.random.stateless_uniform((num_sequences, length, self.num_features), seed=[int(seed), 0])
        sequences = ops.convert_to_numpy(self(noise, training=False)).astype("float32")
        if self.scaler is not None and original_units:
            sequences = self.scaler.keep_static(self.scaler.inverse_transform(sequences, generated=True))
        return sequences
