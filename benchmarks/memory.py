"""Where a training process's memory goes: resident and peak size after each stage.

Usage (from the repository root, alone on the machine):

    .venv/bin/python benchmarks/memory.py                 # the small train_step.py configuration
    .venv/bin/python benchmarks/memory.py --config recipe # what `tfgan-rnn train` builds
    .venv/bin/python benchmarks/memory.py --release-memory --output benchmarks/results/memory_small_released.json

Each stage's resident size is also split into anonymous memory (the process's own: Python
objects, TensorFlow's heap, tensors) and file-backed pages (the mapped shared libraries'
code and read-only data, shared with other processes); peak RSS counts both.

Stages: importing numpy, tensorflow, keras, tfgan_rnn (and which optional libraries
those imports pulled in), building and compiling the GAN, the gradient check `fit` runs
first, the first `fit` step (tracing and running it) and 50 more steps. With --release-memory,
as `tfgan-rnn train` runs: `tfgan_rnn.memory.release_memory()` after building, and `fit`
under `callbacks.ReleaseMemory`. Reads /proc/self/status (Linux).
Prints a table and writes benchmarks/results/memory_CONFIG.json. Run it with another
environment's python to measure that environment, e.g. the training-only one:

    make venv-train TENSORFLOW=tensorflow-cpu
    .venv-train/bin/python benchmarks/memory.py --output benchmarks/results/memory_small_train_cpu.json
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OPTIONAL = ("pandas", "scipy", "matplotlib", "sklearn", "h5py")


@functools.cache
def _library_memory_module():
    """tfgan_rnn/memory.py, loaded once and on its own: importing the package would import TensorFlow,
    whose cost is one of the stages measured."""
    import importlib.util

    package = importlib.util.find_spec("tfgan_rnn").submodule_search_locations[0]
    spec = importlib.util.spec_from_file_location("_tfgan_rnn_memory", os.path.join(package, "memory.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _resident_megabytes() -> dict:
    """This process's resident size in MB (`tfgan_rnn.memory.resident_memory`): now
    ("resident"), its peak ("peak"), and the part now resident split into "anonymous" (the
    process's own memory) and "file" (pages of files it maps: shared libraries' code and data
    read from disk, shared with every process that maps the same files and dropped by the
    kernel under pressure)."""
    return _library_memory_module().resident_memory()


def _status_megabytes() -> tuple[float, float]:
    """(resident, peak resident) of this process in MB."""
    resident = _resident_megabytes()
    return resident["resident"], resident["peak"]


def installed_optional_libraries() -> list:
    """The libraries of OPTIONAL installed in this environment."""
    import importlib.util

    return [name for name in OPTIONAL if importlib.util.find_spec(name) is not None]


def tensorflow_distribution() -> str:
    """Which build of TensorFlow is installed: "tensorflow", "tensorflow-cpu", ..."""
    from importlib import metadata

    names = {dist.metadata["Name"] for dist in metadata.distributions()}
    return next((name for name in ("tensorflow", "tensorflow-cpu", "tensorflow_cpu") if name in names), "unknown")


def optional_libraries_megabytes() -> float:
    """What importing the installed optional libraries alone adds to numpy's resident size
    (fresh process)."""
    import subprocess

    code = (f"import sys; sys.path.insert(0, {HERE!r}); import numpy, memory; before = memory._status_megabytes()[0]; "
            f"[__import__(name) for name in {tuple(installed_optional_libraries())!r}]; "
            "print(memory._status_megabytes()[0] - before)")
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="small", help="a configuration of train_step.py")
    parser.add_argument("--release-memory", nargs="?", const="unmap", default=None, choices=["unmap", "evict"],
                        help="let go of unused memory as `tfgan-rnn train` does (release_memory, then "
                             "callbacks.ReleaseMemory); 'evict': with evict=True")
    parser.add_argument("--output", default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    stages = []

    def record(stage):
        resident = _resident_megabytes()
        stages.append({"stage": stage, "seconds": round(time.perf_counter() - started, 1),
                       "rss_mb": round(resident["resident"]), "peak_rss_mb": round(resident["peak"]),
                       "anonymous_rss_mb": round(resident["anonymous"]), "file_rss_mb": round(resident["file"]),
                       "optional_imports": [name for name in OPTIONAL if name in sys.modules]})
        row = stages[-1]
        print(f"{stage:34s} {row['seconds']:6.1f} s  RSS {row['rss_mb']:5d} MB (anonymous {row['anonymous_rss_mb']:4d}, "
              f"files {row['file_rss_mb']:4d})  peak {row['peak_rss_mb']:5d} MB"
              f"  {' '.join(row['optional_imports'])}", flush=True)

    installed = installed_optional_libraries()
    build = tensorflow_distribution()
    optional = optional_libraries_megabytes()
    print(f"{build}; installed: {', '.join(installed) or 'none'} of {', '.join(OPTIONAL)}; importing them "
          f"alone adds {optional:.0f} MB to numpy's (fresh process)")
    started = time.perf_counter()
    record("start")
    # Each import is a stage: what it adds to the process is the measurement.
    import numpy  # noqa: F401
    record("import numpy")
    import tensorflow  # noqa: F401
    record("import tensorflow")
    import keras  # noqa: F401
    record("import keras")
    import tfgan_rnn  # noqa: F401
    record("import tfgan_rnn")
    sys.path.insert(0, HERE)
    import train_step

    if args.config not in train_step.CONFIGS:
        parser.error(f"--config must be one of {sorted(train_step.CONFIGS)}. Received: {args.config!r}")
    gan, dataset = train_step.build_fit(train_step.CONFIGS[args.config], "float32", False, 1)
    record("build and compile")
    if args.release_memory:  # as `tfgan-rnn train` does before fit
        _library_memory_module().release_memory(evict=args.release_memory == "evict")
        record("release_memory()")
    # What `fit` does first on its own (eagerly, on a few windows), as a stage of its own.
    gan._first_gradient_check(next(iter(dataset)).numpy(), None, None)  # as `fit` calls it
    record("gradient check (eager)")
    release = []
    if args.release_memory:  # as `tfgan-rnn train`: when fit starts and after its first step, again
        from tfgan_rnn.callbacks import ReleaseMemory

        release = [ReleaseMemory(evict=args.release_memory == "evict")]
    gan.fit(dataset, steps_per_epoch=1, epochs=1, verbose=0, callbacks=release)
    record("first step (trace, run)" + (", with ReleaseMemory" if release else ""))
    gan.fit(dataset, steps_per_epoch=50, epochs=1, verbose=0)
    record("50 more steps")

    output = args.output or os.path.join(HERE, "results", f"memory_{args.config}.json")
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w") as handle:
        json.dump({"config": args.config, "tensorflow_build": build, "optional_libraries_installed": installed,
                   "optional_libraries_mb": round(optional), "release_memory": args.release_memory,
                   "releases": release[0].releases if release else [], "stages": stages},
                  handle, indent=1)
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
