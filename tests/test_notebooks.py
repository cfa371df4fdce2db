"""Notebook pages: stored clean, and every cell runs, raising exactly where tagged."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import DOCS

NOTEBOOKS = sorted(DOCS.rglob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_cell_raises_if_and_only_if_tagged_raises_exception(path):
    notebook = nbformat.read(path, as_version=4)
    # allow_errors only to reach every cell; the assertion below is the rule.
    NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True).execute()
    wrong = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        tagged = "raises-exception" in cell.metadata.get("tags", [])
        errors = [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]
        if tagged != bool(errors):
            wrong.append(f"cell {number} ({'tagged' if tagged else 'untagged'}): {errors or 'raised nothing'}\n{cell.source}")
    assert wrong == [], "\n\n".join(wrong)
