"""What a calibration map per category costs the saved model and the SavedModel export.

Usage (from the repository root):

    .venv/bin/python benchmarks/export_categories.py                     # 40 categories x 28 features
    .venv/bin/python benchmarks/export_categories.py --category-values 10000000  # a map for every category

Builds an (untrained, small) conditional `RecurrentGAN` on gamma-distributed windows, fits
`calibrate_marginals` (every category with at least 100 real steps may get its own map,
within `Scaler.CALIBRATION_CATEGORY_VALUES`), then times `save`, `load_model`,
`export_saved_model` and the exported `generate`'s first and second calls, with the
categories' maps and with the map for all only; and checks that the export and
`gan.generate` agree. Prints one line per figure.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--categories", type=int, default=40)
    parser.add_argument("--features", type=int, default=28)
    parser.add_argument("--windows", type=int, default=300)
    parser.add_argument("--category-values", type=int, default=None,
                        help="Scaler.CALIBRATION_CATEGORY_VALUES for this run (default: the library's), "
                        "e.g. 10000000 to give every category its map")
    args = parser.parse_args(argv)

    import keras
    import numpy as np
    import tensorflow as tf

    import tfgan_rnn
    from tfgan_rnn.scaling import Scaler

    rng = np.random.default_rng(0)
    real = rng.gamma(2.0, 3.0, (args.windows, 24, args.features))
    condition = np.eye(args.categories, dtype="float32")[np.arange(args.windows) % args.categories]
    gan = tfgan_rnn.RecurrentGAN(
        tfgan_rnn.LSTMGenerator(4, args.features, units=8, num_layers=1, condition_dim=args.categories),
        tfgan_rnn.LSTMDiscriminator(args.features, units=8, num_layers=1, condition_dim=args.categories),
        seed=0, scaler=Scaler(snap=False).fit(real))
    Scaler.CALIBRATION_CATEGORY_STEPS = 100
    if args.category_values is not None:
        Scaler.CALIBRATION_CATEGORY_VALUES = args.category_values
    started = time.perf_counter()
    result = gan.calibrate_marginals(real, condition=condition, only_if_better=False)
    print(f"calibrate_marginals: {time.perf_counter() - started:.1f} s, "
          f"{len(result['categories_calibrated'])} of {args.categories} categories with a map of their own")
    expected = gan.generate(args.windows, 24, seed=1, condition=condition)[0]
    folder = tempfile.mkdtemp()
    for label in ("with the categories' maps", "with the map for all only"):
        if label.endswith("only"):
            gan.scaler.category_calibration = None
            expected = gan.generate(args.windows, 24, seed=1, condition=condition)[0]
        model_file, served_folder = os.path.join(folder, f"{label[5:8]}.keras"), os.path.join(folder, label[5:8])
        started = time.perf_counter()
        gan.save(model_file)
        saved = time.perf_counter() - started
        started = time.perf_counter()
        keras.saving.load_model(model_file)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        tfgan_rnn.export_saved_model(gan, served_folder)
        exported = time.perf_counter() - started
        served = tf.saved_model.load(served_folder)
        calls = []
        for _ in range(2):
            started = time.perf_counter()
            sequences = served.generate(num_sequences=args.windows, length=24, seed=tf.constant(1, tf.int64),
                                        condition=tf.constant(condition))["sequences"].numpy()
            calls.append(time.perf_counter() - started)
        agree = float(np.isclose(sequences, expected, atol=1e-4).mean())
        print(f"{label}: save {saved:.1f} s ({os.path.getsize(model_file) // 1024} KB), load {loaded:.1f} s, "
              f"export {exported:.1f} s, exported generate {calls[0]:.1f} s first call, {calls[1]:.2f} s next; "
              f"export agrees with gan.generate on {agree:.4f} of values")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
