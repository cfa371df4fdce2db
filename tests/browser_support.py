"""The built site in a real browser: the fixtures and helpers the browser tests share.

Needs Chromium at /usr/bin/chromium (Debian: `apt-get install -y chromium`) or
at $CHROMIUM. Without it the tests that import this module are skipped with that
advice, unless REQUIRE_BROWSER=1 (as .ci/run sets), where a missing browser fails them.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    advice = "no Chromium found: install it (Debian: apt-get install -y chromium) or set CHROMIUM=/path/to/chromium"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise RuntimeError(advice)
    pytest.skip(advice, allow_module_level=True)


@pytest.fixture(scope="module")
def server(built):
    site, _, _ = built
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def pages_of(site: Path) -> list[str]:
    """The URL path of every built page: "/", "/activations/relu/", ..."""
    return sorted("/" + "".join(f"{part}/" for part in p.parent.relative_to(site).parts) for p in site.rglob("index.html"))


def open_tab(browser, scheme: str = "default", viewport: dict | None = None):
    """A browser tab that records what goes wrong while pages load."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    # Material keeps the chosen palette in localStorage; start from a known one.
    index = 0 if scheme == "default" else 1
    context.add_init_script(f"localStorage.setItem('/.__palette', JSON.stringify({{index: {index}, color: {{scheme: '{scheme}'}}}}))")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    # A request the browser cancels because the test moved to the next page is not a failure.
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and page.problems.append(f"failed request: {r.url} ({r.failure})"))
    page.on("request", lambda r: not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) and page.problems.append(f"request to another host: {r.url}"))
    return page
