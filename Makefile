# `make demo` and `make test` create .venv/ on first use and reuse it afterwards.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv clean

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The main job: train on the bundled GOOG stocks data for a few minutes, then generate
# long sequences from the saved model.
demo: $(STAMP)
	$(BIN)/tfgan-rnn train --data stocks --epochs 1000 --max-minutes 3 --out demo_output/stocks --logdir runs/stocks --verbose 2
	$(BIN)/tfgan-rnn generate --model demo_output/stocks --num 5 --length 1000 --out demo_output/stocks/long_sequences.csv
	@echo "Open TensorBoard with: $(BIN)/tensorboard --logdir runs/stocks"

# The whole test suite (unit tests, docstring examples, notebooks).
test: $(STAMP)
	TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) demo_output runs
