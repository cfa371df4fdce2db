"""What the tests share about this site: its configuration, its pages read as
the build reads them, and builds of it. Imported by ``conftest.py`` and the tests."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import markdown

from executed_docs.extension import read_page
from executed_docs.model import CACHE_ENV, EXECUTION_LOG_ENV, Chain
from executed_docs.reading import line_origins, plan_page

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@functools.cache
def site_config():
    """mkdocs.yml, loaded as MkDocs loads it."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


def site_markdown() -> markdown.Markdown:
    """A Markdown converter with the site's extensions and their settings."""
    config = site_config()
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def block_timeout() -> float:
    """The executed-docs plugin's time limit for one block, as mkdocs.yml sets it."""
    return float(site_config().plugins["executed-docs"].config.timeout)


def page_chains(path: Path) -> list[Chain]:
    """The chains of one page, named as the build names them."""
    page = path.resolve().relative_to(ROOT).as_posix()
    return read_page(site_markdown(), path.read_text(encoding="utf-8"), page)[1]


def text_chains(text: str, page: str = "page.md") -> list[Chain]:
    """The chains of a Markdown text (dedented; no snippets), as the build plans them."""
    lines = textwrap.dedent(text).split("\n")
    return plan_page(lines, line_origins(lines, lines, page))


def render(text: str, **config) -> str:
    """A Markdown text (dedented) converted with the executing extension, as
    "page.md", with a 5 s limit and no cache unless ``config`` says otherwise."""
    md = markdown.Markdown(
        extensions=["tables", "pymdownx.superfences", "executed_docs.execute"],
        extension_configs={"executed_docs.execute": {"page": "page.md", "timeout": 5, "cache_dir": "", **config}},
    )
    return md.convert(textwrap.dedent(text))


def built_folder(site: Path, page: Path) -> Path:
    """The folder of the built site that holds ``page``'s index.html."""
    relative = page.relative_to(DOCS).with_suffix("")
    return site if relative.name == "index" else site / relative


def html_of(site: Path, page: Path) -> str:
    return (built_folder(site, page) / "index.html").read_text(encoding="utf-8")


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
    env = {CACHE_ENV: "off", "SOURCE_DATE_EPOCH": "1767225600"}
    if log is not None:
        env[EXECUTION_LOG_ENV] = str(log)
    return mkdocs_build(ROOT, out, **env)
