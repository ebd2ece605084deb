"""The gradient check `fit` runs before its first step: on whole windows, and on their first steps.

Usage (from the repository root, alone on the machine):

    .venv/bin/python benchmarks/gradient_check.py --rounds 3

`fit` checks, eagerly and once, that every trainable variable of both networks gets a
finite gradient (`RecurrentGAN.check_gradients`). Eager execution costs time in proportion
to the window's length, so where both networks take windows of any length `fit` checks
the first `tfgan_rnn.gan._GRADIENT_CHECK_STEPS` steps of 16 windows ("first steps") instead
of whole ones ("whole", what it did before). Each measurement is a fresh process that
imports, builds one of train_step.py's configurations and times the check once, as the
first eager work of the process, which is what `fit`'s first step pays; the two modes are
run in alternation, because this machine drifts between processes.

Prints a table and writes benchmarks/results/gradient_check.json (or --output).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MODES = ("whole", "first steps")


def child(config: str, mode: str) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.path.insert(0, HERE)
    import train_step
    from tfgan_rnn.gan import _GRADIENT_CHECK_BATCH

    gan, dataset = train_step.build_fit(train_step.CONFIGS[config], "float32", False, 1)
    real = next(iter(dataset)).numpy()
    started = time.perf_counter()
    if mode == "whole":
        gan.check_gradients(real[:_GRADIENT_CHECK_BATCH])
    else:
        gan._first_gradient_check(real, None, None)  # what `fit` calls
    seconds = time.perf_counter() - started
    print("RESULT " + json.dumps({"config": config, "mode": mode, "seconds": seconds,
                                  "window_steps": int(real.shape[1])}), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="+", default=["small", "recipe"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output", default=os.path.join(HERE, "results", "gradient_check.json"))
    parser.add_argument("--child", nargs=2, metavar=("CONFIG", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(*args.child)
    results = []
    for config in args.configs:
        for round_index in range(args.rounds):
            for mode in MODES:
                output = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", config, mode],
                                        check=True, capture_output=True, text=True).stdout
                result = json.loads(output.splitlines()[-1][len("RESULT "):])
                result["round"] = round_index
                results.append(result)
                print(f"{config:7s} round {round_index} {mode:12s} {result['seconds']:5.2f} s", flush=True)
    summary = {}
    for config in args.configs:
        seconds = {mode: [r["seconds"] for r in results if r["config"] == config and r["mode"] == mode]
                   for mode in MODES}
        saved = [whole - first for whole, first in zip(seconds["whole"], seconds["first steps"])]
        summary[config] = {"median_seconds": {mode: statistics.median(v) for mode, v in seconds.items()},
                           "saved_seconds_per_round": saved}
        print(f"{config}: whole {statistics.median(seconds['whole']):.2f} s, first steps "
              f"{statistics.median(seconds['first steps']):.2f} s (saved per round: "
              f"{', '.join(f'{s:.2f}' for s in saved)} s)")
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as handle:
        json.dump({"results": results, "summary": summary}, handle, indent=1)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
