"""`tfgan-rnn evaluate` on a large CSV: seconds and peak RSS, by how many windows are scored.

Usage (from the repository root):

    .venv/bin/python benchmarks/evaluate_large.py                       # 1,000,000 rows x 20 features
    .venv/bin/python benchmarks/evaluate_large.py --max-windows auto 200000

Writes a CSV of --rows rows and --features features (sines of different periods plus
noise, seeded) and an untrained default-recipe model for it (a scaler fitted on the data,
saved to a .keras file; what is measured is scoring, which does not depend on the weights),
then for each --max-windows setting runs `tfgan-rnn evaluate --model M --data CSV
[--max-windows N] --budget B` in a fresh process and records its wall-clock seconds and
peak RSS (the child's `ru_maxrss`). "auto" is the default: no --max-windows. Prints a table
and writes benchmarks/results/evaluate_large.json (or --output).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def write_inputs(folder: str, rows: int, features: int) -> tuple[str, str]:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np
    import pandas as pd

    from tfgan_rnn import recipe
    from tfgan_rnn.scaling import Scaler

    rng = np.random.default_rng(0)
    steps = np.arange(rows)
    frame = pd.DataFrame({f"f{i}": np.sin(steps / (50 + i)) + 0.1 * rng.normal(size=rows) for i in range(features)})
    data = os.path.join(folder, "large.csv")
    frame.to_csv(data, index=False, float_format="%.5f")
    scaler = Scaler(feature_names=list(frame.columns)).fit(frame.to_numpy())
    model = os.path.join(folder, "model.keras")
    recipe.build_gan(features, scaler=scaler, seed=0).save(model)
    return data, model


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--budget", choices=["quick", "full"], default="full")
    parser.add_argument("--max-windows", nargs="+", default=["auto", "200000"],
                        help="settings to run: 'auto' (no --max-windows) or a number")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "evaluate_large.json"))
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        data, model = write_inputs(folder, args.rows, args.features)
        for setting in args.max_windows:
            command = [sys.executable, "-m", "tfgan_rnn", "evaluate", "--model", model, "--data", data,
                       "--budget", args.budget, "--out", os.path.join(folder, f"report_{setting}")]
            if setting != "auto":
                command += ["--max-windows", setting]
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far
            report = {}
            if result.returncode == 0:
                with open(os.path.join(folder, f"report_{setting}", "report.json")) as handle:
                    report = json.load(handle)
            rows.append({
                "rows": args.rows, "features": args.features, "budget": args.budget, "max_windows": setting,
                "exit_code": result.returncode, "seconds": round(seconds, 1),
                "peak_rss_mb": round(peak / 1024) if peak > before else None,
                "num_real": report.get("num_real"),
                "discriminative_score": report.get("discriminative_score", {}).get("mean"),
                "stdout": result.stdout.strip().splitlines()[:1],
            })
            print(rows[-1], flush=True)
    print("\n| --max-windows | windows scored | exit | seconds | peak RSS (MB) | discriminative |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        scored = "-" if r["num_real"] is None else f"{r['num_real']:,}"
        print(f"| {r['max_windows']} | {scored} | {r['exit_code']} | {r['seconds']} | "
              f"{r['peak_rss_mb'] if r['peak_rss_mb'] is not None else 'below an earlier row'} | "
              f"{r['discriminative_score']} |")
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as handle:
        json.dump(rows, handle, indent=2)


if __name__ == "__main__":
    main()
