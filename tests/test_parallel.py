"""Chains run ahead in worker processes (executed_docs.parallel) render exactly as
chains run in the MkDocs process, and fail the same way."""

from __future__ import annotations

import concurrent.futures
import textwrap

import pytest

from executed_docs import execute, parallel
from test_engine import chains, render

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
    <!--pytest-codeblocks:expect-exception-->
    ```python
    raise ValueError("expected")
    ```

    ```python
    import matplotlib.pyplot as plt
    plt.figure(num="A line through three points")
    _ = plt.plot([0, 1, 2])
    ```
    """)


@pytest.fixture(autouse=True)
def no_workers_left():
    yield
    parallel.stop()


def test_chains_run_in_workers_render_exactly_as_chains_run_in_process():
    in_process = render(PAGE)
    assert parallel.start(chains(PAGE), timeout=30, cache=None) == CHAINS
    assert len(execute.started) == CHAINS
    assert render(PAGE) == in_process
    assert all(future.done() for future in execute.started.values())


def test_starting_does_not_wait_for_the_workers(monkeypatch):
    """The first submission waits for the fork server's imports; pages must not."""
    import threading

    workers_up = threading.Event()
    real_pool = parallel.concurrent.futures.ProcessPoolExecutor

    class SlowToStart(real_pool):
        def submit(self, *args, **kwargs):
            assert workers_up.wait(30)
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(parallel.concurrent.futures, "ProcessPoolExecutor", SlowToStart)
    in_process = render(PAGE)
    assert parallel.start(chains(PAGE), timeout=30, cache=None) == CHAINS
    notebook = parallel.submit(len, "after the chains")
    assert len(execute.started) == CHAINS and not any(f.done() for f in execute.started.values())
    workers_up.set()
    assert render(PAGE) == in_process
    assert notebook.result(timeout=30) == len("after the chains")


def test_stopping_cancels_what_the_workers_have_not_run():
    slow = "".join(f"\n```python\nimport time\ntime.sleep(2)\nprint({n})\n```\n" for n in range(8))
    parallel.start(chains(slow), timeout=30, cache=None)
    futures = list(execute.started.values())
    parallel.stop()
    cancelled = 0
    for future in futures:  # each one runs, or is cancelled: none waits for ever
        try:
            future.result(timeout=30)
        except concurrent.futures.CancelledError:
            cancelled += 1
    assert cancelled  # 16 s of chains on two workers: stop() comes long before their end


def test_an_error_in_a_worker_fails_the_page_naming_its_line_and_traceback():
    page = PAGE + "\n```python\n1 / 0\n```\n"
    parallel.start(chains(page), timeout=30, cache=None)
    with pytest.raises(execute.BlockError) as error:
        render(page)
    line = page.split("\n").index("1 / 0")  # the fence opens on the line before it
    assert error.value.where == f"page.md, line {line}"
    assert "ZeroDivisionError" in error.value.detail


def test_cached_chains_are_not_run_again(tmp_path):
    cache = execute.ResultCache(tmp_path)
    for chain in chains(PAGE)[1:]:
        cache.store(execute.result_key(chain), execute.run_chain(chain, 30))
    assert parallel.start(chains(PAGE), timeout=30, cache=cache) == 1
    assert list(execute.started) == [execute.result_key(chains(PAGE)[0])]
    assert parallel.start(chains(PAGE)[1:], timeout=30, cache=cache) == 0
    assert execute.started == {}


def test_with_deferral_a_page_renders_before_its_chains_run_then_fills_in_the_same_html(monkeypatch):
    """Under MkDocs a page renders while its chains are still in the workers; its
    outputs go in afterwards (execute.fill_deferred), and the page is as if it
    had waited for them."""
    import threading

    import markdown

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
    running = {execute.result_key(chain): concurrent.futures.Future() for chain in page_chains}
    monkeypatch.setattr(execute, "started", running)  # workers that have not finished
    monkeypatch.setattr(execute, "deferred", [])
    monkeypatch.setattr(execute, "defer_started", True)
    rendered = []
    rendering = threading.Thread(target=lambda: rendered.append(render(page)), daemon=True)
    rendering.start()
    rendering.join(timeout=30)
    assert rendered, "the page waited for its chains"
    assert len(execute.DEFERRED_MARKER.findall(rendered[0])) == sum(len(chain.fences) for chain in page_chains)
    assert 'class="exec-output' not in rendered[0] and "<table>" not in rendered[0]
    for chain in page_chains:
        running[execute.result_key(chain)].set_result(execute.run_chain(chain, 30))
    filled = execute.fill_deferred(rendered[0], lambda text: markdown.markdown(text, extensions=["tables"]))
    assert "<table>" in filled and filled == in_process
