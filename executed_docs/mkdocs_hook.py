"""MkDocs hook: read every page before any renders; serve the notebook pages.

Before the first page renders, every Markdown page is read as the build reads
it (``execute.read_page``), once, for two things:

* its chains that the cache lacks start running in worker processes
  (``executed_docs.parallel``); the workers' fork server starts importing
  torch at the first such page, while the others are read;
* the page as a notebook (``executed_docs.notebooks``), written beside the
  page's HTML as ``<page name>.ipynb`` and linked from its header
  (``overrides/main.html``), as a notebook page links its own .ipynb.

Pages then render without waiting for the workers: a chain still running
leaves a marker where its outputs go (``execute.defer_started``), and
on_page_context puts them in as MkDocs writes the page, after every page has
rendered. So a cold build converts the pages while the fork server imports
torch, and the page is the same as one rendered from the cache (a Markdown
output, a table, gets MkDocs' rewriting and checking of its links all the same).

For the notebook pages that mkdocs-jupyter renders:

* The hook executes them (``notebooks.executed_notebook``, nbclient), each in a
  thread started before the first page renders, so their kernel (forked from
  the workers' fork server, ``executed_docs.forked_kernel``) runs while the
  Markdown pages render and the workers run their chains; mkdocs-jupyter
  (``execute: false``) renders the executed copy, and offers the source for
  download. The copies are cached in ``.cache/executed-notebooks``, keyed by
  the notebook and the library versions; mkdocs-jupyter's own cache of the
  rendered page is keyed by the copy's bytes. EXECUTED_DOCS_CACHE=off and
  EXECUTED_DOCS_EXECUTE=off apply to both.
* mkdocs-jupyter's template always emits a MathJax loader, ``<script src="">``
  when no URL is set, plus its configuration; the site renders math without
  scripts, so both are removed.
* Code cells scroll sideways when a line is long, so they are made focusable
  (keyboard users must be able to scroll them).
* The build fails if a cell raises without the tag ``raises-exception``, or
  has it and raises nothing (checked as the notebook is executed).

Every code block of a Markdown page gets Material's copy button here, in the
HTML, rather than from Material's JavaScript (``content.code.copy``): inserting
a button into each block as the page loads forced one layout of the whole page
per block, the page's longest blocking task on a phone. Material's clipboard
handler copies the target's text as before. For the same reason, the spans
Pygments puts around every name and run of spaces, which Material colours as
plain code text, are dropped: they were a third of a page's elements. So are
those around punctuation and operators, which the site draws in the same
colour: another third, on an activation page.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import re
import tempfile
from pathlib import Path

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from executed_docs import execute, parallel
from executed_docs.execute import (
    CACHE_ENV, EXECUTE_ENV, ExecuteExtension, log, read_page, source_name, switched_off,
)
from executed_docs.notebooks import executed_notebook, page_notebook

#: The notebook of each Markdown page of this build: its path in the site -> a
#: future of its .ipynb text (made in a worker process, or already made here).
page_notebooks: dict = {}
#: Each notebook page's source path -> a future of its executed copy's path.
notebook_runs: dict = {}
#: The build's Files, once every page has rendered.
site_files: list = []
NOTEBOOK_CACHE = ".cache/executed-notebooks"

MATHJAX = re.compile(
    r"\s*<!-- Load mathjax -->\s*<script src=\"[^\"]*\">\s*</script>"
    r"\s*<!-- MathJax configuration -->\s*<script type=\"text/x-mathjax-config\">.*?</script>\s*<!-- End of mathjax configuration -->",
    re.S,
)
CODE_BLOCK = '<div class="highlight"><pre><span></span><code>'
# Pygments' tokens drawn in the plain code colour (--md-code-fg-color): names
# (n; Material's choice), punctuation (p) and operators (o; this site's choice,
# docs/stylesheets/extra.css); whitespace (w) has no colour at all.
PLAIN_TOKEN = re.compile(r'<span class="[nwpo]">([^<]*)</span>')


def on_config(config, **kwargs):
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None:
        return config
    if plugin.config["execute"]:
        raise PluginError("mkdocs-jupyter: set execute: false; executed_docs/mkdocs_hook.py executes the notebook pages")
    if switched_off(CACHE_ENV):
        plugin.config["cache"] = False
    if switched_off(EXECUTE_ENV):
        log.warning("notebook pages are built with %s=off: their cells are not run", EXECUTE_ENV)
    return config


def on_files(files, config, **kwargs):
    page_notebooks.clear()  # `mkdocs serve` rebuilds in this process
    notebook_runs.clear()
    pages, extension, executing, preparing = {}, None, not switched_off(EXECUTE_ENV), False
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
        if executing and extension is not None and not preparing and parallel.uncached(pages[file][1], extension.cache()):
            parallel.prepare()  # the workers' imports start while the other pages are read
            preparing = True
    if executing:
        timeout = float(extension.getConfig("timeout")) if extension is not None else 60.0
        start_notebook_runs(files, config, timeout)
        if extension is not None:
            chains = [chain for _, page_chains in pages.values() for chain in page_chains]
            # Pages render without waiting for their workers; on_page_context waits.
            execute.defer_started = parallel.start(chains, timeout, extension.cache()) > 0
    # In the workers, after the chains, if they run: the pages need them sooner.
    for file, (lines, chains) in pages.items():
        page_notebooks[notebook_path(file)] = parallel.submit(page_notebook, lines, chains)
    # Notebook pages last: their kernel has the most time to finish.
    return Files(sorted(files, key=lambda file: file.src_uri in notebook_runs))


def on_env(env, config, files, **kwargs):
    site_files[:] = [files]  # for the links of Markdown outputs (on_page_context)
    return env


def start_notebook_runs(files, config, timeout: float) -> None:
    """Start executing each notebook page in a thread (the kernel is a process of its own)."""
    notebooks = [file for file in files.documentation_pages() if file.src_uri.endswith(".ipynb")]
    if not notebooks or config.plugins.get("mkdocs-jupyter") is None:
        return
    reuse = not switched_off(CACHE_ENV)
    folder = Path(config.config_file_path).parent / NOTEBOOK_CACHE if reuse else Path(tempfile.mkdtemp())
    threads = concurrent.futures.ThreadPoolExecutor(len(notebooks))
    for file in notebooks:
        notebook_runs[file.src_uri] = threads.submit(executed_notebook, Path(file.abs_src_path), folder, timeout, reuse)
    threads.shutdown(wait=False)


@event_priority(100)  # before mkdocs-jupyter's on_pre_page reads the file
def on_pre_page(page, **kwargs):
    run = notebook_runs.get(page.file.src_uri)
    if run is not None:
        try:
            executed = run.result()
        except Exception as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from error
        page.source_notebook = page.file.abs_src_path
        page.file.abs_src_path = str(executed)
    return page


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


@event_priority(50)  # before the search plugin indexes the page
def on_page_context(context, page, config, **kwargs):
    """The outputs of the page's chains that ran in workers, in place (see
    ``execute.defer_started``): every page has rendered meanwhile."""
    if not page.file.src_uri.endswith(".ipynb"):
        html = execute.fill_deferred(page.content, lambda text: page_markdown_html(text, page, config))
        page.content = with_copy_buttons(PLAIN_TOKEN.sub(r"\1", html))
    return context


def page_markdown_html(text: str, page, config) -> str:
    """Markdown shown by a block (a table), as the page's own conversion renders
    it: with MkDocs' rewriting and checking of its links, as in ``Page.render``."""
    from mkdocs.structure.pages import _RelativePathTreeprocessor  # MkDocs is pinned

    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    links = _RelativePathTreeprocessor(page.file, site_files[0], config)
    links._register(md)
    html = md.convert(text)
    if page.links_to_anchors is not None:  # checked after the pages are written
        for target, anchors in links.links_to_anchors.items():
            page.links_to_anchors.setdefault(target, {}).update(anchors)
    return html


def on_page_content(html, page, **kwargs):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    if getattr(page, "source_notebook", None):  # readers download the source
        page.file.abs_src_path = page.source_notebook
    html = html.replace('<div class="highlight-ipynb hl-python">', '<div class="highlight-ipynb hl-python" tabindex="0">')
    html, removed = MATHJAX.subn("", html)
    if removed != 1 or "x-mathjax-config" in html:
        raise PluginError(f"{page.file.src_uri}: could not remove mkdocs-jupyter's MathJax loader")
    return html


def with_copy_buttons(html: str) -> str:
    """Give each code block the copy button Material's JavaScript would add.

    The markup is Material's own (its CSS places and draws it), in a <span>
    rather than its <nav>: a group of buttons is not a navigation landmark.
    Code outputs (``.exec-output``) get none: readers copy code, not output.
    """
    numbers = itertools.count(1)

    def with_button(match: re.Match) -> str:
        block = f"__codeblock_{next(numbers)}"
        return (
            f'<div class="highlight" id="{block}"><pre><span></span><span class="md-code__nav">'
            f'<button class="md-code__button" title="Copy to clipboard" data-md-type="copy" '
            f'data-clipboard-target="#{block} > pre > code"></button></span><code>'
        )

    return re.sub(re.escape(CODE_BLOCK), with_button, html)
