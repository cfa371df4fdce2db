"""How long a built page is, and how much of its prose its edge cases take.

    python tests/page_length.py SITE_DIR [PAGE ...]

PAGE is a source path under docs/ without ``.md`` (``activations/relu``); with
none, every activation page. Counted on the built HTML's article:

- words: every word a reader scrolls past (prose, code, outputs, tables),
  not counting what stays collapsed until opened (``??? note``, a <details>
  without ``open``: its summary line counts, its body is ``collapsed``);
- collapsed: the words inside collapsed blocks;
- prose: words outside code, outputs, figures and formulas;
- edge share: the prose under the H2 sections "Edge cases" and "Properties",
  as a share of the page's prose.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from activation_pages import EDGE_SECTIONS  # the sections the limit counts, ("Edge cases", "Properties")

# Not prose: code, executed outputs, plots, formulas, and the headings' permalinks.
NOT_PROSE = {"pre", "code", "svg", "math", "figure"}
NOT_PROSE_CLASSES = {"exec-output", "exec-figure", "headerlink", "md-code__nav"}
VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed", "param", "track"}


@dataclass
class Length:
    words: int = 0
    collapsed: int = 0
    prose: int = 0
    prose_by_section: dict[str, int] = field(default_factory=dict)

    @property
    def edge_share(self) -> float:
        edge = sum(self.prose_by_section.get(name, 0) for name in EDGE_SECTIONS)
        return edge / self.prose if self.prose else 0.0


class _Counter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.length = Length()
        self.stack: list[tuple[str, bool]] = []  # (tag, opens a non-prose region)
        self.collapsed_depth: list[int] = []  # stack depths of open, collapsed <details>
        self.depth_in_article = 0
        self.section = ""
        self.in_h2 = False
        self.h2_text: list[str] = []

    @property
    def in_prose(self) -> bool:
        return not any(non_prose for _, non_prose in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        if tag == "article":
            self.depth_in_article += 1
        classes = set((attributes.get("class") or "").split())
        self.stack.append((tag, tag in NOT_PROSE or bool(classes & NOT_PROSE_CLASSES)))
        if tag == "details" and "open" not in attributes:
            self.collapsed_depth.append(len(self.stack))
        if tag == "summary" and self.collapsed_depth:  # the summary line is shown
            self.collapsed_depth.append(-len(self.stack))
        if tag == "h2" and self.depth_in_article:
            self.in_h2, self.h2_text = True, []

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:  # tolerate unclosed tags
            depth = len(self.stack)
            open_tag, _ = self.stack.pop()
            if self.collapsed_depth and abs(self.collapsed_depth[-1]) == depth:
                self.collapsed_depth.pop()
            if open_tag == tag:
                break
        if tag == "article":
            self.depth_in_article -= 1
        if tag == "h2" and self.in_h2:
            self.in_h2 = False
            self.section = " ".join("".join(self.h2_text).split())

    def handle_data(self, data):
        if not self.depth_in_article:
            return
        words = len(re.findall(r"\w+", data))
        if self.collapsed_depth and self.collapsed_depth[-1] > 0:
            self.length.collapsed += words
        else:
            self.length.words += words
        if self.in_h2 and self.in_prose:  # not the permalink's pilcrow
            self.h2_text.append(data)
        if self.in_prose:
            self.length.prose += words
            by_section = self.length.prose_by_section
            by_section[self.section] = by_section.get(self.section, 0) + words


def measure(html: str) -> Length:
    counter = _Counter()
    counter.feed(html)
    return counter.length


def built_page(site: Path, page: str) -> Path:
    return site / page / "index.html"


def main(argv: list[str]) -> int:
    site = Path(argv[0])
    pages = argv[1:] or sorted(
        f"activations/{path.stem}" for path in (Path(__file__).parents[1] / "docs" / "activations").glob("*.md")
        if path.stem != "comparison"
    )
    print(f"{'page':32} {'words':>6} {'collapsed':>9} {'prose':>6} {'edge+props':>10}")
    for page in pages:
        length = measure(built_page(site, page).read_text(encoding="utf-8"))
        print(f"{page:32} {length.words:6d} {length.collapsed:9d} {length.prose:6d} {length.edge_share:10.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
