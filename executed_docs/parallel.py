"""Run a site's chains in worker processes while MkDocs renders its pages.

MkDocs converts pages one after another, so a chain would otherwise run only
when its page's turn comes, on one core. ``start`` is called (by the MkDocs
hook) with every page's chains before the first page renders; the chains the
cache lacks go to one worker process per core, and ``execute.outputs_of``
takes each result from ``execute.started`` as its page is written, waiting for
it if need be (pages render meanwhile: ``execute.defer_started``). Workers run
``execute.run_chain``, as the build and the tests do, and their errors
(``BlockError``) fail the build naming the page and line as before.

Even one chain (an author's edit) goes to a worker: ``start`` does not wait
for the workers, so their start and torch import overlap the rendering of the
other pages. Under ``mkdocs serve`` the workers fork from a server that has
imported torch once, so each rebuild's workers start at once. A machine with
one core runs chains in the MkDocs process, as pages render.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import multiprocessing.forkserver
import os

from executed_docs import execute

_pool: concurrent.futures.ProcessPoolExecutor | None = None
#: Hands work to the pool in order, off the MkDocs thread: the first submission
#: waits for the fork server to import torch (seconds), while pages whose
#: outputs are cached can render.
_submitter: concurrent.futures.ThreadPoolExecutor | None = None
_handed: list[concurrent.futures.Future] = []  # the pool's futures, to cancel on stop()


def start(chains: list[execute.Chain], timeout: float, cache: execute.ResultCache | None) -> int:
    """Start running, in workers, the chains whose outputs are not cached; how many.

    Returns at once: each chain's future is in ``execute.started`` before its
    worker exists.
    """
    stop()
    pending = uncached(chains, cache)
    if not pending or _cores() < 2:
        return 0
    global _pool, _submitter
    _pool = concurrent.futures.ProcessPoolExecutor(min(_cores(), len(pending)), mp_context=_worker_context())
    _submitter = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="executed-docs-submit")
    # Pages render in order, so their chains are submitted in order.
    for key, chain in pending.items():
        execute.started[key] = submit(_run, chain, timeout)
    return len(pending)


def uncached(chains: list[execute.Chain], cache: execute.ResultCache | None) -> dict[str, execute.Chain]:
    """The chains to run, by result key: those not skipped whose outputs the cache lacks."""
    pending: dict[str, execute.Chain] = {}
    for chain in chains:
        if chain.skipped:
            continue
        key = execute.result_key(chain)
        if cache is None or not cache.path(key).exists():
            pending.setdefault(key, chain)
    return pending


def prepare() -> None:
    """Start the fork server's imports now (seconds of torch), if workers will be
    needed: the hook calls this at the first page with a chain to run, so they
    overlap the reading of the other pages."""
    if _cores() >= 2:
        execute.log.debug("starting the workers' fork server")
        _worker_context()
        multiprocessing.forkserver.ensure_running()


def forked(target, *args) -> multiprocessing.Process:
    """A started process running ``target(*args)``, forked from the workers' server
    (so with torch imported). Waits for the server's imports if they are under way."""
    process = _worker_context().Process(target=target, args=args, daemon=False)
    process.start()
    return process


def _cores() -> int:
    return len(os.sched_getaffinity(0))


def submit(function, *args) -> concurrent.futures.Future:
    """``function(*args)`` in a worker after the chains if workers are running,
    else here and now; its future either way."""
    future = concurrent.futures.Future()
    if _submitter is None:
        future.set_result(function(*args))
    else:
        _submitter.submit(_hand_to_pool, _pool, future, function, args)
    return future


def _hand_to_pool(pool, future: concurrent.futures.Future, function, args) -> None:
    """Run ``function(*args)`` in the pool; its outcome becomes ``future``'s."""
    try:
        running = pool.submit(function, *args)
    except BaseException as error:  # the pool could not start, or was shut down
        future.set_exception(error)
        return
    _handed.append(running)

    def relay(done: concurrent.futures.Future) -> None:
        if done.cancelled():
            future.cancel()
        elif done.exception() is not None:
            future.set_exception(done.exception())
        else:
            future.set_result(done.result())

    running.add_done_callback(relay)


def _worker_context():
    """Workers forked from a server process that has imported torch, pyplot (and more) once.

    Not a plain fork of MkDocs, which may have threads (`mkdocs serve`) that a
    fork copies badly; and cheaper than spawn, where every worker imports torch
    again. The server lives as long as MkDocs, so `mkdocs serve` pays once.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["executed_docs.worker_imports"])  # torch and the rest, once
    return context


def stop() -> None:
    """Forget started chains and end the workers (after a build, or before the next)."""
    global _pool, _submitter
    execute.started.clear()
    execute.deferred.clear()
    execute.defer_started = False
    if _submitter is not None:
        _submitter.shutdown(wait=True)  # every future is then in the pool, or failed
        _submitter = None
    # Whatever no worker has taken yet is cancelled (and so is its page's future).
    # Not left to shutdown(cancel_futures=True): once _pool is dropped, the pool's
    # manager thread finds no executor to take that flag from, and runs them all.
    for future in _handed:
        future.cancel()
    _handed.clear()
    if _pool is not None:
        _pool.shutdown(wait=False)
        _pool = None


def _run(chain: execute.Chain, timeout: float) -> list[execute.FenceOutput]:
    try:
        return execute.run_chain(chain, timeout)
    except execute.BlockError:
        raise
    except BaseException as error:  # a worker's own failure, named after the chain
        raise execute.BlockError(chain.where, f"the worker running this chain failed: {error!r}") from None
