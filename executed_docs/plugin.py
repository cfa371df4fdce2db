"""The MkDocs plugin ``executed-docs``: one ``BuildSession`` per build, shared
with the Markdown extension, and every page read before any renders.

Before the first page renders, every Markdown page is read as the build reads
it (``extension.read_page``), once, for three things:

* its chains that the cache lacks start running in worker processes (the
  workers' fork server starts importing torch at the first such page, while
  the others are read); the page's render reuses the reading;
* the page as a notebook (``notebooks.page_notebook``), written beside the
  page's HTML as ``<page name>.ipynb`` and linked from its header
  (``overrides/main.html``);
* pages then render without waiting for the workers: a chain still running
  leaves a marker where its outputs go, and ``on_page_context`` puts them in as
  MkDocs writes the page, after every page has rendered, with MkDocs' rewriting
  and checking of the links in a Markdown output (a table).

Notebook pages, which mkdocs-jupyter renders (``execute: false``), are executed
here (``notebooks.executed_notebook``, nbclient), each in a thread started
before the first page renders, in a kernel forked from the workers' server
(``forked_kernel.py``); mkdocs-jupyter renders the executed copy and offers the
source for download. The copies are cached in ``notebook_cache``, keyed by the
notebook and the library versions. A cell that raises without the tag
``raises-exception``, or has it and raises nothing, fails the build.
"""

from __future__ import annotations

import concurrent.futures
import tempfile
from pathlib import Path

import markdown
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from executed_docs import private_apis, workers
from executed_docs.cache import chain_fingerprint
from executed_docs.extension import cache_of, log, read_page, source_name
from executed_docs.model import CACHE_ENV, DEFAULT_CACHE_DIR, DEFAULT_TIMEOUT, EXECUTE_ENV, switched_off
from executed_docs.notebooks import executed_notebook, page_notebook
from executed_docs.releases import RELEASES_FILE, ReleaseOutputs
from executed_docs.session import BuildSession

EXTENSION = "executed_docs.execute"


class ExecutedDocsConfig(base.Config):
    timeout = c.Type((int, float), default=DEFAULT_TIMEOUT)
    cache_dir = c.Type(str, default=DEFAULT_CACHE_DIR)
    notebook_cache = c.Type(str, default=".cache/executed-notebooks")
    #: The newest release's outputs where they differ (releases.py); relative to mkdocs.yml's folder.
    releases_file = c.Type(str, default=RELEASES_FILE)


class ExecutedDocsPlugin(BasePlugin[ExecutedDocsConfig]):
    def __init__(self):
        self.session: BuildSession | None = None
        self.files = None  # the build's Files, for the links of Markdown outputs
        self.page_notebooks: dict[str, concurrent.futures.Future] = {}  # site path -> .ipynb text
        self.notebook_runs: dict[str, concurrent.futures.Future] = {}  # source -> executed copy's path

    def load_config(self, options, config_file_path=None):
        """Read the plugin's settings; in a cold build, start the workers' imports.

        With an empty results cache every chain will run, so the fork server's
        imports (seconds of torch) start now, while MkDocs loads the plugins
        after this one (mkdocs-jupyter's nbconvert) and reads the pages, rather
        than once the first page is read.
        """
        errors, warnings = super().load_config(options, config_file_path)
        if not errors and config_file_path and not switched_off(EXECUTE_ENV) and workers.cores() >= 2:
            cache = cache_of(beside(config_file_path, self.config.cache_dir))
            if cache is None or cache.is_empty():
                workers.prepare()
        return errors, warnings

    def folder(self, config, setting: str) -> str:
        """A folder setting, relative to mkdocs.yml's folder."""
        return beside(config.config_file_path, setting)

    def on_config(self, config, **kwargs):
        if EXTENSION not in config.markdown_extensions:  # a site of notebook pages only, say
            config.markdown_extensions.append(EXTENSION)
        self.session = BuildSession(float(self.config.timeout), cache_of(self.folder(config, self.config.cache_dir)), defer=True,
                                    releases=ReleaseOutputs(self.folder(config, self.config.releases_file)))
        config.mdx_configs.setdefault(EXTENSION, {})["session"] = self.session
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is not None:
            if jupyter.config["execute"]:
                raise PluginError("mkdocs-jupyter: set execute: false; the executed-docs plugin executes the notebook pages")
            if switched_off(CACHE_ENV):
                jupyter.config["cache"] = False
            if switched_off(EXECUTE_ENV):
                log.warning("notebook pages are built with %s=off: their cells are not run", EXECUTE_ENV)
        return config

    @event_priority(-100)  # after mkdocs-jupyter's on_files has made the notebooks pages
    def on_files(self, files, config, **kwargs):
        self.page_notebooks, self.notebook_runs = {}, {}
        executing, preparing = not switched_off(EXECUTE_ENV), False
        pages = {}
        for file in files.documentation_pages():
            if not file.src_uri.endswith(".md"):
                continue
            # A converter of its own for each page: pymdownx.snippets keeps state.
            md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
            page = source_name(file.abs_src_path)
            try:
                pages[file] = read_page(md, file.content_string, page)
            except Exception:  # the page's own render raises it again, with MkDocs naming the page
                continue
            self.session.remember(page, *pages[file])
            if executing and not preparing and workers.cores() >= 2 and self.session.uncached(pages[file][1]):
                log.debug("starting the workers' fork server")
                workers.prepare()  # the workers' imports start while the other pages are read
                preparing = True
        if executing:
            self.warn_orphans([chain for _, chains in pages.values() for chain in chains])
            self.start_notebook_runs(files, config)
            self.session.start([chain for _, chains in pages.values() for chain in chains])
        # In the workers, after the chains, if they run: the pages need them sooner.
        for file, (lines, chains) in pages.items():
            self.page_notebooks[notebook_path(file)] = self.session.submit(page_notebook, lines, chains)
        # Notebook pages last: their kernel has the most time to finish.
        return type(files)(sorted(files, key=lambda file: file.src_uri in self.notebook_runs))

    def warn_orphans(self, chains) -> None:
        """The releases file's entries that no chain of the site has any more (its block changed)."""
        present = {chain_fingerprint(chain) for chain in chains}
        releases = self.session.releases
        for key, entry in sorted(releases.chains.items()):
            if key not in present:
                log.warning("%s: %s is stale: it records a chain here that the page no longer has; "
                            "run `bash .ci/canary --write`", entry["where"], releases.path)

    def start_notebook_runs(self, files, config) -> None:
        """Start executing each notebook page in a thread (the kernel is a process of its own)."""
        notebooks = [file for file in files.documentation_pages() if file.src_uri.endswith(".ipynb")]
        if not notebooks or config.plugins.get("mkdocs-jupyter") is None:
            return
        reuse = not switched_off(CACHE_ENV)
        folder = Path(self.folder(config, self.config.notebook_cache)) if reuse else Path(tempfile.mkdtemp())
        threads = concurrent.futures.ThreadPoolExecutor(len(notebooks))
        for file in notebooks:
            self.notebook_runs[file.src_uri] = threads.submit(
                executed_notebook, Path(file.abs_src_path), folder, float(self.config.timeout), reuse)
        threads.shutdown(wait=False)

    def on_env(self, env, config, files, **kwargs):
        self.files = files
        return env

    @event_priority(100)  # before mkdocs-jupyter's on_pre_page reads the file
    def on_pre_page(self, page, **kwargs):
        run = self.notebook_runs.get(page.file.src_uri)
        if run is not None:
            try:
                executed = run.result()
            except Exception as error:
                raise PluginError(f"{page.file.src_uri}: {error}") from error
            page.source_notebook = page.file.abs_src_path
            page.file.abs_src_path = str(executed)  # mkdocs-jupyter renders the executed copy
        return page

    def on_page_markdown(self, text, page, **kwargs):
        if notebook_path(page.file) in self.page_notebooks:
            page.notebook_download = Path(notebook_path(page.file)).name
        return text

    def on_page_content(self, html, page, **kwargs):
        if getattr(page, "source_notebook", None):  # readers download the source
            page.file.abs_src_path = page.source_notebook
        return html

    @event_priority(50)  # before the search plugin indexes the page
    def on_page_context(self, context, page, config, **kwargs):
        """The outputs of the page's chains that ran in workers, in place."""
        if page.file.src_uri.endswith(".md"):
            page.content = self.session.fill_deferred(page.content, lambda text: self.markdown_html(text, page, config))
        return context

    def markdown_html(self, text: str, page, config) -> str:
        """Markdown shown by a block (a table), as the page's own conversion renders it."""
        md, links = private_apis.markdown_with_mkdocs_links(page, self.files, config)
        html = md.convert(text)
        private_apis.merge_links_to_anchors(page, links)
        return html

    @event_priority(-100)  # last: the other plugins' and hooks' work overlaps the workers' last notebooks
    def on_post_build(self, config, **kwargs):
        try:
            self.session.write_record()
            for path, notebook in sorted(self.page_notebooks.items()):
                target = Path(config.site_dir) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(notebook.result(), encoding="utf-8")
        finally:
            self.session.close()

    def on_build_error(self, error, **kwargs):
        if self.session is not None:
            self.session.close()


def notebook_path(file) -> str:
    """Where a page's notebook goes: beside its HTML, named after its source."""
    return (Path(file.dest_uri).parent / (Path(file.src_uri).stem + ".ipynb")).as_posix()


def beside(config_file_path: str, setting: str) -> str:
    """A path setting, relative to the folder of mkdocs.yml; empty if the setting is."""
    return str(Path(config_file_path).parent / setting) if setting else ""
