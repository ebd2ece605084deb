"""One call to judge synthetic windows, and a report folder a person can open."""

from __future__ import annotations

import html
import json
import os

import numpy as np

from tfgan_rnn.callbacks import atomic_path
from tfgan_rnn.data import check_finite
from tfgan_rnn.metrics import similarity
from tfgan_rnn.metrics.plots import plot_embeddings, plot_real_vs_generated
from tfgan_rnn.metrics.timegan import (
    _check_pair,
    _check_unit_range,
    discriminative_score,
    feature_discriminative_scores,
    predictive_score,
)

# Budgets: "full" is the TimeGAN protocol; "quick" is for progress checks.
BUDGETS = {
    "full": {"num_runs": 3, "discriminative_iterations": 2000, "predictive_iterations": 5000},
    "quick": {"num_runs": 1, "discriminative_iterations": 500, "predictive_iterations": 1000},
}


def evaluate(real, synthetic, budget: str = "full", seed: int = 0, num_runs: int | None = None,
             per_feature: bool = False, real_condition=None, synthetic_condition=None) -> dict:
    """All fidelity metrics of synthetic windows against real ones, as one dict.

    Args:
        real: real windows `(n, time, features)` scaled to [0, 1] (refused otherwise;
            `scaled_pair(real, synthetic)` scales both by the real data's range).
        synthetic: synthetic windows, same shape apart from `n`, same scaling.
        budget: `"full"` (TimeGAN protocol: 3 runs, 2,000 / 5,000 steps) or `"quick"`
            (1 run, 500 / 1,000 steps).
        seed: seed of every randomised metric.
        num_runs: repetitions of the two scores, overriding the budget's.
        per_feature: also the discriminative score of each feature alone
            (`feature_discriminative_scores` with its quick budget, one classifier per feature),
            under the key `feature_discriminative_scores`: which features give the windows away.
        real_condition, synthetic_condition: for a conditional model, both or neither: the
            condition of each window `(n, k)` or step `(n, time, k)` (the synthetic windows
            generated for theirs). Then also `"conditional_discriminative_score"`: the same
            classifier with each step's condition beside its values (`conditioned_pair`),
            so it also tells apart windows whose values do not fit their condition, which
            the plain score cannot see (rainy days as dry as sunny ones, with the right
            share of dry days over all).

    Returns:
        `{"discriminative_score": {"mean", "std", "runs"}, "predictive_score": {...},
        "mmd", "autocorrelation_distance", "correlation_distance", "marginal_distance",
        "density", "coverage", "nearest_k", "num_real", "num_synthetic", "window",
        "num_features", "budget"}`. `density` and `coverage` are
        `similarity.density_and_coverage`'s with `nearest_k` 5 (fewer with 6 real windows
        or less): coverage is the one that falls when generated windows all look alike.
        With `per_feature`, also `"feature_discriminative_scores"`: one `{"mean", "std",
        "runs"}` per feature, in the features' order. With conditions, also
        `"conditional_discriminative_score"`.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics import evaluate
    >>> rng = np.random.default_rng(0)
    >>> report = evaluate(rng.random((64, 8, 2)), rng.random((64, 8, 2)), budget="quick")
    >>> sorted(report)[:3]
    ['autocorrelation_distance', 'budget', 'correlation_distance']
    """
    if budget not in BUDGETS:
        raise ValueError(f"Expected budget 'full' or 'quick'. Received: budget={budget!r}")
    real, synthetic = _check_pair(real, synthetic)
    # The predictive score refuses this too, but only after the discriminative one has trained.
    if real.shape[1] < 2:
        raise ValueError(
            "evaluate needs windows of at least 2 steps (the predictive score forecasts the next "
            f"step). Received: real.shape={real.shape}, synthetic.shape={synthetic.shape}")
    _check_unit_range(real)
    if not isinstance(per_feature, bool):
        raise ValueError(f"Expected `per_feature` to be True or False. Received: per_feature={per_feature!r}")
    conditioned = None
    if real_condition is not None or synthetic_condition is not None:
        conditioned = conditioned_pair(real, synthetic, real_condition, synthetic_condition)
    settings = dict(BUDGETS[budget])
    if num_runs is not None:
        settings["num_runs"] = num_runs
    nearest_k = evaluation_nearest_k(len(real))
    report = {
        "discriminative_score": discriminative_score(
            real, synthetic, num_runs=settings["num_runs"],
            iterations=settings["discriminative_iterations"], seed=seed).as_dict(),
        "predictive_score": predictive_score(
            real, synthetic, num_runs=settings["num_runs"],
            iterations=settings["predictive_iterations"], seed=seed).as_dict(),
        "mmd": similarity.mmd(real, synthetic, seed=seed),
        "autocorrelation_distance": similarity.autocorrelation_distance(real, synthetic),
        "correlation_distance": similarity.correlation_distance(real, synthetic),
        "marginal_distance": similarity.marginal_distance(real, synthetic, seed=seed),
        **similarity.density_and_coverage(real, synthetic, nearest_k=nearest_k, seed=seed),
        "nearest_k": nearest_k,
        "num_real": int(len(real)),
        "num_synthetic": int(len(synthetic)),
        "window": int(real.shape[1]),
        "num_features": int(real.shape[2]),
        "budget": budget,
    }
    if conditioned is not None:
        report["conditional_discriminative_score"] = discriminative_score(
            *conditioned, num_runs=settings["num_runs"], iterations=settings["discriminative_iterations"],
            seed=seed).as_dict()
    if per_feature:
        report["feature_discriminative_scores"] = [
            score.as_dict() for score in feature_discriminative_scores(real, synthetic, seed=seed)]
    return report


def category_summary(real, synthetic, real_categories, synthetic_categories, category_names=None) -> list:
    """Per category: its steps and each feature's mean and standard deviation, real and
    synthetic, in the units given (what a conditional model's report shows, category by
    category: which one it gets wrong). Categories are each step's (`data.categories_of`
    reads them from one-hot conditions; -1 and categories without real steps are left out).

    Args:
        real, synthetic: windows `(n, time, features)` (or steps `(n, features)`).
        real_categories, synthetic_categories: the category of each step, integer arrays
            of the windows' shape without the feature axis.
        category_names: optional names, indexed by category.

    Returns:
        One dict per category with real steps, in category order: `{"category",
        "real_steps", "synthetic_steps", "real_mean", "synthetic_mean", "real_std",
        "synthetic_std"}` (the last four one number per feature; the synthetic ones None
        where the category has no synthetic steps).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics import category_summary
    >>> real = np.array([[[0.0], [10.0]], [[2.0], [12.0]]])   # category 0 low, 1 high
    >>> synthetic = np.array([[[1.0], [9.0]], [[1.0], [9.0]]])
    >>> categories = np.array([[0, 1], [0, 1]])
    >>> [(row["category"], row["real_mean"], row["synthetic_mean"])
    ...  for row in category_summary(real, synthetic, categories, categories, ["dry", "wet"])]
    [('dry', [1.0], [1.0]), ('wet', [11.0], [9.0])]
    """
    real, synthetic = np.asarray(real, "float64"), np.asarray(synthetic, "float64")
    rows = []
    for name, values, categories in (("real_categories", real, real_categories),
                                     ("synthetic_categories", synthetic, synthetic_categories)):
        categories = np.asarray(categories)
        if categories.shape != values.shape[:-1] or not np.issubdtype(categories.dtype, np.integer):
            raise ValueError(f"Expected `{name}` to hold one integer per step, of shape {values.shape[:-1]}. "
                             f"Received: {name} of shape {categories.shape} and dtype {categories.dtype}")
    real_categories, synthetic_categories = np.asarray(real_categories), np.asarray(synthetic_categories)
    for category in np.unique(real_categories[real_categories >= 0]):
        real_steps, synthetic_steps = real[real_categories == category], synthetic[synthetic_categories == category]
        has_synthetic = len(synthetic_steps) > 0
        rows.append({
            "category": int(category) if category_names is None else str(category_names[category]),
            "real_steps": int(len(real_steps)), "synthetic_steps": int(len(synthetic_steps)),
            "real_mean": real_steps.mean(0).tolist(),
            "synthetic_mean": synthetic_steps.mean(0).tolist() if has_synthetic else None,
            "real_std": real_steps.std(0).tolist(),
            "synthetic_std": synthetic_steps.std(0).tolist() if has_synthetic else None,
        })
    return rows


def _category_rows(summary, feature_names) -> list:
    """`category_summary`'s rows as HTML table rows: one per category and feature."""
    rows = []
    for entry in summary:
        for index in range(len(entry["real_mean"])):
            name = str(feature_names[index]) if feature_names is not None else f"feature {index}"
            shown = []
            for statistic in ("mean", "std"):
                real, synthetic = entry[f"real_{statistic}"][index], entry[f"synthetic_{statistic}"]
                shown.append(f"{statistic} {real:.4g} real, " + (
                    "none generated" if synthetic is None else f"{synthetic[index]:.4g} generated"))
            rows.append(f"<tr><td>{html.escape(str(entry['category']))} ({entry['real_steps']} real steps): "
                        f"{html.escape(name)}</td><td>{'; '.join(shown)}</td></tr>")
    return rows


def evaluation_nearest_k(num_real: int) -> int:
    """The neighbours `evaluate` and `EvaluationLogger` count for density and coverage: 5,
    as their authors advise, or fewer where there are 6 real windows or less."""
    return max(1, min(5, num_real - 1))


def write_report(report: dict, folder, real=None, synthetic=None, feature_names=None) -> str:
    """Writes `report.json`, PNG plots (when data is given) and `report.html` to `folder`.

    Args:
        report: what `evaluate` returns (any dict of numbers, strings and scores).
        folder: the folder to write to (created if needed).
        real, synthetic: windows to plot (real vs synthetic, PCA and t-SNE); no plots
            without them.
        feature_names: plot titles, and the names of the rows of
            `feature_discriminative_scores` (`evaluate(..., per_feature=True)`) and of
            `by_category` (`category_summary`'s rows, which the report may hold). A
            `category_shares` entry (`{column: {category: {"real": share, "generated":
            share}}}`, as `tfgan-rnn evaluate` adds) is shown a row per category, and a
            `numbers_by_category` entry (`{"features": [names], "categories": rows of
            `category_summary`}`, the same) a row per category and feature.

    Returns:
        The path of `report.html`.

    Example:

    >>> import os, tempfile
    >>> from tfgan_rnn.metrics import write_report
    >>> report = {"discriminative_score": {"mean": 0.1, "std": 0.02, "runs": [0.08, 0.12]}, "mmd": 0.004}
    >>> folder = tempfile.mkdtemp()
    >>> os.path.basename(write_report(report, folder)), sorted(os.listdir(folder))
    ('report.html', ['report.html', 'report.json'])
    """
    os.makedirs(folder, exist_ok=True)
    with atomic_path(os.path.join(folder, "report.json")) as temporary, open(temporary, "w") as handle:
        json.dump(report, handle, indent=2)
    images = []
    if real is not None and synthetic is not None:
        plots = [
            ("real_vs_synthetic.png", lambda p: plot_real_vs_generated(real, synthetic, p, feature_names)),
            ("pca.png", lambda p: plot_embeddings(real, synthetic, p, method="pca")),
            ("tsne.png", lambda p: plot_embeddings(real, synthetic, p, method="tsne", max_samples=500)),
        ]
        for name, draw in plots:
            draw(os.path.join(folder, name))
            images.append(name)
    def score(value):
        return f"{value['mean']:.4f} &plusmn; {value['std']:.4f} ({len(value['runs'])} run(s))"

    rows = []
    for key, value in report.items():
        if key == "by_category":
            rows.extend(_category_rows(value, feature_names))
            continue
        if key == "numbers_by_category":
            rows.extend(_category_rows(value["categories"], value["features"]))
            continue
        if key == "category_shares":
            rows.extend(f"<tr><td>share of steps of {html.escape(column)}={html.escape(category or '(empty)')}"
                        f"</td><td>{share['real']:.4f} real, {share['generated']:.4f} generated</td></tr>"
                        for column, entries in value.items() for category, share in entries.items())
            continue
        if key == "feature_discriminative_scores":
            names = feature_names if feature_names is not None else [f"feature {i}" for i in range(len(value))]
            rows.extend(f"<tr><td>discriminative score of {html.escape(str(name))} alone</td><td>{score(entry)}"
                        "</td></tr>" for name, entry in zip(names, value))
            continue
        if isinstance(value, dict):
            shown = score(value)
        elif isinstance(value, float):
            shown = f"{value:.4f}"
        else:
            shown = html.escape(str(value))
        rows.append(f"<tr><td>{html.escape(key)}</td><td>{shown}</td></tr>")
    page = (
        "<!doctype html><meta charset='utf-8'><title>tfgan_rnn evaluation</title>"
        "<style>body{font-family:sans-serif;margin:2em}td{padding:2px 12px}</style>"
        "<h1>Real vs synthetic</h1><p>Discriminative score: |accuracy - 0.5| of a post-hoc GRU "
        "classifier (0 is best). Predictive score: MAE of a GRU trained on synthetic, tested on "
        "real (lower is better). Distances: 0 for identical distributions. Coverage: the share of "
        "real windows with a generated one among their nearest_k nearest neighbours (about .97 for "
        "alike sets with nearest_k 5; low when generated windows all look alike); density: about 1 "
        "for generated windows drawn like the real ones, near 0 for windows unlike any.</p>"
        f"<table>{''.join(rows)}</table>"
        + "".join(f"<p><img src='{name}' alt='{name}'></p>" for name in images)
    )
    page_path = os.path.join(folder, "report.html")
    with atomic_path(page_path) as temporary, open(temporary, "w") as handle:
        handle.write(page)
    return page_path


def conditioned_pair(real, synthetic, real_condition, synthetic_condition):
    """Real and synthetic windows with each step's condition beside its values, as the
    conditional discriminative score reads them (`evaluate(real_condition=...)`): the
    conditions, one per window `(n, k)` or per step `(n, time, k)`, are min-max scaled
    by the real ones' range (one-hot categories stay 0 and 1) and appended as features.

    Example (the same values, but the conditions swapped: only the conditioned pair shows it):

    >>> import numpy as np
    >>> from tfgan_rnn.metrics import conditioned_pair
    >>> values = np.array([[[0.25], [0.5]], [[0.75], [1.0]]])
    >>> real, synthetic = conditioned_pair(values, values, np.eye(2), np.eye(2)[::-1])
    >>> real.shape, synthetic[0].tolist()
    ((2, 2, 3), [[0.25, 0.0, 1.0], [0.5, 0.0, 1.0]])
    """
    real, synthetic = _check_pair(real, synthetic)
    if real_condition is None or synthetic_condition is None:
        raise ValueError("Expected both `real_condition` and `synthetic_condition`, or neither. Received: "
                         f"real_condition is {'None' if real_condition is None else 'given'}, "
                         f"synthetic_condition is {'None' if synthetic_condition is None else 'given'}")
    steps = []
    for name, windows, condition in (("real_condition", real, real_condition),
                                     ("synthetic_condition", synthetic, synthetic_condition)):
        condition = np.asarray(condition, "float64")
        if condition.ndim == 2 and len(condition) == len(windows):
            condition = np.repeat(condition[:, None], windows.shape[1], axis=1)
        if condition.ndim != 3 or condition.shape[:2] != windows.shape[:2]:
            raise ValueError(
                f"Expected `{name}` to hold one condition per window, of shape ({len(windows)}, k), or per step, "
                f"({len(windows)}, {windows.shape[1]}, k). Received: {name}.shape={condition.shape}")
        check_finite(condition, name)
        steps.append(condition)
    if steps[0].shape[-1] != steps[1].shape[-1]:
        raise ValueError("Expected conditions of the same size for both sets. Received: "
                         f"real_condition with {steps[0].shape[-1]}, synthetic_condition with {steps[1].shape[-1]}")
    low = steps[0].min(axis=(0, 1))
    spread = np.where(steps[0].max(axis=(0, 1)) > low, steps[0].max(axis=(0, 1)) - low, 1.0)
    return tuple(np.concatenate([windows, (condition - low) / spread], axis=-1).astype("float32")
                 for windows, condition in zip((real, synthetic), steps))


def scaled_pair(real, synthetic):
    """Min-max scales both sets with the real data's per-feature range (TimeGAN style), as
    `evaluate` and `predictive_score` expect: real values land in [0, 1], synthetic ones
    keep their distance from the real range.

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.metrics import scaled_pair
    >>> real, synthetic = scaled_pair(np.array([[[10.0], [20.0]]]), np.array([[[15.0], [25.0]]]))
    >>> real.ravel().round(3).tolist(), synthetic.ravel().round(3).tolist()
    ([0.0, 1.0], [0.5, 1.5])
    """
    real, synthetic = _check_pair(real, synthetic)
    low = real.min(axis=(0, 1))
    spread = real.max(axis=(0, 1)) - low + 1e-7
    return (real - low) / spread, (synthetic - low) / spread


__all__ = ["BUDGETS", "category_summary", "conditioned_pair", "evaluate", "scaled_pair", "write_report"]
