"""MkDocs hook for the notebook pages that mkdocs-jupyter renders.

* A cell's printed outputs are merged into one, so two builds give the same page.
* Its cache of executed notebooks is keyed by the notebook and its settings
  only; the hook puts it in a folder named after the library versions (as the
  executed blocks' cache is keyed), so a new torch re-executes the notebooks.
  EXECUTED_DOCS_CACHE=off and EXECUTED_DOCS_EXECUTE=off apply to it too.
* mkdocs-jupyter's template always emits a MathJax loader, ``<script src="">``
  when no URL is set, plus its configuration; the site renders math without
  scripts, so both are removed.
* The build fails if a cell tagged ``raises-exception`` did not raise: nbclient
  lets such a cell pass either way, and the site's rule is that an example
  marked to raise must raise.
"""

from __future__ import annotations

import re

import hashlib
import json
from pathlib import Path

from mkdocs.exceptions import PluginError

from executed_docs.execute import CACHE_ENV, EXECUTE_ENV, library_versions, log, switched_off

MATHJAX = re.compile(
    r"\s*<!-- Load mathjax -->\s*<script src=\"[^\"]*\">\s*</script>"
    r"\s*<!-- MathJax configuration -->\s*<script type=\"text/x-mathjax-config\">.*?</script>\s*<!-- End of mathjax configuration -->",
    re.S,
)
CELL = re.compile(r'<div class="jp-Cell (?P<classes>[^"]*)">')
STDOUT = '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0">\n<pre>'
NEXT_STDOUT = re.compile(
    "(" + re.escape(STDOUT) + r"(?:(?!</pre>).)*)</pre>\n</div>\n</div>\n"
    + re.escape('<div class="jp-OutputArea-child">\n<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\n') + re.escape(STDOUT),
    re.S,
)


def on_config(config, **kwargs):
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None:
        return config
    if switched_off(CACHE_ENV):
        plugin.config["cache"] = False
    if switched_off(EXECUTE_ENV):
        plugin.config["execute"] = False
        log.warning("notebook pages are built with %s=off: their cells are not run", EXECUTE_ENV)
    versions = hashlib.sha256(json.dumps(library_versions(), sort_keys=True).encode()).hexdigest()[:16]
    base = Path(config.config_file_path).parent / plugin.config["cache_dir"]
    plugin.config["cache_dir"] = str(base / versions)
    return config


def on_page_content(html, page, **kwargs):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    html = merge_printed_outputs(html)
    html, removed = MATHJAX.subn("", html)
    if removed != 1 or "x-mathjax-config" in html:
        raise PluginError(f"{page.file.src_uri}: could not remove mkdocs-jupyter's MathJax loader")
    if not switched_off(EXECUTE_ENV):  # unexecuted cells have no outputs to check
        check_raising_cells(html, page.file.src_uri)
    return html


def check_raising_cells(html: str, page: str) -> None:
    """Each cell tagged raises-exception must show an error output."""
    starts = [m for m in CELL.finditer(html)]
    for index, match in enumerate(starts):
        if "celltag_raises-exception" not in match.group("classes").split():
            continue
        end = starts[index + 1].start() if index + 1 < len(starts) else len(html)
        if "application/vnd.jupyter.stderr" not in html[match.start():end]:
            raise PluginError(f"{page}: cell {index + 1} is tagged raises-exception but raised nothing")


def merge_printed_outputs(html: str) -> str:
    """Join a cell's consecutive printed outputs into one.

    The kernel sends printed text as it comes, so how one cell's prints are split
    into outputs depends on timing, and two builds of the page would differ.
    """
    merged = NEXT_STDOUT.sub(r"\1", html)
    return merged if merged == html else merge_printed_outputs(merged)
