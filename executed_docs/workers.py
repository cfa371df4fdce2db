"""Worker processes: forked from a server that has imported torch once.

``WorkerPool`` runs functions (chains, page notebooks) in one worker process
per core, in the order they are handed over, without making the caller wait
for the workers to start: the first hand-over waits for the fork server to
import torch (seconds) in a thread of its own, while MkDocs renders pages.
``forked`` starts any other process from the same server (the notebook kernel).
A machine with one core gets no pool: work runs where it is asked for.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import multiprocessing.forkserver
import os


def cores() -> int:
    return len(os.sched_getaffinity(0))


def worker_context():
    """Processes forked from a server that has imported torch, pyplot (and more) once.

    Not a plain fork of MkDocs, which may have threads (`mkdocs serve`) that a
    fork copies badly; and cheaper than spawn, where every worker imports torch
    again. The server lives as long as MkDocs, so `mkdocs serve` pays once.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["executed_docs.worker_imports"])  # torch and the rest, once
    return context


def prepare() -> None:
    """Start the fork server's imports now (seconds of torch), so that they
    overlap whatever the caller does next."""
    worker_context()
    multiprocessing.forkserver.ensure_running()


def forked(target, *args) -> multiprocessing.Process:
    """A started process running ``target(*args)``, forked from the workers' server
    (so with torch imported). Waits for the server's imports if they are under way."""
    process = worker_context().Process(target=target, args=args, daemon=False)
    process.start()
    return process


class WorkerPool:
    """Up to ``size`` workers; ``submit`` hands them work in order, returning at once."""

    def __init__(self, size: int):
        self.pool = concurrent.futures.ProcessPoolExecutor(size, mp_context=worker_context())
        # Hands work to the pool in order, off the caller's thread.
        self.submitter = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="executed-docs-submit")
        self.handed: list[concurrent.futures.Future] = []  # the pool's futures, to cancel on close()

    def submit(self, function, *args) -> concurrent.futures.Future:
        future = concurrent.futures.Future()
        self.submitter.submit(self._hand_over, future, function, args)
        return future

    def _hand_over(self, future: concurrent.futures.Future, function, args) -> None:
        try:
            running = self.pool.submit(function, *args)
        except BaseException as error:  # the pool could not start, or was shut down
            future.set_exception(error)
            return
        self.handed.append(running)

        def relay(done: concurrent.futures.Future) -> None:
            if done.cancelled():
                future.cancel()
            elif done.exception() is not None:
                future.set_exception(done.exception())
            else:
                future.set_result(done.result())

        running.add_done_callback(relay)

    def close(self) -> None:
        """Cancel what no worker has taken yet, and wait for the workers to end.

        Waiting matters: a pool left to end with the interpreter can print
        "Exception ignored in: threading._shutdown ... Bad file descriptor"
        after a successful build. A chain still running finishes first (it is
        bounded by the block time limit).
        """
        self.submitter.shutdown(wait=True)  # every future is then in the pool, or failed
        for future in self.handed:  # not shutdown(cancel_futures=True): see the test of it
            future.cancel()
        self.pool.shutdown(wait=True)
