"""Writes notebooks/06_conditional_weather.ipynb (without outputs); execute it to fill them.

    .venv/bin/python notebooks/src/make_06_conditional_weather.py
    cd notebooks && ../.venv/bin/jupyter execute --inplace --timeout 1800 06_conditional_weather.ipynb
"""

import os

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))

cells = [
    new_markdown_cell("""# Weather by category: a conditional GAN on real data

Seattle's daily weather, 2012-2015 (bundled with tfgan_rnn): four measurements a day (precipitation, the day's highest and lowest temperature, wind) and a category (drizzle, fog, rain, snow, sun). By the end you will have trained a GAN that generates weeks of weather **for the categories you ask for**, from the command line as you would on your own CSV, and checked what it makes against the data, category by category.

The hard part is precipitation: zero on most days of some categories and heavy-tailed on the others. A generator ending in a sigmoid matches such a feature poorly, so `tfgan-rnn train` ends by calibrating each generated feature onto the data's distribution, with a map of its own for each category that has enough days. The last table shows what each step of that buys."""),
    new_code_cell("""import os
QUICK = os.environ.get("TFGAN_RNN_QUICK") == "1"   # small budgets for the test suite
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import tfgan_rnn   # first: it imports TensorFlow without its start-up notices
import numpy as np, pandas as pd, keras, matplotlib.pyplot as plt
from tfgan_rnn import cli
print("tfgan_rnn", tfgan_rnn.__version__, "| quick mode" if QUICK else "| full budget")"""),
    new_markdown_cell("""## The data
Each category has its own weather: how often it is dry, how much it rains when it does. These per-category figures are what the generated data must reproduce. (In this copy of the data the labels drift: from 2014 on, nearly all wet days are labelled `fog`, not `rain`, which is why fog is wet here.)"""),
    new_code_cell("""frame = tfgan_rnn.datasets.seattle_weather()
FEATURES = ["precipitation", "temp_max", "temp_min", "wind"]

def by_category(values, categories):
    \"\"\"Per category: days, share of dry days, mean precipitation and highest temperature.\"\"\"
    table = pd.DataFrame(values.reshape(-1, len(FEATURES)), columns=FEATURES)
    table["weather"] = np.asarray(categories).reshape(-1)
    return table.groupby("weather").agg(days=("precipitation", "size"),
                                        dry=("precipitation", lambda p: (p == 0).mean()),
                                        precipitation=("precipitation", "mean"),
                                        temp_max=("temp_max", "mean"))

print(frame.head(3).to_string(index=False))
by_category(frame[FEATURES].to_numpy(), frame["weather"]).round(2)"""),
    new_markdown_cell("""## Train from the command line
The same command you would run on your own file: `--condition-column weather` makes the category the condition (a one-hot per day), the four other columns the features, and the `date` column is dropped as a timeline. We write the bundled table to a CSV first, as your data would be. Training stops after `--max-minutes`; its last lines say which generator was kept and whether the calibration was."""),
    new_code_cell("""frame.to_csv("seattle_weather.csv", index=False)
MODEL = "saved_models/seattle_weather"
code = cli.main(["train", "--data", "seattle_weather.csv", "--condition-column", "weather",
                 "--max-minutes", "0.5" if QUICK else "4", "--seed", "0", "--verbose", "0",
                 "--evaluation", "none", "--out", MODEL, "--logdir", "runs/seattle_weather"])
assert code == 0"""),
    new_markdown_cell("""## Generated weeks, category by category
Load the saved model with Keras and generate for the conditions of the real 24-day windows (so each category appears as often, and in the same runs of days, as in the data). Then compare per category, three ways:

- **as generated**: the generator's own values;
- **one map for all**: each feature mapped onto the data's distribution over all days;
- **each category's own map**: what `train` keeps (categories with at least 1,000 real steps; rarer ones, here snow, use the map for all).

If the training run's check did not keep the map (it keeps it only where it lowers the discriminative score), the cell fits it anyway for the comparison and says so."""),
    new_code_cell("""gan = keras.saving.load_model(f"{MODEL}/model.keras")
names = sorted(frame["weather"].unique())   # the one-hot order train used: sorted categories
codes = frame["weather"].map({name: index for index, name in enumerate(names)}).to_numpy()
joined = np.concatenate([frame[FEATURES].to_numpy("float32"), np.eye(len(names), dtype="float32")[codes]], axis=1)
windows = tfgan_rnn.data.sliding_windows(joined, 24)
real, conditions = windows[..., :4], windows[..., 4:]
step_names = np.asarray(names)[conditions.argmax(-1)]
print(f"{len(real)} real windows of 24 days")

scaler = gan.scaler
if scaler.calibration is None:
    print("train's check did not keep the map; fitting it for this comparison only")
    gan.calibrate_marginals(real, condition=conditions, seed=1, only_if_better=False)
kept = scaler.calibration, scaler.category_calibration
print("categories with a map of their own:", [names[c] for c in sorted(scaler.category_calibration or [])])

variants = {}
for label, maps in (("as generated", (None, None)), ("one map for all", (kept[0], None)),
                    ("each category's own map", kept)):
    scaler.calibration, scaler.category_calibration = maps
    generated, _ = gan.generate(len(real), 24, seed=1, condition=conditions)
    variants[label] = by_category(generated, step_names)
scaler.calibration, scaler.category_calibration = kept

table = pd.concat({"real": by_category(real, step_names), **variants}, axis=1)
pd.concat({"share of dry days": table.xs("dry", axis=1, level=1),
           "mean precipitation (mm)": table.xs("precipitation", axis=1, level=1)}, axis=1).round(2)"""),
    new_markdown_cell("""Read the table by rows, each column against the real one. The generator alone makes too few dry days wherever the data has them (a sigmoid seldom outputs exactly the data's minimum). One map for all gives precipitation its overall share of dry days, but shares them out by how the generator happened to order its values across categories; each category's own map gives each category its own share and amounts. That is what a user asking for sunny or rainy weeks gets: the map is saved with the model, applied by `generate`, `tfgan-rnn generate` and the exported SavedModel, and it keeps the order of each feature's values, so the days' ups and downs stay the generator's.

How close the temperatures and the day-to-day movement are depends on the training budget: four minutes here is a short run (`benchmarks/README.md`, "Calibrating the generated features", has the discriminative scores of a model trained the same way: .158 as generated, .061 calibrated)."""),
    new_markdown_cell("""## Weeks of the weather you ask for
Three generated weeks of rain and three of sun, first from Python, then from the command line, which takes a category by name."""),
    new_code_cell("""rain, sun = (np.eye(len(names), dtype="float32")[names.index(name)] for name in ("rain", "sun"))
fig, axes = plt.subplots(1, 2, figsize=(10, 3), sharey=True)
for ax, (name, condition) in zip(axes, (("rain", rain), ("sun", sun))):
    weeks, _ = gan.generate(3, 7, seed=2, condition=condition)
    for week in weeks:
        ax.plot(range(1, 8), week[:, 0], marker="o")
    ax.set_title(f"generated precipitation, condition '{name}'")
    ax.set_xlabel("day")
axes[0].set_ylabel("mm")
plt.tight_layout()

assert cli.main(["generate", "--model", MODEL, "--condition", "rain", "--num", "3", "--length", "7",
                 "--seed", "2", "--out", "rainy_weeks.csv"]) == 0
pd.read_csv("rainy_weeks.csv").head(7)"""),
    new_markdown_cell("""## Takeaways
- `tfgan-rnn train --condition-column COLUMN` trains a conditional GAN on a CSV with a category column; `tfgan-rnn generate --condition VALUE` (or `--condition-file`, a category per step) generates for it, in the data's units and columns.
- The calibration at the end of `train` gives each feature the data's distribution, per category where a category has at least 1,000 real steps (`Scaler.CALIBRATION_CATEGORY_STEPS`); `--no-calibrate` turns it off. In Python: `gan.calibrate_marginals(real_windows, condition=conditions)`.
- It is kept only if the TimeGAN discriminative score, with each day's category beside its values, gets lower with it, because mapping features one by one can break relations between them (`benchmarks/README.md` has a file where it does)."""),
]

notebook = new_notebook(cells=cells)
notebook.metadata = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python", "version": "3.11"},
}
nbformat.write(notebook, os.path.join(os.path.dirname(HERE), "06_conditional_weather.ipynb"))
