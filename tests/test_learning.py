"""A learning test, not a running one: a short fit on sines moves generated data
clearly towards the real data."""

import keras
import numpy as np

import tfgan_rnn


def fidelity_error(synthetic, real):
    """Mean abs error of per-feature mean, std and autocorrelation at lags 1-3."""

    def autocorrelation(x, lag):
        centred = x - x.mean(axis=1, keepdims=True)
        return ((centred[:, lag:] * centred[:, :-lag]).sum(1) / ((centred**2).sum(1) + 1e-8)).mean(0)

    errors = [
        np.abs(synthetic.mean((0, 1)) - real.mean((0, 1))).mean(),
        np.abs(synthetic.std((0, 1)) - real.std((0, 1))).mean(),
    ]
    errors += [np.abs(autocorrelation(synthetic, k) - autocorrelation(real, k)).mean() for k in (1, 2, 3)]
    return float(np.sum(errors))


def test_short_fit_on_sines_moves_samples_towards_real_data():
    keras.utils.set_random_seed(0)
    real = tfgan_rnn.datasets.sines(num_sequences=2000, length=24, num_features=5, seed=0)
    gan = tfgan_rnn.RecurrentGAN(
        tfgan_rnn.LSTMGenerator(latent_dim=5, output_dim=5, units=24, num_layers=2),
        tfgan_rnn.LSTMDiscriminator(input_dim=5, units=24, num_layers=1),
        seed=0,
    )
    gan.compile(generator_optimizer=keras.optimizers.Adam(1e-3),
                discriminator_optimizer=keras.optimizers.Adam(1e-3))
    before = fidelity_error(gan.generate(1000, 24, seed=1)[0], real)
    gan.fit(real, batch_size=64, epochs=15, verbose=0)
    after = fidelity_error(gan.generate(1000, 24, seed=1)[0], real)
    print(f"fidelity error before {before:.3f}, after {after:.3f}")
    assert after < 0.5 * before
