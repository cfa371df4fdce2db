"""Matplotlib figures as inline SVG for the executed pages: reproducible, themed, described.

Used by ``execute.py``: blocks draw with the site's plot style (``plot_style``),
and every figure left open after a block becomes SVG (``take_figures``) whose
colours are CSS variables of the light and dark palettes
(``docs/stylesheets/extra.css``), whose ids are stable from build to build and
unique on a page, and which carries alt text for screen readers.
"""

from __future__ import annotations

import contextlib
import functools
import html
import io
import re
import sys

from executed_docs.private_apis import rcparams_raw, update_rcparams_raw

#: Colours matplotlib draws with, swapped for CSS variables in the SVG so that a
#: plot follows the page's palette. The values are improbable on purpose.
PLOT_COLOUR_VARIABLES = {
    "#010203": "var(--exec-plot-fg)",
    "#020304": "var(--exec-plot-grid)",
    "#030405": "var(--exec-plot-bg)",
    **{f"#0c0d{i:02x}": f"var(--exec-plot-c{i})" for i in range(8)},
}
PLOT_STYLE = {
    "axes.prop_cycle": None,  # filled in by plot_style()
    "figure.figsize": (6.4, 3.6),
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.transparent": True,
    "text.color": "#010203",
    "axes.labelcolor": "#010203",
    "axes.edgecolor": "#010203",
    "xtick.color": "#010203",
    "ytick.color": "#010203",
    "grid.color": "#020304",
    "legend.facecolor": "#030405",
    "legend.edgecolor": "#020304",
    "legend.framealpha": 0.9,
    "axes.grid": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 2.0,
    "svg.fonttype": "none",  # text stays text: selectable, searchable, page font
    "font.family": "sans-serif",
}


@contextlib.contextmanager
def plot_style():
    """Give blocks the site's plot style, and undo whatever a chain changes.

    What ``matplotlib.rc_context(style)`` does, at a tenth of its cost (it ran
    once per chain): the style is validated once, and the settings are saved
    and put back as they are, as rc_context puts them back.
    """
    try:
        import matplotlib
    except ImportError:  # a site without plots does not need matplotlib
        yield
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    saved = rcparams_raw(matplotlib.rcParams)
    del saved["backend"]  # as rc_context: a chain's backend stays chosen
    plt.close("all")
    try:
        # Lists copied: a block may change one in place (figure.figsize).
        style = {key: list(value) if isinstance(value, list) else value for key, value in _validated_style().items()}
        update_rcparams_raw(matplotlib.rcParams, style)
        yield
    finally:
        plt.close("all")
        update_rcparams_raw(matplotlib.rcParams, saved)


@functools.cache
def _validated_style() -> dict:
    """PLOT_STYLE, with its palette, as matplotlib validates it."""
    import matplotlib
    from cycler import cycler

    colours = [c for c in PLOT_COLOUR_VARIABLES if PLOT_COLOUR_VARIABLES[c].startswith("var(--exec-plot-c")]
    return rcparams_raw(matplotlib.RcParams({**PLOT_STYLE, "axes.prop_cycle": cycler(color=colours)}))


def take_figures(salt: str) -> list[str]:
    """Render and close every open matplotlib figure, as theme-aware inline SVG."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return []
    svgs = []
    for number in plt.get_fignums():
        figure = plt.figure(number)
        svgs.append(figure_svg(figure, salt=f"{salt}-{len(svgs) + 1}"))
        plt.close(figure)
    return svgs


def figure_svg(figure, salt: str) -> str:
    """A figure as inline SVG: reproducible, palette-aware, with alt text.

    ``salt`` seeds matplotlib's ids so they are stable from build to build and
    distinct between the figures of one page.
    """
    import matplotlib

    alt = figure_alt_text(figure)
    if not alt:
        raise ValueError("a figure has no alt text: name it, e.g. plt.figure(num='What the plot shows')")
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    if isinstance(figure.get_layout_engine(), PlaceHolderLayoutEngine):
        # Left by tight_layout(); it lays out nothing, yet savefig would draw
        # the whole figure an extra time for it.
        figure.set_layout_engine(None)
    buffer, renderers = io.StringIO(), []
    drawn = figure.canvas.mpl_connect("draw_event", lambda event: renderers.append(event.renderer))
    try:
        with matplotlib.rc_context({"svg.hashsalt": salt, "svg.id": _slug(salt)}):
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        figure.canvas.mpl_disconnect(drawn)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and doctype
    # Cropped to what is drawn, so nothing outside the canvas (a long axis
    # label) is cut off: savefig's bbox_inches="tight", without its extra draw.
    svg = _cropped(svg, _drawn_bounds(figure, renderers[-1]).padded(0.05), figure.get_figheight())
    svg = re.sub(r"<metadata>.*?</metadata>\s*|<!--.*?-->", "", svg, flags=re.S)  # and the TeX of tick labels
    opening = svg[: svg.index(">") + 1]
    svg = re.sub(r'\s(width|height)="[^"]*"', "", opening) + svg[len(opening):]  # CSS sizes it
    svg = svg.replace("*{", ".exec-figure svg *{")  # matplotlib's global style, scoped
    svg = re.sub(r"font-family: [^;\"]*;? ?", "", svg)  # text takes the page's font
    svg = _without_bare_groups(_drop_unreferenced_ids(svg))
    svg = re.sub(r">\s*\n\s*<", "><", svg)  # matplotlib's indentation: text nodes, nothing drawn
    for colour, variable in PLOT_COLOUR_VARIABLES.items():
        svg = svg.replace(colour, variable)
    label = html.escape(alt, quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return svg.strip()


def _drawn_bounds(figure, renderer):
    """What savefig(bbox_inches="tight") crops an SVG to, in inches from the
    canvas' bottom left.

    Measured as savefig measures it, after a draw, at the SVG backend's 72 dpi;
    but with the renderer of the draw that made the SVG, whose text metrics are
    cached, rather than after a draw of its own (tests/test_engine.py).
    """
    dpi = figure.dpi
    figure.set_dpi(72)
    try:
        return figure.get_tightbbox(renderer)
    finally:
        figure.set_dpi(dpi)


def _cropped(svg: str, bounds, height: float) -> str:
    """The SVG with its viewBox set to ``bounds`` (inches from the canvas' bottom
    left), in its own units: points from the top left."""
    x, y = bounds.x0 * 72, (height - bounds.y1) * 72
    box = " ".join(f"{value:.6f}".rstrip("0").rstrip(".") for value in (x, y, bounds.width * 72, bounds.height * 72))
    return re.sub(r'viewBox="[^"]*"', f'viewBox="{box}"', svg, count=1)


def _drop_unreferenced_ids(svg: str) -> str:
    """Remove ids nothing points to ("figure_1", "axes_1", ...).

    matplotlib numbers them from 1 in every figure, so two plots on one page
    would repeat them; the ids that are referenced are salted, hence unique.
    """
    referenced = set(re.findall(r"(?:url\(#|href=\"#)([^)\"]+)", svg))
    root_id = re.search(r'<svg [^>]*id="([^"]+)"', svg)
    if root_id:
        referenced.add(root_id.group(1))
    return re.sub(r'\sid="([^"]+)"', lambda m: m.group(0) if m.group(1) in referenced else "", svg)


def _without_bare_groups(svg: str) -> str:
    """Unwrap the <g>s left with no attribute (their id was unreferenced).

    They group nothing a browser draws differently (no transform, style or
    clip path), yet they are about half of a plot's elements, and a page's
    style and layout work grows with its element count.
    """
    pieces, position, bare = [], 0, []
    for tag in re.finditer(r"<g(?:\s[^>]*)?>|</g>", svg):
        if tag.group().endswith("/>"):  # an empty group: nothing to unwrap
            continue
        if tag.group() == "</g>":
            drop = bare.pop()
        else:
            drop = tag.group() == "<g>"
            bare.append(drop)
        if drop:
            pieces.append(svg[position:tag.start()])
            position = tag.end()
    return "".join(pieces) + svg[position:]


def figure_alt_text(figure) -> str:
    """The figure's label if it has one, else what its titles and legends say."""
    if figure.get_label():
        return figure.get_label()
    parts = []
    if figure.get_suptitle():
        parts.append(figure.get_suptitle())
    for axes in figure.axes:
        title = axes.get_title()
        labels = [line.get_label() for line in axes.get_lines() if not line.get_label().startswith("_")]
        if title or labels:
            parts.append(title + (": " if title and labels else "") + ", ".join(labels))
    return "; ".join(parts)


def _slug(text: str) -> str:
    return "fig-" + re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
