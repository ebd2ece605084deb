"""Judging generated sequences against real ones: scores and plots."""

from tfgan_rnn.metrics.plots import plot_real_vs_generated

__all__ = ["plot_real_vs_generated"]
