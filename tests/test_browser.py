"""The built site in a real browser (Chromium, driven by Playwright), served from 127.0.0.1.

Needs Chromium at /usr/bin/chromium (Debian: `apt-get install -y chromium`) or
at $CHROMIUM. Without it these tests are skipped with that advice, unless
REQUIRE_BROWSER=1 (as .ci/run sets), where a missing browser fails them.
"""

from __future__ import annotations

import importlib.resources
import re

import pytest

from browser_support import browser, open_tab, pages_of, server  # noqa: F401 (fixtures)


PROSE_TEXT = """() => {
    const article = document.querySelector("article").cloneNode(true);
    article.querySelectorAll("pre, code, math").forEach(e => e.remove());
    return article.innerText;
}"""


def test_every_page_loads_with_no_error_and_nothing_from_another_host(browser, server):
    base, site = server
    page = open_tab(browser)
    problems = []
    for path in pages_of(site):
        page.problems.clear()
        page.goto(base + path, wait_until="load")
        page.wait_for_timeout(100)
        problems += [f"{path}: {p}" for p in page.problems]
    page.context.close()
    assert problems == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_plots_and_formulas_are_rendered_in_both_palettes(browser, server, scheme):
    base, site = server
    page = open_tab(browser, scheme)
    for path in pages_of(site):
        if path.startswith(("/search", "/404")):
            continue
        page.goto(base + path, wait_until="load")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
        hex_colour = page.evaluate("getComputedStyle(document.body).getPropertyValue('--exec-plot-fg')").strip()
        palette_foreground = "rgb({}, {}, {})".format(*(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)))
        for svg in page.locator(".exec-figure svg").all():
            box = svg.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 100, f"{path}: a plot is not visible"
            # the plot's text is drawn in the palette's foreground colour
            colour = svg.evaluate("s => getComputedStyle(s.querySelector('text')).fill")
            assert colour == palette_foreground, f"{path}: plot text is {colour}, not the palette's {palette_foreground}"
        assert not re.search(r"\$\$|\\\(|\\frac|\\sigma", page.evaluate(PROSE_TEXT)), f"{path}: raw TeX left on the page"
    page.context.close()


def test_the_palette_toggle_switches_to_dark_and_back(browser, server):
    base, _ = server
    page = open_tab(browser)
    page.goto(base + "/", wait_until="load")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    page.locator("label[for='__palette_1']").first.click()
    page.wait_for_timeout(100)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.locator("label[for='__palette_0']").first.click()
    page.wait_for_timeout(100)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    page.context.close()


@pytest.mark.parametrize("query", ["sigmoid", "retain_graph"])
def test_search_finds_pages(browser, server, query):
    base, _ = server
    page = open_tab(browser)
    page.goto(base + "/", wait_until="load")
    page.keyboard.press("/")  # Material's search shortcut
    page.locator("input.md-search__input").fill(query)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert results.count() > 0
    page.context.close()


def test_the_copy_button_copies_the_code_without_its_output(browser, server):
    base, site = server
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    page.goto(base + "/", wait_until="load")
    block = page.locator(".highlight").first
    code = block.locator("code").inner_text()
    block.hover()
    block.locator("button[data-md-type='copy']").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == code.strip() and "tensor(" not in copied
    context.close()


@pytest.mark.parametrize("path", ["/gradient-api/", "/lesson-replayed/"])
def test_the_header_link_downloads_the_page_as_a_valid_notebook(browser, server, path):
    import nbformat

    base, _ = server
    page = open_tab(browser)
    page.goto(base + path, wait_until="load")
    with page.expect_download() as download:
        page.locator("article a[download][href$='.ipynb']").click()
    notebook = nbformat.read(download.value.path(), as_version=4)
    nbformat.validate(notebook)
    assert any(cell.cell_type == "code" and cell.source for cell in notebook.cells)
    page.context.close()


# axe-core, as shipped in the axe-playwright-python wheel (no download at test time).
AXE = (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_VIOLATIONS = """options => axe.run(document, options).then(r => r.violations.map(v =>
    `${v.id} (${v.impact}): ${v.nodes.length} element(s), first ${v.nodes[0].target.join(' ')}: ${v.help}`))"""
# Colours do not change with the width, so the phone pass skips the (slow) contrast rules.
AXE_PASSES = {
    "light, desktop": ("default", None, {}),
    "dark, desktop": ("slate", None, {}),
    "light, phone": ("default", {"width": 375, "height": 740},
                     {"rules": {"color-contrast": {"enabled": False}, "link-in-text-block": {"enabled": False}}}),
}


@pytest.mark.parametrize("name", AXE_PASSES)
def test_axe_finds_no_accessibility_violation_on_any_page(browser, server, name):
    """axe-core's default rules (WCAG A/AA and best practices) on every page: both
    palettes at a desktop width, and at a phone width, where wide tables,
    formulas and code must scroll and still be reachable by keyboard."""
    base, site = server
    scheme, viewport, options = AXE_PASSES[name]
    page = open_tab(browser, scheme, viewport)
    violations = []
    for path in pages_of(site):
        page.goto(base + path, wait_until="load")
        page.evaluate(AXE)
        violations += [f"{path}: {v}" for v in page.evaluate(AXE_VIOLATIONS, {"resultTypes": ["violations"], **options})]
    page.context.close()
    assert violations == []
