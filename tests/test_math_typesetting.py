"""Formulas as a reader sees them: measured in Chromium on every page of the built site.

Each check reads the laid-out MathML (bounding boxes), so it fails on what the
reader would see: a brace that does not span its rows, a limit beside its
operator, a gap between a function's name and its parenthesis, a formula drawn
in a text font or scrolling sideways on a phone. The reference formulas are
compared with KaTeX's rendering of the same TeX (``math_reference.py``).
"""

from __future__ import annotations

import pytest

import math_reference
from browser_support import browser, open_tab, pages_of, server  # noqa: F401 (fixtures)
from executed_docs import math_font, mathml

PHONE = {"width": 390, "height": 844}
MAX_SCROLLING_SHARE = 0.10  # of display formulas, at phone width
MAX_OPERATOR_GAP_EM = 0.15
FONT_BUDGET_BYTES = 100 * 1024

# One pass over a page: every problem found, each described with its formula's text.
TYPESETTING_PROBLEMS = """() => {
    const problems = [];
    const box = e => e.getBoundingClientRect();
    const em = e => parseFloat(getComputedStyle(e.closest("math")).fontSize);
    const formula = e => e.closest("math").textContent.slice(0, 50);
    // Stretchy delimiters (cases, \\left...\\right, matrices) span what they enclose.
    for (const mo of document.querySelectorAll('math mo[stretchy="true"]')) {
        if (!mo.textContent.trim()) continue;  // \\left. draws nothing
        const enclosed = [...mo.parentElement.children].filter(e => e.tagName !== "mo" || e.getAttribute("stretchy") !== "true");
        const height = Math.max(0, ...enclosed.map(e => box(e).height));
        if (box(mo).height < 0.9 * height)
            problems.push(`delimiter ${mo.textContent} is ${box(mo).height.toFixed(1)}px for ${height.toFixed(1)}px of content in ${formula(mo)}`);
    }
    // Limits sit beneath \\lim, \\max, \\sum ... in display formulas.
    // (Only where the style is display: a \\sum in a fraction's denominator, text
    // style in TeX too, takes its limits beside it.)
    for (const under of document.querySelectorAll('math[display="block"] munder, math[display="block"] munderover')) {
        const [base, script] = under.children;
        if (getComputedStyle(under).mathStyle !== "normal") continue;
        if (box(script).top < box(base).bottom - 0.1 * em(under))
            problems.push(`the limit of ${base.textContent} is not beneath it in ${formula(under)}`);
    }
    // No gap between an operator name and the parenthesis or prime after it.
    for (const apply of document.querySelectorAll("math mo")) {
        if (apply.textContent !== "\\u2061") continue;
        const name = apply.previousElementSibling;
        let atom = apply.parentElement;
        let next = null;
        if (["msup", "msubsup"].includes(atom.parentElement.tagName) && atom.parentElement.firstElementChild === atom) {
            const prime = atom.parentElement.children[1];
            if (/^[\\u2032\\u2033\\u2034]+$/.test(prime.textContent)) next = prime;
        } else if (atom.nextElementSibling && atom.nextElementSibling.tagName === "mo"
                   && "([".includes(atom.nextElementSibling.textContent)) {
            next = atom.nextElementSibling;
        }
        if (!next) continue;
        const gap = (box(next).left - box(name).right) / em(name);
        if (gap > %(max_gap)s)
            problems.push(`${gap.toFixed(2)} em between ${name.textContent} and ${next.textContent} in ${formula(name)}`);
    }
    return problems;
}""".replace("%(max_gap)s", str(MAX_OPERATOR_GAP_EM))

FONT_PROBLEMS = """async () => {
    await document.fonts.ready;
    const problems = [];
    const maths = [...document.querySelectorAll("math")];
    if (!maths.length) return problems;
    const faces = [...document.fonts].filter(f => f.family.replace(/"/g, "") === "Site Math");
    if (!faces.some(f => f.status === "loaded")) problems.push("the site's math font is not loaded");
    const fetched = performance.getEntriesByType("resource").filter(r => r.name.endsWith("/assets/fonts/stix-two-math.woff2"));
    if (!fetched.some(r => r.name.startsWith(location.origin))) problems.push("the math font was not fetched from this site");
    for (const math of maths) {
        const family = getComputedStyle(math).fontFamily;
        if (!family.startsWith('"Site Math"')) problems.push(`font-family ${family} for ${math.textContent.slice(0, 40)}`);
        // true only if the site's font (loaded) has a glyph for every character
        if (!document.fonts.check('16px "Site Math"', math.textContent))
            problems.push(`the math font lacks a glyph of ${math.textContent.slice(0, 40)}`);
    }
    return problems;
}"""

# A display formula scrolls if it is wider than the column; it is cut off if its
# math reaches outside the box (which hides vertical overflow: extra.css).
SCROLLING = """() => [...document.querySelectorAll(".math-block")].map(div => {
    const box = div.getBoundingClientRect(), math = div.querySelector("math").getBoundingClientRect();
    return [div.textContent.slice(0, 60), div.scrollWidth > div.clientWidth + 1,
            math.top < box.top - 0.5 || math.bottom > box.bottom + 0.5];
})"""


def math_pages(site) -> list[str]:
    return [path for path in pages_of(site) if "<math" in (site / path.strip("/") / "index.html").read_text(encoding="utf-8")]


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_delimiters_stretch_limits_sit_beneath_and_names_meet_their_parentheses(browser, server, scheme):
    base, site = server
    page = open_tab(browser, scheme)
    problems, checked = [], 0
    for path in math_pages(site):
        page.goto(base + path, wait_until="load")
        page.evaluate("document.fonts.ready")
        problems += [f"{path}: {problem}" for problem in page.evaluate(TYPESETTING_PROBLEMS)]
        checked += page.evaluate("document.querySelectorAll('math').length")
    page.context.close()
    assert checked > 500  # the site's formulas were found
    assert problems == [], "\n".join(problems)


def test_every_formula_is_drawn_with_the_sites_own_math_font(browser, server):
    base, site = server
    page = open_tab(browser)
    problems = []
    for path in math_pages(site):
        page.goto(base + path, wait_until="load")
        problems += [f"{path}: {problem}" for problem in page.evaluate(FONT_PROBLEMS)]
    page.context.close()
    assert problems == []
    font = site / math_font.OUTPUT_DIR / math_font.FONT_FILE
    assert 0 < font.stat().st_size <= FONT_BUDGET_BYTES
    licence = (site / math_font.OUTPUT_DIR / math_font.LICENCE_FILE).read_text(encoding="utf-8")
    assert "STIX Two Math" in licence and "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_at_most_a_tenth_of_display_formulas_scroll_on_a_phone_and_none_is_cut_off(browser, server):
    base, site = server
    page = open_tab(browser, viewport=PHONE)
    displayed, scrolling, cut_off = 0, [], []
    for path in math_pages(site):
        page.goto(base + path, wait_until="load")
        page.evaluate("document.fonts.ready")
        blocks = page.evaluate(SCROLLING)
        displayed += len(blocks)
        scrolling += [f"{path}: {text}" for text, scrolls, _ in blocks if scrolls]
        cut_off += [f"{path}: {text}" for text, _, cut in blocks if cut]
    page.context.close()
    assert displayed > 100
    assert len(scrolling) <= MAX_SCROLLING_SHARE * displayed, "\n".join(scrolling)
    assert cut_off == [], "\n".join(cut_off)


@pytest.mark.parametrize("name", math_reference.FORMULAS)
def test_reference_formulas_are_laid_out_as_katex_lays_them_out(browser, server, name):
    base, _ = server
    tex = math_reference.FORMULAS[name]
    (markup,) = mathml.convert_all([(tex, True)])
    page = open_tab(browser)
    measured = math_reference.measure(page, base, f'<div class="math-block">{markup}</div>', stylesheet="/stylesheets/extra.css")
    page.context.close()
    reference = math_reference.load()[name]
    problems = math_reference.compare(measured, reference)
    assert problems == [], f"{name}: {problems} (ours {measured}, KaTeX {reference})"


def test_the_comparison_with_katex_fails_on_a_misplaced_limit(browser, server):
    """The reference check can fail: a limit set beside "lim" (as inline style puts
    it) is told apart from KaTeX's display layout."""
    base, _ = server
    (markup,) = mathml.convert_all([(math_reference.FORMULAS["limit"], False)])
    page = open_tab(browser)
    measured = math_reference.measure(page, base, markup.replace('display="inline"', ""), stylesheet="/stylesheets/extra.css")
    page.context.close()
    assert math_reference.compare(measured, math_reference.load()["limit"])
