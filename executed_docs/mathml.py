"""Turn the TeX that pymdownx.arithmatex finds into MathML when the site is built.

Browsers render MathML natively, screen readers read it, and nothing is loaded
from the network: no MathJax or KaTeX script, no web font. Use it with
``pymdownx.arithmatex`` set to ``generic: true``; this extension replaces the
``<span class="arithmatex">\\(...\\)</span>`` and ``<div class="arithmatex">\\[...\\]</div>``
that arithmatex leaves for a JavaScript renderer. A formula latex2mathml cannot
convert fails the build.
"""

from __future__ import annotations

import html

from latex2mathml.converter import convert
from markdown import Extension
from markdown.treeprocessors import Treeprocessor

DELIMITERS = {"span": ("\\(", "\\)", "inline"), "div": ("\\[", "\\]", "block")}


class MathMLError(Exception):
    pass


class TexToMathML(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            if "arithmatex" not in (element.get("class") or "").split() or element.tag not in DELIMITERS:
                continue
            opening, closing, display = DELIMITERS[element.tag]
            tex = (element.text or "").strip()
            if element.tag == "div":  # arithmatex escapes block math, not inline math
                tex = html.unescape(tex)
            if tex.startswith(opening) and tex.endswith(closing):
                tex = tex[len(opening): -len(closing)]
            try:
                mathml = convert(tex.strip(), display=display)
            except Exception as error:
                raise MathMLError(f"cannot convert formula {tex!r} to MathML: {error}") from None
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
