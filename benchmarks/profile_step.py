"""Where a `fit` step's time goes, from TensorFlow's profiler.

Trains the train-step benchmark's networks (`benchmarks/train_step.py`'s configurations,
`RecurrentGAN.fit` as built there) and profiles a few steps after warm-up with Keras'
own `keras.callbacks.TensorBoard(profile_batch=...)`, which writes a TensorBoard log
(open it with TensorBoard's profile plugin, `pip install tensorboard-plugin-profile`).
Then it reads the trace that the profiler wrote (`*.xplane.pb`) and splits the time of
TensorFlow's executor threads (`tf_Compute`) three ways:

- **kernels**: the ops the executor traces, by op type. It traces the ops it counts as
  expensive; it runs the ones it has measured as cheap inline, without an event, so
  counts of small elementwise ops vary between runs (matmuls are always traced);
- **executor**: the rest of the executor's `Process` calls: its own bookkeeping (which
  node is ready, passing tensors on) and the cheap ops it runs inline (the loop's
  `Enter`/`Merge`/`Switch`/`NextIteration`/`Exit` nodes, identities, the gradient's list
  pushes and pops, and small elementwise ops);
- **idle**: the thread is waiting, because nothing is ready (the recurrence is a chain).

Then, with `--ops`, it times single ops at one LSTM cell step's shapes (batch x 4 units
gates, batch x units states) in a `tf.while_loop` of 200 dependent iterations, so that
per-element costs (sigmoid, tanh, a split and concat on the last axis) can be set
against a matmul's.

Usage (from the repository root; run it alone):

    .venv/bin/python benchmarks/profile_step.py                          # small
    .venv/bin/python benchmarks/profile_step.py --configs small large --steps 10 --ops

Writes the TensorBoard logs under `runs/profile_step/<config>/` and a summary to
`benchmarks/results/profile_step.json` (or `--output`). The profiler itself slows the
profiled steps (each traced op costs a little), so the ms per step it prints beside the
unprofiled median is the profiled window's; the split between kernels, executor and
idle is what it is for.
"""

from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import train_step  # noqa: E402  (the configurations and how fit is built)

EXECUTOR_THREADS = "tf_Compute"


def _op_type(event_name):
    """`"scope/name:OpType"` -> `"OpType"`; None for the executor's own events."""
    name, colon, op_type = event_name.rpartition(":")
    if not colon or not name or name.endswith(":") or not op_type.isidentifier():
        return None  # e.g. "ExecutorState::Process", "ParallelFor"
    return op_type


def _union_length(intervals):
    """Total length covered by `(start, end)` intervals."""
    total, current_start, current_end = 0, None, None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    return total + (0 if current_end is None else current_end - current_start)


def summarize_trace(path, steps):
    """Kernel / executor / idle split of the executor threads in one `.xplane.pb`."""
    from tensorflow.tsl.profiler.protobuf import xplane_pb2

    space = xplane_pb2.XSpace()
    with open(path, "rb") as file:
        space.ParseFromString(file.read())
    plane = next(plane for plane in space.planes if plane.name == "/host:CPU")
    names = {key: metadata.name for key, metadata in plane.event_metadata.items()}
    lines = [line for line in plane.lines if line.name.startswith(EXECUTOR_THREADS) and line.events]
    by_type = collections.defaultdict(lambda: [0, 0.0])  # op type -> [count, ms]
    kernel_ms = busy_ms = 0.0
    first, last = None, None
    for line in lines:
        process = []
        for event in line.events:
            start = line.timestamp_ns * 1000 + event.offset_ps
            end = start + event.duration_ps
            first = start if first is None else min(first, start)
            last = end if last is None else max(last, end)
            name = names.get(event.metadata_id, "")
            op_type = _op_type(name)
            if op_type is not None:
                by_type[op_type][0] += 1
                by_type[op_type][1] += event.duration_ps / 1e9
                kernel_ms += event.duration_ps / 1e9
            elif name.startswith("ExecutorState::Process"):
                process.append((start, end))
        busy_ms += _union_length(process) / 1e9  # kernels run inside Process
    span_ms = (last - first) / 1e9
    thread_ms = span_ms * len(lines)
    top = sorted(by_type.items(), key=lambda item: -item[1][1])
    return {
        "executor_threads": len(lines),
        "profiled_steps": steps,
        "ms_per_step_profiled": span_ms / steps,
        "kernels_per_step": sum(count for count, _ in by_type.values()) / steps,
        "thread_ms_per_step": {
            "kernels": kernel_ms / steps,
            "executor": (busy_ms - kernel_ms) / steps,
            "idle": (thread_ms - busy_ms) / steps,
        },
        "fraction_of_thread_time": {
            "kernels": kernel_ms / thread_ms,
            "executor": (busy_ms - kernel_ms) / thread_ms,
            "idle": (thread_ms - busy_ms) / thread_ms,
        },
        "kernels_by_type": {
            op_type: {"per_step": count / steps, "ms_per_step": ms / steps, "us_each": 1000 * ms / count}
            for op_type, (count, ms) in top
        },
    }


def op_costs(batch, units, iterations=200):
    """Microseconds per op at one LSTM cell step's shapes, each in a loop of dependent calls."""
    import tensorflow as tf

    gates = tf.random.normal((batch, 4 * units))
    recurrent_kernel = tf.random.normal((units, 4 * units)) * 0.01
    ops = {
        "empty loop": lambda z: z,
        "mul": lambda z: z * 0.999,
        "sigmoid": tf.sigmoid,
        "tanh": tf.tanh,
        "split + concat (last axis)": lambda z: tf.concat(tf.split(z, 4, axis=-1)[::-1], axis=-1),
        "matmul (batch x units) @ (units x 4 units)": lambda z: z + tf.matmul(z[:, :units], recurrent_kernel),
    }
    costs = {}
    for name, op in ops.items():
        @tf.function
        def run(z, op=op):
            return tf.while_loop(lambda i, z: i < iterations, lambda i, z: (i + 1, op(z)), (0, z),
                                 parallel_iterations=1)[1]

        run(gates).numpy()
        times = []
        for _ in range(15):
            started = time.perf_counter()
            run(gates).numpy()
            times.append(time.perf_counter() - started)
        costs[name] = 1e6 * statistics.median(times) / iterations
    return {"batch": batch, "units": units, "elements": batch * 4 * units, "us_per_iteration": costs}


def profile(config_name, warmup, steps, logdir):
    import keras

    config = train_step.CONFIGS[config_name]
    gan, dataset = train_step.build_fit(config, "float32", False, 1)
    recorder = train_step._StepTimes()
    run_dir = os.path.join(logdir, config_name)
    profiler = keras.callbacks.TensorBoard(
        log_dir=run_dir, profile_batch=(warmup + 1, warmup + steps), write_graph=False, update_freq="epoch"
    )
    before = set(glob.glob(os.path.join(run_dir, "**", "*.xplane.pb"), recursive=True))
    gan.fit(dataset, steps_per_epoch=warmup + steps + 2, epochs=1, verbose=0,
            callbacks=[recorder.callback, profiler])
    traces = sorted(set(glob.glob(os.path.join(run_dir, "**", "*.xplane.pb"), recursive=True)) - before)
    if not traces:
        raise RuntimeError(f"the profiler wrote no trace under {run_dir}")
    unprofiled = [b - a for a, b in zip(recorder.times[2:warmup], recorder.times[3:warmup])]
    summary = summarize_trace(traces[-1], steps)
    return {"config": config_name, "trace": os.path.relpath(traces[-1]),
            "ms_per_step_unprofiled": 1000 * statistics.median(unprofiled), **summary}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="+", default=["small"],
                        choices=[name for name, config in train_step.CONFIGS.items() if not config.get("recipe")])
    parser.add_argument("--warmup", type=int, default=30, help="steps before the profiled ones")
    parser.add_argument("--steps", type=int, default=20, help="profiled steps")
    parser.add_argument("--logdir", default=os.path.join("runs", "profile_step"))
    parser.add_argument("--ops", action="store_true", help="also time single ops at each configuration's shapes")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "profile_step.json"))
    args = parser.parse_args(argv)
    if args.warmup < 5 or args.steps < 1:
        parser.error(f"--warmup must be at least 5 and --steps at least 1. Received: "
                     f"--warmup {args.warmup} --steps {args.steps}")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    report = []
    for config_name in args.configs:
        started = time.perf_counter()
        result = profile(config_name, args.warmup, args.steps, args.logdir)
        report.append(result)
        share = result["fraction_of_thread_time"]
        print(f"{config_name}: {result['ms_per_step_unprofiled']:.1f} ms/step unprofiled, "
              f"{result['ms_per_step_profiled']:.1f} profiled; {result['kernels_per_step']:.0f} traced kernels "
              f"per step on {result['executor_threads']} executor threads; thread time: kernels "
              f"{100 * share['kernels']:.0f}%, executor {100 * share['executor']:.0f}%, idle "
              f"{100 * share['idle']:.0f}%  ({time.perf_counter() - started:.0f} s)")
        for op_type, row in list(result["kernels_by_type"].items())[:10]:
            print(f"  {op_type:24s} {row['per_step']:7.0f} per step {row['ms_per_step']:7.2f} ms/step "
                  f"{row['us_each']:7.1f} us each")
        print(f"  TensorBoard log: {os.path.join(args.logdir, config_name)}")
        if args.ops:
            config = train_step.CONFIGS[config_name]
            result["op_costs"] = op_costs(config["batch_size"], config["units"])
            print(f"  single ops on {config['batch_size']} x {4 * config['units']} gates, us per loop iteration:")
            for name, cost in result["op_costs"]["us_per_iteration"].items():
                print(f"    {name:44s} {cost:7.1f}")
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as file:
        json.dump({"cpu_count": os.cpu_count(), "report": report}, file, indent=1)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
