"""Streaming generation: steps per second and peak memory for very long sequences.

Usage (from the repository root):

    .venv/bin/python benchmarks/generation.py                   # 10^4, 10^5, 10^6 steps
    .venv/bin/python benchmarks/generation.py --lengths 10000
    .venv/bin/python benchmarks/generation.py --sequences 100000,400000,2000000   # many short ones

Each length runs in its own process (so peak RSS is its own): 64 sequences from the
default recipe's generator (6 features, 2 x 48-unit LSTMs) are streamed in chunks of
--chunk-length steps with `RecurrentGAN.stream` and written to a .npy memmap on disk, so
memory stays flat however long the sequences are. Prints a table and writes
benchmarks/results/generation.json.

With --sequences, each count instead runs `tfgan-rnn generate --num COUNT --length
--window --out <temporary>.npy` in its own process, on the same generator saved to a
.keras file (untrained: the values do not change the cost), and the table gives its
seconds and peak RSS (the memmap's written pages included); results in
benchmarks/results/generation_many.json (or --output).
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


def measure(length: int, num_sequences: int, chunk_length: int) -> dict:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np

    from tfgan_rnn import recipe

    gan = recipe.build_gan(6, seed=0)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as folder:
        output = np.lib.format.open_memmap(os.path.join(folder, "out.npy"), mode="w+", dtype="float32",
                                           shape=(num_sequences, length, 6))
        started = time.perf_counter()
        done = 0
        for chunk, _ in gan.stream(num_sequences, length, chunk_length=chunk_length, seed=0):
            output[:, done : done + chunk.shape[1]] = chunk
            done += chunk.shape[1]
        output.flush()
        seconds = time.perf_counter() - started
        del output
    return {
        "length": length, "num_sequences": num_sequences, "chunk_length": chunk_length,
        "seconds": round(seconds, 2), "steps_per_second": round(length / seconds),
        "values_per_second": round(length * num_sequences * 6 / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "rss_after_model_mb": round(rss_before),
    }


def measure_many(num_sequences: int, window: int) -> dict:
    """`tfgan-rnn generate` of `num_sequences` windows, in this process."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from tfgan_rnn import cli, recipe

    gan = recipe.build_gan(6, seed=0)
    with tempfile.TemporaryDirectory() as folder:
        model = os.path.join(folder, "model.keras")
        gan.save(model)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        cli.main(["generate", "--model", model, "--num", str(num_sequences), "--length", str(window),
                  "--out", os.path.join(folder, "out.npy")])
        seconds = time.perf_counter() - started
    return {
        "num_sequences": num_sequences, "length": window, "seconds": round(seconds, 2),
        "sequences_per_second": round(num_sequences / seconds),
        "output_mb": round(num_sequences * window * 6 * 4 / 2**20),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "rss_after_model_mb": round(rss_before),
    }


def main_many(args):
    rows = []
    for count in (int(x) for x in args.sequences.split(",")):
        result = subprocess.run([sys.executable, __file__, "--many-child", str(count), "--window", str(args.window)],
                                capture_output=True, text=True)
        if result.returncode:
            rows.append({"num_sequences": count, "length": args.window, "failed": result.returncode,
                         "error": (result.stderr.strip().splitlines() or [""])[-1]})
        else:
            rows.append(json.loads(result.stdout.strip().splitlines()[-1]))
        print(rows[-1], flush=True)
    print("\n| sequences x steps | seconds | sequences/s | output (MB) | peak RSS (MB) | RSS with model, before (MB) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        if "failed" in r:
            print(f"| {r['num_sequences']:,} x {r['length']} | failed (exit {r['failed']}) | | | | |")
            continue
        print(f"| {r['num_sequences']:,} x {r['length']} | {r['seconds']} | {r['sequences_per_second']:,} | "
              f"{r['output_mb']:,} | {r['peak_rss_mb']:,} | {r['rss_after_model_mb']:,} |")
    output = args.output or os.path.join(HERE, "results", "generation_many.json")
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "w") as handle:
        json.dump(rows, handle, indent=2)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", default="10000,100000,1000000")
    parser.add_argument("--num-sequences", type=int, default=64)
    parser.add_argument("--chunk-length", type=int, default=4096)
    parser.add_argument("--sequences", help="comma-separated counts of --window-step sequences to generate "
                        "with `tfgan-rnn generate` instead (e.g. 100000,400000,2000000)")
    parser.add_argument("--window", type=int, default=24, help="steps per sequence with --sequences (default 24)")
    parser.add_argument("--output", help="JSON file for --sequences (default results/generation_many.json)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--many-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.many_child:
        print(json.dumps(measure_many(args.many_child, args.window)))
        return
    if args.sequences:
        main_many(args)
        return
    if args.child:
        print(json.dumps(measure(args.child, args.num_sequences, args.chunk_length)))
        return
    rows = []
    for length in (int(x) for x in args.lengths.split(",")):
        result = subprocess.run([sys.executable, __file__, "--child", str(length), "--num-sequences",
                                 str(args.num_sequences), "--chunk-length", str(args.chunk_length)],
                                capture_output=True, text=True, check=True)
        rows.append(json.loads(result.stdout.strip().splitlines()[-1]))
        print(rows[-1], flush=True)
    print("\n| steps | sequences | seconds | steps/s | peak RSS (MB) | RSS with model, before generating (MB) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['length']:,} | {r['num_sequences']} | {r['seconds']} | {r['steps_per_second']:,} | "
              f"{r['peak_rss_mb']} | {r['rss_after_model_mb']} |")
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "generation.json"), "w") as handle:
        json.dump(rows, handle, indent=2)


if __name__ == "__main__":
    main()
