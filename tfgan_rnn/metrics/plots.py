"""Pictures of real vs generated sequences (matplotlib, no screen needed).

The figures are `matplotlib.figure.Figure` objects made without pyplot, so drawing them
needs no display and leaves the user's backend and pyplot's open figures alone (a
notebook shows a returned figure as its cell's value).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from tfgan_rnn.callbacks import atomic_path


def _finish(figure, path):
    """Returns the figure, or writes it to `path` as PNG (atomically)."""
    figure.tight_layout()
    if path is None:
        return figure
    with atomic_path(path, suffix=".png") as temporary:
        figure.savefig(temporary, dpi=90)
    return None


def plot_real_vs_generated(real, generated, path=None, feature_names=None, num_sequences: int = 5,
                           max_features: int = 12):
    """One panel per feature: a few real sequences (blue) over generated ones (orange).

    The sequences drawn are spread evenly over each set, not just its first entries.

    Args:
        real: `(num_sequences, time, features)` real data.
        generated: `(num_sequences, time, features)` generated data, same features.
        path: PNG file to write (atomically); None returns the figure instead.
        feature_names: panel titles.
        num_sequences: sequences drawn from each set.
        max_features: panels drawn at most (the first features; the figure's title then
            says how many there are).

    Returns:
        The matplotlib figure if `path` is None, else None.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics import plot_real_vs_generated
    >>> figure = plot_real_vs_generated(np.random.rand(8, 24, 3), np.random.rand(8, 24, 3))
    >>> len(figure.axes)
    3
    >>> wide = plot_real_vs_generated(np.random.rand(8, 24, 30), np.random.rand(8, 24, 30))
    >>> len(wide.axes), wide._suptitle.get_text()
    (12, 'the first 12 of 30 features')
    """
    real, generated = np.asarray(real), np.asarray(generated)
    real = real[np.unique(np.linspace(0, len(real) - 1, num_sequences).astype(int))]
    generated = generated[np.unique(np.linspace(0, len(generated) - 1, num_sequences).astype(int))]
    num_features = min(real.shape[-1], max_features)
    columns = min(3, num_features)
    rows = math.ceil(num_features / columns)
    figure = Figure(figsize=(4.2 * columns, 2.6 * rows))
    axes = figure.subplots(rows, columns, squeeze=False)
    for index, axis in enumerate(axes.flat):
        if index >= num_features:
            axis.remove()
            continue
        for i in range(len(real)):
            axis.plot(real[i, :, index], color="tab:blue", alpha=0.6, lw=1, label="real" if i == 0 else None)
        for i in range(len(generated)):
            axis.plot(generated[i, :, index], color="tab:orange", alpha=0.6, lw=1,
                      label="generated" if i == 0 else None)
        axis.set_title(feature_names[index] if feature_names else f"feature {index}", fontsize=9)
        axis.tick_params(labelsize=7)
        if index == 0:
            axis.legend(fontsize=7)
    if num_features < real.shape[-1]:
        figure.suptitle(f"the first {num_features} of {real.shape[-1]} features", fontsize=10)
    return _finish(figure, path)


def plot_embeddings(real, synthetic, path=None, method: str = "pca", max_samples: int = 1000, seed: int = 0):
    """Real and synthetic windows embedded in 2-D (PCA or t-SNE), as in TimeGAN's plots.

    Each window is reduced to its per-step mean over features (TimeGAN's choice), then
    embedded with scikit-learn's `PCA` (fitted on real) or `TSNE` (on both together).

    Args:
        real, synthetic: windows `(n, time, features)`.
        path: PNG to write atomically; None returns the figure.
        method: `"pca"` or `"tsne"`.
        max_samples: windows drawn from each set.
        seed: sampling and t-SNE seed.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics.plots import plot_embeddings
    >>> figure = plot_embeddings(np.random.rand(50, 8, 2), np.random.rand(50, 8, 2))
    >>> figure.axes[0].get_title()
    'PCA'
    """
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE

    if method not in ("pca", "tsne"):
        raise ValueError(f"Expected method 'pca' or 'tsne'. Received: method={method!r}")
    rng = np.random.default_rng(seed)
    count = min(len(real), len(synthetic), max_samples)
    if count < 2:
        raise ValueError(
            "An embedding plot needs at least 2 real and 2 synthetic windows (and "
            f"max_samples >= 2). Received: {len(real)} real, {len(synthetic)} synthetic, "
            f"max_samples={max_samples}"
        )
    x = np.asarray(real)[rng.choice(len(real), count, replace=False)].mean(axis=2)
    y = np.asarray(synthetic)[rng.choice(len(synthetic), count, replace=False)].mean(axis=2)
    if method == "pca":
        reducer = PCA(n_components=2).fit(x)
        x2, y2 = reducer.transform(x), reducer.transform(y)
    else:
        # t-SNE needs a perplexity below its number of points (2 * count).
        perplexity = min(40, max(5, count // 4), 2 * count - 1)
        both = TSNE(n_components=2, perplexity=perplexity, init="pca",
                    random_state=seed).fit_transform(np.concatenate([x, y]))
        x2, y2 = both[:count], both[count:]
    figure = Figure(figsize=(4.5, 4.2))
    axis = figure.subplots()
    axis.scatter(x2[:, 0], x2[:, 1], s=6, alpha=0.35, color="tab:blue", label="real")
    axis.scatter(y2[:, 0], y2[:, 1], s=6, alpha=0.35, color="tab:orange", label="synthetic")
    axis.set_title("PCA" if method == "pca" else "t-SNE")
    axis.legend(fontsize=8)
    return _finish(figure, path)
