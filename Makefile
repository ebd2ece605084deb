# `make demo` and `make test` create .venv/ on first use and reuse it afterwards.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Which build of TensorFlow requirements.txt's `tensorflow` pin installs. The default, the
# plain wheel, is what CI runs. `make test TENSORFLOW=tensorflow-cpu` (x86-64 Linux): the
# CPU-only build of the same version, half the download and about 130 MB less per process
# (benchmarks/memory.py; the suite passed with the same pins). `TENSORFLOW='tensorflow[and-cuda]'` on
# an NVIDIA GPU host: CUDA and cuDNN from PyPI. After changing it, `make clean` first (two
# builds cannot share one virtualenv).
TENSORFLOW ?= tensorflow

.PHONY: demo test venv venv-train clean

venv: $(STAMP)

# A training-only virtualenv in .venv-train/ (requirements-train.txt: no pandas, matplotlib,
# scikit-learn or scipy), for memory-tight training jobs; `make venv-train
# TENSORFLOW=tensorflow-cpu` is the smallest (benchmarks/README.md, "Where the peak RSS goes").
venv-train: .venv-train/.installed

.venv-train/.installed: requirements-train.txt setup.cfg pyproject.toml
	test -x .venv-train/bin/python || $(PYTHON) -m venv .venv-train
	.venv-train/bin/python -m pip install --quiet --upgrade pip
	sed 's/^tensorflow==/$(TENSORFLOW)==/' requirements-train.txt > .venv-train/requirements.txt
	.venv-train/bin/python -m pip install --quiet -r .venv-train/requirements.txt
	.venv-train/bin/python -m pip install --quiet --no-deps -e .
	touch .venv-train/.installed

$(STAMP): requirements.txt requirements-dev.txt setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	sed 's/^tensorflow==/$(TENSORFLOW)==/' requirements.txt > $(VENV)/requirements.txt
	cp requirements-dev.txt $(VENV)/requirements-dev.txt  # its `-r requirements.txt`: the copy beside it
	$(BIN)/python -m pip install --quiet -r $(VENV)/requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The main job: train on the bundled GOOG stocks data for a few minutes, then generate
# long sequences from the saved model.
demo: $(STAMP)
	$(BIN)/tfgan-rnn train --data stocks --epochs 1000 --max-minutes 3 --out demo_output/stocks --logdir runs/stocks --verbose 2
	$(BIN)/tfgan-rnn generate --model demo_output/stocks --num 5 --length 1000 --out demo_output/stocks/long_sequences.csv
	@echo "Open TensorBoard with: $(BIN)/tensorboard --logdir runs/stocks"

# The whole test suite (unit tests, docstring examples, notebooks), in TEST_WORKERS
# processes (pytest-xdist), each test file in one of them so that a file's shared fixtures
# are built once. Much of a test's time is single-threaded Python (tracing, eager checks,
# TensorFlow's import in subprocesses), so two workers on 2 cores finish sooner than one;
# TEST_WORKERS=0 runs everything in this process. Files are handed out slowest first, in the
# order tests/conftest.py gives them (pytest-xdist would otherwise hand out the files of most
# tests first, and a slow file of few tests, such as the notebooks', would run last and alone).
TEST_WORKERS ?= 2
test: $(STAMP)
	TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

clean:
	rm -rf $(VENV) .venv-train demo_output runs
