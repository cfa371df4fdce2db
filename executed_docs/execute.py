"""Run every ```python block of a page when the site is built, and show its output.

This is a Python-Markdown extension, so it works wherever Python-Markdown runs
(MkDocs, Zensical, plain ``markdown.markdown``). The test suite imports the same
functions, so the build and the tests cannot disagree about what runs and how.

The execution spec is pytest-codeblocks': blocks and their markers are read by
``pytest_codeblocks.extract_from_buffer`` and nothing else.

* A block runs if its fence's info string is exactly ``python``. Other Python
  spellings (```` ```py ````, ```` ```python title="x" ````) fail the build,
  because pytest-codeblocks would show them without ever running them.
* ``<!--pytest-codeblocks:cont-->`` continues the previous block's namespace:
  the head block and its continuations form a *chain*, run in order in one
  fresh namespace. Every chain starts from nothing: no state crosses chains,
  pages or rebuilds.
* ``<!--pytest-codeblocks:expect-exception-->`` (pytest-codeblocks' xfail) means
  the chain must raise; the exception is shown as Python prints it. A chain so
  marked that does not raise fails the build, and so does one whose raising
  block is followed by continuation blocks that could then never run.
* ``<!--pytest-codeblocks:expected-output-->`` checks what the chain printed
  (not the echoed value, which pytest-codeblocks does not see) against the fence
  that follows; that fence is then dropped from the page, since the executed
  output is shown in its place.
* ``<!--pytest-codeblocks:skip-->`` shows a block without running it.

Under each block the page shows, in order: what it printed and, as in a
notebook, the repr of a final bare expression; warnings; the expected
exception; matplotlib figures as inline SVG whose colours follow the site's
light and dark palettes (see ``figures.py``). A final value
with a ``_repr_markdown_()`` method (the notebook display protocol) is shown as
Markdown instead of its repr: that is how a table computed by a block becomes
a table on the page.

Outputs are reproducible: each chain starts from torch's default settings
(and one thread, so no result depends on the core count), a chain that draws
unseeded random numbers fails, a final value whose repr
holds a memory address fails, and warnings are shown as Python's default
filters show them, with only the page's own traceback frames.

Results are cached on disk (``ResultCache``): a rebuild runs only the chains
whose code, or whose engine or library versions, changed, and a build where
nothing changed runs nothing and never imports torch. ``EXECUTED_DOCS_CACHE=off``
builds without the cache; ``EXECUTED_DOCS_EXECUTE=off`` renders without running
anything, visibly, and fails a ``--strict`` build. Under MkDocs, the site's hook
starts the chains the cache lacks in worker processes before pages render
(``parallel.py``); a page then takes its results from ``started``, and renders
without waiting for them: the hook puts them in after every page has rendered
(``defer_started``).

Any other outcome (an unexpected exception, a missing snippet, an unknown
marker, a block running past the time limit, output that differs from its
``expected-output``) raises ``BlockError`` naming the page, the line and why,
which fails the build.
"""

from __future__ import annotations

import ast
import concurrent.futures
import contextlib
import ctypes
import dataclasses
import difflib
import functools
import gc
import hashlib
import html
import importlib.metadata
import io
import json
import linecache
import logging
import os
import platform
import re
import threading
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor
from pytest_codeblocks import extract_from_buffer

from executed_docs.figures import plot_style, take_figures

#: Set this variable to a file path to have the build append one JSON line per
#: executed block ({"where": "page, line N"}); the tests compare it with theirs.
EXECUTION_LOG_ENV = "EXECUTED_DOCS_LOG"

#: EXECUTED_DOCS_CACHE=off builds without reading or writing the cache.
CACHE_ENV = "EXECUTED_DOCS_CACHE"

#: EXECUTED_DOCS_EXECUTE=off renders pages without running any block (for
#: authors without torch, and for measuring the build's floor). Every page then
#: says so at the top, and a warning fails a --strict build: it cannot be
#: published by accident.
EXECUTE_ENV = "EXECUTED_DOCS_EXECUTE"

#: What changes the outputs besides a chain's code: these packages' versions.
VERSIONED_PACKAGES = ("torch", "matplotlib", "numpy")

log = logging.getLogger("mkdocs.executed_docs")  # under "mkdocs": counted by --strict


def switched_off(variable: str) -> bool:
    """Whether an environment switch (CACHE_ENV, EXECUTE_ENV) is set to off."""
    return os.environ.get(variable, "").lower() in {"off", "0", "false", "no"}

#: The marks (as pytest-codeblocks returns them) that the engine understands.
EXPECT_EXCEPTION = "pytest.mark.xfail"
SKIP = "pytest.mark.skip"

#: The seed every chain starts with; still set at the end, it means nobody seeded.
UNSEEDED = 0x5EED_DEC0DE

class BlockError(Exception):
    """A block, or the page around it, that must fail the build."""

    def __init__(self, where: str, reason: str, detail: str = ""):
        self.where, self.reason, self.detail = where, reason, detail
        message = f"{where}: {reason}"
        if detail:
            message += "\n" + detail.rstrip()
        super().__init__(message)

    def __reduce__(self):  # raised in a worker process (executed_docs.parallel), re-raised here
        return BlockError, (self.where, self.reason, self.detail)


class BlockTimeout(BaseException):
    """Raised inside a block that runs past its time limit.

    A BaseException, so that a block's own ``except Exception`` cannot hide it.
    """


@dataclass
class Fence:
    """One fenced code block as the page shows it (after snippets are expanded)."""

    opening: int  # index of the opening ``` line in the expanded lines
    closing: int  # index of the closing ``` line
    indent: str
    code: str
    where: str  # "docs/page.md, line 12", for messages


@dataclass
class Chain:
    """What pytest-codeblocks runs as one test: a head block and its continuations."""

    fences: list[Fence]
    marks: list[str]
    expected_output: str | None = None
    expected_output_ignore_whitespace: bool = False
    expected_fence: Fence | None = None

    @property
    def where(self) -> str:
        return self.fences[0].where

    @property
    def skipped(self) -> bool:
        return SKIP in self.marks

    @property
    def must_raise(self) -> bool:
        return EXPECT_EXCEPTION in self.marks

    @property
    def raising_fence(self) -> Fence | None:
        """The block that must raise: the last of a chain marked expect-exception."""
        return self.fences[-1] if self.must_raise else None


@dataclass
class FenceOutput:
    """Everything one block produced, in the order the page shows it."""

    printed: str = ""  # what the block wrote to stdout
    echoed: str = ""  # repr of a final bare expression, as a notebook shows it
    markdown: str = ""  # a final expression's _repr_markdown_(): rendered as part of the page
    warnings: list[str] = field(default_factory=list)
    exception: str | None = None  # "TypeName: message" of an expected exception
    figures: list[str] = field(default_factory=list)  # inline SVG markup


# --------------------------------------------------------------------------
# Reading a page: one parser, pytest-codeblocks'
# --------------------------------------------------------------------------


def line_origins(source: list[str], expanded: list[str], page: str) -> list[str]:
    """For each expanded line, where a reader finds it: "page, line N".

    Lines that snippets inserted are attributed to the include line of the page.
    """
    origins = [""] * len(expanded)
    matcher = difflib.SequenceMatcher(None, source, expanded, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            if tag == "equal":
                origins[j] = f"{page}, line {i1 + (j - j1) + 1}"
            else:
                origins[j] = f"{page}, line {i1 + 1} (line {j - j1 + 1} of the snippet included there)"
    return origins


def page_chains(md, text: str, page: str) -> list[Chain]:
    """The chains of a page's source, read exactly as the build reads them.

    Runs ``md``'s preprocessors that precede the executor (snippets, whitespace
    normalisation) on the page, then plans it. This is what the tests collect.
    """
    return read_page(md, text, page)[1]


def read_page(md, text: str, page: str) -> tuple[list[str], list[Chain]]:
    """The page's expanded lines (``expand_page``) and its chains."""
    lines = expand_page(md, text)
    return lines, plan_page(lines, line_origins(text.split("\n"), lines, page))


def expand_page(md, text: str) -> list[str]:
    """The page's lines as the executor sees them: ``md``'s earlier preprocessors
    (snippets, whitespace normalisation) applied."""
    lines = text.split("\n")
    for processor in md.preprocessors:
        if isinstance(processor, ExecuteBlocks):
            break
        lines = processor.run(lines)
    return lines


def plan_page(expanded: list[str], origins: list[str]) -> list[Chain]:
    """The chains of a page, as pytest-codeblocks' parser reads them.

    pytest-codeblocks merges continued blocks into one and absorbs expected
    output; to place outputs under each fence we also let the same parser read
    every fence on its own (with HTML comment lines hidden from it), then assign
    the fences to chains by position and content.
    """
    text = "\n".join(expanded) + "\n"
    try:
        with warnings.catch_warnings():  # its advice to use pytest marks instead
            warnings.simplefilter("ignore", DeprecationWarning)
            blocks = extract_from_buffer(io.StringIO(text))
    except RuntimeError as error:  # unknown marker, unclosed fence, ...
        raise BlockError(_locate_marker_error(error, expanded, origins), str(error)) from None

    hidden = ["" if line.lstrip().startswith("<!--") else line for line in expanded]
    single = extract_from_buffer(io.StringIO("\n".join(hidden) + "\n"))
    fences = [_fence(block, expanded, origins) for block in single]
    heads = {fence.opening: fence for fence in fences}

    chains: list[Chain] = []
    for index, block in enumerate(blocks):
        head = heads[block.lineno - 1]
        next_opening = blocks[index + 1].lineno - 1 if index + 1 < len(blocks) else len(expanded)
        followers = [f for f in fences if head.opening < f.opening < next_opening]
        if block.syntax != "python":
            _refuse_hidden_python(block.syntax, head)
            continue
        chains.append(_assemble_chain(block, head, followers))
    return chains


def _fence(block, expanded: list[str], origins: list[str]) -> Fence:
    opening = block.lineno - 1
    line = expanded[opening]
    # The closing fence, by pytest-codeblocks' rule. Not counted from the code:
    # the parser drops blank lines inside indented fences.
    ticks = "`" * (len(line.lstrip()) - len(line.lstrip().lstrip("`")))
    closing = next(i for i in range(opening + 1, len(expanded)) if expanded[i].lstrip().startswith(ticks))
    return Fence(opening, closing, line[: len(line) - len(line.lstrip())], block.code, origins[opening])


def _refuse_hidden_python(syntax: str | None, fence: Fence) -> None:
    """Fail on a Python fence that pytest-codeblocks would silently never run."""
    words = re.split(r"[\s{}.]+", syntax or "")
    if any(word in {"py", "python", "python3", "py3"} for word in words[:2]):
        raise BlockError(
            fence.where,
            f"fence info string '{syntax}' would be shown but never run or tested; "
            "write exactly ```python",
        )


def _assemble_chain(block, head: Fence, followers: list[Fence]) -> Chain:
    """Split the followers of a head fence into continuations and expected output."""
    continued = block.code[len(head.code):]
    candidates = [None] if block.expected_output is None else range(len(followers))
    for expected_index in candidates:
        rest = [f for i, f in enumerate(followers) if i != expected_index]
        if "".join(f.code for f in rest) != continued:
            continue
        expected = None if expected_index is None else followers[expected_index]
        if expected is not None and expected.code != block.expected_output:
            continue
        return Chain(
            fences=[head, *rest],
            marks=list(block.marks),
            expected_output=block.expected_output,
            expected_output_ignore_whitespace=block.expected_output_ignore_whitespace,
            expected_fence=expected,
        )
    raise BlockError(head.where, "could not match this chain's blocks to the page (engine bug)")


def _locate_marker_error(error: Exception, expanded: list[str], origins: list[str]) -> str:
    keyword = re.search(r'"([^"]+)"', str(error))
    if keyword:
        for line, origin in zip(expanded, origins):
            if keyword.group(1) in line and "<!--" in line:
                return origin
    return origins[0].split(",")[0] if origins else "page"


# --------------------------------------------------------------------------
# Running a chain
# --------------------------------------------------------------------------


def run_chain(chain: Chain, timeout: float) -> list[FenceOutput]:
    """Run a chain's blocks in one fresh namespace; one FenceOutput per block.

    Raises BlockError for anything that must fail the build.
    """
    if chain.skipped:
        return []
    unknown = [mark for mark in chain.marks if mark not in (EXPECT_EXCEPTION, SKIP)]
    if unknown:
        raise BlockError(chain.where, f"unsupported marker {unknown[0]!r}: use cont, expect-exception or expected-output")
    namespace: dict = {"__name__": "__main__"}
    outputs: list[FenceOutput] = []
    # Figure ids are salted with the chain's code, not its line: moving a chain
    # on its page changes nothing in its output (or its cache entry).
    salt = chain_fingerprint(chain)[:12]
    with _rare_garbage_collection(), plot_style(), _fresh_torch(chain):
        for position, fence in enumerate(chain.fences):
            output, exception = _run_fence(fence, namespace, timeout, f"{salt}-{position + 1}")
            outputs.append(output)
            if exception is None:
                continue
            if not chain.must_raise:
                raise BlockError(fence.where, "the block raised an exception", _format_traceback(exception))
            later = chain.fences[position + 1:]
            if later:
                raise BlockError(
                    fence.where,
                    "the block raised as marked, but the continuation blocks at "
                    + ", ".join(f.where for f in later) + " would then never run",
                )
            output.exception = "".join(traceback.format_exception_only(type(exception), exception)).rstrip()
            break
        else:
            if chain.must_raise:
                raise BlockError(chain.raising_fence.where, "the block is marked expect-exception but raised nothing")
    _check_expected_output(chain, "".join(output.printed for output in outputs))
    return outputs


@contextlib.contextmanager
def _rare_garbage_collection():
    """Python's cycle collector runs rarely while a chain runs, and once after it.

    matplotlib makes many short-lived reference cycles: at the default threshold
    (a collection every 700 new objects) the collector took about a tenth of the
    chains' time. A million objects still bounds the memory a chain can hold in
    uncollected cycles; whatever it left is collected when it ends.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(1_000_000, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.collect(0)  # the chain's young cycles (older ones go with the next collections)


@contextlib.contextmanager
def _fresh_torch(chain: Chain):
    """Start a chain from torch's defaults, and refuse unseeded random numbers.

    Settings a block may change globally (default dtype, grad mode, print
    options, thread count) are reset, so no chain depends on what ran before it. The random
    generator is seeded with a marker value: if the chain draws from it without
    calling ``torch.manual_seed`` first, its output would differ between builds
    and between the page and a reader's session, so the build fails.
    """
    if "torch" not in "".join(f.code for f in chain.fences):
        yield
        return
    import torch

    # One thread: a result then does not depend on the machine's core count (the
    # order of a parallel reduction), and chains running side by side in
    # worker processes (executed_docs.parallel) do not fight over the cores.
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    torch.set_grad_enabled(True)
    torch.set_printoptions(profile="default", sci_mode=None)
    torch.manual_seed(UNSEEDED)
    untouched = torch.random.get_rng_state()
    yield
    if torch.initial_seed() == UNSEEDED and not torch.equal(torch.random.get_rng_state(), untouched):
        raise BlockError(
            chain.where,
            "the chain draws random numbers without seeding: call torch.manual_seed(...) first, "
            "so that the page, the tests and a reader all get the same numbers",
        )


def _check_expected_output(chain: Chain, printed: str) -> None:
    if chain.expected_output is None:
        return
    expected, got = chain.expected_output, printed
    if chain.expected_output_ignore_whitespace:
        expected, got = re.sub(r"\s+", "", expected), re.sub(r"\s+", "", got)
    if expected != got:
        raise BlockError(
            chain.where,
            "the printed output differs from its expected-output block",
            f"expected:\n{chain.expected_output}\ngot:\n{printed}",
        )


def _run_fence(fence: Fence, namespace: dict, timeout: float, salt: str) -> tuple[FenceOutput, Exception | None]:
    """Run one block in ``namespace``; return its output and the exception it raised."""
    # Named by content, not by line: what a block shows (a warning's traceback)
    # must not change when prose above it moves it down the page.
    filename = f"<python block {hashlib.sha256(fence.code.encode()).hexdigest()[:10]}>"
    linecache.cache[filename] = (len(fence.code), None, fence.code.splitlines(True), filename)
    try:
        body, last = _compile(fence.code, filename)
    except SyntaxError as error:
        raise BlockError(fence.where, "the block is not valid Python", _format_traceback(error)) from None

    output = FenceOutput()
    stdout = io.StringIO()
    exception = None
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(stdout):
        warnings.simplefilter("always")
        try:
            with _deadline(timeout, fence):
                exec(body, namespace)
                if last is not None:
                    value = eval(last, namespace)
                    if callable(getattr(value, "_repr_markdown_", None)):
                        output.markdown = value._repr_markdown_()
                    elif value is not None:
                        output.echoed = _echo(value, fence)
        except BlockTimeout:
            raise BlockError(fence.where, f"the block ran longer than the {timeout:g} s limit") from None
        except BlockError:  # the engine's own verdict on the block (e.g. its echo)
            raise
        except Exception as error:  # the block's own exception: the caller decides
            exception = error
    output.printed = stdout.getvalue()
    output.warnings = [f"{w.category.__name__}: {_without_outside_frames(str(w.message))}" for w in caught if _shown_by_default(w, filename)]
    try:
        output.figures = take_figures(salt)
    except ValueError as error:
        raise BlockError(fence.where, str(error)) from None
    return output, exception


def _without_outside_frames(message: str) -> str:
    """A warning's text without traceback frames outside the page's blocks.

    Some warnings carry a traceback (anomaly mode's forward trace); its frames in
    the engine, MkDocs or pytest depend on how the page was built, not on the page.
    """
    frame = re.compile(r'^\s*File "(?!<python block )[^"]*", line \d+, in .*$')
    lines, kept, skip_code = message.splitlines(), [], False
    for line in lines:
        if frame.match(line):
            skip_code = True
            continue
        if skip_code and line.startswith("    ") and not line.lstrip().startswith("File "):
            continue  # the source line printed under a dropped frame
        skip_code = False
        kept.append(line)
    return "\n".join(kept)


def _shown_by_default(warning, filename: str) -> bool:
    """Whether Python would show the warning to someone running the block as a script.

    Deprecation and import warnings raised inside libraries are hidden by Python's
    default filters; several are also raised only the first time a library path is
    taken in a process, which would make a page's output depend on build order.
    """
    quiet = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)
    return not issubclass(warning.category, quiet) or warning.filename == filename


def _echo(value, fence: Fence) -> str:
    """The repr a notebook would show; refused if it would differ between builds."""
    text = repr(value)
    if re.search(r" at 0x[0-9a-fA-F]+>", text):
        raise BlockError(
            fence.where,
            f"the final expression shows a memory address ({text}), which changes on every build: "
            "assign it, or end the line with ';' to hide it",
        )
    return text + "\n"


def _compile(code: str, filename: str):
    """Compile a block; a final bare expression is compiled apart to echo it."""
    tree = ast.parse(code, filename)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not code.rstrip().endswith(";"):
        last = compile(ast.Expression(tree.body.pop().value), filename, "eval")
    return compile(tree, filename, "exec"), last


def _format_traceback(error: BaseException) -> str:
    """The traceback from the block's own frames on (the engine's are noise)."""
    frames = traceback.extract_tb(error.__traceback__)
    first = next((i for i, frame in enumerate(frames) if frame.filename.startswith("<")), 0)
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(frames[first:])
    lines += traceback.format_exception_only(type(error), error)
    return "".join(lines)


@contextlib.contextmanager
def _deadline(seconds: float, fence: Fence):
    """Raise BlockTimeout in this thread if the body runs longer than ``seconds``.

    Works in any thread (``mkdocs serve`` builds outside the main thread), by
    asking the interpreter to raise in the running thread. Like Ctrl-C, it takes
    effect between Python bytecodes, so a single long C call finishes first.
    """
    thread_id = threading.get_ident()
    state = {"done": False}
    lock = threading.Lock()

    def interrupt():
        with lock:
            if not state["done"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(BlockTimeout))

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        timer.cancel()


# --------------------------------------------------------------------------
# The cache of executed chains
# --------------------------------------------------------------------------


def chain_fingerprint(chain: Chain) -> str:
    """A hash of what a chain runs and checks: its code (snippets expanded) and markers."""
    spec = [[f.code for f in chain.fences], chain.marks, chain.expected_output, chain.expected_output_ignore_whitespace]
    return hashlib.sha256(json.dumps(spec).encode()).hexdigest()


@functools.cache  # once per process: it is the code this process would run with
def library_versions() -> dict[str, str]:
    """Python's and the output-shaping packages' versions, read without importing them."""
    versions = {"python": platform.python_version()}
    for package in VERSIONED_PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "absent"
    return versions


@functools.cache
def engine_fingerprint() -> str:
    """The engine's source (this module and figures.py): any change invalidates every entry."""
    here = Path(__file__).parent
    return hashlib.sha256((here / "execute.py").read_bytes() + (here / "figures.py").read_bytes()).hexdigest()


def result_key(chain: Chain) -> str:
    """Everything that shapes a chain's outputs: its code, the libraries, the engine."""
    parts = [chain_fingerprint(chain), library_versions(), engine_fingerprint()]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class ResultCache:
    """Outputs of executed chains, on disk, keyed by everything that shapes them.

    The key is ``result_key``: the chain (``chain_fingerprint``),
    ``library_versions()`` and ``engine_fingerprint()``. Each entry is a JSON file holding its payload and
    the payload's hash, written to a temporary name and renamed into place; an
    entry that does not parse, whose hash does not match or whose shape is wrong
    is treated as missing, so the chain runs again. The folder is safe to delete.
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str) -> list[FenceOutput] | None:
        try:
            entry = json.loads(self.path(key).read_text(encoding="utf-8"))
            payload = entry["payload"]
            if entry["sha256"] != _payload_hash(payload) or payload["key"] != key:
                return None
            return [FenceOutput(**output) for output in payload["outputs"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, key: str, outputs: list[FenceOutput]) -> None:
        payload = {"key": key, "outputs": [dataclasses.asdict(output) for output in outputs]}
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"sha256": _payload_hash(payload), "payload": payload}), encoding="utf-8")
        os.replace(temporary, path)


def _payload_hash(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


#: Chains that executed_docs.parallel started in worker processes before the
#: pages render: result_key -> concurrent.futures.Future of their outputs.
started: dict = {}
#: Set by the MkDocs hook while workers run chains: a page whose chain is in
#: ``started`` then renders at once, with a marker where each of the chain's
#: outputs goes, rather than waiting for the worker; the hook replaces the
#: markers (``fill_deferred``) after every page has rendered, so that MkDocs
#: renders pages while the workers import torch and run.
defer_started = False
#: The chains behind the markers, numbered by them: (chain, timeout, cache).
deferred: list = []
DEFERRED_MARKER = re.compile(r"<!--executed-docs-deferred (\d+) (\d+)-->(\n?)")


def outputs_of(chain: Chain, timeout: float, cache: ResultCache | None) -> list[FenceOutput]:
    """The chain's outputs: from the cache if it has them, else from the worker
    that was started on it, else by running it here."""
    if chain.skipped:
        return []
    key = result_key(chain)
    cached = cache.load(key) if cache is not None else None
    if cached is not None and len(cached) == len(chain.fences):
        return cached
    if key in started:
        try:
            outputs = started[key].result()
        except concurrent.futures.BrokenExecutor as error:  # the worker process died
            raise BlockError(chain.where, f"the worker process running this chain died: {error}") from None
    else:
        outputs = run_chain(chain, timeout)
    log_execution(chain)
    if cache is not None:
        cache.store(key, outputs)
    return outputs


def fill_deferred(html: str, render_markdown) -> str:
    """The page's HTML with each deferred chain's outputs in place of its
    markers, waiting for the worker if need be. ``render_markdown`` turns an
    output's Markdown (a ``_repr_markdown_``) into HTML as the page's own
    conversion would have."""
    outputs: dict[int, list[FenceOutput]] = {}

    def shown(marker: re.Match) -> str:
        number = int(marker.group(1))
        if number not in outputs:
            outputs[number] = outputs_of(*deferred[number])
        output = outputs[number][int(marker.group(2))]
        parts = [output_html(output), render_markdown(output.markdown) if output.markdown else ""]
        rendered = "\n".join(part for part in parts if part)
        return rendered + marker.group(3) if rendered else ""  # nothing shown: no line either

    return DEFERRED_MARKER.sub(shown, html)


# --------------------------------------------------------------------------
# Rendering outputs into the page
# --------------------------------------------------------------------------


def output_html(output: FenceOutput) -> str:
    """The HTML shown under a block; empty if the block produced nothing."""
    parts = []
    text = output.printed + output.echoed
    if text:
        parts.append(_output_box("exec-output", "Output", text))
    for message in output.warnings:
        parts.append(_output_box("exec-output exec-warning", "Warning", message))
    if output.exception:
        parts.append(_output_box("exec-output exec-exception", "Raises", output.exception))
    for svg in output.figures:
        parts.append(f'<figure class="exec-figure">{svg}</figure>')
    return "\n".join(parts)


def _output_box(classes: str, label: str, text: str) -> str:
    return (
        f'<div class="{classes}" role="group" aria-label="{label}">'
        f"<pre><code>{html.escape(text.rstrip(), quote=False)}</code></pre></div>"
    )


def log_execution(chain: Chain) -> None:
    """Record, where the tests asked for it, which blocks the build ran."""
    path = os.environ.get(EXECUTION_LOG_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as record:
            for fence in chain.fences:
                record.write(json.dumps({"where": fence.where}) + "\n")


# --------------------------------------------------------------------------
# The Python-Markdown extension
# --------------------------------------------------------------------------


def page_name(md) -> str:
    """The page MkDocs is converting (relative to the working folder), or "page" elsewhere."""
    for processor in md.treeprocessors:
        file = getattr(processor, "file", None)
        if getattr(file, "abs_src_path", None):
            return source_name(file.abs_src_path)
    return "page"


def source_name(path: str) -> str:
    """How messages name a page's source file: relative to the working folder."""
    return os.path.relpath(path)


class RememberSource(Preprocessor):
    """Keep the page as written, before snippets expand it, to name its lines."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        self.extension.source = list(lines)
        return lines


class _NameMissingSnippets(Preprocessor):
    """pymdownx.snippets, but its "could not be found" errors name the page line."""

    def __init__(self, md, snippets):
        super().__init__(md)
        self.snippets = snippets

    def __getattr__(self, name):  # the rest is pymdownx.snippets' own (its reset() uses it)
        return getattr(self.snippets, name)

    def run(self, lines):
        try:
            return self.snippets.run(lines)
        except Exception as error:
            if type(error).__name__ != "SnippetMissingError":
                raise
            page = page_name(self.md)
            for number, line in enumerate(lines, start=1):
                if "--8<--" in line:
                    try:
                        self.snippets.run([line])
                    except Exception:
                        raise BlockError(f"{page}, line {number}", str(error)) from None
            raise BlockError(page, str(error)) from None


class ExecuteBlocks(Preprocessor):
    """Run the page's chains and put each block's output under it."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        page = self.extension.getConfig("page") or page_name(self.md)
        source = self.extension.source if self.extension.source is not None else lines
        origins = line_origins(source, lines, page)
        chains = plan_page(lines, origins)
        if switched_off(EXECUTE_ENV):
            return self.not_executed(lines, page, chains)
        timeout = float(self.extension.getConfig("timeout"))
        cache = self.extension.cache()
        inserts: dict[int, list[str]] = {}
        dropped: set[int] = set()
        for chain in chains:
            key = result_key(chain) if defer_started and not chain.skipped else None
            if key in started:  # see defer_started
                deferred.append((chain, timeout, cache))
                for position, fence in enumerate(chain.fences):
                    marker = self.md.htmlStash.store(f"<!--executed-docs-deferred {len(deferred) - 1} {position}-->")
                    inserts[fence.closing] = [fence.indent + marker, ""]
                continue
            outputs = outputs_of(chain, timeout, cache)
            for fence, output in zip(chain.fences, outputs):
                rendered = output_html(output)
                shown = [self.md.htmlStash.store(rendered), ""] if rendered else []
                shown += output.markdown.splitlines() if output.markdown else []
                if shown:
                    inserts[fence.closing] = [fence.indent + line if line else "" for line in shown]
            if chain.expected_fence is not None:
                dropped.update(range(chain.expected_fence.opening, chain.expected_fence.closing + 1))
        result = []
        for index, line in enumerate(lines):
            if index not in dropped:
                result.append(line)
            if index in inserts:
                result += ["", *inserts[index], ""]
        return result

    def not_executed(self, lines, page, chains):
        """The page as written, marked at the top as not executed (see EXECUTE_ENV)."""
        if not chains:
            return lines
        log.warning("%s: built with %s=off: its %d code blocks were not run", page, EXECUTE_ENV, sum(len(c.fences) for c in chains))
        banner = (
            '<div class="admonition danger exec-not-executed"><p class="admonition-title">Outputs not shown</p>'
            f"<p>This page was built with {EXECUTE_ENV}=off: its code was not run, so no output appears.</p></div>"
        )
        return [self.md.htmlStash.store(banner), "", *lines]


class ExecuteExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "timeout": [60.0, "Seconds a block may run before the build fails"],
            "page": ["", "Page name for messages, where the host (MkDocs) does not tell"],
            "cache_dir": [".cache/executed-docs", "Folder of the results cache; empty for none"],
        }
        self.source = None
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        # After pymdownx.snippets (32) has expanded includes and whitespace is
        # normalised (30, which would strip our stash markers), before any fence
        # is turned into HTML (25).
        md.preprocessors.register(RememberSource(md, self), "executed_docs_source", 33)
        if "snippet" in md.preprocessors:  # listed before us in the extensions
            md.preprocessors.register(_NameMissingSnippets(md, md.preprocessors["snippet"]), "snippet", 32)
        md.preprocessors.register(ExecuteBlocks(md, self), "executed_docs_execute", 29.5)

    def reset(self):
        self.source = None

    def cache(self) -> ResultCache | None:
        folder = self.getConfig("cache_dir")
        if not folder or switched_off(CACHE_ENV):
            return None
        return ResultCache(folder)


def makeExtension(**kwargs):
    return ExecuteExtension(**kwargs)
