"""Turn the TeX that pymdownx.arithmatex finds into MathML when the site is built.

Browsers render MathML natively, screen readers read it, and nothing is loaded
from another host (the math font is the site's own: ``math_font.py``). Use it
with ``pymdownx.arithmatex`` set to ``generic: true``; this extension replaces
the ``<span class="arithmatex">\\(...\\)</span>`` and
``<div class="arithmatex">\\[...\\]</div>`` that arithmatex leaves for a
JavaScript renderer.

The converter is pandoc's texmath (the ``pandoc`` binary that the pinned
``pypandoc-binary`` wheel ships), called once per page for all its formulas. It
writes MathML laid out as TeX typesets: limits under ``\\lim``/``\\max`` in display style
and beside them inline, operator names followed by a function application
(no gap before a parenthesis), primes as superscripts, ``aligned`` and ``cases``
as tables with stretchy braces, and mathematical alphanumerics (``\\mathbb{1}``
is 𝟙). Five things are mended here, after it:

- ``\\mathbf`` comes out bold italic; TeX's is upright bold;
- an operator name gets TeX's thin space before an operand that is not a
  parenthesised argument (``\\log x``, ``\\max_i z_i``), which Chromium's
  operator dictionary does not give it;
- ``aligned`` and ``gathered`` are set in display style (a browser sets a
  table's cells in compact style, as TeX does ``cases`` and matrices);
- a prime that superscripts a name gets the class ``prime`` (``extra.css``
  draws it with the font's unraised prime, as TeX's ``^\\prime`` looks);
- the TeX annotation is dropped (it would double every formula's bytes).

A formula pandoc cannot convert fails the build, naming the formula.
"""

from __future__ import annotations

import functools
import html
import json
import re
import subprocess
import xml.etree.ElementTree as ET

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

DELIMITERS = {"span": ("\\(", "\\)", "inline"), "div": ("\\[", "\\]", "block")}
MATHML = "http://www.w3.org/1998/Math/MathML"
FUNCTION_APPLICATION = "\u2061"
THIN_SPACE = "0.1667em"
# After an operator name, these need no space: TeX sets f(x), f[x], f'(x) tight.
OPENING_FENCES = set("([{|\u2016\u27e8\u230a\u2308")
PRIMES = "\u2032\u2033\u2034\u2057"
SCRIPTED = {"msub", "msup", "msubsup", "munder", "mover", "munderover"}


class MathMLError(Exception):
    pass


@functools.cache
def pandoc() -> tuple[str, list[int]]:
    """The pandoc binary of the pinned pypandoc-binary wheel, and its AST version."""
    import pypandoc

    path = pypandoc.get_pandoc_path()
    empty = subprocess.run([path, "-f", "markdown", "-t", "json"], input="", capture_output=True, text=True, check=True)
    return path, json.loads(empty.stdout)["pandoc-api-version"]


def _upright_bold(match: re.Match) -> str:
    """``\\mathbf{Jx}`` as the Unicode mathematical bold letters TeX shows (𝐉𝐱)."""
    def bold(char: str) -> str:
        if char.isdigit():
            return chr(0x1D7CE + int(char))
        base = 0x1D400 if char.isupper() else 0x1D41A
        return chr(base + ord(char.lower()) - ord("a"))

    return "\\mathrm{" + "".join(bold(char) for char in match.group(1)) + "}"


def convert_all(formulas: list[tuple[str, bool]]) -> list[str]:
    """MathML for each ``(tex, display)`` pair, with one pandoc run for all of them."""
    if not formulas:
        return []
    path, api_version = pandoc()
    math_type = {True: "DisplayMath", False: "InlineMath"}
    blocks = [
        {"t": "Div", "c": [["", [], []], [{"t": "Plain", "c": [
            {"t": "Math", "c": [{"t": math_type[display]}, re.sub(r"\\mathbf\{([A-Za-z0-9]+)\}", _upright_bold, tex)]}
        ]}]]}
        for tex, display in formulas
    ]
    document = json.dumps({"pandoc-api-version": api_version, "meta": {}, "blocks": blocks})
    run = subprocess.run([path, "-f", "json", "-t", "html", "--mathml", "--wrap=none"],
                         input=document, capture_output=True, text=True)
    if run.returncode != 0:
        raise MathMLError(f"pandoc failed on this page's formulas: {run.stderr.strip()}")
    pieces = re.findall(r"<div>\s*(.*?)\s*</div>", run.stdout, flags=re.S)
    if len(pieces) != len(formulas):
        raise MathMLError(f"pandoc returned {len(pieces)} formulas for {len(formulas)}: {run.stderr.strip()}")
    converted = []
    for (tex, _), piece in zip(formulas, pieces):
        if not piece.startswith("<math"):
            reason = run.stderr.strip() or piece
            raise MathMLError(f"cannot convert formula {tex!r} to MathML: {reason}")
        converted.append(_typeset(piece))
    return converted


def _typeset(mathml: str) -> str:
    """pandoc's MathML, mended as the module docstring says."""
    ET.register_namespace("", MATHML)
    root = ET.fromstring(mathml)
    semantics = root.find(f"{{{MATHML}}}semantics")
    if semantics is not None:  # keep the presentation, drop the TeX annotation
        root.remove(semantics)
        root.extend(child for child in semantics if not child.tag.endswith("annotation"))
    _space_operator_names(root)
    _mark_primes(root)
    if root.get("display") == "block":
        _display_style_alignments(root)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def _display_style_alignments(root: ET.Element) -> None:
    """``aligned`` and ``gathered`` rows in display style, as TeX sets them.

    A browser sets every table's cells in compact style (small fractions and
    limits beside sums), which is right for ``cases`` and matrices: tables
    between fences. An unfenced table in a display formula is an alignment.
    """
    parents = {child: parent for parent in root.iter() for child in parent}
    for table in root.iter(f"{{{MATHML}}}mtable"):
        siblings = list(parents[table])
        fenced = any(_local(s) == "mo" and s.get("stretchy") == "true" for s in siblings)
        if not fenced:
            table.set("displaystyle", "true")


def _mark_primes(root: ET.Element) -> None:
    """Class the primes that superscript a name, so CSS can pick the math font's
    prime made for that position (STIX Two's plain prime is raised already)."""
    for script in root.iter():
        if _local(script) in {"msup", "msubsup"} and len(script) > 1:
            prime = script[-1]
            if _local(prime) == "mo" and (prime.text or "x").strip(PRIMES) == "":
                prime.set("class", "prime")


def _space_operator_names(root: ET.Element) -> None:
    parents = {child: parent for parent in root.iter() for child in parent}
    names = [parents[mo] for mo in root.iter(f"{{{MATHML}}}mo") if mo.text == FUNCTION_APPLICATION]
    # pandoc writes a display \max_i as <munder><mi>max</mi>..., with no function application.
    names += [
        element for element in root.iter() if _local(element) in {"munder", "munderover"}
        and _local(element[0]) == "mi" and len(element[0].text or "") > 1
    ]
    for atom in names:  # <mrow><mi>log</mi><mo>&#8289;</mo></mrow>, or <munder><mi>max</mi>...
        while atom in parents and _local(parents[atom]) in SCRIPTED and list(parents[atom])[0] is atom:
            atom = parents[atom]  # the scripted operator, \max_i or \operatorname{ReLU}'
        container = parents.get(atom)
        if container is None:
            continue
        siblings = list(container)
        following = siblings[siblings.index(atom) + 1:]
        if following and not _opens_argument(following[0]):
            container.insert(siblings.index(atom) + 1, ET.Element(f"{{{MATHML}}}mspace", width=THIN_SPACE))


def _opens_argument(element: ET.Element) -> bool:
    first = element
    while _local(first) in {"mrow", "mstyle"} and len(first):
        first = first[0]
    return _local(first) == "mo" and (first.text or "") in OPENING_FENCES


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


class TexToMathML(Treeprocessor):
    def run(self, root):
        found = []
        for element in root.iter():
            if "arithmatex" not in (element.get("class") or "").split() or element.tag not in DELIMITERS:
                continue
            opening, closing, display = DELIMITERS[element.tag]
            tex = (element.text or "").strip()
            if element.tag == "div":  # arithmatex escapes block math, not inline math
                tex = html.unescape(tex)
            if tex.startswith(opening) and tex.endswith(closing):
                tex = tex[len(opening): -len(closing)]
            found.append((element, tex.strip(), display))
        converted = convert_all([(tex, display == "block") for _, tex, display in found])
        for (element, _, display), mathml in zip(found, converted):
            element.text = self.md.htmlStash.store(mathml)
            element.set("class", "math-" + display)
            if display == "block":  # a wide formula scrolls; keyboard users must reach it
                element.set("tabindex", "0")


class MathMLExtension(Extension):
    def extendMarkdown(self, md):
        md.registerExtension(self)
        # After inline patterns (priority 20) have produced arithmatex's elements.
        md.treeprocessors.register(TexToMathML(md), "executed_docs_mathml", 15)


def makeExtension(**kwargs):
    return MathMLExtension(**kwargs)
