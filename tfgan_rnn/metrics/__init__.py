"""Judging generated sequences against real ones: scores, distances, plots, reports."""

from tfgan_rnn.metrics.plots import plot_embeddings, plot_real_vs_generated
from tfgan_rnn.metrics.report import category_summary, conditioned_pair, evaluate, scaled_pair, write_report
from tfgan_rnn.metrics.similarity import (
    autocorrelation_distance,
    correlation_distance,
    density_and_coverage,
    marginal_distance,
    mmd,
)
from tfgan_rnn.metrics.timegan import Score, discriminative_score, feature_discriminative_scores, predictive_score

__all__ = [
    "Score",
    "autocorrelation_distance",
    "category_summary",
    "conditioned_pair",
    "correlation_distance",
    "density_and_coverage",
    "discriminative_score",
    "evaluate",
    "feature_discriminative_scores",
    "marginal_distance",
    "mmd",
    "plot_embeddings",
    "plot_real_vs_generated",
    "predictive_score",
    "scaled_pair",
    "write_report",
]
