"""Chains run ahead in worker processes (a BuildSession's) render exactly as
chains run in the converting process, and fail the same way."""

from __future__ import annotations

import concurrent.futures
import textwrap
import threading

import markdown
import pytest

from executed_docs import workers
from executed_docs.cache import ResultCache, result_key
from executed_docs.model import BlockError
from executed_docs.running import run_chain
from executed_docs.session import DEFERRED_MARKER, BuildSession
from site_support import render, text_chains as chains

CHAINS = 10

PAGE = "\n".join(
    textwrap.dedent(f"""
    ```python
    import warnings
    values = [{n} * i for i in range(3)]
    print("chain {n}", values)
    warnings.warn("chain {n} warns")
    values[-1]
    ```
    """)
    for n in range(CHAINS - 2)
) + textwrap.dedent("""
    <!--pytest.mark.xfail(raises=ValueError, strict=True)-->
    ```python
    raise ValueError("expected")
    ```

    ```python
    import matplotlib.pyplot as plt
    plt.figure(num="A line through three points")
    _ = plt.plot([0, 1, 2])
    ```
    """)


@pytest.fixture
def session():
    session = BuildSession(30, None)
    yield session
    session.close()


def test_chains_run_in_workers_render_exactly_as_chains_run_in_process(session):
    in_process = render(PAGE)
    assert session.start(chains(PAGE), processes=2) == CHAINS
    assert len(session.started) == CHAINS
    assert render(PAGE, session=session) == in_process
    assert all(future.done() for future in session.started.values())
    assert session.deferred == [], "without the plugin's deferral, a page waits for its chains"


def test_starting_does_not_wait_for_the_workers(monkeypatch, session):
    """The first submission waits for the fork server's imports; pages must not."""
    workers_up = threading.Event()
    real_pool = workers.concurrent.futures.ProcessPoolExecutor

    class SlowToStart(real_pool):
        def submit(self, *args, **kwargs):
            assert workers_up.wait(30)
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(workers.concurrent.futures, "ProcessPoolExecutor", SlowToStart)
    in_process = render(PAGE)
    assert session.start(chains(PAGE), processes=2) == CHAINS
    notebook = session.submit(len, "after the chains")
    assert len(session.started) == CHAINS and not any(f.done() for f in session.started.values())
    workers_up.set()
    assert render(PAGE, session=session) == in_process
    assert notebook.result(timeout=30) == len("after the chains")


def test_closing_cancels_what_the_workers_have_not_run(session):
    slow = "".join(f"\n```python\nimport time\ntime.sleep(1)\nprint({n})\n```\n" for n in range(8))
    session.start(chains(slow), processes=2)  # whatever the machine's core count
    futures = list(session.started.values())
    session.close()
    outcomes = []
    for future in futures:  # each one ran, or was cancelled: none waits for ever
        try:
            future.result(timeout=30)
            outcomes.append("ran")
        except concurrent.futures.CancelledError:
            outcomes.append("cancelled")
    # Two workers, 8 s of chains: close() comes when at most the first two (and
    # the two the pool had queued for its workers) have started.
    assert outcomes.count("cancelled") >= 4, outcomes


def test_an_error_in_a_worker_fails_the_page_naming_its_line_and_traceback(session):
    page = PAGE + "\n```python\n1 / 0\n```\n"
    session.start(chains(page), processes=2)
    with pytest.raises(BlockError) as error:
        render(page, session=session)
    line = page.split("\n").index("1 / 0")  # the fence opens on the line before it
    assert error.value.where == f"page.md, line {line}"
    assert "ZeroDivisionError" in error.value.detail


def test_cached_chains_are_not_run_again(tmp_path):
    cache = ResultCache(tmp_path)
    for chain in chains(PAGE)[1:]:
        cache.store(result_key(chain), run_chain(chain, 30))
    session = BuildSession(30, cache)
    try:
        assert session.start(chains(PAGE), processes=2) == 1
        assert list(session.started) == [result_key(chains(PAGE)[0])]
    finally:
        session.close()
    again = BuildSession(30, cache)
    assert again.start(chains(PAGE)[1:], processes=2) == 0 and again.started == {}


def test_with_deferral_a_page_renders_before_its_chains_run_then_fills_in_the_same_html(session):
    """Under MkDocs a page renders while its chains are still in the workers; its
    outputs go in afterwards (BuildSession.fill_deferred), and the page is as if it
    had waited for them."""
    page = PAGE + textwrap.dedent("""
    ```python
    class Table:
        def _repr_markdown_(self):
            return "| a | b |\\n| --- | --- |\\n| 1 | 2 |"
    print("before the table")
    Table()
    ```
    """)
    in_process = render(page)
    page_chains = [chain for chain in chains(page) if not chain.skipped]
    running = {result_key(chain): concurrent.futures.Future() for chain in page_chains}
    session.started, session.defer_pages = running, True  # workers that have not finished; the plugin's deferral
    rendered = []
    rendering = threading.Thread(target=lambda: rendered.append(render(page, session=session)), daemon=True)
    rendering.start()
    rendering.join(timeout=30)
    assert rendered, "the page did not wait for its chains"
    assert len(DEFERRED_MARKER.findall(rendered[0])) == sum(len(chain.fences) for chain in page_chains)
    assert 'class="exec-output' not in rendered[0] and "<table>" not in rendered[0]
    for chain in page_chains:
        running[result_key(chain)].set_result((run_chain(chain, 30), {}))
    filled = session.fill_deferred(rendered[0], lambda text: markdown.markdown(text, extensions=["tables"]))
    assert "<table>" in filled and filled == in_process


def test_chains_a_page_must_wait_for_go_to_the_workers_first(monkeypatch):
    """A chain with the newest release's outputs is not deferred: its page waits
    for it as it renders, so the workers take it before every other chain."""
    from executed_docs.cache import chain_fingerprint
    from executed_docs.releases import ReleaseOutputs

    handed = []

    class RecordingPool:
        def __init__(self, size):
            pass

        def submit(self, function, chain, timeout):
            handed.append(chain.where)
            return concurrent.futures.Future()

        def close(self):
            pass

    monkeypatch.setattr(workers, "WorkerPool", RecordingPool)
    page_chains = chains(PAGE)
    waited = page_chains[-2]
    releases = ReleaseOutputs(None)
    releases.chains = {chain_fingerprint(waited): {"outputs": {}}}
    session = BuildSession(30, None, defer=True, releases=releases)
    assert session.start(page_chains, processes=2) == CHAINS
    assert handed == [waited.where] + [chain.where for chain in page_chains if chain is not waited]
    assert not session.defers(waited) and all(session.defers(c) for c in page_chains if c is not waited)


def test_a_build_with_an_empty_cache_starts_the_workers_imports_as_the_plugin_is_configured(monkeypatch, tmp_path):
    """Every chain of a cold build runs: the fork server starts as soon as the
    plugin's settings are read, not once the pages are; a build with results in
    its cache waits to know (on_files)."""
    from executed_docs.plugin import ExecutedDocsPlugin

    started = []
    monkeypatch.setattr(workers, "prepare", lambda: started.append(True))
    monkeypatch.setattr(workers, "cores", lambda: 2)

    def configure(cache_dir):
        assert ExecutedDocsPlugin().load_config({"cache_dir": cache_dir}, str(tmp_path / "mkdocs.yml")) == ([], [])

    configure("cache")
    assert started == [True]
    for chain in chains(PAGE)[:1]:
        ResultCache(tmp_path / "cache").store(result_key(chain), run_chain(chain, 30))
    configure("cache")
    assert started == [True], "a cache with entries: the plugin starts the server in on_files, if a chain needs it"
    monkeypatch.setenv("EXECUTED_DOCS_CACHE", "off")
    configure("cache")
    assert started == [True, True], "no cache: every chain runs"
