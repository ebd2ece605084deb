"""Every notebook runs top to bottom (with TFGAN_RNN_QUICK=1 for small budgets); a cell
that raises fails the suite."""

import os

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "notebooks")
NAMES = sorted(name for name in os.listdir(NOTEBOOKS) if name.endswith(".ipynb"))


def test_all_notebooks_are_collected():
    assert NAMES == ["01_quickstart.ipynb", "02_stocks_end_to_end.ipynb", "03_long_sequences.ipynb",
                         "04_debugging_gradients.ipynb", "05_scale_out.ipynb", "06_conditional_weather.ipynb"]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name, monkeypatch):
    monkeypatch.setenv("TFGAN_RNN_QUICK", "1")
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    notebook = nbformat.read(os.path.join(NOTEBOOKS, name), as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": NOTEBOOKS}}).execute()
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.get("outputs", []) if output.get("output_type") == "error"]
    assert not errors
