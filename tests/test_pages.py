"""The pages teach first: the activation page template, its length limits, the learning path.

The contract of an activation page, and its constants (the sections, the
limits, the links), are those of ``activation_pages.py``; the activations are
its catalogue, read from the navigation.

- Every activation page has the template's ``##`` sections, in order, read from
  its Markdown source (fenced code and the content of ``???``/``!!!`` blocks are
  not sections), and its At a glance section shows a display formula, an
  executed plot and an executed block, with "Use it when" and "Watch out for".
  It embeds its snippet's ``glance`` section in At a glance and its
  ``derivative`` section in Forward and gradient; an elementwise one, the
  ``Properties`` helper in Properties.
- Lengths, measured on the built page by ``tests/page_length.py``: at most
  2,000 words on every page but the longer ones, and Edge cases + Properties at
  most 30 % of the prose on every page.
- The learning path is the Learn section of ``mkdocs.yml``: each of its pages
  but the last ends with "**Next on the learning path:** [Title](link): ..." to
  the next one, the footer's next and previous links follow it, and the home
  page links its pages in order.
- The navigation lists each page once, links to nothing but pages (its links
  under Reference are the URLs of pages of the path), and reaches every
  activation under Reference.
- The catalogue: the section of ``mkdocs.yml`` it is read from holds every
  family of Reference > Activations; every activation page is in it; a change
  to the nav changes it; every page whose code reads it embeds that section (so
  that the cache sees a change to the nav); and every activation of it is
  linked from the comparison's tables and from the home page's, as built.

The checks are functions returning what is wrong, so that the last tests can
show them accepting a page that follows the template and naming what a page
that does not follow it lacks.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path, PurePosixPath

import pytest

import yaml

from activation_pages import (
    EDGE_SECTIONS, LONGER_PAGES, MAX_EDGE_SHARE, MAX_WORDS, REQUIRED_LINKS, ContractError, catalogue, nav_text,
)
from activation_pages import SECTIONS as TEMPLATE
from site_support import DOCS, ROOT, built_folder, html_of, page_chains, site_config
from page_length import measure

ACTIVATIONS = DOCS / "activations"
# Every page under docs/activations/ but the comparison, listed in the nav or not.
PAGES = sorted(p for p in ACTIVATIONS.glob("*.md") if p.stem != "comparison")
CATALOGUE = catalogue()
BY_PAGE = {activation.page: activation for members in CATALOGUE.values() for activation in members}
NEXT = re.compile(r"\*\*Next on the learning path:\*\* \[(?P<title>[^\]]+)\]\((?P<link>[^)\s]+)\): (?P<line>\S.*\.)")


# ---------------------------------------------------------------------------
# Reading Markdown sources
# ---------------------------------------------------------------------------
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
BLOCK = re.compile(r"^(\?\?\?\+?|!!!)\s")  # pymdownx.details and admonitions: content indented below


def outside_code(text: str) -> list[str]:
    """The lines of a Markdown source outside fenced code and HTML comments, each
    with the content of ``???``/``!!!`` blocks (indented below the opening line)
    replaced by an empty line, so that nothing nested in one reads as top level."""
    kept, fence, in_comment, in_block = [], "", False, False
    for line in text.splitlines():
        if fence:  # inside a fence, until a line of at least as many of its characters
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = ""
            kept.append("")
            continue
        if in_comment:
            in_comment = "-->" not in line
            kept.append("")
            continue
        opening = FENCE.match(line)
        if opening:
            fence = opening.group(1)
            kept.append("")
            continue
        if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
            in_comment = True
            kept.append(line.split("<!--", 1)[0])
            continue
        if in_block and (not line.strip() or line.startswith((" ", "\t"))):
            kept.append("")
            continue
        in_block = bool(BLOCK.match(line))
        kept.append("" if in_block else line)
    return kept


def h2_sections(text: str) -> list[str]:
    """The titles of the top-level ``##`` headings, without an attribute list ``{#id}``."""
    titles = []
    for line in outside_code(text):
        heading = re.match(r"## (?!#)(.*?)\s*(\{[^}]*\})?\s*#*\s*$", line)
        if heading:
            titles.append(heading.group(1).strip())
    return titles


def template_problems(text: str) -> list[str]:
    """How the ``##`` sections of a page's source differ from the template."""
    found = h2_sections(text)
    if found == TEMPLATE:
        return []
    problems = [f"its ## sections are {found}", f"the template's are {TEMPLATE}"]
    if not found or found[0] != "At a glance":
        problems.append(f"its first section is {found[0] if found else 'missing'!r}, not 'At a glance'")
    missing = [t for t in TEMPLATE if t not in found]
    extra = [t for t in found if t not in TEMPLATE]
    if missing:
        problems.append(f"missing: {missing}")
    if extra:
        problems.append(f"not in the template (make them ### inside one): {extra}")
    repeated = sorted({t for t in found if found.count(t) > 1})
    if repeated:
        problems.append(f"repeated: {repeated}")
    if not missing and not extra and not repeated:
        problems.append("the sections are out of order")
    return problems


def markdown_links(text: str) -> list[str]:
    """The targets of the inline links ``[text](target)`` outside code, in order."""
    prose = "\n".join(outside_code(text))
    prose = re.sub(r"`[^`\n]*`", "", prose)  # inline code
    return re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", prose)


def resolve(page: str, link: str) -> str:
    """A relative link of docs/``page`` as a path under docs/, without its anchor."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), link.split("#", 1)[0]))


def last_paragraph(path: Path) -> str:
    """The last paragraph of a page (of a notebook page, of its last Markdown cell), on one line."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "".join(next(c for c in reversed(cells) if c["cell_type"] == "markdown")["source"])
    else:
        text = path.read_text(encoding="utf-8")
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return " ".join(paragraphs[-1].split()) if paragraphs else ""


def next_link_problem(page: str, following: str) -> str | None:
    """What is wrong with the "Next on the learning path" paragraph of docs/``page``."""
    paragraph = last_paragraph(DOCS / page)
    found = NEXT.fullmatch(paragraph)
    if not found:
        return (f"{page}: its last paragraph is not '**Next on the learning path:** [Title](link): one line.' "
                f"but {paragraph[:160]!r}")
    if resolve(page, found.group("link")) != following:
        return f"{page}: 'Next on the learning path' links {found.group('link')!r}, not the next page of Learn, {following}"
    return None


# ---------------------------------------------------------------------------
# Reading the navigation
# ---------------------------------------------------------------------------
def nav_entries(items, trail=()):
    """Every leaf of the nav: (the titles of its sections, its title, its path or URL)."""
    for item in items:
        if isinstance(item, str):
            yield trail, None, item
            continue
        for title, value in item.items():
            if isinstance(value, list):
                yield from nav_entries(value, (*trail, title))
            else:
                yield trail, title, value


def nav_section(*titles: str) -> list:
    """The items of a nav section, found by its titles from the top."""
    items = site_config()["nav"]
    for title in titles:
        sections = [value for item in items if isinstance(item, dict) for key, value in item.items()
                    if key == title and isinstance(value, list)]
        assert len(sections) == 1, f"mkdocs.yml: expected one nav section {' > '.join(titles)!r}"
        items = sections[0]
    return items


def learning_path() -> list[str]:
    """The pages of the Learn section, in order, as paths under docs/."""
    return [path for _, _, path in nav_entries(nav_section("Learn"))]


def page_of_url(url: str) -> str | None:
    """The source page under docs/ that MkDocs builds at the directory URL ``url``."""
    stem = url.rstrip("/")
    for candidate in (f"{stem}.md", f"{stem}.ipynb", f"{stem}/index.md"):
        if (DOCS / candidate).is_file():
            return candidate
    return None


def source_sections(text: str) -> dict[str, str]:
    """The Markdown source under each top-level ``##`` heading (its code included), by title."""
    lines, kept = text.splitlines(), outside_code(text)
    starts = [(i, m.group(1).strip()) for i, line in enumerate(kept)
              if (m := re.match(r"## (?!#)(.*?)\s*(\{[^}]*\})?\s*#*\s*$", line))]
    return {title: "\n".join(lines[i + 1:following])
            for (i, title), (following, _) in zip(starts, [*starts[1:], (len(lines), "")])}


# ---------------------------------------------------------------------------
# Reading built pages
# ---------------------------------------------------------------------------
def h2_blocks(page_html: str) -> dict[str, str]:
    """The HTML of the article under each <h2>, by the heading's text."""
    article = re.search(r"<article\b.*?</article>", page_html, flags=re.S)
    article = article.group(0) if article else page_html
    headings = list(re.finditer(r"<h2\b[^>]*>(.*?)</h2>", article, flags=re.S))
    blocks = {}
    for heading, following in zip(headings, [*headings[1:], None]):
        title = re.sub(r"<a class=\"headerlink\".*?</a>", "", heading.group(1), flags=re.S)
        title = " ".join(html.unescape(re.sub(r"<[^>]+>", "", title)).split())
        blocks[title] = article[heading.end():following.start() if following else len(article)]
    return blocks


def glance_problems(page_html: str) -> list[str]:
    """What the At a glance section of a built page lacks."""
    block = h2_blocks(page_html).get("At a glance")
    if block is None:
        return ["no 'At a glance' section"]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split())
    needed = {
        "a display formula": re.search(r'<math\b[^>]*display="block"|class="math-block"', block),
        "an executed figure": "exec-figure" in block,
        "an executed block's output": "exec-output" in block,
        "the words 'Use it when'": "Use it when" in text,
        "the words 'Watch out for'": "Watch out for" in text,
    }
    return [f"At a glance lacks {what}" for what, present in needed.items() if not present]


def footer_link(page_html: str, direction: str) -> str | None:
    link = re.search(rf'<a href="([^"]*)" class="md-footer__link md-footer__link--{direction}"', page_html)
    return link.group(1) if link else None


# ---------------------------------------------------------------------------
# The activation pages
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_an_activation_page_has_the_template_sections_in_order(page):
    problems = template_problems(page.read_text(encoding="utf-8"))
    assert not problems, f"{page.relative_to(ROOT)}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_at_a_glance_shows_a_formula_a_plot_an_output_and_a_recommendation(built, page):
    site, _, _ = built
    problems = glance_problems(html_of(site, page))
    assert not problems, f"{page.relative_to(ROOT)}:\n  " + "\n  ".join(problems)


def lengths(site: Path) -> dict[str, object]:
    return {page.stem: measure(html_of(site, page)) for page in PAGES}


def test_non_core_activation_pages_are_at_most_2000_words(built):
    """What a reader scrolls past: code and outputs count; the body of a collapsed
    block (the Properties helper's code, ``??? note`` detail) does not, until opened."""
    site, _, _ = built
    too_long = [f"{page.stem}: {length.words} words (and {length.collapsed} collapsed)"
                for page in PAGES if page.stem not in LONGER_PAGES
                and (length := measure(html_of(site, page))).words > MAX_WORDS]
    assert not too_long, (f"built pages over {MAX_WORDS} words (code and outputs included; "
                          f"the longer pages {sorted(LONGER_PAGES)} are exempt):\n  " + "\n  ".join(too_long))


def test_edge_cases_and_properties_are_at_most_30_percent_of_the_prose(built):
    site, _, _ = built
    too_much = [
        f"{name}: {length.edge_share:.0%} ({sum(length.prose_by_section.get(s, 0) for s in EDGE_SECTIONS)} "
        f"of {length.prose} prose words)"
        for name, length in lengths(site).items() if length.edge_share > MAX_EDGE_SHARE
    ]
    assert not too_much, (f"{' + '.join(EDGE_SECTIONS)} over {MAX_EDGE_SHARE:.0%} of the prose "
                          "(tests/page_length.py measures a build):\n  " + "\n  ".join(too_much))


def test_activation_pages_link_the_shared_conventions_and_their_loss():
    missing = []
    for page in PAGES:
        page_path = page.relative_to(DOCS).as_posix()
        linked = {resolve(page_path, link) for link in markdown_links(page.read_text(encoding="utf-8"))}
        for required in REQUIRED_LINKS["*"] + REQUIRED_LINKS.get(page.stem, []):
            if resolve(page_path, required) not in linked:
                missing.append(f"{page_path} does not link {required}")
    assert not missing, "\n".join(missing)


# ---------------------------------------------------------------------------
# The learning path
# ---------------------------------------------------------------------------
def test_each_page_of_the_path_ends_with_a_link_to_the_next():
    path = learning_path()
    assert len(path) >= 2 and all((DOCS / page).is_file() for page in path), path
    problems = [problem for page, following in zip(path, path[1:]) if (problem := next_link_problem(page, following))]
    assert not problems, "\n".join(problems)


def test_the_footer_follows_the_path(built):
    site, _, _ = built
    path = learning_path()
    wrong = []
    for index, page in enumerate(path):
        page_html = html_of(site, DOCS / page)
        folder = built_folder(site, DOCS / page)
        for direction, neighbour in (("next", index + 1), ("prev", index - 1)):
            if not 0 <= neighbour < len(path):
                continue
            href = footer_link(page_html, direction)
            expected = built_folder(site, DOCS / path[neighbour]).resolve()
            if href is None or (folder / href).resolve() != expected:
                wrong.append(f"{page}: footer {direction} link {href!r}, expected {path[neighbour]}")
    assert not wrong, "\n".join(wrong)


def test_the_home_page_links_the_path_in_order():
    path = learning_path()
    linked = [resolve("index.md", link) for link in markdown_links((DOCS / "index.md").read_text(encoding="utf-8"))]
    first_links = list(dict.fromkeys(page for page in linked if page in path))
    assert first_links == path, f"docs/index.md links the path's pages first in the order {first_links}, not {path}"


# ---------------------------------------------------------------------------
# The navigation
# ---------------------------------------------------------------------------
def test_the_nav_lists_each_page_once_and_links_only_to_pages_of_the_path():
    """mkdocs.yml lowers validation.nav.not_found to info, for the links under
    Reference to pages of the path: this test checks every entry instead."""
    path = set(learning_path())
    pages, problems = [], []
    for trail, title, target in nav_entries(site_config()["nav"]):
        where = " > ".join([*trail, str(title)])
        if (DOCS / target).is_file():
            pages.append(target)
        elif page_of_url(target) not in path:
            problems.append(f"{where}: {target!r} is neither a page under docs/ nor the URL of a page of Learn")
        elif "Learn" in trail:
            problems.append(f"{where}: Learn lists the page, {page_of_url(target)}, not its URL")
    repeated = sorted({page for page in pages if pages.count(page) > 1})
    if repeated:
        problems.append(f"listed twice (its footer would follow its last entry, and its sidebar entry with "
                        f"the table of contents would be on the page twice): {repeated}")
    assert not problems, "\n".join(problems)


def test_every_activation_is_under_reference():
    under_reference = {page_of_url(target) if target.endswith("/") else target
                       for _, _, target in nav_entries(nav_section("Reference"))}
    missing = [page.relative_to(DOCS).as_posix() for page in sorted(ACTIVATIONS.glob("*.md"))
               if page.relative_to(DOCS).as_posix() not in under_reference]
    assert not missing, f"not under Reference in mkdocs.yml: {missing}"


# ---------------------------------------------------------------------------
# The catalogue of activations, read from the nav
# ---------------------------------------------------------------------------
def names(families: dict) -> dict[str, list[str]]:
    return {family: [activation.name for activation in members] for family, members in families.items()}


def test_the_catalogue_is_read_from_every_family_of_the_nav():
    """catalogue() reads the lines of mkdocs.yml between the markers of the snippet section
    "activations": they must be all the families of Reference > Activations, as MkDocs reads the nav."""
    families = [item for item in nav_section("Reference", "Activations")
                if isinstance(item, dict) and any(isinstance(value, list) for value in item.values())]
    assert yaml.safe_load(nav_text()) == families, "the section 'activations' of mkdocs.yml is not every family"
    assert list(CATALOGUE) == [family for item in families for family in item]


def test_every_activation_page_is_in_the_nav():
    unlisted = sorted({page.relative_to(DOCS).as_posix() for page in PAGES} - set(BY_PAGE))
    assert not unlisted, f"pages under no family of Reference > Activations in mkdocs.yml: {unlisted}"


def test_a_change_to_the_nav_changes_the_catalogue():
    """The catalogue follows the nav's text: one activation less (or more), another order, another
    family's name; and it names what breaks the contract."""
    full = names(CATALOGUE)
    first, last = list(full)[0], list(full)[-1]

    def edited(change) -> str:
        families = yaml.safe_load(nav_text())
        change({family: members for entry in families for family, members in entry.items()})
        return yaml.safe_dump(families, sort_keys=False, allow_unicode=True)

    assert names(catalogue(edited(lambda f: None))) == full  # the same nav, written out again
    one_less = names(catalogue(edited(lambda f: f[last].pop())))
    assert one_less == {**full, last: full[last][:-1]}  # and, the other way round, one more
    moved = names(catalogue(edited(lambda f: f[first].insert(0, f[last].pop()))))
    assert moved[first] == [full[last][-1], *full[first]] and moved[last] == full[last][:-1]
    renamed = catalogue(nav_text().replace(f"- {first}:", "- Renamed family:"))
    assert list(renamed)[0] == "Renamed family" and names(renamed)["Renamed family"] == full[first]

    stem = PurePosixPath(CATALOGUE[first][0].page).stem
    missing = f"activations/{stem[0]}-{stem[1:]}.md"  # named after its module, but not there
    broken = {
        "a title that is no torch.nn activation": (
            edited(lambda f: f[first].append({"Swish": "activations/swish.md"})), "Swish: activations/swish.md: the title must be"),
        "a page not named after its module": (
            edited(lambda f: f[first].append({"ReLU": "activations/rectifier.md"})), "the page must be activations/<page>.md"),
        "an activation listed twice": (edited(lambda f: f[last].append(dict(f[first][0]))), "listed more than once"),
        "a page that does not exist": (
            edited(lambda f: f[first].__setitem__(0, {full[first][0]: missing})), f"no page docs/{missing}"),
        "an activation outside a family": (nav_text() + "          - Swish: activations/swish.md\n", "are families"),
    }
    for what, (nav, message) in broken.items():
        with pytest.raises(ContractError, match=re.escape(message)):
            catalogue(nav)
            pytest.fail(f"catalogue() accepted {what}")


def test_pages_that_read_the_catalogue_embed_the_nav():
    """The cache reuses a block's output while its code is unchanged: a page whose code reads the
    catalogue must have the nav's text in its code, embedded from mkdocs.yml, or it would keep
    listing the activations of the nav it was first built with."""
    nav, reads = nav_text(), {}
    for page in sorted(DOCS.rglob("*.md")):
        for chain in page_chains(page):
            code = "\n".join(fence.code for fence in chain.fences)
            if "activation_pages" in code:
                reads[chain.where] = nav in code
    without = [where for where, embeds in reads.items() if not embeds]
    assert not without, f"chains that read the catalogue but do not embed the nav (--8<-- \"mkdocs.yml:activations\"): {without}"
    pages = {where.split(",")[0] for where in reads}
    assert {"docs/activations/comparison.md", "docs/index.md", "docs/pytorch-at-the-edges.md"} <= pages, pages


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_an_activation_page_embeds_its_snippet(page):
    """At a glance embeds the snippet's glance section, Forward and gradient its derivative section,
    and the Properties of an elementwise activation the Properties helper."""
    activation = BY_PAGE.get(page.relative_to(DOCS).as_posix())
    assert activation, f"{page.relative_to(ROOT)} is not in the nav"
    sections = source_sections(page.read_text(encoding="utf-8"))
    expected = {"At a glance": f'--8<-- "activations/{page.stem}.py:glance"',
                "Forward and gradient": f'--8<-- "activations/{page.stem}.py:derivative"'}
    if activation.elementwise:
        expected["Properties"] = '--8<-- "activations/comparison.py:properties"'
    missing = [f"{section} lacks {include}" for section, include in expected.items() if include not in sections.get(section, "")]
    assert not missing, f"{page.relative_to(ROOT)}:\n  " + "\n  ".join(missing)


def linked_from_tables(site: Path, page: str) -> set[Path]:
    """The built folders that the tables in the article of built page ``page`` (under docs/) link to."""
    page_html = html_of(site, DOCS / page)
    article = re.search(r"<article\b.*?</article>", page_html, flags=re.S)
    folder = built_folder(site, DOCS / page)
    tables = re.findall(r"<table\b.*?</table>", article.group(0) if article else "", flags=re.S)
    return {(folder / href).resolve() for table in tables for href in re.findall(r'<a href="([^"#]+)', table)}


@pytest.mark.parametrize("page", ["activations/comparison.md", "index.md"])
def test_every_activation_is_linked_from_the_tables_of(built, page):
    site, _, _ = built
    linked = linked_from_tables(site, page)
    missing = [activation.name for activation in BY_PAGE.values()
               if built_folder(site, DOCS / activation.page).resolve() not in linked]
    assert not missing, f"the tables of the built {page} do not link the pages of {missing}"


# ---------------------------------------------------------------------------
# The checks themselves, on pages written here
# ---------------------------------------------------------------------------
TEMPLATE_PAGE = """# Example

A short description.

## At a glance

$$
f(x) = x
$$

```python
## a comment in code, not a section
print(1)
```

??? note "A collapsible note"
    Its content is indented.

    ```python
    ## still code
    ```

- **Use it when:** always.
- **Watch out for:** nothing.

## The idea {#the-idea}

<!--
## a commented-out heading
-->

## Definition
## Derivative
## Forward and gradient
## Edge cases
### A subsection
## Properties
## When to use it

**Next on the learning path:** [Tanh](tanh.md): the next stop.
"""

GLANCE_HTML = """<html><body><article class="md-content__inner">
<h1>Example</h1>
<h2 id="at-a-glance">At a glance<a class="headerlink" href="#at-a-glance">&para;</a></h2>
<div class="math-block"><math display="block"><mi>x</mi></math></div>
<figure class="exec-figure"><svg></svg></figure>
<div class="exec-output"><pre>0.5</pre></div>
<ul><li><strong>Use it when:</strong> always.</li><li><strong>Watch out for:</strong> nothing.</li></ul>
<h2 id="the-idea">The idea<a class="headerlink" href="#the-idea">&para;</a></h2><p>Words.</p>
</article></body></html>"""


def test_the_checks_accept_a_page_that_follows_the_template():
    assert h2_sections(TEMPLATE_PAGE) == TEMPLATE
    assert template_problems(TEMPLATE_PAGE) == []
    assert glance_problems(GLANCE_HTML) == []
    assert NEXT.fullmatch(" ".join(TEMPLATE_PAGE.strip().split("\n\n")[-1].split()))
    assert resolve("activations/sigmoid.md", "tanh.md#at-a-glance") == "activations/tanh.md"
    assert resolve("activations/softmax.md", "../losses/cross-entropy.md") == "losses/cross-entropy.md"


def test_the_checks_name_what_a_page_lacks():
    old_layout = TEMPLATE_PAGE.replace("## At a glance", "## The curve and its derivative")
    problems = template_problems(old_layout)
    assert "its first section is 'The curve and its derivative', not 'At a glance'" in problems
    assert "missing: ['At a glance']" in problems
    swapped = TEMPLATE_PAGE.replace("## Edge cases", "## EDGE").replace("## Properties", "## Edge cases").replace("## EDGE", "## Properties")
    assert template_problems(swapped)[-1] == "the sections are out of order"
    bare = GLANCE_HTML.replace("math-block", "p").replace('display="block"', "").replace("exec-figure", "figure")
    assert glance_problems(bare.replace("Watch out for", "Beware")) == [
        "At a glance lacks a display formula", "At a glance lacks an executed figure",
        "At a glance lacks the words 'Watch out for'",
    ]
    assert glance_problems("<article><h2>Definition</h2></article>") == ["no 'At a glance' section"]
