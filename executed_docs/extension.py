"""The Python-Markdown extension: run a page's chains and put each block's output under it.

It works wherever Python-Markdown runs (MkDocs, Zensical, ``markdown.markdown``).
Under MkDocs the plugin (``plugin.py``) hands it the build's ``BuildSession``
in its ``session`` option; elsewhere it makes one from its own options.
"""

from __future__ import annotations

import os

from markdown import Extension
from markdown.preprocessors import Preprocessor

from executed_docs import private_apis
from executed_docs.cache import ResultCache
from executed_docs.model import (
    CACHE_ENV, DEFAULT_CACHE_DIR, DEFAULT_TIMEOUT, EXECUTE_ENV, BlockError, Chain, switched_off,
)
from executed_docs.reading import expand_page, line_origins, plan_page
from executed_docs.releases import RELEASES_FILE, ReleaseOutputs
from executed_docs.rendering import output_html, release_tabs
from executed_docs.session import BuildSession, log


def page_name(md) -> str:
    """The page MkDocs or Zensical is converting (relative to the working folder), or "page" elsewhere."""
    for processor in md.treeprocessors:
        file = getattr(processor, "file", None)
        if getattr(file, "abs_src_path", None):
            return source_name(file.abs_src_path)
    zensical = private_apis.zensical_page(md)
    if zensical is not None:
        path, config = zensical
        return os.path.join(str(config.get("docs_dir", "docs")), path)
    return "page"


def source_name(path: str) -> str:
    """How messages name a page's source file: relative to the working folder."""
    return os.path.relpath(path)


def read_page(md, text: str, page: str) -> tuple[list[str], list[Chain]]:
    """The page's lines as the executor sees them (snippets expanded) and its chains."""
    lines = expand_page(md, text, ExecuteBlocks)
    return lines, plan_page(lines, line_origins(text.split("\n"), lines, page))


class RememberSource(Preprocessor):
    """Keep the page as written, before snippets expand it, to name its lines."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        self.extension.source = list(lines)
        return lines


class NameMissingSnippets(Preprocessor):
    """pymdownx.snippets, but its "could not be found" errors name the page line."""

    def __init__(self, md, snippets):
        super().__init__(md)
        self.snippets = snippets

    def __getattr__(self, name):  # the rest is pymdownx.snippets' own (its reset() uses it)
        return getattr(self.snippets, name)

    def run(self, lines):
        try:
            return self.snippets.run(lines)
        except Exception as error:
            if not private_apis.snippet_missing(error):
                raise
            page = page_name(self.md)
            for number, line in enumerate(lines, start=1):
                if "--8<--" in line:
                    try:
                        self.snippets.run([line])
                    except Exception:
                        raise BlockError(f"{page}, line {number}", str(error)) from None
            raise BlockError(page, str(error)) from None


class ExecuteBlocks(Preprocessor):
    """Run the page's chains and put each block's output under it."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        page = self.extension.getConfig("page") or page_name(self.md)
        session = self.extension.session()
        chains = session.recall(page, lines)
        if chains is None:
            source = self.extension.source if self.extension.source is not None else lines
            chains = plan_page(lines, line_origins(source, lines, page))
        if switched_off(EXECUTE_ENV):
            return self.not_executed(lines, page, chains)
        inserts: dict[int, list[str]] = {}
        dropped: set[int] = set()
        for chain in chains:
            if session.defers(chain):  # its outputs go in after every page has rendered
                for fence, marker in zip(chain.fences, session.defer(chain)):
                    inserts[fence.closing] = [fence.indent + self.md.htmlStash.store(marker), ""]
                continue
            outputs = session.outputs_of(chain)
            for fence, output, newest in zip(chain.fences, outputs, session.newest_outputs(chain, outputs)):
                shown = self.shown(output)
                if newest is not None:  # the releases differ: a tab for each
                    releases = session.releases
                    shown = release_tabs([(f"PyTorch {releases.pinned}", shown), (f"PyTorch {releases.newest}", self.shown(newest))])
                if shown:
                    inserts[fence.closing] = [fence.indent + line if line else "" for line in shown]
            if chain.expected_fence is not None:
                dropped.update(range(chain.expected_fence.opening, chain.expected_fence.closing + 1))
        result = []
        for index, line in enumerate(lines):
            if index not in dropped:
                result.append(line)
            if index in inserts:
                result += ["", *inserts[index], ""]
        return result

    def shown(self, output) -> list[str]:
        """The lines put under a block: its HTML outputs (stashed), then its Markdown."""
        rendered = output_html(output)
        shown = [self.md.htmlStash.store(rendered), ""] if rendered else []
        return shown + (output.markdown.splitlines() if output.markdown else [])

    def not_executed(self, lines, page, chains):
        """The page as written, marked at the top as not executed (see EXECUTE_ENV)."""
        if not chains:
            return lines
        zensical = private_apis.zensical_page(self.md)
        if zensical is not None and zensical[1].get("strict"):  # Zensical does not count Python's warnings
            raise BlockError(page, f"built with {EXECUTE_ENV}=off in a strict build: its code blocks were not run")
        log.warning("%s: built with %s=off: its %d code blocks were not run", page, EXECUTE_ENV, sum(len(c.fences) for c in chains))
        banner = (
            '<div class="admonition danger exec-not-executed"><p class="admonition-title">Outputs not shown</p>'
            f"<p>This page was built with {EXECUTE_ENV}=off: its code was not run, so no output appears.</p></div>"
        )
        return [self.md.htmlStash.store(banner), "", *lines]


class ExecuteExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "timeout": [DEFAULT_TIMEOUT, "Seconds a block may run before the build fails"],
            "cache_dir": [DEFAULT_CACHE_DIR, "Folder of the results cache; empty for none"],
            "releases": [RELEASES_FILE, "The newest release's outputs where they differ (releases.py); empty for none"],
            "page": ["", "Page name for messages, where the host (MkDocs) does not tell"],
            # Not None: Python-Markdown would turn the object into True.
            "session": ["", "The build's BuildSession (the MkDocs plugin sets it); else one of its own"],
        }
        self.source = None
        self._own_session = None
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        # After pymdownx.snippets (32) has expanded includes and whitespace is
        # normalised (30, which would strip our stash markers), before any fence
        # is turned into HTML (25).
        md.preprocessors.register(RememberSource(md, self), "executed_docs_source", 33)
        if "snippet" in md.preprocessors:  # listed before us in the extensions
            md.preprocessors.register(NameMissingSnippets(md, md.preprocessors["snippet"]), "snippet", 32)
        md.preprocessors.register(ExecuteBlocks(md, self), "executed_docs_execute", 29.5)

    def reset(self):
        self.source = None

    def session(self) -> BuildSession:
        given = self.getConfig("session")
        if given:
            return given
        if self._own_session is None:
            self._own_session = BuildSession(float(self.getConfig("timeout")), cache_of(self.getConfig("cache_dir")),
                                             releases=ReleaseOutputs(self.getConfig("releases")))
        return self._own_session


def cache_of(folder: str) -> ResultCache | None:
    """The results cache in ``folder``, or none (no folder, or EXECUTED_DOCS_CACHE=off)."""
    if not folder or switched_off(CACHE_ENV):
        return None
    return ResultCache(folder)


def makeExtension(**kwargs):
    return ExecuteExtension(**kwargs)
