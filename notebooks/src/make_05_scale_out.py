"""Writes notebooks/05_scale_out.ipynb (without outputs); execute it to fill them.

    .venv/bin/python notebooks/src/make_05_scale_out.py
    cd notebooks && ../.venv/bin/jupyter execute --inplace --timeout 1800 05_scale_out.ipynb
"""

import os

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))

cells = [
    new_markdown_cell("""# Scale-out: mixed precision, XLA, `steps_per_execution` and several devices

By the end you will know how to turn on each of TensorFlow's speed levers for a `RecurrentGAN`, what each one costs or buys **on the machine that runs this notebook** (every figure below is measured here, not quoted), and how to train on several devices with `tf.distribute.MirroredStrategy`, getting the same losses as on one device.

With no GPU, the notebook splits the CPU into two logical devices so that the distributed code path really runs; on a machine with GPUs, `MirroredStrategy` uses all of them."""),
    new_code_cell("""import os
QUICK = os.environ.get("TFGAN_RNN_QUICK") == "1"   # small budgets for the test suite
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import tfgan_rnn   # first: it imports TensorFlow without its start-up notices
import time, numpy as np, pandas as pd, keras, tensorflow as tf, matplotlib.pyplot as plt
tf.get_logger().setLevel("ERROR")   # tf.distribute's INFO lines

# Logical devices must be configured before TensorFlow runs its first op.
GPUS = tf.config.list_physical_devices("GPU")
if not GPUS:
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
print("devices:", [d.name for d in tf.config.list_logical_devices()])
print("tfgan_rnn", tfgan_rnn.__version__, "| quick mode" if QUICK else "| full budget")"""),
    new_markdown_cell("""## One model, one measurement
TimeGAN's size: windows of 24 steps x 5 features, generator and discriminator of 2 x 24-unit LSTMs, batch 128. `measure` builds a fresh model with the given options, runs a few warm-up steps (tracing and compiling happen there, and we report that time too), then times the following steps with a Keras callback."""),
    new_code_cell("""real = tfgan_rnn.datasets.sines(num_sequences=2048, length=24, num_features=5, seed=0)
dataset = tf.data.Dataset.from_tensor_slices(real).repeat().batch(128, drop_remainder=True).prefetch(2)
TIMED_STEPS = 40 if QUICK else 200

class StepClock(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.times = []
    def on_train_batch_end(self, batch, logs=None):
        self.times.append(time.perf_counter())

def build(precision="float32", strategy=None, **compile_options):
    keras.mixed_precision.set_global_policy(precision)
    with strategy.scope() if strategy else tf.distribute.get_strategy().scope():
        keras.utils.set_random_seed(0)
        generator = tfgan_rnn.LSTMGenerator(latent_dim=5, output_dim=5, units=24, num_layers=2)
        discriminator = tfgan_rnn.LSTMDiscriminator(input_dim=5, units=24, num_layers=2)
        gan = tfgan_rnn.RecurrentGAN(generator, discriminator, seed=0)
        gan.compile(generator_optimizer=keras.optimizers.Adam(1e-3),
                    discriminator_optimizer=keras.optimizers.Adam(1e-3), **compile_options)
    return gan

def measure(name, precision="float32", strategy=None, **compile_options):
    per_execution = compile_options.get("steps_per_execution", 1)
    gan = build(precision, strategy, **compile_options)
    clock = StepClock()
    started = time.perf_counter()
    executions = 3 + TIMED_STEPS // per_execution
    history = gan.fit(dataset, steps_per_epoch=executions * per_execution, epochs=1, verbose=0, callbacks=[clock])
    first = clock.times[0] - started
    timed = np.diff(clock.times[3:]) / per_execution
    keras.mixed_precision.set_global_policy("float32")
    return {"variant": name, "ms_per_step": 1e3 * np.median(timed), "first_step_s": first,
            "generator_loss": history.history["generator_loss"][-1]}"""),
    new_markdown_cell("""## The levers
- **float32**: the baseline.
- **Mixed precision**: `keras.mixed_precision.set_global_policy(...)` before building. On a GPU use `mixed_float16` (`compile` wraps both optimizers in a `LossScaleOptimizer`; the loss scale is logged as `generator_loss_scale`); on a CPU with bfloat16 instructions, `mixed_bfloat16` (no loss scaling needed). Weights, logits and losses stay float32.
- **XLA**: `compile(jit_compile=True)` compiles the whole train step.
- **`steps_per_execution`**: several train steps per call from Python into the graph; callbacks then see one batch per execution.
- **`MirroredStrategy`**: build and compile inside `strategy.scope()`, then `fit` as usual; the batch you pass is the global batch, split across devices."""),
    new_code_cell("""mixed = "mixed_float16" if GPUS else "mixed_bfloat16"
mirrored = tf.distribute.MirroredStrategy()
rows = [
    measure("float32"),
    measure(mixed, precision=mixed),
    measure("XLA (jit_compile=True)", jit_compile=True),
    measure("steps_per_execution=8", steps_per_execution=8),
    measure(f"MirroredStrategy, {mirrored.num_replicas_in_sync} devices", strategy=mirrored),
]
table = pd.DataFrame(rows).set_index("variant")
table["speed vs float32"] = table.loc["float32", "ms_per_step"] / table["ms_per_step"]
table.round(2)"""),
    new_code_cell("""ax = table["ms_per_step"].plot.barh(figsize=(7, 3), color="tab:blue")
ax.set_xlabel("ms per train step (median, lower is better)")
ax.invert_yaxis()
ax.set_title(f"{'GPU: ' + GPUS[0].name if GPUS else 'CPU: two logical devices on ' + str(os.cpu_count()) + ' cores'}")
plt.tight_layout()"""),
    new_markdown_cell("""**Reading the table.** On a small CPU a recurrent GAN at this size is bound by the overhead of many small ops, not by arithmetic, so the levers that add work per op (casts for mixed precision, XLA's compiled loop on CPU, a second replica that shares the same cores) rarely pay; `steps_per_execution` trims Python overhead only. On a GPU the picture flips: `mixed_float16` and bigger batches are where the speed is, and `MirroredStrategy` scales the global batch over the GPUs. `benchmarks/train_step.py` measures the same levers against a textbook training step, and `benchmarks/README.md` records the figures."""),
    new_markdown_cell("""## Same losses on two devices as on one
A distributed run is only useful if it trains the same model. `RecurrentGAN` draws each replica's noise as its slice of the global batch, divides each replica's loss by the number of replicas, takes batch statistics such as the recipe's moment matching over the global batch, and all-reduces the gradients before taking their norm, so one device and two devices give the same losses for the same global batch. The comparison below trains with the recipe's moment matching on."""),
    new_code_cell("""def losses(strategy):
    keras.utils.set_random_seed(0)
    with strategy.scope():
        gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(5, 5, units=16, num_layers=1),
                                     tfgan_rnn.LSTMDiscriminator(5, units=16, num_layers=1), seed=0)
        gan.compile(generator_optimizer="sgd", discriminator_optimizer="sgd",
                    moment_matching_weight=1.0, moment_matching_scale="relative")
    history = gan.fit(real[:512], batch_size=128, epochs=2, shuffle=False, verbose=0).history
    return pd.Series({name: values[-1] for name, values in history.items() if "loss" in name or "norm" in name})

comparison = pd.DataFrame({"one device": losses(tf.distribute.get_strategy()),
                           f"MirroredStrategy ({mirrored.num_replicas_in_sync})": losses(mirrored)})
comparison["max abs difference"] = (comparison.iloc[:, 0] - comparison.iloc[:, 1]).abs()
comparison"""),
    new_markdown_cell("""## Several GPUs or hosts from the command line
```sh
tfgan-rnn train --data stocks --strategy mirrored          # every local GPU
# one process per host, each with its own TF_CONFIG (cluster + this task); worker 0 is the chief
TF_CONFIG='{"cluster": {"worker": ["host1:12345", "host2:12345"]}, "task": {"type": "worker", "index": 0}}' \\
    tfgan-rnn train --data stocks --strategy multiworker --epochs 50
```
Only the chief writes the model, logs and samples; the other workers train every step with it and write nothing. Multi-worker runs stop on `--epochs`/`--steps` (a wall-clock budget could stop workers at different steps)."""),
]

notebook = new_notebook(cells=cells)
notebook.metadata = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python", "version": "3.11"},
}
nbformat.write(notebook, os.path.join(os.path.dirname(HERE), "05_scale_out.ipynb"))
