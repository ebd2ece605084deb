"""The metrics are themselves tested: known answers on real-vs-real, real-vs-noise and the
published predictive scores of real data."""

import os

import numpy as np
import pytest
import tensorflow as tf

from tfgan_rnn import datasets
from tfgan_rnn.metrics import (
    autocorrelation_distance,
    category_summary,
    conditioned_pair,
    correlation_distance,
    density_and_coverage,
    discriminative_score,
    evaluate,
    feature_discriminative_scores,
    marginal_distance,
    mmd,
    plot_embeddings,
    predictive_score,
    scaled_pair,
    write_report,
)
from tfgan_rnn.metrics import timegan

ENERGY = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "energy_data.csv")


@pytest.fixture(scope="module")
def sines():
    return datasets.sines(num_sequences=4000, seed=0), datasets.sines(num_sequences=4000, seed=1)


def test_discriminative_score_of_real_against_real_is_near_zero(sines):
    score = discriminative_score(*sines, num_runs=1)
    assert score.mean < 0.05 and len(score.runs) == 1


def test_discriminative_score_of_real_against_noise_is_near_one_half(sines):
    noise = np.random.default_rng(0).random(sines[0].shape).astype("float32")
    assert discriminative_score(sines[0], noise, num_runs=1, iterations=500).mean > 0.45


# The TimeGAN paper's "original data" predictive scores (train on real, test on real).
PUBLISHED_REAL = [
    ("sines", lambda: datasets.sines(10_000, seed=0), 0.094, 0.01),
    ("stocks", lambda: datasets.timegan_windows(datasets.stocks(), reverse=True, shuffle_seed=0), 0.036, 0.005),
]
if os.path.exists(ENERGY):  # ../shared is beside the checkout for developers and CI
    PUBLISHED_REAL.append(
        ("energy", lambda: datasets.timegan_windows(datasets.energy(ENERGY), reverse=True, shuffle_seed=0), 0.250, 0.03))


@pytest.mark.parametrize("name,load,published,tolerance", PUBLISHED_REAL, ids=[row[0] for row in PUBLISHED_REAL])
def test_predictive_score_of_real_data_matches_the_published_value(name, load, published, tolerance):
    windows = load()
    score = predictive_score(windows, windows, num_runs=1)
    assert abs(score.mean - published) < tolerance, score


def test_a_score_does_not_depend_on_the_runs_before_it(sines):
    real, other = sines[0][:400], sines[1][:400]
    noise = np.random.default_rng(0).random(real.shape).astype("float32")
    first = discriminative_score(real, noise, num_runs=1, iterations=100, seed=3)
    discriminative_score(other, real, num_runs=1, iterations=100, seed=4)  # trains the reused classifier
    assert discriminative_score(real, noise, num_runs=1, iterations=100, seed=3) == first
    # Each run has its own seed (split, weights, batches); run 0 is the one-run score's.
    several = discriminative_score(real, noise, num_runs=2, iterations=100, seed=3)
    assert len(several.runs) == 2 and several.runs[0] == first.runs[0]
    assert several.mean == pytest.approx(np.mean(several.runs))
    assert several.std == pytest.approx(np.std(several.runs))
    first = predictive_score(real, noise, num_runs=1, iterations=100, seed=3)
    predictive_score(other, real, num_runs=1, iterations=100, seed=4)
    assert predictive_score(real, noise, num_runs=1, iterations=100, seed=3) == first


def test_without_a_gpu_the_scoring_models_run_under_xla_with_the_same_scores(monkeypatch):
    assert timegan._compile_with_xla() == (not tf.config.list_physical_devices("GPU"))
    rng = np.random.default_rng(0)
    real, synthetic = rng.random((120, 8, 3), dtype=np.float32), rng.random((120, 8, 3), dtype=np.float32)
    scores = {}
    for xla in (True, False):
        monkeypatch.setattr(timegan, "_compile_with_xla", lambda xla=xla: xla)
        scores[xla] = (discriminative_score(real, synthetic, num_runs=1, iterations=50, seed=7).mean,
                       predictive_score(real, synthetic, num_runs=1, iterations=50, seed=7).mean)
        # The cache key ends with (steps_per_execution, xla); other tests in this process (the
        # docstring examples) may have cached models of the same shapes with other budgets.
        compiled = [model for key, (model, _) in timegan._MODELS.items()
                    if key[:2] in (("discriminative", (8, 3)), ("predictive", (7, 2))) and key[-2:] == (50, xla)]
        assert len(compiled) == 2 and all(model.jit_compile is xla for model in compiled)
    np.testing.assert_allclose(scores[True], scores[False], atol=1e-6)


def test_real_data_outside_zero_one_is_refused_before_any_scoring():
    rng = np.random.default_rng(0)
    prices = 100 + 20 * rng.random((40, 8, 3))  # unscaled: a sigmoid predictor cannot reach them
    for score in (lambda r, s: predictive_score(r, s, num_runs=1, iterations=5),
                  lambda r, s: evaluate(r, s, budget="quick")):
        with pytest.raises(ValueError, match=r"scaled to \[0, 1\].*from 100.* to 120.*scaled_pair"):
            score(prices, prices)
    real, synthetic = scaled_pair(prices, prices + 1)
    assert real.min() == 0 and real.max() <= 1 < synthetic.max()
    assert 0 < predictive_score(real, synthetic, num_runs=1, iterations=5).mean < 1


def _resident_megabytes() -> float:
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) / 1024


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the resident size from /proc (Linux)")
def test_scoring_again_and_again_does_not_grow_memory(sines):
    # A long training run scores every few epochs; each new Keras classifier used to leave
    # about 14 MB behind in TensorFlow, so a run of hours grew by gigabytes.
    real, other = sines[0][:200], sines[1][:200]
    discriminative_score(real, other, num_runs=1, iterations=10)
    before = _resident_megabytes()
    for seed in range(10):
        discriminative_score(real, other, num_runs=1, iterations=10, seed=seed)
    assert _resident_megabytes() - before < 40


def test_one_feature_data_is_handled():
    x = datasets.sines(500, num_features=1, seed=0)
    assert 0 <= discriminative_score(x, x, num_runs=1, iterations=50).mean <= 0.5
    assert 0 < predictive_score(x, x, num_runs=1, iterations=50).mean < 1


def test_distances_are_zero_for_identical_data_and_grow_with_difference(sines):
    real, other = sines
    shuffled_time = real[:, np.random.default_rng(0).permutation(real.shape[1])]
    assert autocorrelation_distance(real, other) < 0.02 < autocorrelation_distance(real, shuffled_time)
    assert marginal_distance(real, real) == 0.0
    assert marginal_distance(real, real + 0.25) == pytest.approx(0.25, rel=1e-4)
    assert abs(mmd(real, other)) < 0.005 < mmd(real, shuffled_time)
    assert correlation_distance(real, real) == 0.0
    swapped = real.copy()
    swapped[..., 1] = 1 - swapped[..., 1]  # flips the sign of every correlation with feature 1
    assert correlation_distance(real, swapped) > 0.05


def test_coverage_falls_when_generated_windows_leave_part_of_the_data_out(sines):
    real, other = sines[0][:1000], sines[1][:1000]
    alike = density_and_coverage(real, other)
    assert 0.93 < alike["coverage"] <= 1 and 0.8 < alike["density"] < 1.2  # 1 - 2 ** -5 = .97 expected
    # Windows each as realistic as the real ones, but only the slowest fifth of them (low
    # frequencies): every generated window has real neighbours, yet most real windows none.
    speed = np.abs(np.diff(real, axis=1)).mean(axis=(1, 2))
    slow = real[speed <= np.quantile(speed, 0.2)]
    narrow = density_and_coverage(real, slow[np.random.default_rng(0).integers(0, len(slow), 1000)]
                                  + np.random.default_rng(1).normal(0, 0.005, (1000, 24, 5)))
    assert narrow["coverage"] < 0.4 and narrow["density"] > 0.5
    # Collapsed onto one window: coverage near nothing; windows unlike any real one: nothing at all.
    one = density_and_coverage(real, np.repeat(real[:1], 1000, axis=0))
    assert one["coverage"] < 0.02
    assert density_and_coverage(real, other + 0.5) == {"density": 0.0, "coverage": 0.0}
    assert density_and_coverage(real, real) == {"density": 1.0, "coverage": 1.0}
    with pytest.raises(ValueError, match=r"more real windows than nearest_k.*Received: 5 real windows, nearest_k=5"):
        density_and_coverage(real[:5], other)
    with pytest.raises(ValueError, match="nearest_k=0"):
        density_and_coverage(real, other, nearest_k=0)


def test_mismatched_shapes_are_refused(sines):
    with pytest.raises(ValueError, match="same length"):
        mmd(sines[0], sines[1][:, :10])
    with pytest.raises(ValueError, match="features per step"):
        marginal_distance(sines[0], sines[1][..., :2])
    with pytest.raises(ValueError, match="at least 2 real and 2 synthetic windows.*Received: 1 real and 5 synthetic"):
        discriminative_score(sines[0][:1], sines[1][:5])


def test_score_budgets_that_would_never_end_or_average_nothing_are_refused(sines):
    # Before: num_runs=0 returned a NaN score, iterations <= 0 trained forever (Keras' fit on
    # the repeating samplers) and batch_size=0 failed deep inside tf.data.
    real, synthetic = sines
    for score in (discriminative_score, predictive_score):
        for budget, shown in [({"num_runs": 0}, "num_runs=0"), ({"iterations": 0}, "iterations=0"),
                              ({"iterations": -3}, "iterations=-3"), ({"iterations": 2.5}, "iterations=2.5"),
                              ({"batch_size": 0}, "batch_size=0")]:
            with pytest.raises(ValueError, match=f"expected a positive integer. Received: {shown}"):
                score(real, synthetic, **budget)
    with pytest.raises(ValueError, match="at least 2 windows of each set.*max_samples=1"):
        mmd(real, synthetic, max_samples=1)
    with pytest.raises(ValueError, match="at least 2 windows of each set.*Received: 1 real"):
        mmd(real[:1], synthetic)
    one_step = real[:, :1]
    with pytest.raises(ValueError, match=r"evaluate needs windows of at least 2 steps.*real.shape=\(\d+, 1, \d+\)"):
        evaluate(one_step, one_step, budget="quick")  # before: refused after the discriminative score's training
    with pytest.raises(ValueError, match="max_values=0"):
        marginal_distance(real, synthetic, max_values=0)
    with pytest.raises(ValueError, match="max_lag=0"):  # was taken as "the default"
        autocorrelation_distance(real, synthetic, max_lag=0)


def test_each_feature_alone_shows_which_one_gives_generated_windows_away(sines, tmp_path):
    # Feature 1's steps shuffled within each window: the same values, the wrong movement
    # in time. Only its own classifier should tell; the others are real sines.
    real, synthetic = sines[0][:1000, :, :3], sines[1][:1000, :, :3].copy()
    rng = np.random.default_rng(0)
    synthetic[:, :, 1] = np.take_along_axis(synthetic[:, :, 1], rng.permuted(
        np.tile(np.arange(24), (len(synthetic), 1)), axis=1), axis=1)
    scores = feature_discriminative_scores(real, synthetic)
    assert len(scores) == 3 and all(len(score.runs) == 1 for score in scores)
    assert scores[1].mean > 0.3, scores
    assert scores[0].mean < 0.1 and scores[2].mean < 0.1, scores
    report = evaluate(real[:300], synthetic[:300], budget="quick", per_feature=True)
    assert len(report["feature_discriminative_scores"]) == 3
    assert report["feature_discriminative_scores"][1]["mean"] > 0.3
    assert "feature_discriminative_scores" not in evaluate(real[:300], synthetic[:300], budget="quick")
    text = open(write_report(report, tmp_path, feature_names=["a", "b", "c"])).read()
    assert "discriminative score of b alone" in text
    with pytest.raises(ValueError, match="hidden_units=0"):
        feature_discriminative_scores(real, synthetic, hidden_units=0)
    with pytest.raises(ValueError, match="at least 2 real and 2 synthetic windows"):
        feature_discriminative_scores(real[:1], synthetic)
    with pytest.raises(ValueError, match="per_feature='yes'"):
        evaluate(real, synthetic, budget="quick", per_feature="yes")


def test_evaluate_and_write_report(sines, tmp_path):
    real, other = sines[0][:300], sines[1][:300]
    report = evaluate(real, other, budget="quick")
    assert set(report["discriminative_score"]) == {"mean", "std", "runs"}
    assert report["num_real"] == 300 and report["window"] == 24 and report["budget"] == "quick"
    assert report["nearest_k"] == 5 and report["coverage"] > 0.85 and 0.7 < report["density"] < 1.3
    assert evaluate(real[:3], other[:3], budget="quick", num_runs=1)["nearest_k"] == 2  # fewer real windows than 6
    page = write_report(report, tmp_path, real, other, feature_names=[f"f{i}" for i in range(5)])
    assert {"report.json", "report.html", "pca.png", "tsne.png", "real_vs_synthetic.png"} <= set(os.listdir(tmp_path))
    text = open(page).read()
    assert "discriminative_score" in text and "<img src='pca.png'" in text
    with pytest.raises(ValueError, match="budget 'full' or 'quick'"):
        evaluate(real, other, budget="huge")


def test_the_conditional_discriminative_score_sees_values_that_do_not_fit_their_condition():
    # Low values in category 0, high in category 1; the synthetic windows are the same values
    # with the categories swapped: the plain score cannot tell them apart, the conditional one can.
    rng = np.random.default_rng(0)
    categories = np.arange(256) % 2
    values = (0.2 + 0.6 * categories[:, None, None] + 0.1 * rng.random((256, 8, 1))).astype("float32")
    condition, swapped = np.eye(2, dtype="float32")[categories], np.eye(2, dtype="float32")[1 - categories]
    plain = discriminative_score(values, values, num_runs=1, iterations=2000, seed=0).mean
    wrong = discriminative_score(*conditioned_pair(values, values, condition, swapped), num_runs=1, iterations=2000,
                                 seed=0).mean
    right = discriminative_score(*conditioned_pair(values, values, condition, condition), num_runs=1,
                                 iterations=2000, seed=0).mean
    assert plain < 0.2 and right < 0.2 and wrong > 0.4, (plain, right, wrong)
    report = evaluate(values, values, budget="quick", real_condition=condition, synthetic_condition=swapped)
    assert report["conditional_discriminative_score"]["mean"] == discriminative_score(
        *conditioned_pair(values, values, condition, swapped), num_runs=1, iterations=500, seed=0).mean
    assert "conditional_discriminative_score" not in evaluate(values, values, budget="quick")
    per_step = np.repeat(condition[:, None], 8, axis=1)  # per window or per step: the same pair
    for made, given in zip(conditioned_pair(values, values, condition, condition),
                           conditioned_pair(values, values, per_step, per_step)):
        np.testing.assert_array_equal(made, given)
    with pytest.raises(ValueError, match="both `real_condition` and `synthetic_condition`, or neither"):
        evaluate(values, values, budget="quick", real_condition=condition)
    with pytest.raises(ValueError, match=r"one condition per window, of shape \(256, k\).*\(255, 2\)"):
        conditioned_pair(values, values, condition, condition[1:])
    summary = category_summary(values, values[::-1], np.repeat(categories[:, None], 8, axis=1),
                               np.repeat(categories[::-1, None], 8, axis=1), ["low", "high"])
    assert [row["category"] for row in summary] == ["low", "high"] and summary[0]["real_steps"] == 128 * 8
    np.testing.assert_allclose(summary[0]["real_mean"], values[categories == 0].mean(axis=(0, 1)), rtol=1e-6)
    np.testing.assert_allclose(summary[1]["synthetic_std"], values[::-1][categories[::-1] == 1].std(axis=(0, 1)),
                               rtol=1e-5)
    missing = category_summary(values, values, np.zeros((256, 8), "int64"), np.ones((256, 8), "int64"))
    assert missing[0]["synthetic_steps"] == 0 and missing[0]["synthetic_mean"] is None
    with pytest.raises(ValueError, match=r"`real_categories` to hold one integer per step, of shape \(256, 8\)"):
        category_summary(values, values, categories, categories)


def test_report_plots_for_the_fewest_windows_evaluate_takes(sines, tmp_path):
    # Before: with 2 windows t-SNE was asked for a perplexity of 5 on 4 points and raised
    # at the end of `tfgan-rnn train` on a 3-row CSV, after training and saving.
    real, other = sines[0][:2], sines[1][:2]
    write_report({"mmd": 0.1}, tmp_path, real, other)
    assert {"pca.png", "tsne.png", "real_vs_synthetic.png"} <= set(os.listdir(tmp_path))
    with pytest.raises(ValueError, match="at least 2 real and 2 synthetic windows.*Received: 1 real, 2 synthetic"):
        plot_embeddings(real[:1], other, method="tsne")


def test_importing_the_plots_leaves_the_users_matplotlib_backend_alone(tmp_path):
    # Before: metrics.plots called matplotlib.use("Agg") on import (and `tfgan_rnn.cli` imports it),
    # so a notebook that imported the CLI lost its inline figures.
    import subprocess
    import sys

    script = ("import matplotlib; matplotlib.use('svg'); import numpy as np; import tfgan_rnn.cli; "
              "from tfgan_rnn.metrics.plots import plot_real_vs_generated; "
              "x = np.random.default_rng(0).random((4, 8, 2)); "
              "figure = plot_real_vs_generated(x, x); "
              f"plot_real_vs_generated(x, x, {str(tmp_path / 'plot.png')!r}); "
              "import matplotlib.pyplot as plt; "
              "print(matplotlib.get_backend(), type(figure).__name__, len(figure.axes), plt.get_fignums())")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert result.returncode == 0, result.stderr[-2000:]
    # The backend the user chose; a figure returned, none left open in pyplot; the PNG written.
    assert result.stdout.strip().splitlines()[-1] == "svg Figure 2 []"
    assert (tmp_path / "plot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
