"""How long a report's t-SNE plot takes with one or two OpenMP threads, with both cores free or
with another process keeping one of them busy (as the test suite's second worker does).

`write_report` draws `plot_embeddings(..., method="tsne", max_samples=500)`: scikit-learn's
Barnes-Hut t-SNE on 1,000 points, whose gradient runs on OpenMP threads (one per core by
default). With `--busy`, a second process spins on one core for the whole run. Each setting is
timed `--rounds` times, alternating, in this process:

    .venv/bin/python benchmarks/tsne_threads.py --rounds 3
    .venv/bin/python benchmarks/tsne_threads.py --rounds 3 --busy

Prints the seconds per plot and writes `benchmarks/results/tsne_threads[_busy].json` (or `--output`).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from tfgan_rnn.metrics.plots import plot_embeddings  # noqa: E402


def _spin(stop) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--busy", action="store_true", help="keep one core busy with another process")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="OpenMP threads to try")
    parser.add_argument("--output", default=None)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    real, synthetic = rng.random((1000, 24, 5)), rng.random((1000, 24, 5))  # a quick report's windows
    stop = multiprocessing.Event()
    spinner = multiprocessing.Process(target=_spin, args=(stop,)) if args.busy else None
    if spinner is not None:
        spinner.start()
    seconds = {threads: [] for threads in args.threads}
    try:
        for _ in range(args.rounds):
            for threads in args.threads:
                with threadpool_limits(threads, user_api="openmp"):
                    started = time.perf_counter()
                    plot_embeddings(real, synthetic, method="tsne", max_samples=500)
                    seconds[threads].append(round(time.perf_counter() - started, 2))
                print(f"{threads} OpenMP thread(s): {seconds[threads][-1]:.2f} s", flush=True)
    finally:
        if spinner is not None:
            stop.set()
            spinner.join()
    result = {"busy": args.busy, "cpu_count": os.cpu_count(),
              "seconds_per_plot": {str(threads): runs for threads, runs in seconds.items()}}
    for threads, runs in seconds.items():
        print(f"{threads} thread(s){', one core busy' if args.busy else ''}: median {np.median(runs):.2f} s ({runs})")
    here = os.path.dirname(os.path.abspath(__file__))
    output = args.output or os.path.join(here, "results", "tsne_threads" + ("_busy" if args.busy else "") + ".json")
    with open(output, "w") as handle:
        json.dump(result, handle, indent=1)
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
