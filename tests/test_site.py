"""The real site: it builds with --strict, and what it publishes is executed and offline."""

from __future__ import annotations

import html as html_module
import json
import re
from html.parser import HTMLParser

import pytest

from executed_docs.material_html import PLAIN_TOKEN
from site_support import DOCS, build_site, built_folder, html_of, page_chains

MARKDOWN_PAGES = sorted(DOCS.rglob("*.md"))
NOTEBOOK_PAGES = sorted(DOCS.rglob("*.ipynb"))


def test_the_strict_build_has_no_warnings(built):
    _, log, _ = built
    assert not [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]


def test_the_build_executes_exactly_the_blocks_the_tests_execute(built, request):
    _, _, records = built
    executed = [record["where"] for record in records]
    tested = [fence.where for page in MARKDOWN_PAGES for chain in page_chains(page) if not chain.skipped for fence in chain.fences]
    assert len(executed) > 0 and len(tested) > 0
    assert sorted(executed) == sorted(tested)
    collected = [f.where for item in request.session.items if hasattr(item, "chain") for f in item.chain.fences]
    if collected:  # this session also collected the pages' blocks as tests
        assert sorted(collected) == sorted(tested)


# A block right after an HTML comment (a marker) in indented Markdown ends the comment's paragraph.
CODE_BLOCK = re.compile(r'<div class="highlight"[^>]*><pre>(.*?)</pre></div>\s*(?:</p>\s*)?', re.S)
OUTPUT = re.compile(r'<div class="exec-output|<figure class="exec-figure"')
#: Where two PyTorch releases' outputs differ, they are in tabs; the first is the pinned release's.
FIRST_TAB = re.compile(r'<div class="tabbed-set[^>]*>.*?<div class="tabbed-block">\s*', re.S)


def code_lines(code: str) -> list[str]:
    """A block's non-blank lines (pytest-codeblocks drops blank lines of indented fences)."""
    return [line.rstrip() for line in code.splitlines() if line.strip()]


def code_text(markup: str) -> list[str]:
    """The lines of a code block's markup (tags, whose attributes may hold ">", removed)."""
    return code_lines(html_module.unescape(re.sub(r'<(?:[^>"]|"[^"]*")*>', "", markup)))


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_block_shows_its_output_right_under_it(built, page):
    """Each executed block, found in the page by its code, is followed at once by
    its output when the build recorded one (its table, for a Markdown output),
    and by no output when it showed nothing."""
    site, _, records = built
    shown = {record["where"]: record["shown"] for record in records}
    html = html_of(site, page)
    assert "wzxhzdk" not in html, "an output placeholder was left unreplaced"
    blocks = list(CODE_BLOCK.finditer(html))
    fences = sorted((f for chain in page_chains(page) if not chain.skipped for f in chain.fences), key=lambda f: f.opening)
    position, checked = 0, 0
    for fence in fences:
        while position < len(blocks) and code_text(blocks[position].group(1)) != code_lines(fence.code):
            position += 1
        assert position < len(blocks), f"{fence.where}: its code is not on the built page"
        after = html[blocks[position].end():]
        tabs = FIRST_TAB.match(after)
        after = after[tabs.end():] if tabs else after
        expected = shown[fence.where]
        if expected["html"]:
            assert OUTPUT.match(after), f"{fence.where}: its output is not right under it: {after[:120]!r}"
        elif expected["markdown"]:
            assert after.startswith("<table"), f"{fence.where}: its table is not right under it: {after[:120]!r}"
        else:
            assert not OUTPUT.match(after), f"{fence.where}: an output follows a block that showed none"
        checked += 1
        position += 1
    assert checked == len(fences)


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_code_block_has_a_copy_button_for_its_own_code(built, page):
    site, _, _ = built
    html = html_of(site, page)
    blocks = re.findall(r'<div class="highlight"([^>]*)><pre>(.*?)</pre>', html, flags=re.S)
    assert blocks
    for attributes, inside in blocks:
        block = re.fullmatch(r' id="([^"]+)"', attributes)
        assert block, f"a code block without an id: {inside[:80]}"
        buttons = re.findall(r'<button class="md-code__button"[^>]*data-clipboard-target="([^"]+)"', inside)
        assert buttons == [f"#{block.group(1)} > pre > code"]
    outputs = re.findall(r'<div class="exec-output".*?</div>', html, flags=re.S)
    assert not [output for output in outputs if "data-clipboard-target" in output]


def test_dropping_plain_token_spans_keeps_the_code_text_and_its_colours():
    import markdown

    source = "```python\nloss = (w1 * x + w2 - 1) ** 2  # a <comment> & more\nprint(loss, 'x < y')\n```\n"
    page = markdown.markdown(source, extensions=["pymdownx.superfences", "pymdownx.highlight"])
    lighter = PLAIN_TOKEN.sub(r"\1", page)

    def text(fragment):
        return html_module.unescape(re.sub(r"<[^>]+>", "", fragment))

    assert text(lighter) == text(page)
    for plain in ("n", "p", "o"):  # name, punctuation, operator (this sample has no "w")
        assert f'class="{plain}"' in page and f'class="{plain}"' not in lighter
    coloured = r'<span class="(?![nwpo]")[^"]+">[^<]*</span>'
    assert re.findall(coloured, lighter) == re.findall(coloured, page)  # numbers, strings, comments: all kept
    assert re.search(r'class="(mi|s1|c1)"', lighter)


def test_no_page_repeats_an_id(built):
    """Figures' ids are salted per chain: two plots on one page must not collide."""
    site, _, _ = built
    repeated = {}
    for path in site.rglob("*.html"):
        ids = re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8"))
        if len(ids) != len(set(ids)):
            repeated[str(path.relative_to(site))] = sorted({i for i in ids if ids.count(i) > 1})[:5]
    assert repeated == {}


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_formulas_are_mathml_with_no_tex_left(built, page):
    site, _, _ = built
    html = html_of(site, page)
    source = page.read_text(encoding="utf-8")
    if "$" in source.replace("```", ""):
        assert "<math" in html
    assert 'class="arithmatex"' not in html


class AssetFinder(HTMLParser):
    """Every URL a browser would load for the page: scripts, styles, images, fonts."""

    LOADED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "apple-touch-icon"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"} and attrs.get("src") is not None:
            self.urls.append(attrs["src"])
        if tag == "link" and set((attrs.get("rel") or "").split()) & self.LOADED_LINKS:
            self.urls.append(attrs.get("href") or "")
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])


def test_no_page_loads_anything_from_another_host(built):
    site, _, _ = built
    offenders = []
    for path in site.rglob("*.html"):
        finder = AssetFinder()
        text = path.read_text(encoding="utf-8")
        finder.feed(text)
        for url in finder.urls:
            if url == "" or re.match(r"^(https?:)?//", url):
                offenders.append(f"{path.relative_to(site)}: {url!r}")
        offenders += [f"{path.relative_to(site)}: {m}" for m in re.findall(r"url\((?:['\"])?(?:https?:)?//[^)]*\)", text)]
    for path in site.rglob("*.css"):
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{path.relative_to(site)}: {m}" for m in re.findall(r"(?:url\(|@import\s+)['\"]?(?:https?:)?//[^)'\"\s]*", text)]
    assert offenders == []


def test_every_page_paints_before_its_scripts_run(built):
    """overrides/main.html defers Material's scripts (a first paint on a phone
    waited for them): no script with a src may block it."""
    site, _, _ = built
    blocking = []
    for path in [*site.rglob("index.html"), site / "404.html"]:
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", path.read_text(encoding="utf-8")):
            if not re.search(r"\s(defer|async)[\s>=]", tag):
                blocking.append(f"{path.relative_to(site)}: {tag}")
    assert blocking == []


class LinkFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


def test_every_internal_link_resolves(built):
    """MkDocs validates Markdown pages' links; this also covers the notebook pages'."""
    site, _, _ = built
    broken = []
    for path in site.rglob("*.html"):
        finder = LinkFinder()
        finder.feed(path.read_text(encoding="utf-8"))
        for href in finder.hrefs:
            if re.match(r"^[a-z]+:|^//|^#", href):
                continue
            base = site if href.startswith("/") else path.parent  # 404.html links from the root
            target = (base / href.split("#")[0].lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {href}")
    assert broken == []


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.name)
def test_the_notebook_page_is_executed_and_downloadable(built, page):
    site, _, _ = built
    html = html_of(site, page)
    assert "jp-OutputArea-output" in html, "the notebook's outputs are rendered"
    assert "x-mathjax-config" not in html and '<script src="">' not in html
    link = re.search(r'<a href="([^"]+\.ipynb)" download', html)
    assert link, "the page links its notebook for download"
    downloaded = built_folder(site, page) / link.group(1)
    assert json.loads(downloaded.read_text(encoding="utf-8"))["nbformat"] == 4


def test_two_clean_builds_are_byte_identical(built, tmp_path):
    """Plots, search index, sitemap, notebook page: nothing depends on the run."""
    site, _, _ = built
    again = tmp_path / "again"
    result = build_site(again)
    assert result.returncode == 0, result.stderr[-3000:]
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [str(path) for path in first if first[path] != second[path]] == []
