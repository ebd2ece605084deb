"""What letting go of unused memory costs and saves: `fit` without it, with
`release_memory()` (unmapping) and with `release_memory(evict=True)`, in alternation.

Usage (from the repository root, alone on the machine):

    .venv/bin/python benchmarks/release_memory.py --rounds 3

Each round runs train_step.py's `fit` process (the issue's small configuration by default)
once per mode, in a fresh process each, as `tfgan-rnn train` would: `release_memory` after
building, then `callbacks.ReleaseMemory` (when `fit` starts and after its first step).
Prints ms per step, the first step, peak RSS and the RSS at the end, and writes
benchmarks/results/release_memory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MODES = {"off": None, "unmap": "unmap", "evict": "evict"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="small")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=120, help="timed steps (after warm-up)")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "release_memory.json"))
    args = parser.parse_args(argv)
    sys.path.insert(0, HERE)
    import train_step

    if args.config not in train_step.CONFIGS or train_step.CONFIGS[args.config].get("recipe"):
        parser.error(f"--config must be one of small, large, gpu. Received: {args.config!r}")
    results = []
    for round_index in range(args.rounds):
        for mode, value in MODES.items():
            child_args = argparse.Namespace(steps=args.steps, warmup=10, precision="float32", steps_per_execution=1,
                                            recipe="{}", cudnn="auto", jit_compile=False, release_memory=value)
            result = train_step.run_child(args.config, "fit", child_args)
            result.update(round=round_index, mode=mode)
            results.append(result)
            print(f"round {round_index} {mode:6s}: {result['ms_per_step_median']:6.1f} ms/step, first step "
                  f"{result['first_step_seconds']:5.1f} s, peak RSS {result['peak_rss_mb']:5.0f} MB, at the end "
                  f"{result['rss_at_end_mb']:5.0f} MB", flush=True)
    summary = {}
    for mode in MODES:
        rows = [r for r in results if r["mode"] == mode]
        summary[mode] = {key: [round(min(r[key] for r in rows), 2), round(max(r[key] for r in rows), 2)]
                         for key in ("ms_per_step_median", "first_step_seconds", "peak_rss_mb", "rss_at_end_mb")}
        print(f"{mode:6s}: " + ", ".join(f"{key} {low}-{high}" for key, (low, high) in summary[mode].items()))
    for mode in ("unmap", "evict"):
        extra = [r["first_step_seconds"] - o["first_step_seconds"] for r, o in
                 zip([r for r in results if r["mode"] == mode], [r for r in results if r["mode"] == "off"])]
        summary[mode]["first_step_seconds_over_off"] = [round(x, 2) for x in extra]
        print(f"{mode}: first step minus off's, per round: {', '.join(f'{x:+.1f}' for x in extra)} s "
              f"(median {statistics.median(extra):+.1f})")
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as handle:
        json.dump({"config": args.config, "summary": summary, "results": results}, handle, indent=1)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
