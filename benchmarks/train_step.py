"""Train-step speed: `RecurrentGAN.fit` against a textbook two-tape GAN step, in one run.

Usage (from the repository root; run it alone, the machine is shared by everything):

    .venv/bin/python benchmarks/train_step.py                      # small and large
    .venv/bin/python benchmarks/train_step.py --configs small --steps 200
    .venv/bin/python benchmarks/train_step.py --configs gpu --precision mixed_float16
    .venv/bin/python benchmarks/train_step.py --configs gpu --cudnn off   # generic LSTM kernel on a GPU
    .venv/bin/python benchmarks/train_step.py --configs small --release-memory   # callbacks.ReleaseMemory

Every (configuration, implementation) pair runs in its own fresh process, so "first
step" includes importing, building, tracing and compiling, and peak RSS is that
process's own. Each process also measures this machine's float32 matmul rate (a chain
of 1024 x 1024 matmuls in a `tf.function`) right after its steps, so the achieved
fraction is judged against the machine as it was during that measurement. The pairs
are run in alternation (fit, reference, fit, reference, ... with --rounds) and the
ratio is taken between medians of the same round, because this shared machine drifts
20-35% between runs.

Implementations:
  fit        `RecurrentGAN.fit` with `LSTMGenerator` / `LSTMDiscriminator` (the
             library's defaults, alternating updates), on a repeated in-memory
             `tf.data` pipeline.
  fit_simultaneous
             the same networks and `fit`, with the reference's update order (one fake
             batch, both gradients at the same weights; `simultaneous_gan_class`), so
             that the ratio compares the same algorithm. `--check-update-order`
             shows that its generator update ignores the discriminator's (the
             alternating one's does not).
  fit_shared_pass
             `fit`'s alternating updates with both fake batches from one generator call
             on twice the batch (`shared_pass_gan_class`): one recurrent loop fewer per step.
  reference  what the tutorials write: three stacked `keras.layers.LSTM` per network in
             a `keras.Sequential`, a `@tf.function` step with two tapes that generates
             the fake batch, scores real and fake, and applies both gradients.

Configurations `recipe` and `recipe28` time what `tfgan-rnn train` builds (the default
recipe, `--recipe '{...}'` for overrides) on 24-step windows of 5 and 28 features, `fit`
only, with FLOPs that count the discriminator's convolutional branch:

    .venv/bin/python benchmarks/train_step.py --configs recipe recipe28 \
        --output benchmarks/results/train_step_recipe.json

Prints a table and writes benchmarks/results/train_step.json (or --output).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

CONFIGS = {
    # The TimeGAN size.
    "small": dict(length=24, features=5, latent_dim=5, units=24, layers=3, batch_size=128),
    "large": dict(length=128, features=16, latent_dim=16, units=128, layers=2, batch_size=256),
    # For a GPU session.
    "gpu": dict(length=128, features=16, latent_dim=16, units=256, layers=2, batch_size=512),
    # What `tfgan-rnn train` builds (`tfgan_rnn.recipe`, --recipe for overrides) for TimeGAN-size
    # windows of 5 and of 28 features (Stocks', Energy's), fit only: the textbook reference
    # has no such networks.
    "recipe": dict(length=24, features=5, batch_size=128, recipe=True),
    "recipe28": dict(length=24, features=28, batch_size=128, recipe=True),
}


def lstm_forward_flops(batch, length, input_dim, units):
    """Multiply-adds (x2) of one LSTM layer's input and recurrent matmuls."""
    return 2 * batch * length * (input_dim + units) * 4 * units


def network_forward_flops(config, batch, input_dim):
    flops, width = 0, input_dim
    for _ in range(config["layers"]):
        flops += lstm_forward_flops(batch, config["length"], width, config["units"])
        width = config["units"]
    return flops


def recipe_forward_flops(config, overrides):
    """Matmul FLOPs of one forward pass of the recipe's generator and discriminator (per batch)."""
    from tfgan_rnn import recipe

    settings = recipe.resolve(config["features"], **overrides)
    b, t, f = config["batch_size"], config["length"], config["features"]
    g, width = 0, settings["latent_dim"] + settings["static_noise_dim"]
    for _ in range(settings["num_layers"]):
        g += lstm_forward_flops(b, t, width, settings["units"])
        width = settings["units"]
    g += 2 * b * t * (settings["units"] + settings["latent_dim"] + settings["static_noise_dim"]) * f
    d, width = 0, f * (2 if settings["discriminator_differences"] else 1)
    for _ in range(settings["discriminator_layers"]):
        d += lstm_forward_flops(b, t, width, settings["discriminator_units"])
        width = settings["discriminator_units"]
    filters, kernel = settings["discriminator_conv_filters"], 3  # CausalConvolutions' defaults
    if filters:
        d += 2 * b * t * kernel * filters * (f + 2 * filters)  # three layers: f -> filters -> filters -> filters
    return g, d


def step_flops(config, implementation, overrides=None):
    """Estimated matmul FLOPs of one train step (a backward pass counted as 2 forwards)."""
    b = config["batch_size"]
    if config.get("recipe"):
        g, d = recipe_forward_flops(config, overrides or {})
        return 4 * g + 9 * d
    g = network_forward_flops(config, b, config["latent_dim"])
    d = network_forward_flops(config, b, config["features"])
    if implementation == "fit_shared_pass":
        # One generator forward on twice the batch and its backward (over both halves), the
        # discriminator's update as in `fit`, then D forward and backward for the generator.
        return 6 * g + 9 * d
    if implementation in ("reference", "fit_simultaneous"):
        # G forward + backward, D on real and fake forward + backward for its own tape,
        # D backward on fake for the generator's tape.
        return 3 * g + 8 * d
    # One discriminator update (fresh fake batch, D on real+fake, forward + backward),
    # then one generator update (fresh fake batch, D forward, backward through both).
    return 4 * g + 9 * d


def matmul_rate(seconds=3.0):
    """float32 GFLOP/s of a chain of 1024 x 1024 matmuls in a tf.function (4096 x 4096 on a GPU)."""
    import tensorflow as tf

    n, chain = (4096 if tf.config.list_physical_devices("GPU") else 1024), 8
    a = tf.random.normal((n, n)) / n**0.5
    b = tf.random.normal((n, n)) / n**0.5

    @tf.function
    def run(x):
        for _ in range(chain):
            x = tf.matmul(x, b)
        return x

    run(a).numpy()
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        run(a).numpy()
        count += 1
    elapsed = time.perf_counter() - started
    return 2 * n**3 * chain * count / elapsed / 1e9


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def simultaneous_gan_class():
    """`RecurrentGAN` with the reference's update order, for `fit_simultaneous`.

    One fake batch, one discriminator pass on real and fake, both gradients taken at the
    same weights, then both applied: the textbook step, inside the library's `fit` and
    networks. Benchmark-only (the library's step alternates, each update on a fresh fake
    batch); it covers the plain losses of the small/large/gpu configurations on one device
    only (no conditions, masks, penalty or tf.distribute).
    """
    import tensorflow as tf
    from keras import ops

    import tfgan_rnn

    class SimultaneousGAN(tfgan_rnn.RecurrentGAN):
        def train_step(self, data):
            real, condition, mask = self._unpack_batch(data)
            batch_size, length = ops.shape(real)[0], ops.shape(real)[1]
            with tf.GradientTape() as generator_tape:
                fake = self._fake_sequences(batch_size, length, self.seed_generator, True, condition)
                with tf.GradientTape() as discriminator_tape:
                    logits = self._score(ops.concatenate([real, fake], axis=0), True)
                    discriminator_loss, results = self._discriminator_parts(logits, batch_size, mask)
                    # Scaled as the library's updates do (loss scale under mixed_float16).
                    discriminator_scaled = self.discriminator_optimizer.scale_loss(discriminator_loss)
                generator_loss, generator_parts = self._generator_parts(logits[batch_size:], real, fake, mask)
                generator_scaled = self.generator_optimizer.scale_loss(generator_loss)
            generator_variables = self.generator.trainable_variables
            discriminator_variables = self.discriminator.trainable_variables
            discriminator_gradients = discriminator_tape.gradient(discriminator_scaled, discriminator_variables)
            generator_gradients = generator_tape.gradient(generator_scaled, generator_variables)
            results.update(generator_parts)
            results["discriminator_grad_norm"] = self._apply_gradients(
                self.discriminator_optimizer, discriminator_gradients, discriminator_variables, "discriminator"
            )
            results["generator_grad_norm"] = self._apply_gradients(
                self.generator_optimizer, generator_gradients, generator_variables, "generator"
            )
            return self._update_trackers(results)

    return SimultaneousGAN


def shared_pass_gan_class():
    """`RecurrentGAN` whose two updates share one generator pass, for `fit_shared_pass`.

    The same alternating algorithm as `fit` (the discriminator updated on a fake batch, then
    the generator on another fake batch scored by the updated discriminator), but both fake
    batches come from one generator call on twice the batch, recorded by the generator's
    tape before the discriminator's update: the generator's weights do not change between
    the two, so each batch is what a separate call would give, with other noise."""
    import tensorflow as tf
    from keras import ops

    import tfgan_rnn

    class SharedPassGAN(tfgan_rnn.RecurrentGAN):
        def train_step(self, data):
            real, condition, mask = self._unpack_batch(data)
            batch_size, length = ops.shape(real)[0], ops.shape(real)[1]
            generator_variables = self.generator.trainable_variables
            discriminator_variables = self.discriminator.trainable_variables
            with tf.GradientTape() as generator_tape:
                both = self._fake_sequences(2 * batch_size, length, self.seed_generator, True, None)
                with tf.GradientTape() as discriminator_tape:
                    logits = self._score(ops.concatenate([real, ops.stop_gradient(both[:batch_size])], axis=0), True)
                    discriminator_loss, results = self._discriminator_parts(logits, batch_size, mask)
                    discriminator_scaled = self.discriminator_optimizer.scale_loss(discriminator_loss)
                discriminator_gradients = discriminator_tape.gradient(discriminator_scaled, discriminator_variables)
                results["discriminator_grad_norm"] = self._apply_gradients(
                    self.discriminator_optimizer, discriminator_gradients, discriminator_variables, "discriminator"
                )
                fake = both[batch_size:]  # scored by the updated discriminator (reads follow the update)
                generator_loss, generator_parts = self._generator_parts(self._score(fake, True), real, fake, mask)
                generator_scaled = self.generator_optimizer.scale_loss(generator_loss)
            generator_gradients = generator_tape.gradient(generator_scaled, generator_variables)
            results.update(generator_parts)
            results["generator_grad_norm"] = self._apply_gradients(
                self.generator_optimizer, generator_gradients, generator_variables, "generator"
            )
            return self._update_trackers(results)

    return SharedPassGAN


def check_update_order():
    """Prints each implementation's first generator loss with the discriminator's learning
    rate at 0 and at 5 (SGD): the same under the simultaneous order (the generator's
    gradient is taken before the discriminator changes), different under the alternating."""
    import keras
    import numpy as np

    import tfgan_rnn

    real = np.random.default_rng(0).random((16, 10, 4)).astype("float32")
    for name, gan_class in (("fit", tfgan_rnn.RecurrentGAN), ("fit_simultaneous", simultaneous_gan_class())):
        losses = []
        for learning_rate in (0.0, 5.0):
            keras.utils.set_random_seed(0)
            gan = gan_class(tfgan_rnn.LSTMGenerator(3, 4, units=8, num_layers=2),
                            tfgan_rnn.LSTMDiscriminator(4, units=8, num_layers=2), seed=0)
            gan.compile(generator_optimizer=keras.optimizers.SGD(0.5),
                        discriminator_optimizer=keras.optimizers.SGD(learning_rate))
            history = gan.fit(real, batch_size=16, epochs=1, verbose=0)
            losses.append(history.history["generator_loss"][0])
        verdict = "same" if losses[0] == losses[1] else "different"
        print(f"{name}: first generator_loss {losses[0]:.6f} (discriminator learning rate 0) vs "
              f"{losses[1]:.6f} (5): {verdict}")


def build_fit(config, precision, jit_compile, steps_per_execution, overrides=None, updates="alternating"):
    import keras
    import tensorflow as tf

    import tfgan_rnn

    keras.utils.set_random_seed(0)
    if config.get("recipe"):
        from tfgan_rnn import recipe

        # compiled by the recipe, in the precision asked (its "auto" would pick mixed_float16 on a GPU)
        gan = recipe.build_gan(config["features"], seed=0, precision=precision, **(overrides or {}))
    else:
        generator = tfgan_rnn.LSTMGenerator(
            config["latent_dim"], config["features"], units=config["units"], num_layers=config["layers"]
        )
        discriminator = tfgan_rnn.LSTMDiscriminator(
            config["features"], units=config["units"], num_layers=config["layers"]
        )
        gan_class = {"simultaneous": simultaneous_gan_class, "shared_pass": shared_pass_gan_class}.get(
            updates, lambda: tfgan_rnn.RecurrentGAN)()
        gan = gan_class(generator, discriminator, seed=0)
        gan.compile(
            generator_optimizer=keras.optimizers.Adam(1e-4),
            discriminator_optimizer=keras.optimizers.Adam(1e-4),
            loss="non_saturating",
            jit_compile=jit_compile,
            steps_per_execution=steps_per_execution,
        )
    real = tf.random.uniform((config["batch_size"] * 4, config["length"], config["features"]), seed=1)
    dataset = tf.data.Dataset.from_tensor_slices(real).repeat().batch(
        config["batch_size"], drop_remainder=True
    ).prefetch(2)
    return gan, dataset


class _StepTimes:
    """A Keras callback that records the wall time at the end of each executed batch."""

    def __init__(self):
        import keras

        outer = self

        class Recorder(keras.callbacks.Callback):
            def on_train_batch_end(self, batch, logs=None):
                outer.times.append(time.perf_counter())

        self.times = []
        self.callback = Recorder()


def without_cudnn(models):
    """Turns cuDNN off in every `keras.layers.LSTM` of `models` (after `compile`, which sets it)."""
    from tfgan_rnn.discriminators import recurrent_layers

    for model in models:
        for layer in recurrent_layers(model):
            if hasattr(layer, "use_cudnn"):
                layer.use_cudnn = False


def measure_fit(config, steps, warmup, precision, jit_compile, steps_per_execution, overrides=None, cudnn="auto",
                updates="alternating", release_memory=None):
    started = time.perf_counter()
    gan, dataset = build_fit(config, precision, jit_compile, steps_per_execution, overrides, updates)
    if cudnn == "off":
        without_cudnn([gan.generator, gan.discriminator])
    recorder = _StepTimes()
    executions = warmup + steps
    callbacks = [recorder.callback]
    if release_memory:  # as `tfgan-rnn train`: before fit (and its gradient check), then the callback
        from tfgan_rnn.callbacks import ReleaseMemory
        from tfgan_rnn.memory import release_memory as release

        release(evict=release_memory == "evict")
        callbacks.insert(0, ReleaseMemory(evict=release_memory == "evict"))
    gan.fit(dataset, steps_per_epoch=executions * steps_per_execution, epochs=1, verbose=0, callbacks=callbacks)
    first_step = recorder.times[0] - started
    times = recorder.times[warmup:]
    per_step = [(b - a) / steps_per_execution for a, b in zip(times, times[1:])]
    return first_step, per_step


def measure_reference(config, steps, warmup, precision, jit_compile, steps_per_execution, cudnn="auto",
                      release_memory=None):
    import keras
    import tensorflow as tf

    started = time.perf_counter()
    keras.utils.set_random_seed(0)
    b, t = config["batch_size"], config["length"]

    def stack(input_dim, final_units, final_activation, sequences_out):
        layers = [keras.Input((t, input_dim))]
        for i in range(config["layers"]):
            last = i == config["layers"] - 1
            layers.append(keras.layers.LSTM(config["units"], return_sequences=sequences_out or not last,
                                            use_cudnn="auto" if cudnn == "auto" else False))
        layers.append(keras.layers.Dense(final_units, activation=final_activation))
        return keras.Sequential(layers)

    generator = stack(config["latent_dim"], config["features"], "sigmoid", True)
    discriminator = stack(config["features"], 1, None, False)
    generator_optimizer = keras.optimizers.Adam(1e-4)
    discriminator_optimizer = keras.optimizers.Adam(1e-4)
    cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)

    @tf.function(jit_compile=jit_compile)
    def train_step(real):
        noise = tf.random.normal((b, t, config["latent_dim"]))
        with tf.GradientTape() as generator_tape, tf.GradientTape() as discriminator_tape:
            fake = generator(noise, training=True)
            real_logits = discriminator(real, training=True)
            fake_logits = discriminator(fake, training=True)
            generator_loss = cross_entropy(tf.ones_like(fake_logits), fake_logits)
            discriminator_loss = cross_entropy(tf.ones_like(real_logits), real_logits) + cross_entropy(
                tf.zeros_like(fake_logits), fake_logits
            )
        generator_gradients = generator_tape.gradient(generator_loss, generator.trainable_variables)
        discriminator_gradients = discriminator_tape.gradient(
            discriminator_loss, discriminator.trainable_variables
        )
        generator_optimizer.apply_gradients(zip(generator_gradients, generator.trainable_variables))
        discriminator_optimizer.apply_gradients(
            zip(discriminator_gradients, discriminator.trainable_variables)
        )
        return generator_loss, discriminator_loss

    real = tf.random.uniform((b * 4, t, config["features"]), seed=1)
    batches = iter(tf.data.Dataset.from_tensor_slices(real).repeat().batch(b, drop_remainder=True).prefetch(2))
    times = []
    if release_memory:  # where fit's ReleaseMemory callback does it: before the first step and after it
        from tfgan_rnn.memory import release_memory as release

        release(evict=release_memory == "evict")
    for _ in range(warmup + steps):
        losses = train_step(next(batches))
        float(losses[0])  # wait for the step, as fit's callbacks do
        if release_memory and not times:
            release(evict=release_memory == "evict")
        times.append(time.perf_counter())
    first_step = times[0] - started
    times = times[warmup:]
    return first_step, [b - a for a, b in zip(times, times[1:])]


def child(args):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tfgan_rnn  # noqa: F401  (quiet TensorFlow import)
    import keras
    import tensorflow as tf

    if args.precision != "float32":
        keras.mixed_precision.set_global_policy(args.precision)
    config = CONFIGS[args.config]
    overrides = json.loads(args.recipe)
    if args.implementation.startswith("fit"):
        updates = {"fit_simultaneous": "simultaneous", "fit_shared_pass": "shared_pass"}.get(args.implementation,
                                                                                             "alternating")
        first_step, per_step = measure_fit(config, args.steps, args.warmup, args.precision, args.jit_compile,
                                           args.steps_per_execution, overrides, args.cudnn, updates,
                                           args.release_memory)
    else:
        first_step, per_step = measure_reference(config, args.steps, args.warmup, args.precision,
                                                 args.jit_compile, args.steps_per_execution, args.cudnn,
                                                 args.release_memory)
    from tfgan_rnn.memory import resident_memory

    resident_at_end = resident_memory()
    rate = matmul_rate()
    quantiles = statistics.quantiles(per_step, n=10)
    median = statistics.median(per_step)
    flops = step_flops(config, args.implementation, overrides)
    result = {
        "config": args.config,
        "implementation": args.implementation,
        "precision": args.precision,
        "jit_compile": args.jit_compile,
        "steps_per_execution": args.steps_per_execution,
        "cudnn": args.cudnn,
        **({"recipe_overrides": overrides} if config.get("recipe") else {}),
        "steps_timed": len(per_step) * args.steps_per_execution,
        "ms_per_step_median": 1e3 * median,
        "ms_per_step_p10": 1e3 * quantiles[0],
        "ms_per_step_p90": 1e3 * quantiles[-1],
        "sequences_per_second": config["batch_size"] / median,
        "first_step_seconds": first_step,
        "peak_rss_mb": peak_rss_mb(),
        "rss_at_end_mb": None if resident_at_end is None else resident_at_end["resident"],
        "release_memory": args.release_memory,
        "gflop_per_step": flops / 1e9,
        "achieved_gflops": flops / median / 1e9,
        "matmul_gflops": rate,
        "fraction_of_matmul_rate": None if rate is None else flops / median / 1e9 / rate,
        "devices": [d.name for d in tf.config.list_physical_devices()],
    }
    print("RESULT " + json.dumps(result), flush=True)


def run_child(config, implementation, args):
    command = [
        sys.executable, os.path.abspath(__file__), "--child",
        "--config", config, "--implementation", implementation,
        "--steps", str(args.steps), "--warmup", str(args.warmup),
        "--precision", args.precision, "--steps-per-execution", str(args.steps_per_execution),
        "--recipe", args.recipe, "--cudnn", args.cudnn,
    ]
    if args.jit_compile:
        command.append("--jit-compile")
    if args.release_memory:
        command += ["--release-memory", args.release_memory]
    return parse_result(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def parse_result(stdout: str) -> dict:
    """The JSON of a child process's last `RESULT ` line."""
    line = [line for line in stdout.splitlines() if line.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="+", default=["small", "large"], choices=sorted(CONFIGS))
    parser.add_argument("--implementations", nargs="+", default=["fit", "fit_simultaneous", "reference"],
                        choices=["fit", "fit_simultaneous", "fit_shared_pass", "reference"])
    parser.add_argument("--steps", type=int, default=120, help="timed steps (after warm-up)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1, help="alternations of the implementations")
    parser.add_argument("--precision", default="float32",
                        choices=["float32", "mixed_float16", "mixed_bfloat16"])
    parser.add_argument("--jit-compile", action="store_true")
    parser.add_argument("--steps-per-execution", type=int, default=1)
    parser.add_argument("--cudnn", choices=["auto", "off"], default="auto",
                        help="off: every keras.layers.LSTM on the generic kernel (matters on a GPU, where "
                        "the networks' defaults use separate cuDNN-capable layers)")
    parser.add_argument("--recipe", default="{}",
                        help="recipe overrides (JSON) for the recipe configurations, e.g. "
                        "'{\"discriminator_conv_filters\": 0}'")
    parser.add_argument("--check-update-order", action="store_true",
                        help="check fit_simultaneous's update order (no timing) and exit")
    parser.add_argument("--release-memory", nargs="?", const="unmap", default=None, choices=["unmap", "evict"],
                        help="let go of unused memory as `tfgan-rnn train` does: tfgan_rnn.memory.release_memory "
                             "before training, then when it starts and after the first step (fit: the "
                             "ReleaseMemory callback); 'evict': release_memory(evict=True)")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "train_step.json"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--implementation", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    if args.check_update_order:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        return check_update_order()

    recipe_configs = [config for config in args.configs if CONFIGS[config].get("recipe")]
    try:
        overrides = json.loads(args.recipe)
        if recipe_configs:  # only then: TensorFlow pages this process held would be shared with the
            from tfgan_rnn import recipe  # children, which `--release-memory evict` leaves resident

            recipe.resolve(5, **overrides)
    except ValueError as error:
        parser.error(f"--recipe: {error}")
    if recipe_configs and (args.jit_compile or args.steps_per_execution != 1):
        parser.error(f"{recipe_configs} train as the recipe compiles them: drop --jit-compile and "
                     "--steps-per-execution")

    results = []
    for config in args.configs:
        if config == "large":
            steps = max(20, args.steps // 6)  # about 2.5 s per reference step here
            local = argparse.Namespace(**{**vars(args), "steps": steps, "warmup": 3})
        else:
            local = args
        for round_index in range(args.rounds):
            for implementation in args.implementations:
                if implementation != "fit" and CONFIGS[config].get("recipe"):
                    continue  # the textbook step has no such networks; the recipe compiles its own
                result = run_child(config, implementation, local)
                result["round"] = round_index
                results.append(result)
                print(
                    f"{config:6s} {implementation:16s} {args.precision}{', no cuDNN' if args.cudnn == 'off' else ''} "
                    f"round {round_index}: "
                    f"{result['ms_per_step_median']:8.1f} ms/step "
                    f"(p10 {result['ms_per_step_p10']:.1f}, p90 {result['ms_per_step_p90']:.1f}), "
                    f"{result['sequences_per_second']:8.0f} seq/s, first step "
                    f"{result['first_step_seconds']:5.1f} s, peak RSS {result['peak_rss_mb']:5.0f} MB "
                    f"(at the end {result['rss_at_end_mb'] or 0:.0f}), "
                    + (f"{100 * result['fraction_of_matmul_rate']:4.1f}% of "
                       f"{result['matmul_gflops']:.0f} GFLOP/s matmul"
                       if result["matmul_gflops"] else ""),
                    flush=True,
                )
    speedups = {"fit": {}, "fit_simultaneous": {}, "fit_shared_pass": {}}
    for implementation, config in [(i, c) for i in speedups for c in args.configs]:
        ratios = []
        for round_index in range(args.rounds):
            by_impl = {r["implementation"]: r for r in results
                       if r["config"] == config and r["round"] == round_index}
            if {implementation, "reference"} <= set(by_impl):
                ratios.append(by_impl["reference"]["ms_per_step_median"]
                              / by_impl[implementation]["ms_per_step_median"])
        if ratios:
            speedups[implementation][config] = ratios
            print(f"{config}: {implementation} is {statistics.median(ratios):.2f}x the reference's speed "
                  f"(per round: {', '.join(f'{r:.2f}' for r in ratios)})")
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as handle:
        json.dump({"machine": platform.processor() or platform.machine(), "cpu_count": os.cpu_count(),
                   "speedup_fit_over_reference": speedups["fit"],
                   "speedup_fit_simultaneous_over_reference": speedups["fit_simultaneous"],
                   "speedup_fit_shared_pass_over_reference": speedups["fit_shared_pass"], "results": results},
                  handle, indent=1)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
