"""Zensical builds the site too: every Markdown page, with MkDocs' executed outputs.

Zensical (pinned in requirements.txt) reads mkdocs.yml and runs the site's
Python-Markdown extensions, but neither MkDocs' hooks nor its plugins. This
builds the repository with ``zensical build``, cold (``EXECUTED_DOCS_CACHE=off``
and an empty Zensical cache), and compares every executed output of every
Markdown page with the MkDocs build of the session (conftest.py's ``built``),
page by page, in document order:

* the Output, Warning and Raises boxes (elements of class ``exec-output``);
* the figures (``<figure class="exec-figure">``, inline SVG);
* the tables that blocks show (a final value's ``_repr_markdown_``): a
  ``<table>`` whose previous sibling element is a code block or another
  output, which is where the engine puts a block's Markdown. A table written
  in a page's prose follows prose or a heading, and is not an output.

Each output is compared as the page has it, byte for byte: its element's
markup, from its start tag to its end tag, cut out of the page's HTML. Nothing
is normalised, not even a figure's ids: the engine names them after the chain's
code (``svg.hashsalt``), so both builds name them alike, and they are
byte-identical today. Should a figure differ only in the names of its ids (the
engine salting them otherwise under one of the two tools), the failure says so
(``same_but_for_id_names``) rather than hide it: ids name what must be unique
on a page, and an output that differs is not "the same output".

Where Zensical builds: it has no ``--site-dir`` option and refuses a
``site_dir`` outside the folder of its config file, and it keeps its own cache
in that folder's ``.cache/``, beside the engine's, which ``zensical build
--clean`` deletes whole. So the build runs in a copy of the repository's files
(those git tracks, or would track) in a temporary folder: cold, and without
touching the working tree's caches or ``site/``.
"""

from __future__ import annotations

import difflib
import html
import importlib.metadata
import dataclasses
import os
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
#: The environment of the cold build; SOURCE_DATE_EPOCH as conftest.build_site's.
BUILD_ENV = {"EXECUTED_DOCS_CACHE": "off", "SOURCE_DATE_EPOCH": "1767225600"}


# --------------------------------------------------------------------------
# The site's configuration, read as data
# --------------------------------------------------------------------------


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: a tagged value (!ENV, !relative, !!python/name) is read untagged."""


def _untagged(loader, suffix, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_TolerantLoader.add_multi_constructor("", _untagged)

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)
DOCS_DIR = CONFIG.get("docs_dir", "docs")
MARKDOWN_PAGES = sorted(page.relative_to(ROOT / DOCS_DIR).as_posix() for page in (ROOT / DOCS_DIR).rglob("*.md"))


def page_html(site: Path, page: str) -> Path:
    """Where a Markdown page (its path under docs_dir) is written in a built site."""
    stem = page[: -len(".md")]
    if not CONFIG.get("use_directory_urls", True):
        return site / f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return site / stem[: -len("index")] / "index.html"
    return site / stem / "index.html"


def pinned_version(package: str, requirements: str = "requirements.txt") -> str | None:
    """The version requirements.txt (or a file it includes with ``-r``) pins ``package`` to."""
    for line in (ROOT / requirements).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        included = re.fullmatch(r"-r\s+(\S+)", line)
        match = re.fullmatch(rf"{re.escape(package)}==(\S+)", line, flags=re.I)
        found = pinned_version(package, included.group(1)) if included else match and match.group(1)
        if found:
            return found
    return None


# --------------------------------------------------------------------------
# A page's executed outputs, in document order
# --------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    kind: str | None  # the output it is, if it is one: see _Tree.kind
    start: int  # where its markup starts in the page, and ends (after its end tag)
    end: int = -1
    children: list[Element] = field(default_factory=list)


class _Tree(HTMLParser):
    """A page's elements, each with where its markup starts and ends (the standard
    library's tolerant parser, fed the whole page at once)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=False)
        self.page = page
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", page)]
        self.root = Element("#document", None, 0, len(page))
        self.open = [self.root]
        self.last = [""]  # for each open element, its last child: "code", "output", "text" or "other"

    @staticmethod
    def kind(tag: str, attributes: dict, previous: str) -> str | None:
        """The executed output an element is: a box (by its label), a figure, a block's table; or None."""
        classes = (attributes.get("class") or "").split()
        if "exec-output" in classes:
            return attributes.get("aria-label") or "exec-output"
        if tag == "figure" and "exec-figure" in classes:
            return "figure"
        if tag == "table" and previous in ("code", "output"):
            return "table"
        return None

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _element(self, tag, attrs, void: bool):
        attributes = dict(attrs)
        element = Element(tag, self.kind(tag, attributes, self.last[-1]), self.position())
        self.open[-1].children.append(element)
        code = tag == "div" and "highlight" in (attributes.get("class") or "").split()
        self.last[-1] = "output" if element.kind else "code" if code else "other"
        if void:
            element.end = element.start + len(self.get_starttag_text())
        else:
            self.open.append(element)
            self.last.append("")

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs, tag in VOID)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs, True)

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                end = self.page.index(">", self.position()) + 1
                for element in self.open[depth:]:  # and whatever was left open inside it
                    element.end = end
                del self.open[depth:], self.last[depth:]
                return

    def handle_data(self, data):
        if data.strip():
            self.last[-1] = "text"

    def handle_entityref(self, name):
        self.last[-1] = "text"

    handle_charref = handle_entityref


@dataclass(frozen=True)
class Output:
    kind: str  # the box's label ("Output", "Warning", "Raises"), "figure" or "table"
    markup: str  # as the page has it

    def summary(self, width: int = 110) -> str:
        """One line for a reader: a figure by its alt text, anything else by its text."""
        label = re.search(r'<svg [^>]*aria-label="([^"]*)"', self.markup) if self.kind == "figure" else None
        text = label.group(1) if label else re.sub(r"<style.*?</style>|<[^>]+>", " ", self.markup, flags=re.S)
        text = " ".join(html.unescape(text).split())
        return f"{self.kind}: {text[:width]}{'…' if len(text) > width else ''}"


def page_outputs(page: str) -> list[Output]:
    """Every executed output of a page's HTML, in document order."""
    tree = _Tree(page)
    tree.feed(page)
    tree.close()
    found: list[Output] = []

    def walk(element: Element) -> None:
        for child in element.children:
            if child.kind:
                found.append(Output(child.kind, page[child.start:child.end]))
            else:
                walk(child)

    walk(tree.root)
    return found


ID_REFERENCE = re.compile(r'(?<=\bid=")[^"]+(?=")|(?<=url\(#)[^)]+(?=\))|(?<=href="#)[^"]+(?=")')


def without_id_names(markup: str) -> str:
    """The markup with ids, and references to them, renamed id1, id2... in order of first appearance."""
    names: dict[str, str] = {}
    return ID_REFERENCE.sub(lambda m: names.setdefault(m.group(), f"id{len(names) + 1}"), markup)


def same_but_for_id_names(a: Output, b: Output) -> bool:
    return a != b and without_id_names(a.markup) == without_id_names(b.markup)


def first_difference(page: str, mkdocs: list[Output], zensical: list[Output]) -> str | None:
    """Where the two builds' outputs of ``page`` first differ, said for a reader; None if nowhere."""
    counts = f"(MkDocs shows {len(mkdocs)} outputs, Zensical {len(zensical)})"
    for index, (expected, got) in enumerate(zip(mkdocs, zensical)):
        if expected == got:
            continue
        later_here, later_there = zensical[index + 1:], mkdocs[index + 1:]
        if expected in later_here:
            how = f"MkDocs' output {index + 1} is Zensical's output {index + 2 + later_here.index(expected)}: outputs added before it, or moved"
        elif got in later_there:
            how = f"Zensical's output {index + 1} is MkDocs' output {index + 2 + later_there.index(got)}: outputs missing before it, or moved"
        elif same_but_for_id_names(expected, got):
            how = "the two differ only in the names of their ids"
        else:
            how = "changed"
        diff = difflib.unified_diff(_lines(expected.markup), _lines(got.markup), "MkDocs", "Zensical", lineterm="", n=1)
        return (
            f"{page}: output {index + 1} differs {counts}; {how}\n"
            f"  MkDocs:   {expected.summary()}\n  Zensical: {got.summary()}"
            + ("\n" + "\n".join(list(diff)[:40]) if expected.kind == got.kind else "")
        )
    if len(mkdocs) > len(zensical):
        return f"{page}: Zensical's page lacks output {len(zensical) + 1} {counts}: {mkdocs[len(zensical)].summary()}"
    if len(zensical) > len(mkdocs):
        return f"{page}: Zensical's page has an output {len(mkdocs) + 1} that MkDocs' lacks {counts}: {zensical[len(mkdocs)].summary()}"
    return None


def with_resolved_links(markup: str, page: str) -> str:
    """The markup with each relative link written as the site path it leads to: MkDocs
    writes "../relu/" where Zensical writes "../../activations/relu/", the same page."""
    stem = posixpath.splitext(page)[0]
    folder = posixpath.dirname(stem) + "/" if posixpath.basename(stem) == "index" else stem + "/"

    def resolved(match: re.Match) -> str:
        target = match.group(1)
        if re.match(r"[a-z]+:|#|/", target):
            return match.group(0)
        return f'href="/{posixpath.normpath(posixpath.join(folder, target))}/"'.replace("//", "/")

    return re.sub(r'href="([^"]*)"', resolved, markup)


def _lines(markup: str) -> list[str]:
    """Markup cut before each tag, so that a diff of an SVG or a table shows the element that changed."""
    return re.sub(r"(?<!^)(<[^/!])", r"\n\1", markup).splitlines()


# --------------------------------------------------------------------------
# The Zensical build
# --------------------------------------------------------------------------


def project_files() -> list[str]:
    """The repository's files as the working tree has them: tracked (and not
    deleted), or untracked and not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    return sorted(name for name in set(listed) if name and (ROOT / name).is_file())


@pytest.fixture(scope="session")
def zensical_built(tmp_path_factory):
    """`zensical build` of a copy of the repository, cold: (its site folder, the finished process)."""
    project = tmp_path_factory.mktemp("zensical-project")
    for name in project_files():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, project / name)
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build"],
        cwd=project, capture_output=True, text=True, timeout=1200, env={**os.environ, **BUILD_ENV},
    )
    return project / CONFIG.get("site_dir", "site"), result


def _failed(result: subprocess.CompletedProcess) -> str:
    return f"zensical build exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"


@pytest.fixture(scope="session")
def zensical_site(zensical_built):
    site, result = zensical_built
    assert result.returncode == 0, _failed(result)
    return site


# --------------------------------------------------------------------------
# Zensical's build against MkDocs'
# --------------------------------------------------------------------------


def test_zensical_is_installed_at_its_pin():
    pin = pinned_version("zensical")
    assert pin, "requirements.txt (through requirements-site.txt) pins zensical"
    assert importlib.metadata.version("zensical") == pin  # not installed: PackageNotFoundError, a failure


def test_zensical_build_exits_0(zensical_built):
    site, result = zensical_built
    assert result.returncode == 0, _failed(result)
    assert (site / "index.html").is_file()


def test_zensical_fails_the_build_when_a_block_raises(tmp_path):
    """What a failing block does under Zensical: the build stops, exit code 1, the
    engine's message and the block's traceback on stderr (a site of one page, with
    the site's Markdown extensions)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# A page\n\n```python\nraise ValueError('deliberately')\n```\n", encoding="utf-8")
    config = {"site_name": "One failing block", "markdown_extensions": CONFIG["markdown_extensions"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, env={**os.environ, **BUILD_ENV},
    )
    assert result.returncode == 1, _failed(result)
    assert "the block raised an exception" in result.stderr and "ValueError: deliberately" in result.stderr, result.stderr[-3000:]
    assert "docs/index.md, line 3: the block raised an exception" in result.stderr, "the page and line are named"


def test_zensical_fails_a_strict_build_that_does_not_execute(tmp_path):
    """EXECUTED_DOCS_EXECUTE=off must not publish pages without outputs: MkDocs
    fails on the engine's warning, Zensical (which counts no Python warning) on its error."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# A page\n\n```python\nprint(1)\n```\n", encoding="utf-8")
    config = {"site_name": "Not executed", "strict": True, "markdown_extensions": CONFIG["markdown_extensions"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**os.environ, **BUILD_ENV, "EXECUTED_DOCS_EXECUTE": "off"},
    )
    assert result.returncode == 1, _failed(result)
    assert "docs/index.md: built with EXECUTED_DOCS_EXECUTE=off in a strict build" in result.stderr, result.stderr[-3000:]


def test_every_markdown_page_of_mkdocs_build_is_in_zensical_build(built, zensical_site):
    mkdocs_site, _, _ = built
    assert MARKDOWN_PAGES
    assert [page for page in MARKDOWN_PAGES if not page_html(mkdocs_site, page).is_file()] == [], "MkDocs' build"
    assert [page for page in MARKDOWN_PAGES if not page_html(zensical_site, page).is_file()] == []


@pytest.mark.parametrize("page", MARKDOWN_PAGES)
def test_zensical_shows_every_executed_output_of_mkdocs(built, zensical_site, page):
    mkdocs_site, _, _ = built
    outputs = {}
    for tool, site in (("MkDocs", mkdocs_site), ("Zensical", zensical_site)):
        text = page_html(site, page).read_text(encoding="utf-8")
        assert "wzxhzdk" not in text, f"{tool}: an output placeholder was left unreplaced"
        outputs[tool] = [dataclasses.replace(o, markup=with_resolved_links(o.markup, page)) for o in page_outputs(text)]
        # The parser missed no output element that the raw HTML has.
        boxes_and_figures = re.findall(r'<div class="exec-output|<figure class="exec-figure"', text)
        assert len([o for o in outputs[tool] if o.kind != "table"]) == len(boxes_and_figures), tool
    difference = first_difference(f"{DOCS_DIR}/{page}", outputs["MkDocs"], outputs["Zensical"])
    if difference:
        pytest.fail(difference, pytrace=False)


# --------------------------------------------------------------------------
# The comparison fails where it must: a real page against altered copies of it
# --------------------------------------------------------------------------

BOX = re.compile(r'<div class="exec-output[^"]*"[^>]*><pre><code>.*?</code></pre></div>', re.S)
FIGURE = re.compile(r'<figure class="exec-figure">.*?</figure>', re.S)
TABLE = re.compile(r"<table>.*?</table>", re.S)


@pytest.fixture(scope="module")
def sample(built):
    """A page of the MkDocs build that shows text outputs, a figure and a table: (name, HTML, outputs)."""
    site, _, _ = built
    for page in MARKDOWN_PAGES:
        text = page_html(site, page).read_text(encoding="utf-8")
        outputs = page_outputs(text)
        if {"Output", "figure", "table"} <= {o.kind for o in outputs} and len({o.markup for o in outputs}) == len(outputs):
            return page, text, outputs
    pytest.fail("no page of the MkDocs build shows an Output box, a figure and a table, each output distinct")


def _number(outputs: list[Output], markup: str) -> int:
    """The position (from 1) of the output with this markup."""
    return [o.markup for o in outputs].index(markup) + 1


def _altered(text: str, match: re.Match, new: str) -> str:
    return text[: match.start()] + new + text[match.end():]


def test_the_parser_finds_what_a_plain_search_of_the_html_finds(built):
    """Every page of the MkDocs build: the outputs the parser finds are, in order, the
    boxes, figures and tables that regular expressions find, a table counting as an
    output where nothing but white space separates it from a code block or an output."""
    site, _, _ = built
    for page in MARKDOWN_PAGES:
        text = page_html(site, page).read_text(encoding="utf-8")
        tables = [m for m in TABLE.finditer(text) if re.search(r"(</code></pre></div>|</figure>|</table>)\s*$", text[: m.start()])]
        found = sorted((m.start(), m.group()) for m in [*BOX.finditer(text), *FIGURE.finditer(text), *tables])
        assert [markup for _, markup in found] == [o.markup for o in page_outputs(text)], page


def test_the_comparison_names_the_page_and_the_first_difference(sample):
    page, text, expected = sample
    assert first_difference(page, expected, page_outputs(text)) is None  # the unaltered copy

    first, second, last = list(BOX.finditer(text))[0], list(BOX.finditer(text))[1], list(BOX.finditer(text))[-1]
    figure, table = FIGURE.search(text), next(m for m in TABLE.finditer(text) if m.group() in {o.markup for o in expected})
    code = re.search(r"<code>(.)", first.group())
    path = re.search(r'\bd="M\s*(-?[\d.]+)', figure.group())
    cell = re.search(r"<td>([^<]+)</td>", table.group())
    alterations = {  # what: (the altered page, the output its first difference is)
        "a changed character in a text output": (
            _altered(text, first, first.group()[: code.start(1)] + ("#" if code.group(1) != "#" else "%") + first.group()[code.end(1):]),
            _number(expected, first.group()),
        ),
        "a missing output": (_altered(text, first, ""), _number(expected, first.group())),
        "an extra output": (_altered(text, first, first.group() + "\n" + first.group()), _number(expected, first.group()) + 1),
        "two outputs swapped": (
            text[: first.start()] + second.group() + text[first.end(): second.start()] + first.group() + text[second.end():],
            _number(expected, first.group()),
        ),
        "a changed point in a figure": (
            _altered(text, figure, figure.group()[: path.start(1)] + f"{float(path.group(1)) + 1:g}" + figure.group()[path.end(1):]),
            _number(expected, figure.group()),
        ),
        "a changed table cell": (
            _altered(text, table, table.group()[: cell.end(1)] + " (altered)" + table.group()[cell.end(1):]),
            _number(expected, table.group()),
        ),
        "the last text output missing": (_altered(text, last, ""), _number(expected, last.group())),
    }
    for what, (altered, position) in alterations.items():
        assert altered != text, what
        difference = first_difference(page, expected, page_outputs(altered))
        assert difference is not None, f"{what} went unnoticed"
        assert difference.startswith(f"{page}: "), difference
        assert re.search(rf"\boutput {position}\b", difference.splitlines()[0]), f"{what}, at output {position}: {difference}"


def test_a_figure_whose_ids_are_renamed_differs_and_the_failure_says_so(sample):
    page, text, expected = sample
    figure = FIGURE.search(text).group()
    ids = re.findall(r'\bid="([^"]+)"', figure)
    assert ids, "the figure names something"
    renamed = figure
    for name in ids:
        for before, after in (('id="{}"', 'id="x{}"'), ("url(#{})", "url(#x{})"), ('href="#{}"', 'href="#x{}"')):
            renamed = renamed.replace(before.format(name), after.format(name))
    assert renamed != figure
    difference = first_difference(page, expected, page_outputs(text.replace(figure, renamed)))
    assert difference is not None and "differ only in the names of their ids" in difference, difference
