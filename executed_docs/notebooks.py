"""Every Markdown page as a Jupyter notebook, made when the site is built.

The page is read as the build reads it (``execute.read_page``: snippets
expanded, pytest-codeblocks' parser and markers). Each ```python block becomes a code cell, in order, and the prose
around them Markdown cells; the block that a chain marked
``expect-exception`` ends with is tagged ``raises-exception``, so Jupyter runs
on past it. jupytext reads the result as a Markdown notebook.

The markers are instructions to the build, so they are left out; indented
blocks (in an admonition) become cells of their own. A notebook runs top to
bottom in one kernel, as a reader would run it; its cells carry no outputs
(the page shows them) and numbered ids, so two builds write the same bytes.
"""

from __future__ import annotations

import re

import jupytext
import nbformat

from executed_docs import execute

RAISES = "raises-exception"
MARKER = re.compile(r"^\s*<!--\s*pytest-codeblocks:.*-->\s*$")
KERNEL = {
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"},
}


def page_notebook(lines: list[str], chains: list[execute.Chain]) -> str:
    """The page as an .ipynb document, from ``execute.read_page``'s lines and chains."""
    notebook = jupytext.reads(notebook_markdown(lines, chains), fmt="md")
    notebook.metadata = nbformat.from_dict(KERNEL)
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"
        cell.metadata.pop("lines_to_next_cell", None)  # jupytext's layout hint
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def notebook_markdown(lines: list[str], chains: list[execute.Chain]) -> str:
    """jupytext Markdown for the page: its Python fences at the top level, the
    raising ones tagged, markers left out."""
    fences = {}
    for chain in chains:
        for fence in chain.fences:
            fences[fence.opening] = (fence, fence is chain.raising_fence)
    markdown, index = [], 0
    while index < len(lines):
        if index in fences:
            fence, raises = fences[index]
            info = f' tags=["{RAISES}"]' if raises else ""
            markdown += ["", f"```python{info}", *fence.code.rstrip("\n").split("\n"), "```", ""]
            index = fence.closing + 1
            continue
        if not MARKER.match(lines[index]):
            markdown.append(lines[index])
        index += 1
    return "\n".join(markdown)
