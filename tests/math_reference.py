"""Reference layouts of a few formulas, as KaTeX draws them, and how ours compare.

A formula is measured from a screenshot of it at 40 px in Chromium, black on
white, so that any renderer can be measured the same way: the ink's width and
height in em, and the share of ink in each cell of a 4 x 12 grid laid over the
ink's box (where the marks are: a brace spanning the rows, a limit beneath
"lim", a fraction's bar).

Tolerances, and why (measured with this module on the four formulas below):
the site's font (STIX Two) and KaTeX's (Computer Modern) differ in glyph
widths, script sizes and in how tall a stretchy bracket grows, so the same
correct layout differs by up to 29 % in height (the matrix's rows and the
GELU's nested parentheses are taller than KaTeX's) and by 0.02-0.04 in mean
cell ink. Set wrongly, the same formulas differ more: with the limit beside
"lim" (inline layout) by 0.062 in cell ink; with braces one row tall and
limits beside their operator (latex2mathml's output without a math font, the
site before this check) by 0.044-0.056, or by 1.37-1.59 times in height.
``MAX_SIZE_RATIO`` and ``MAX_CELL_DIFFERENCE`` sit between the two
(``test_the_comparison_with_katex_fails_on_a_misplaced_limit`` shows the
check failing).

``math_reference.json`` holds KaTeX's measurements. To make it again (KaTeX is
an npm package, needed only for this):

    npm install --prefix /tmp/katex katex@0.16
    .venv/bin/python tests/math_reference.py /tmp/katex/node_modules/katex
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

REFERENCE = Path(__file__).with_name("math_reference.json")
FONT_PX = 40
ROWS, COLUMNS = 4, 12
MAX_SIZE_RATIO = 1.35  # ours / KaTeX's, or KaTeX's / ours, for width and height
MAX_CELL_DIFFERENCE = 0.045  # mean absolute difference of the grid's ink shares

FORMULAS = {
    "softmax jacobian": (
        r"J = \operatorname{diag}(p) - p p^{\top} = "
        r"\begin{pmatrix} p_1 (1 - p_1) & -p_1 p_2 \\ -p_2 p_1 & p_2 (1 - p_2) \end{pmatrix}"
    ),
    "relu cases": r"\operatorname{ReLU}'(x) = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{if } x < 0 \end{cases}",
    "limit": r"\lim_{h \to 0^{+}} \frac{\operatorname{ReLU}(h) - \operatorname{ReLU}(0)}{h} = 1",
    "gelu": r"\operatorname{GELU}(x) = \frac{x}{2} \left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)",
}

PAGE = """<!doctype html><html><head><meta charset="utf-8">{head}
<style>body {{ margin: 0; background: #fff; color: #000; }}
#formula {{ display: inline-block; padding: 20px; font-size: {px}px; }}
#formula math, #formula .katex {{ font-size: {px}px !important; }}</style></head>
<body><div id="formula">{body}</div></body></html>"""


def measure(page, base: str, body: str, stylesheet: str = "", head: str = "") -> dict:
    """Render ``body`` in ``page`` at ``base`` (so the site's own CSS and font load) and measure its ink."""
    if stylesheet:
        head += f'<link rel="stylesheet" href="{stylesheet}">'
    url = base.rstrip("/") + "/__math_reference__.html"
    page.route(url, lambda route: route.fulfill(content_type="text/html", body=PAGE.format(head=head, body=body, px=FONT_PX)))
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready")
    return ink(page.locator("#formula").screenshot())


def ink(png: bytes) -> dict:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    dark = image.point(lambda value: 255 if value < 128 else 0)
    left, top, right, bottom = dark.getbbox()
    width, height = right - left, bottom - top
    pixels = dark.load()
    grid = []
    for row in range(ROWS):
        for column in range(COLUMNS):
            x0, x1 = left + width * column // COLUMNS, left + width * (column + 1) // COLUMNS
            y0, y1 = top + height * row // ROWS, top + height * (row + 1) // ROWS
            cells = max(1, (x1 - x0) * (y1 - y0))
            grid.append(round(sum(pixels[x, y] > 0 for x in range(x0, x1) for y in range(y0, y1)) / cells, 3))
    return {"width_em": round(width / FONT_PX, 3), "height_em": round(height / FONT_PX, 3), "grid": grid}


def compare(ours: dict, reference: dict) -> list[str]:
    problems = []
    for size in ("width_em", "height_em"):
        ratio = ours[size] / reference[size]
        if not 1 / MAX_SIZE_RATIO <= ratio <= MAX_SIZE_RATIO:
            problems.append(f"{size} is {ratio:.2f} times KaTeX's")
    difference = sum(abs(a - b) for a, b in zip(ours["grid"], reference["grid"])) / len(reference["grid"])
    if difference > MAX_CELL_DIFFERENCE:
        problems.append(f"the ink is placed differently (mean cell difference {difference:.3f})")
    return problems


def load() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))["formulas"]


def main(katex_package: str) -> None:
    """Measure KaTeX's HTML rendering of FORMULAS (its own fonts, display mode)."""
    import functools
    import http.server
    import subprocess
    import threading

    from browser_support import CHROMIUM, FLAGS, QuietHandler
    from playwright.sync_api import sync_playwright

    katex = Path(katex_package)
    version = json.loads((katex / "package.json").read_text())["version"]
    script = "const k = require(process.argv[1]); const f = JSON.parse(process.argv[2]);" \
             "console.log(JSON.stringify(Object.fromEntries(Object.entries(f).map(([n, t]) =>" \
             "[n, k.renderToString(t, {displayMode: true, output: 'html', throwOnError: true})]))))"
    html = json.loads(subprocess.run(["node", "-e", script, str(katex), json.dumps(FORMULAS)],
                                     capture_output=True, text=True, check=True).stdout)
    handler = functools.partial(QuietHandler, directory=str(katex / "dist"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        measured = {name: measure(page, base, html[name], stylesheet="/katex.min.css") for name in FORMULAS}
        browser.close()
    httpd.shutdown()
    REFERENCE.write_text(json.dumps({"katex": version, "font_px": FONT_PX, "formulas": measured}, indent=1) + "\n")
    print(f"wrote {REFERENCE} from KaTeX {version}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main(sys.argv[1])
