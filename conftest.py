"""Every code block of the site is a test: ``pytest docs/page.md`` runs a page's,
and so does pytest-codeblocks' own command, ``pytest --codeblocks docs/page.md``.

Collection reads each page exactly as the build does (``extension.read_page``:
snippets expanded, pytest-codeblocks' parser and markers) and each test runs
one chain with the build's own ``running.run_chain``, so a block that would
fail the build fails here, with the same message. pytest-codeblocks' own
collector would read the page without its snippets and run its blocks without
the engine's rules, so for the site's pages it is set aside: every block is
collected once.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from pytest_codeblocks.plugin import MarkdownFile as CodeblocksMarkdownFile

sys.path.insert(0, str(Path(__file__).parent / "tests"))  # one module object for the tests and this file
from site_support import DOCS, block_timeout, build_site, page_chains  # noqa: E402

from executed_docs.model import BlockError, Chain  # noqa: E402
from executed_docs.running import run_chain  # noqa: E402


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path: Path, parent):
    collected = yield
    if file_path.suffix == ".md" and DOCS in file_path.resolve().parents:
        collected = [c for c in collected if not isinstance(c, CodeblocksMarkdownFile)]
        collected.append(MarkdownPage.from_parent(parent, path=file_path))
    return collected


class MarkdownPage(pytest.File):
    def collect(self):
        try:
            chains = page_chains(self.path)
        except BlockError as error:
            raise self.CollectError(str(error)) from None
        for chain in chains:
            item = ChainItem.from_parent(self, name=f"line {chain.where.rsplit('line ', 1)[-1]}", chain=chain)
            if chain.skipped:
                item.add_marker(pytest.mark.skip(reason="marked pytest.mark.skip on the page"))
            yield item


class ChainItem(pytest.Item):
    def __init__(self, *, chain: Chain, **kwargs):
        super().__init__(**kwargs)
        self.chain = chain

    def runtest(self):
        run_chain(self.chain, block_timeout())

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, BlockError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        line = re.search(r"line (\d+)", self.chain.where)
        return self.path, int(line.group(1)) - 1 if line else 0, self.chain.where


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The site built once per test run, its log, and a record of each block the
    build executed: ``{"where": "page, line N", "shown": {"html": bool, "markdown": bool}}``."""
    out = tmp_path_factory.mktemp("site")
    log = out.parent / "executed.jsonl"
    result = build_site(out, log)
    assert result.returncode == 0, result.stderr[-6000:]
    records = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return out, result.stderr, records
