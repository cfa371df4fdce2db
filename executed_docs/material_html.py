"""MkDocs hook: this site's HTML tweaks for Material and mkdocs-jupyter (not part of the engine).

* Every code block of a Markdown page gets Material's copy button here, in the
  HTML, rather than from Material's JavaScript (``content.code.copy``):
  inserting a button into each block as the page loads forced one layout of
  the whole page per block, the page's longest blocking task on a phone.
  Material's clipboard handler copies the target's text as before.
* For the same reason, the spans Pygments puts around names, runs of spaces,
  punctuation and operators, which the site draws in the plain code colour,
  are dropped: they were two thirds of an activation page's elements.
* mkdocs-jupyter's template always emits a MathJax loader, ``<script src="">``
  when no URL is set, plus its configuration; the site renders math without
  scripts, so both are removed (the build fails if that no longer works).
* A notebook page's code cells scroll sideways when a line is long, so they are
  made focusable (keyboard users must be able to scroll them).
"""

from __future__ import annotations

import itertools
import re

from mkdocs.exceptions import PluginError

MATHJAX = re.compile(
    r"\s*<!-- Load mathjax -->\s*<script src=\"[^\"]*\">\s*</script>"
    r"\s*<!-- MathJax configuration -->\s*<script type=\"text/x-mathjax-config\">.*?</script>\s*<!-- End of mathjax configuration -->",
    re.S,
)
CODE_BLOCK = '<div class="highlight"><pre><span></span><code>'
# Pygments' tokens drawn in the plain code colour (--md-code-fg-color): names
# (n; Material's choice), punctuation (p) and operators (o; this site's choice,
# docs/stylesheets/extra.css); whitespace (w) has no colour at all.
PLAIN_TOKEN = re.compile(r'<span class="[nwpo]">([^<]*)</span>')


def on_page_content(html, page, **kwargs):
    if not page.file.src_uri.endswith(".ipynb"):
        return with_copy_buttons(PLAIN_TOKEN.sub(r"\1", html))
    html = html.replace('<div class="highlight-ipynb hl-python">', '<div class="highlight-ipynb hl-python" tabindex="0">')
    html, removed = MATHJAX.subn("", html)
    if removed != 1 or "x-mathjax-config" in html:
        raise PluginError(f"{page.file.src_uri}: could not remove mkdocs-jupyter's MathJax loader")
    return html


def with_copy_buttons(html: str) -> str:
    """Give each code block the copy button Material's JavaScript would add.

    The markup is Material's own (its CSS places and draws it), in a <span>
    rather than its <nav>: a group of buttons is not a navigation landmark.
    Code outputs (``.exec-output``) get none: readers copy code, not output.
    """
    numbers = itertools.count(1)

    def with_button(match: re.Match) -> str:
        block = f"__codeblock_{next(numbers)}"
        return (
            f'<div class="highlight" id="{block}"><pre><span></span><span class="md-code__nav">'
            f'<button class="md-code__button" title="Copy to clipboard" data-md-type="copy" '
            f'data-clipboard-target="#{block} > pre > code"></button></span><code>'
        )

    return re.sub(re.escape(CODE_BLOCK), with_button, html)
