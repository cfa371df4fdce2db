"""Every code block of the site is a test: ``pytest docs/page.md`` runs a page's.

Collection reads each page exactly as the build does (``execute.page_chains``:
snippets expanded, pytest-codeblocks' parser and markers) and each test runs one
chain with the build's own ``execute.run_chain``, so a block that would fail the
build fails here, with the same message.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from executed_docs import execute

ROOT = Path(__file__).parent
DOCS = ROOT / "docs"


@functools.cache
def site_config():
    """mkdocs.yml, loaded as MkDocs loads it."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


def site_markdown():
    """A Markdown converter with the site's extensions and their settings."""
    import markdown

    config = site_config()
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def block_timeout() -> float:
    return float(site_config()["mdx_configs"]["executed_docs.execute"]["timeout"])


def page_chains(path: Path) -> list[execute.Chain]:
    """The chains of one page, named as the build names them."""
    page = path.resolve().relative_to(ROOT).as_posix()
    return execute.page_chains(site_markdown(), path.read_text(encoding="utf-8"), page)


def built_folder(site: Path, page: Path) -> Path:
    """The folder of the built site that holds ``page``'s index.html."""
    relative = page.relative_to(DOCS).with_suffix("")
    return site if relative.name == "index" else site / relative


def html_of(site: Path, page: Path) -> str:
    return (built_folder(site, page) / "index.html").read_text(encoding="utf-8")


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".md" and DOCS in file_path.resolve().parents:
        return MarkdownPage.from_parent(parent, path=file_path)


class MarkdownPage(pytest.File):
    def collect(self):
        try:
            chains = page_chains(self.path)
        except execute.BlockError as error:
            raise self.CollectError(str(error)) from None
        for chain in chains:
            item = ChainItem.from_parent(self, name=f"line {chain.where.rsplit('line ', 1)[-1]}", chain=chain)
            if chain.skipped:
                item.add_marker(pytest.mark.skip(reason="marked pytest-codeblocks:skip"))
            yield item


class ChainItem(pytest.Item):
    def __init__(self, *, chain: execute.Chain, **kwargs):
        super().__init__(**kwargs)
        self.chain = chain

    def runtest(self):
        outputs = execute.run_chain(self.chain, block_timeout())
        assert len(outputs) == len(self.chain.fences), "every block of the chain ran"

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, execute.BlockError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, self.chain.where


def mkdocs_build(site: Path, out: Path, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the site in folder ``site`` into ``out``, with extra environment."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=site, capture_output=True, text=True, timeout=1200, env={**os.environ, **env},
    )


def build_site(out: Path, log: Path | None = None) -> subprocess.CompletedProcess:
    """The real site built into ``out``, cold (no cache).

    SOURCE_DATE_EPOCH fixes the build date (the sitemap's), so two builds compare.
    """
    env = {execute.CACHE_ENV: "off", "SOURCE_DATE_EPOCH": "1767225600"}
    if log is not None:
        env[execute.EXECUTION_LOG_ENV] = str(log)
    return mkdocs_build(ROOT, out, **env)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The site built once per test run, and which blocks the build executed."""
    out = tmp_path_factory.mktemp("site")
    log = out.parent / "executed.jsonl"
    result = build_site(out, log)
    assert result.returncode == 0, result.stderr[-6000:]
    executed = [json.loads(line)["where"] for line in log.read_text().splitlines()] if log.exists() else []
    return out, result.stderr, executed
