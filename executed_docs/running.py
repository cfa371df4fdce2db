"""Running a chain: its blocks in one fresh namespace, each block's output
captured, and every rule that fails the build checked (see ``execute.py``)."""

from __future__ import annotations

import ast
import contextlib
import ctypes
import gc
import hashlib
import io
import linecache
import re
import threading
import traceback
import warnings

from executed_docs.figures import plot_style, take_figures
from executed_docs.isolation import Fingerprint, Seeds, fresh_settings
from executed_docs.model import BlockError, BlockTimeout, Chain, Fence, FenceOutput
from executed_docs.reads import recording

#: The most text one block may show (printed, echoed, warnings, exception): a
#: page has a budget of about 100 KiB, and a reader cannot use more anyway.
TEXT_LIMIT = 64 * 1024
#: The most SVG one figure may weigh (the site's largest, the home page's 28 small plots, is about 150 KiB).
FIGURE_LIMIT = 512 * 1024
#: A block printing past this much is stopped at once, before it fills the memory.
STDOUT_CAP = 4 * TEXT_LIMIT


def execute_chain(chain: Chain, timeout: float) -> tuple[list[FenceOutput], dict[str, str]]:
    """``run_chain``, and the repository's files the chain read (``reads.py``), with their hashes."""
    with recording() as reads:
        outputs = run_chain(chain, timeout, reads.namespace)
    return outputs, reads.files


def run_chain(chain: Chain, timeout: float, namespace: dict | None = None) -> list[FenceOutput]:
    """Run a chain's blocks in one fresh namespace (``namespace``, empty, if given);
    one FenceOutput per block.

    Raises BlockError for anything that must fail the build.
    """
    if chain.skipped:
        return []
    unknown = chain.unknown_marks()
    if unknown:
        raise BlockError(chain.where, f"unsupported marker {unknown[0]!r}: use cont, pytest.mark.xfail(raises=...), pytest.mark.skip or expected-output")
    expected = chain.expected_exception() if chain.must_raise else None
    namespace = {} if namespace is None else namespace
    namespace["__name__"] = "__main__"
    outputs: list[FenceOutput] = []
    # Figure ids are salted with the chain's code, not its line: moving a chain
    # on its page changes nothing in its output (or its cache entry).
    salt = hashlib.sha256(repr([f.code for f in chain.fences]).encode()).hexdigest()[:12]
    with _rare_garbage_collection(), plot_style(), fresh_settings(chain), Seeds(chain):
        shared = Fingerprint()
        for position, fence in enumerate(chain.fences):
            output, exception = _run_fence(fence, namespace, timeout, f"{salt}-{position + 1}")
            shared.check(fence)
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
            _check_exception_type(exception, expected, fence)
            output.exception = _limited("".join(traceback.format_exception_only(type(exception), exception)).rstrip(), fence)
            break
        else:
            if chain.must_raise:
                raise BlockError(chain.raising_fence.where, f"the block is marked to raise {expected} but raised nothing")
    _check_expected_output(chain, "".join(output.printed for output in outputs))
    return outputs


def _check_exception_type(exception: Exception, expected: str, fence: Fence) -> None:
    """The exception is of the type the marker names (or a subclass), written as
    its name (``RuntimeError``) or its module and name (``torch.autograd.gradcheck.GradcheckError``)."""
    names = {name for kind in type(exception).__mro__ for name in (kind.__qualname__, f"{kind.__module__}.{kind.__qualname__}")}
    if expected not in names:
        raise BlockError(
            fence.where, f"the block is marked to raise {expected} but raised {type(exception).__name__}",
            _format_traceback(exception),
        )


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


class _OutputFlood(BaseException):
    """Raised by a block's stdout past STDOUT_CAP; a BaseException, so the block cannot catch it."""


class _CappedStdout(io.StringIO):
    """stdout for a block: a block printing without end fails at once, not after filling the memory."""

    def write(self, text: str) -> int:
        if self.tell() + len(text) > STDOUT_CAP:
            raise _OutputFlood
        return super().write(text)


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
    stdout = _CappedStdout()
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
        except _OutputFlood:
            raise BlockError(fence.where, f"the block printed more than {STDOUT_CAP // 1024} KiB and was stopped; "
                             f"the limit for one block's output is {TEXT_LIMIT // 1024} KiB") from None
        except BlockError:  # the engine's own verdict on the block (its echo, its output's size)
            raise
        except Exception as error:  # the block's own exception: the caller decides
            exception = error
    output.printed = stdout.getvalue()
    _limited(output.printed + output.echoed + output.markdown, fence)
    output.warnings = [_limited(f"{w.category.__name__}: {_without_outside_frames(str(w.message))}", fence)
                       for w in caught if _shown_by_default(w, filename)]
    try:
        output.figures = take_figures(salt)
    except ValueError as error:
        raise BlockError(fence.where, str(error)) from None
    for number, svg in enumerate(output.figures, start=1):
        if len(svg.encode()) > FIGURE_LIMIT:
            raise BlockError(
                fence.where,
                f"figure {number} of the block is {len(svg.encode()) // 1024} KiB of SVG, over the limit of "
                f"{FIGURE_LIMIT // 1024} KiB: plot fewer points, or fewer elements",
            )
    return output, exception


def _limited(text: str, fence: Fence) -> str:
    size = len(text.encode())
    if size > TEXT_LIMIT:
        raise BlockError(
            fence.where,
            f"the block shows {size // 1024} KiB of text, over the limit of {TEXT_LIMIT // 1024} KiB for one block: "
            "print a summary (a shape, a few values, torch.set_printoptions(threshold=...)) instead",
        )
    return text


def _without_outside_frames(message: str) -> str:
    """A warning's text without traceback frames outside the page's blocks, and
    without the place in PyTorch's C++ sources that raised it.

    Some warnings carry a traceback (anomaly mode's forward trace); its frames in
    the engine, MkDocs or pytest depend on how the page was built, not on the page.
    PyTorch appends "(Triggered internally at /path/to/file.cpp:123.)" to warnings
    from C++: the path and line depend on how that PyTorch was built.
    """
    message = re.sub(r" ?\(Triggered internally at [^)]*\.\)", "", message)
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
            f"the final expression shows a memory address ({text[:200]}), which changes on every build: "
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
