"""Notebooks: the notebook pages, and the notebook each Markdown page offers.

Notebook pages are stored clean, and every cell runs, raising exactly where
tagged. Each Markdown page's notebook has the page's blocks as its code cells,
in order, tagged where they must raise; the gradient API's is run in a kernel.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from executed_docs.notebooks import RAISES, executed_notebook
from site_support import DOCS, built_folder, html_of, page_chains

NOTEBOOKS = sorted(DOCS.rglob("*.ipynb"))
MARKDOWN_PAGES = sorted(DOCS.rglob("*.md"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_cell_raises_if_and_only_if_tagged_raises_exception(path, tmp_path):
    """Run by the build's own function, which enforces the rule (its failing
    cases are in test_engine_builds.py); here, every tag is seen to be true."""
    executed = nbformat.read(executed_notebook(path, tmp_path, timeout=120, reuse=False), as_version=4)
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    tagged = [RAISES in cell.metadata.get("tags", []) for cell in code]
    raised = [any(output.output_type == "error" for output in cell.outputs) for cell in code]
    assert tagged == raised and any(tagged)


def downloaded_notebook(site, page):
    """The notebook that ``page``'s header links for download, read and validated."""
    link = re.search(r'<a href="([^"/]+\.ipynb)" download', html_of(site, page))
    assert link, f"{page.name}: the page header links no notebook"
    notebook = nbformat.read(built_folder(site, page) / link.group(1), as_version=4)
    nbformat.validate(notebook)
    return notebook


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_each_page_offers_itself_as_a_notebook_of_its_blocks(built, page):
    site, _, _ = built
    notebook = downloaded_notebook(site, page)
    fences = sorted(((fence, chain) for chain in page_chains(page) for fence in chain.fences), key=lambda fc: fc[0].opening)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.source for cell in code] == [fence.code.rstrip("\n") for fence, _ in fences]
    raising = [fence is chain.raising_fence for fence, chain in fences]
    assert [RAISES in cell.metadata.get("tags", []) for cell in code] == raising
    prose = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    title = next(line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
    assert title in prose, "the prose is in Markdown cells"
    assert "pytest-codeblocks" not in prose and "pytest.mark" not in prose, "the build's markers are left out"
    assert notebook.metadata.kernelspec.name == "python3"


def test_the_gradient_api_notebook_runs_top_to_bottom_in_a_kernel(built, tmp_path):
    """Run as the build runs the site's notebook pages, with the same rule: a cell
    raises if and only if it is tagged raises-exception."""
    site, _, _ = built
    notebook = downloaded_notebook(site, DOCS / "gradient-api.md")
    assert any(RAISES in cell.metadata.get("tags", []) for cell in notebook.cells)
    source = tmp_path / "gradient-api.ipynb"
    nbformat.write(notebook, source)
    executed = nbformat.read(executed_notebook(source, tmp_path / "run", timeout=120, reuse=False), as_version=4)
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code), "every cell ran"


def test_a_cells_printed_outputs_are_merged_whatever_their_timing():
    from executed_docs.notebooks import merged_streams

    def stream(text, name="stdout"):
        return nbformat.v4.new_output("stream", name=name, text=text)

    value = nbformat.v4.new_output("execute_result", data={"text/plain": "(x,)"}, execution_count=1)
    pieces = [stream("0.2047"), stream("\ntensor("), stream("[1.])\n"), stream("warning\n", "stderr"), value]
    assert merged_streams(pieces) == [stream("0.2047\ntensor([1.])\n"), stream("warning\n", "stderr"), value]


def test_an_executed_notebook_is_reused_unless_its_entry_is_corrupt(tmp_path):
    from executed_docs.notebooks import executed_notebook

    source = tmp_path / "page.ipynb"
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    notebook.cells = [nbformat.v4.new_code_cell("import os\nprint(os.getpid())")]
    nbformat.write(notebook, source)
    cache = tmp_path / "cache"

    def printed(path):
        return nbformat.read(path, as_version=4).cells[0].outputs[0].text

    first = executed_notebook(source, cache, timeout=60)
    assert first.name == "page.ipynb" and printed(first).strip().isdigit()
    again = executed_notebook(source, cache, timeout=60)
    assert again == first and printed(again) == printed(first)  # not run again: same kernel pid
    first.write_text("{ half-written", encoding="utf-8")
    rerun = executed_notebook(source, cache, timeout=60)
    rerun_pid = printed(rerun)
    assert rerun == first and rerun_pid.strip().isdigit()
    fresh = executed_notebook(source, cache, timeout=60, reuse=False)
    assert printed(fresh) != rerun_pid  # run again: another kernel


def a_notebook(path, *cells: str):
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    notebook.cells = [nbformat.v4.new_code_cell(cell) for cell in cells]
    nbformat.write(notebook, path)
    return path


def test_the_kernel_is_forked_with_torch_imported_in_the_notebooks_folder_and_plots_inline(tmp_path, capfd):
    from executed_docs.notebooks import executed_notebook

    source = a_notebook(
        tmp_path / "page.ipynb",
        "import os, sys\nprint('torch' in sys.modules, os.getcwd())",
        "import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0]);",
    )
    executed = nbformat.read(executed_notebook(source, tmp_path / "cache", timeout=60), as_version=4)
    assert executed.cells[0].outputs[0].text == f"True {tmp_path}\n"  # torch came with the fork
    assert [output.output_type for output in executed.cells[1].outputs] == ["display_data"]
    assert "image/png" in executed.cells[1].outputs[0].data  # ipykernel's inline backend, as in a new kernel
    assert "IPKernelApp" not in capfd.readouterr().err, "the kernel's start is quiet (no TCP encryption notice)"


def test_a_cell_that_times_out_fails_the_run_and_its_kernel_is_stopped(tmp_path):
    import os
    import time

    from executed_docs.notebooks import executed_notebook

    pid_file = tmp_path / "kernel.pid"
    source = a_notebook(
        tmp_path / "page.ipynb",
        f"import os\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))",
        "import time\ntime.sleep(60)",
    )
    with pytest.raises(Exception, match="timed out|Timeout"):
        executed_notebook(source, tmp_path / "cache", timeout=3)
    pid = int(pid_file.read_text())
    for _ in range(100):  # the fork server reaps it
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the kernel (pid {pid}) is still running")
