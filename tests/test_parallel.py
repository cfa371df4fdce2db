"""Chains run ahead in worker processes (executed_docs.parallel) render exactly as
chains run in the MkDocs process, and fail the same way."""

from __future__ import annotations

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
