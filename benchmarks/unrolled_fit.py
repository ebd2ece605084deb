"""Would switching `fit` to unrolled recurrent loops after its first steps pay?

Usage (from the repository root; run it alone, the machine is shared by everything):

    .venv/bin/python benchmarks/unrolled_fit.py --configs small recipe

Fully unrolling the LSTM stack (`keras.layers.RNN(unroll=True)`) made the stack alone
faster at the small size (`lstm_loops.py`) but its first call several times as long, so
the 5-s first step rules it out as the default. A run could still start on the loop and
switch to an unrolled train function once it is underway. This measures, for one model
in one process (so the machine's drift between processes does not enter): the first
step on the loop; the first step of a train function traced again with every recurrent
layer of both networks unrolled (what such a switch would cost once); then chunks of
steps alternating between the two functions (their median ms per step, after 3 steps of
each chunk). The model, its weights and optimizers are shared, so both functions train
the same GAN. Writes benchmarks/results/unrolled_fit.json (or --output).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def measure(config_name: str, chunk_steps: int, rounds: int) -> dict:
    import train_step

    from tfgan_rnn.discriminators import recurrent_layers

    gan, dataset = train_step.build_fit(train_step.CONFIGS[config_name], "float32", False, 1)
    recorder = train_step._StepTimes()

    def chunk(steps):
        recorder.times.clear()
        started = time.perf_counter()
        gan.fit(dataset, steps_per_epoch=steps, epochs=1, verbose=0, callbacks=[recorder.callback])
        per_step = [b - a for a, b in zip(recorder.times[3:], recorder.times[4:])]
        return recorder.times[0] - started, 1000 * statistics.median(per_step)

    loop_first, _ = chunk(10)
    loop_function = gan.train_function
    layers = [layer for model in (gan.generator, gan.discriminator) for layer in recurrent_layers(model)]
    for layer in layers:
        layer.unroll = True
    gan.make_train_function(force=True)
    unrolled_first, _ = chunk(10)
    unrolled_function = gan.train_function
    result = {"config": config_name, "recurrent_layers": len(layers), "loop_first_step_s": loop_first,
              "unrolled_first_step_s": unrolled_first, "rounds": []}
    for _ in range(rounds):
        gan.train_function = loop_function
        _, loop_ms = chunk(chunk_steps)
        gan.train_function = unrolled_function
        _, unrolled_ms = chunk(chunk_steps)
        result["rounds"].append({"loop_ms": loop_ms, "unrolled_ms": unrolled_ms, "ratio": unrolled_ms / loop_ms})
        print(f"{config_name}: loop {loop_ms:.1f} ms, unrolled {unrolled_ms:.1f} ms per step "
              f"({unrolled_ms / loop_ms:.2f}x)", flush=True)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="+", default=["small", "recipe"], choices=["small", "recipe", "recipe28"])
    parser.add_argument("--steps", type=int, default=60, help="steps per chunk")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output", default=os.path.join(HERE, "results", "unrolled_fit.json"))
    args = parser.parse_args(argv)
    results = []
    for name in args.configs:  # one after the other in this process; each builds its own model
        result = measure(name, args.steps, args.rounds)
        ratios = [r["ratio"] for r in result["rounds"]]
        saved_ms = statistics.median(r["loop_ms"] - r["unrolled_ms"] for r in result["rounds"])
        extra_s = result["unrolled_first_step_s"] - result["loop_first_step_s"]
        result["break_even_steps"] = round(1000 * extra_s / saved_ms) if saved_ms > 0 else None
        print(f"{name}: first step {result['loop_first_step_s']:.1f} s on the loop, "
              f"{result['unrolled_first_step_s']:.1f} s unrolled; unrolled/loop per step "
              f"{', '.join(f'{r:.2f}' for r in ratios)}; the switch pays after "
              f"{result['break_even_steps'] if result['break_even_steps'] else 'never'} steps", flush=True)
        results.append(result)
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as handle:
        json.dump({"results": results, "steps": args.steps, "rounds": args.rounds}, handle, indent=2)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
