"""MkDocs hook: read every page before any renders; serve the notebook pages.

Before the first page renders, every Markdown page is read as the build reads
it (``execute.read_page``), once, for two things:

* its chains that the cache lacks start running in worker processes
  (``executed_docs.parallel``), so their outputs are ready, or on their way,
  when the page's turn comes;
* the page as a notebook (``executed_docs.notebooks``), written beside the
  page's HTML as ``<page name>.ipynb`` and linked from its header
  (``overrides/main.html``), as a notebook page links its own .ipynb.

For the notebook pages that mkdocs-jupyter renders:

* They render first, so that their kernel runs while the workers still work
  through the chains, not after them on an idle machine.
* A cell's printed outputs are merged into one, so two builds give the same page.
* Its cache of executed notebooks is keyed by the notebook and its settings
  only; the hook puts it in a folder named after the library versions (as the
  executed blocks' cache is keyed), so a new torch re-executes the notebooks.
  EXECUTED_DOCS_CACHE=off and EXECUTED_DOCS_EXECUTE=off apply to it too.
* mkdocs-jupyter's template always emits a MathJax loader, ``<script src="">``
  when no URL is set, plus its configuration; the site renders math without
  scripts, so both are removed.
* Code cells scroll sideways when a line is long, so they are made focusable
  (keyboard users must be able to scroll them).
* The build fails if a cell tagged ``raises-exception`` did not raise: nbclient
  lets such a cell pass either way, and the site's rule is that an example
  marked to raise must raise.
"""

from __future__ import annotations

import re

import hashlib
import json
from pathlib import Path

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from executed_docs import parallel
from executed_docs.execute import (
    CACHE_ENV, EXECUTE_ENV, ExecuteExtension, library_versions, log, read_page, source_name, switched_off,
)
from executed_docs.notebooks import page_notebook

#: The notebook of each Markdown page of this build: its path in the site -> a
#: future of its .ipynb text (made in a worker process, or already made here).
page_notebooks: dict = {}

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


def on_files(files, config, **kwargs):
    page_notebooks.clear()  # `mkdocs serve` rebuilds in this process
    pages, extension = {}, None
    for file in files.documentation_pages():
        if not file.src_uri.endswith(".md"):
            continue
        # A converter of its own for each page: pymdownx.snippets keeps state.
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        extension = next((e for e in md.registeredExtensions if isinstance(e, ExecuteExtension)), None)
        try:
            pages[file] = read_page(md, file.content_string, source_name(file.abs_src_path))
        except Exception:  # the page's own render raises it again, with MkDocs naming the page
            continue
    if extension is not None and not switched_off(EXECUTE_ENV):
        chains = [chain for _, page_chains in pages.values() for chain in page_chains]
        parallel.start(chains, float(extension.getConfig("timeout")), extension.cache())
    # In the workers, after the chains, if they run: the pages need them sooner.
    for file, (lines, chains) in pages.items():
        page_notebooks[notebook_path(file)] = parallel.submit(page_notebook, lines, chains)
    # Notebook pages render first: their kernel then runs while the workers
    # still work through the chains, instead of after them on an idle machine.
    return Files(sorted(files, key=lambda file: not file.src_uri.endswith(".ipynb")))


def notebook_path(file) -> str:
    """Where a page's notebook goes: beside its HTML, named after its source."""
    return (Path(file.dest_uri).parent / (Path(file.src_uri).stem + ".ipynb")).as_posix()


def on_page_markdown(text, page, **kwargs):
    if notebook_path(page.file) in page_notebooks:
        page.notebook_download = Path(notebook_path(page.file)).name
    return text


def on_post_build(config, **kwargs):
    for path, notebook in sorted(page_notebooks.items()):
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(notebook.result(), encoding="utf-8")
    parallel.stop()


def on_build_error(error, **kwargs):
    parallel.stop()


def on_page_content(html, page, **kwargs):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    html = merge_printed_outputs(html)
    html = html.replace('<div class="highlight-ipynb hl-python">', '<div class="highlight-ipynb hl-python" tabindex="0">')
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
