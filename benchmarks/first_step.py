"""Where `fit`'s first step goes: the gradient check, tracing, graph optimization, the first run.

Usage (from the repository root, alone on the machine):

    .venv/bin/python benchmarks/first_step.py --rounds 3
    .venv/bin/python benchmarks/first_step.py --rounds 3 --variants '{}' '{"layout_optimizer": false}'

Each measurement is a fresh process that imports TensorFlow with its graph optimizer's
log on (`TF_CPP_VMODULE=meta_optimizer=1`), builds one of train_step.py's configurations
and calls `fit`. The first step, from `fit`'s call to the end of its first batch, is split
at three points: the end of the eager gradient check `fit` runs first
(`RecurrentGAN._first_gradient_check`), the start and the end of grappler's work on the
train function's graph (the log's timestamps), and the end of the first batch. So:

  check           the eager gradient check;
  trace           Keras making the train function and TensorFlow tracing it (Python);
  optimize        grappler's passes over the traced graph (C++), with each pass's time;
  first run       the rest: placing and partitioning the graph, creating its kernels and
                  running the step once.

Then `--steps` more steps give the milliseconds per step. `--variants` takes grappler
options as JSON, passed to `tf.config.optimizer.set_experimental_options` in the child
(`{}`: TensorFlow's defaults), run in alternation within each round, because this machine
drifts between processes.

What a variant does to the step itself is better seen within one process, where the
drift between processes does not enter: `--compare-steps ROUNDS` builds the configuration
twice, once under TensorFlow's defaults and once under each non-default variant, and
runs chunks of `--steps` steps of each in alternation, setting the options before each
chunk. TensorFlow keys a function's instantiation (its optimized graph) by these options,
so each model keeps running the graph that was optimized its way; the chunk's first batch
shows it (seconds only the first time each way).

    .venv/bin/python benchmarks/first_step.py --compare-steps 10 --steps 25 --variants '{"remapping": false}'

Prints a table and writes benchmarks/results/first_step.json (or --output).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STAGES = ("check", "trace", "optimize", "first_run")
_LOG = re.compile(r"^[IWEF]\d{4} \d\d:\d\d:(?P<time>\d+\.\d+)\s+\d+ meta_optimizer\.cc:\d+\] (?P<message>.*)$")
_PASS = re.compile(r"^(?P<name>[\w.-]+)(\{.*\})?: Graph size after: .* time = (?P<ms>[\d.]+)ms\.$")
_ITEM = "Starting optimization for grappler item: "


def child(config: str, variant: str, steps: int) -> None:
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "0"
    os.environ["TF_CPP_VMODULE"] = "meta_optimizer=1"
    sys.path.insert(0, HERE)
    import tensorflow as tf

    options = json.loads(variant)
    if options:
        tf.config.optimizer.set_experimental_options(options)
    import train_step

    gan, dataset = train_step.build_fit(train_step.CONFIGS[config], "float32", False, 1)
    marks = {}
    check = gan._first_gradient_check

    def timed_check(*args, **kwargs):
        result = check(*args, **kwargs)
        marks["check_end"] = time.time()
        return result

    gan._first_gradient_check = timed_check
    recorder = train_step._StepTimes()
    marks["fit_start"], started = time.time(), time.perf_counter()
    gan.fit(dataset, steps_per_epoch=steps + 1, epochs=1, verbose=0, callbacks=[recorder.callback])
    marks["first_batch_end"] = marks["fit_start"] + recorder.times[0] - started
    per_step = [b - a for a, b in zip(recorder.times[steps // 4:], recorder.times[steps // 4 + 1:])]
    print("RESULT " + json.dumps({"config": config, "variant": options, "marks": marks,
                                  "ms_per_step_median": 1e3 * statistics.median(per_step)}), flush=True)


def compare_steps(config: str, variant: str, steps: int, rounds: int) -> None:
    """ms per step under the defaults and under `variant`, in alternating chunks in this process."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.path.insert(0, HERE)
    import tensorflow as tf

    import train_step

    variant = json.loads(variant)
    options = {"defaults": dict.fromkeys(variant, None), "variant": variant}  # None: TensorFlow's default
    runs = {}
    for name in ("defaults", "variant"):
        tf.config.optimizer.set_experimental_options(options[name])
        gan, dataset = train_step.build_fit(train_step.CONFIGS[config], "float32", False, 1)
        started = time.perf_counter()
        gan.fit(dataset, steps_per_epoch=2, epochs=1, verbose=0)
        runs[name] = (gan, dataset, time.perf_counter() - started)
    per_round = {"defaults": [], "variant": []}
    first_batches = {"defaults": [], "variant": []}
    for round_index in range(rounds):
        for name in ("defaults", "variant") if round_index % 2 == 0 else ("variant", "defaults"):
            tf.config.optimizer.set_experimental_options(options[name])
            gan, dataset, _ = runs[name]
            recorder = train_step._StepTimes()
            started = time.perf_counter()
            gan.fit(dataset, steps_per_epoch=steps, epochs=1, verbose=0, callbacks=[recorder.callback])
            times = recorder.times
            first_batches[name].append(times[0] - started)
            per_round[name].append(1e3 * statistics.median(b - a for a, b in zip(times[1:], times[2:])))
    print("RESULT " + json.dumps({
        "config": config, "variant": options["variant"], "steps_per_chunk": steps,
        "first_two_steps_seconds": {name: run[2] for name, run in runs.items()},
        "chunk_first_batch_seconds": first_batches, "ms_per_step": per_round,
        "variant_over_defaults": [v / d for d, v in zip(per_round["defaults"], per_round["variant"])],
    }), flush=True)


def grappler_items(log: str) -> list[dict]:
    """The graph optimizer's work per item (graph or function): start, end and each pass's ms."""
    items = []
    for line in log.splitlines():
        match = _LOG.match(line)
        if not match:
            continue
        stamp, message = float(match["time"]), match["message"]
        if message.startswith(_ITEM):
            items.append({"item": message[len(_ITEM):], "start": stamp, "end": stamp, "passes_ms": {}})
        elif items:
            items[-1]["end"] = stamp
            passed = _PASS.match(message)
            if passed:
                passes = items[-1]["passes_ms"]
                passes[passed["name"]] = passes.get(passed["name"], 0.0) + float(passed["ms"])
    return items


def split(result: dict, log: str) -> dict:
    """The first step's stages, from the child's marks and grappler's log lines."""
    marks = result["marks"]
    train = [item for item in grappler_items(log)
             if "step_on" in item["item"] and marks["fit_start"] <= item["start"] <= marks["first_batch_end"]]
    stages = {
        "first_step": marks["first_batch_end"] - marks["fit_start"],
        "check": marks["check_end"] - marks["fit_start"],
        "trace_and_first_run": marks["first_batch_end"] - marks["check_end"],
        "passes_ms": {},
    }
    if not train:  # e.g. {"disable_meta_optimizer": true}: nothing to split at
        return {**stages, "trace": None, "optimize": 0.0, "first_run": None}
    for item in train:
        for name, ms in item["passes_ms"].items():
            stages["passes_ms"][name] = stages["passes_ms"].get(name, 0.0) + ms
    start, end = train[0]["start"], train[-1]["end"]
    return {
        **stages,
        "trace": start - marks["check_end"],
        "optimize": end - start,
        "first_run": marks["first_batch_end"] - end,
    }


def _run_child(*arguments: str) -> tuple[dict, str]:
    """This script in a fresh process: its RESULT and its log (stderr)."""
    from train_step import parse_result

    process = subprocess.run([sys.executable, os.path.abspath(__file__), *arguments],
                             check=True, capture_output=True, text=True)
    return parse_result(process.stdout), process.stderr


def _write(output: str, report: dict) -> None:
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w") as handle:
        json.dump(report, handle, indent=1)
    print(f"wrote {output}")


def _seconds(value) -> str:
    return "?" if value is None else f"{value:.2f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="+", default=["small"])
    parser.add_argument("--variants", nargs="+", default=["{}"],
                        help="grappler options as JSON, e.g. '{\"layout_optimizer\": false}'; {}: the defaults")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=40, help="steps after the first, for ms per step")
    parser.add_argument("--compare-steps", type=int, metavar="ROUNDS",
                        help="compare ms per step under each non-default variant and the defaults in one "
                        "process, in ROUNDS alternations of --steps steps")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "first_step.json"))
    parser.add_argument("--child", nargs=2, metavar=("CONFIG", "VARIANT"), help=argparse.SUPPRESS)
    parser.add_argument("--compare-child", nargs=2, metavar=("CONFIG", "VARIANT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(*args.child, args.steps)
    if args.compare_child:
        return compare_steps(*args.compare_child, args.steps, args.compare_steps)
    for variant in args.variants:
        try:
            if not isinstance(json.loads(variant), dict):
                raise ValueError("not a JSON object")
        except ValueError as error:
            parser.error(f"--variants {variant!r}: {error}")
    if args.compare_steps:
        return main_compare(args)
    results = []
    for config in args.configs:
        for round_index in range(args.rounds):
            for variant in args.variants:
                result, log = _run_child("--child", config, variant, "--steps", str(args.steps))
                result.update(split(result, log), round=round_index)
                del result["marks"]
                results.append(result)
                top = sorted(result["passes_ms"].items(), key=lambda item: -item[1])[:3]
                print(f"{config:6s} round {round_index} {variant:28s} first step {result['first_step']:5.2f} s = "
                      + " + ".join(f"{stage} {_seconds(result[stage])}" for stage in STAGES)
                      + f"; {result['ms_per_step_median']:.1f} ms/step; costliest passes "
                      + ", ".join(f"{name} {ms:.0f} ms" for name, ms in top), flush=True)
    for config in args.configs:
        for variant in args.variants:
            rows = [r for r in results if r["config"] == config and r["variant"] == json.loads(variant)]
            shares = {stage: statistics.median(r[stage] / r["first_step"] for r in rows)
                      for stage in STAGES if all(r[stage] is not None for r in rows)}
            print(f"{config} {variant}: median first step {statistics.median(r['first_step'] for r in rows):.2f} s, "
                  f"{statistics.median(r['ms_per_step_median'] for r in rows):.1f} ms/step; median shares "
                  + ", ".join(f"{stage} {100 * share:.0f}%" for stage, share in shares.items()))
    _write(args.output, {"cpu_count": os.cpu_count(), "results": results})


def main_compare(args) -> None:
    results = []
    for config in args.configs:
        for variant in args.variants:
            if not json.loads(variant):
                continue
            result, _ = _run_child("--compare-child", config, variant,
                                   "--steps", str(args.steps), "--compare-steps", str(args.compare_steps))
            results.append(result)
            ratios = result["variant_over_defaults"]
            print(f"{config:6s} {variant}: ms per step, defaults "
                  + " / ".join(f"{ms:.1f}" for ms in result["ms_per_step"]["defaults"])
                  + "; variant " + " / ".join(f"{ms:.1f}" for ms in result["ms_per_step"]["variant"])
                  + f"; variant / defaults per round " + ", ".join(f"{r:.2f}" for r in ratios)
                  + f", median {statistics.median(ratios):.2f}", flush=True)
    _write(args.output, {"cpu_count": os.cpu_count(), "compare_steps": results})


if __name__ == "__main__":
    main()
