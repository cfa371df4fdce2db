"""One build's execution: its settings, its cache, its workers and their results.

A ``BuildSession`` is made by the MkDocs plugin for each build and handed to
the Markdown extension through its configuration; where no plugin runs (plain
Python-Markdown, Zensical) the extension makes one of its own, which runs
chains where it is asked to, one after another. Nothing about a build lives in
module globals.

With workers (``start``): every chain the cache lacks is handed to them before
the first page renders; a page then renders at once, leaving a marker where a
running chain's outputs go (``defer``), and the plugin puts them in
(``fill_deferred``) after every page has rendered.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import json
import logging
import os
import re

from executed_docs import workers
from executed_docs.cache import ResultCache, chain_fingerprint, result_key
from executed_docs.model import EXECUTION_LOG_ENV, BlockError, Chain, FenceOutput
from executed_docs.releases import RECORD_ENV, ReleaseOutputs, torch_release
from executed_docs.rendering import output_html
from executed_docs.running import execute_chain

log = logging.getLogger("mkdocs.executed_docs")  # under "mkdocs": counted by --strict
DEFERRED_MARKER = re.compile(r"<!--executed-docs-deferred (\d+) (\d+)-->(\n?)")


class BuildSession:
    def __init__(self, timeout: float, cache: ResultCache | None, defer: bool = False,
                 releases: ReleaseOutputs | None = None):
        self.timeout = timeout
        self.cache = cache
        #: The newest release's outputs where they differ (``releases.py``); none if not given.
        self.releases = releases or ReleaseOutputs(None)
        #: Every chain's outputs by chain fingerprint, where RECORD_ENV asks for them.
        self.record: dict[str, dict] | None = {} if os.environ.get(RECORD_ENV) else None
        #: Whether pages leave markers for the outputs of chains still in the
        #: workers (the MkDocs plugin fills them in); else a page waits for them.
        self.defer_pages = defer
        self.pool: workers.WorkerPool | None = None
        #: Chains handed to the workers: result key -> future of their outputs.
        self.started: dict[str, concurrent.futures.Future] = {}
        #: The chains behind the deferred markers, numbered by them.
        self.deferred: list[Chain] = []
        #: Each page's reading (``read``), so that rendering does not read it again.
        self.readings: dict[tuple[str, str], list[Chain]] = {}

    # -- reading ---------------------------------------------------------

    def remember(self, page: str, lines: list[str], chains: list[Chain]) -> None:
        self.readings[(page, "\n".join(lines))] = chains

    def recall(self, page: str, lines: list[str]) -> list[Chain] | None:
        """The chains of a page read before with exactly these lines, if it was."""
        return self.readings.get((page, "\n".join(lines)))

    # -- running ---------------------------------------------------------

    def uncached(self, chains: list[Chain]) -> dict[str, Chain]:
        """The chains to run, by result key: those not skipped whose outputs the cache lacks."""
        pending: dict[str, Chain] = {}
        for chain in chains:
            if not chain.skipped:
                key = result_key(chain)
                if self.cache is None or self.cache.load(key) is None:
                    pending.setdefault(key, chain)
        return pending

    def start(self, chains: list[Chain], processes: int | None = None) -> int:
        """Hand the chains the cache lacks to worker processes (one per core, or
        ``processes``); how many. Returns at once."""
        pending = self.uncached(chains)
        processes = processes or workers.cores()
        if not pending or processes < 2 and workers.cores() < 2:
            return 0
        self.pool = workers.WorkerPool(min(processes, len(pending)))
        # Pages render in order, so their chains go in order; but first those a
        # page must wait for as it renders (not ``can_defer``), which would hold up
        # every page after it.
        for key, chain in sorted(pending.items(), key=lambda item: self.can_defer(item[1])):
            self.started[key] = self.pool.submit(_run_in_worker, chain, self.timeout)
        return len(pending)

    def submit(self, function, *args) -> concurrent.futures.Future:
        """``function(*args)`` in a worker after the chains if workers run, else here and now."""
        if self.pool is not None:
            return self.pool.submit(function, *args)
        future = concurrent.futures.Future()
        future.set_result(function(*args))
        return future

    def outputs_of(self, chain: Chain) -> list[FenceOutput]:
        """The chain's outputs: from the cache, else from its worker, else by running it here."""
        if chain.skipped:
            return []
        outputs = self._outputs_of(chain)
        if self.record is not None:
            self.record[chain_fingerprint(chain)] = {
                "where": chain.where, "fences": [f.where for f in chain.fences], "code": [f.code for f in chain.fences],
                "outputs": [dataclasses.asdict(output) for output in outputs],
            }
        return outputs

    def _outputs_of(self, chain: Chain) -> list[FenceOutput]:
        key = result_key(chain)
        cached = self.cache.load(key) if self.cache is not None else None
        if cached is not None and len(cached) == len(chain.fences):
            return cached
        if key in self.started:
            try:
                outputs, reads = self.started[key].result()
            except concurrent.futures.BrokenExecutor as error:  # the worker process died
                raise BlockError(chain.where, f"the worker process running this chain died: {error}") from None
        else:
            outputs, reads = execute_chain(chain, self.timeout)
        _log_execution(chain, outputs)
        if self.cache is not None:
            self.cache.store(key, outputs, reads)
        return outputs

    def newest_outputs(self, chain: Chain, outputs: list[FenceOutput]) -> list[FenceOutput | None]:
        """For each block, the newest release's output where it differs from ``outputs``
        (``releases.py``), else None. An entry that no longer matches what the
        pinned release shows is stale: a warning, which fails a strict build."""
        key = chain_fingerprint(chain)
        if self.releases.stale(key, outputs):
            log.warning("%s: %s is stale for this chain: its outputs on PyTorch %s are not those it records; "
                        "run `bash .ci/canary --write`", chain.where, self.releases.path, self.releases.pinned)
        return self.releases.newest_outputs(key, outputs) or [None] * len(outputs)

    def write_record(self) -> None:
        """Write every chain's outputs to the file RECORD_ENV names, if it names one."""
        if self.record is not None:
            contents = {"torch": torch_release(), "chains": self.record}
            with open(os.environ[RECORD_ENV], "w", encoding="utf-8") as file:
                json.dump(contents, file, sort_keys=True)

    def can_defer(self, chain: Chain) -> bool:
        """Whether a page may leave markers for the chain's outputs if its worker
        has not finished. A chain with the newest release's outputs may not: its
        tabs are Markdown, converted with the page."""
        return self.releases.entry(chain_fingerprint(chain)) is None

    def defers(self, chain: Chain) -> bool:
        """Whether the chain's page leaves markers for its outputs rather than wait for its worker."""
        return self.defer_pages and not chain.skipped and result_key(chain) in self.started and self.can_defer(chain)

    def defer(self, chain: Chain) -> list[str]:
        """One marker per block of a running chain, put where its output goes."""
        self.deferred.append(chain)
        number = len(self.deferred) - 1
        return [f"<!--executed-docs-deferred {number} {position}-->" for position in range(len(chain.fences))]

    def fill_deferred(self, html: str, render_markdown) -> str:
        """The page's HTML with each deferred chain's outputs in place of its
        markers, waiting for the worker if need be. ``render_markdown`` turns an
        output's Markdown (a ``_repr_markdown_``) into HTML as the page's own
        conversion would have."""
        outputs: dict[int, list[FenceOutput]] = {}

        def shown(marker: re.Match) -> str:
            number = int(marker.group(1))
            if number not in outputs:
                outputs[number] = self.outputs_of(self.deferred[number])
            output = outputs[number][int(marker.group(2))]
            parts = [output_html(output), render_markdown(output.markdown) if output.markdown else ""]
            rendered = "\n".join(part for part in parts if part)
            return rendered + marker.group(3) if rendered else ""  # nothing shown: no line either

        return DEFERRED_MARKER.sub(shown, html)

    def close(self) -> None:
        """End the workers (after a build, or when it failed)."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None


def _run_in_worker(chain: Chain, timeout: float) -> tuple[list[FenceOutput], dict[str, str]]:
    try:
        return execute_chain(chain, timeout)
    except BlockError:
        raise
    except BaseException as error:  # a worker's own failure, named after the chain
        raise BlockError(chain.where, f"the worker running this chain failed: {error!r}") from None


def _log_execution(chain: Chain, outputs: list[FenceOutput]) -> None:
    """Record, where the tests asked for it, which blocks the build ran and what
    each showed: HTML output, Markdown, both or nothing."""
    path = os.environ.get(EXECUTION_LOG_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as record:
            for fence, output in zip(chain.fences, outputs):
                shown = {"html": bool(output_html(output)), "markdown": bool(output.markdown)}
                record.write(json.dumps({"where": fence.where, "shown": shown}) + "\n")
