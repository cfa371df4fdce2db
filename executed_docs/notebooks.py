"""Every Markdown page as a Jupyter notebook, made when the site is built.

The page is read as the build reads it (``extension.read_page``: snippets
expanded, pytest-codeblocks' parser and markers). Each ```python block becomes
a code cell, in order, and the prose between blocks a Markdown cell; the block
that a chain marked to raise (``pytest.mark.xfail``) ends with is tagged
``raises-exception``, so Jupyter runs on past it. The cells are made with
nbformat directly: reading the page back as a jupytext Markdown notebook took
twice as long and added empty cells between consecutive blocks.

The markers are instructions to the build, so they are left out; indented
blocks (in an admonition) become cells of their own. A notebook runs top to
bottom in one kernel, as a reader would run it; its cells carry no outputs
(the page shows them) and numbered ids, so two builds write the same bytes.

The site's notebook pages (mkdocs-jupyter) are executed here too
(``executed_notebook``), by the MkDocs plugin, in a thread that starts before the
first page renders, so their kernel runs while the other pages render.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import nbformat
from nbformat import v4

from executed_docs.cache import library_versions
from executed_docs.model import Chain

RAISES = "raises-exception"
MARKER = re.compile(r"^\s*<!--[-\s]*(pytest-codeblocks:|pytest\.mark\.).*-->\s*$")
KERNEL = {
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"},
}


def page_notebook(lines: list[str], chains: list[Chain]) -> str:
    """The page as an .ipynb document, from ``extension.read_page``'s lines and chains:
    a Markdown cell for the prose between two blocks (if there is any), a code
    cell for each block, the raising ones tagged, markers left out."""
    fences = {fence.opening: (fence, fence is chain.raising_fence) for chain in chains for fence in chain.fences}
    cells, prose, index = [], [], 0

    def end_prose() -> None:
        text = "\n".join(prose).strip("\n")
        if text.strip():
            cells.append(v4.new_markdown_cell(text))
        prose.clear()

    while index < len(lines):
        if index in fences:
            fence, raises = fences[index]
            end_prose()
            cells.append(v4.new_code_cell(fence.code.rstrip("\n"), metadata={"tags": [RAISES]} if raises else {}))
            index = fence.closing + 1
            continue
        if not MARKER.match(lines[index]):
            prose.append(lines[index])
        index += 1
    end_prose()
    notebook = v4.new_notebook(cells=cells, metadata=KERNEL)
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def executed_notebook(source: Path, folder: Path, timeout: float, reuse: bool = True) -> Path:
    """The notebook at ``source`` run top to bottom in a kernel and saved, under
    its own name, in a subfolder of ``folder`` named by its key; that file's path.

    The key is the notebook's bytes, the library versions and this module's
    source, as for executed blocks. With ``reuse``, a saved result is taken as
    it is (one that nbformat cannot read runs again). A cell that raises fails
    the run, unless tagged ``raises-exception``; a cell so tagged that raises
    nothing fails it too. A cell's printed outputs are merged into one: the
    kernel sends text as it comes, so their split depends on timing, and two
    builds must give the same page.
    """
    from nbclient import NotebookClient

    from executed_docs.forked_kernel import ForkedKernelManager

    versions = json.dumps(library_versions(), sort_keys=True).encode()
    key = hashlib.sha256(source.read_bytes() + versions + Path(__file__).read_bytes()).hexdigest()
    target = folder / key[:16] / source.name
    if reuse and target.exists():
        try:
            nbformat.read(target, as_version=4)
            return target
        except Exception:  # a corrupt entry runs again
            pass
    notebook = nbformat.read(source, as_version=4)
    NotebookClient(
        notebook, timeout=timeout, allow_errors=False, record_timing=False,
        resources={"metadata": {"path": str(source.parent)}}, kernel_manager_class=ForkedKernelManager,
    ).execute()
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        cell.outputs = merged_streams(cell.outputs)
        # nbclient lets a tagged cell pass either way; the site's rule is that
        # an example marked to raise must raise.
        raised = any(output.output_type == "error" for output in cell.outputs)
        if RAISES in cell.metadata.get("tags", []) and not raised:
            raise ValueError(f"cell {number} is tagged {RAISES} but raised nothing")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.partial")
    nbformat.write(notebook, partial)
    os.replace(partial, target)  # never a half-written entry under the real name
    return target


def merged_streams(outputs: list) -> list:
    """Consecutive outputs of the same stream (stdout, stderr) joined into one."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if previous is not None and output.output_type == previous.output_type == "stream" and output.name == previous.name:
            previous.text += output.text
        else:
            merged.append(output)
    return merged
