"""Run a site's chains in worker processes while MkDocs renders its pages.

MkDocs converts pages one after another, so a chain would otherwise run only
when its page's turn comes, on one core. ``start`` is called (by the MkDocs
hook) with every page's chains before the first page renders; the chains the
cache lacks go to one worker process per core, and ``execute.outputs_of``
takes each result from ``execute.started`` when its page renders, waiting for
it if need be. Workers run ``execute.run_chain``, as the build and the tests
do, and their errors (``BlockError``) are raised when the page renders, naming
the page and line as before.

Even one chain (an author's edit) goes to a worker: the worker's start and its
torch import then overlap the rendering of the other pages. Under ``mkdocs
serve`` the workers fork from a server that has imported torch once, so each
rebuild's workers start at once. A machine with one core runs chains in the
MkDocs process, as pages render.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os

from executed_docs import execute

_pool: concurrent.futures.ProcessPoolExecutor | None = None


def start(chains: list[execute.Chain], timeout: float, cache: execute.ResultCache | None) -> int:
    """Start running, in workers, the chains whose outputs are not cached; how many."""
    stop()
    pending: dict[str, execute.Chain] = {}
    for chain in chains:
        if chain.skipped:
            continue
        key = execute.result_key(chain)
        if cache is None or not cache.path(key).exists():
            pending.setdefault(key, chain)
    cores = len(os.sched_getaffinity(0))
    if not pending or cores < 2:
        return 0
    global _pool
    _pool = concurrent.futures.ProcessPoolExecutor(min(cores, len(pending)), mp_context=_worker_context())
    # Pages render in order, so their chains are submitted in order.
    for key, chain in pending.items():
        execute.started[key] = _pool.submit(_run, chain, timeout)
    return len(pending)


def submit(function, *args) -> concurrent.futures.Future:
    """``function(*args)`` in a worker after the chains if workers are running,
    else here and now; its future either way."""
    if _pool is not None:
        return _pool.submit(function, *args)
    future = concurrent.futures.Future()
    future.set_result(function(*args))
    return future


def _worker_context():
    """Workers forked from a server process that has imported torch and pyplot once.

    Not a plain fork of MkDocs, which may have threads (`mkdocs serve`) that a
    fork copies badly; and cheaper than spawn, where every worker imports torch
    again. The server lives as long as MkDocs, so `mkdocs serve` pays once.
    """
    context = multiprocessing.get_context("forkserver")
    # torch._dynamo (with sympy): torch imports it at a chain's first seed or
    # backward; jupytext: each worker makes page notebooks. Imported here, once,
    # rather than in every worker. A missing module is skipped.
    context.set_forkserver_preload(["torch", "torch._dynamo", "matplotlib.pyplot", "jupytext"])
    return context


def stop() -> None:
    """Forget started chains and end the workers (after a build, or before the next)."""
    global _pool
    execute.started.clear()
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def _run(chain: execute.Chain, timeout: float) -> list[execute.FenceOutput]:
    try:
        return execute.run_chain(chain, timeout)
    except execute.BlockError:
        raise
    except BaseException as error:  # a worker's own failure, named after the chain
        raise execute.BlockError(chain.where, f"the worker running this chain failed: {error!r}") from None
