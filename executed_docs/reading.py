"""Reading a page: its lines as the build sees them, and its chains.

The parser is pytest-codeblocks' (``extract_from_buffer``), run once per
reading: it decides which blocks exist, which continue which, their markers
and their expected output. pytest-codeblocks merges a chain into one block and
keeps no line for its continuations, so the page is then walked once, fence by
fence, to place each of the chain's blocks: a fence the parser opened a block
at is a head; any other follows the chain before it, as a continuation, or as
its expected output if the marker above it says so. The walk's fences must add
up to what the parser read; if they do not, the build fails.
"""

from __future__ import annotations

import difflib
import io
import re
import warnings

from pytest_codeblocks import extract_from_buffer

from executed_docs.model import BlockError, Chain, Fence

PYTHON_SPELLINGS = {"py", "python", "python3", "py3"}
MARKER = re.compile(r"<!--[-\s]*pytest-codeblocks:(.*)-->")


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


def expand_page(md, text: str, stop_before: type) -> list[str]:
    """The page's lines as the executor sees them: ``md``'s preprocessors that
    run before ``stop_before`` (snippets, whitespace normalisation) applied."""
    lines = text.split("\n")
    for processor in md.preprocessors:
        if isinstance(processor, stop_before):
            break
        lines = processor.run(lines)
    return lines


def plan_page(expanded: list[str], origins: list[str]) -> list[Chain]:
    """The page's Python chains, each block placed at its fence."""
    text = "\n".join(expanded) + "\n"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)
            blocks = extract_from_buffer(io.StringIO(text))
    except DeprecationWarning as warning:  # an old marker: it must not linger
        raise BlockError(_marker_line(str(warning), expanded, origins), f"pytest-codeblocks: {warning}") from None
    except RuntimeError as error:  # unknown marker, unclosed fence, ...
        raise BlockError(_marker_line(str(error), expanded, origins), str(error)) from None

    heads = {block.lineno - 1: block for block in blocks}
    groups: list[tuple[object, list[Fence], Fence | None]] = []
    for fence, role in _fences(expanded, origins):
        if fence.opening in heads:
            groups.append((heads[fence.opening], [fence], None))
        elif not groups:
            raise BlockError(fence.where, "this fence follows no block (engine bug: the parser disagrees)")
        elif role == "expected-output":
            block, fences, _ = groups[-1]
            groups[-1] = (block, fences, fence)
        else:
            groups[-1][1].append(fence)

    chains = []
    for block, fences, expected in groups:
        if block.syntax != "python":
            _refuse_hidden_python(block.syntax, fences[0])
            continue
        if "".join(f.code for f in fences) != block.code or (expected and expected.code != block.expected_output):
            raise BlockError(fences[0].where, "this chain's fences do not add up to what pytest-codeblocks read (engine bug)")
        chains.append(Chain(
            fences=fences,
            marks=list(block.marks),
            expected_output=block.expected_output,
            expected_output_ignore_whitespace=block.expected_output_ignore_whitespace,
            expected_fence=expected,
        ))
    return chains


def _fences(expanded: list[str], origins: list[str]):
    """Every fence of the page with the role its marker gives it ("cont",
    "expected-output" or None), in order, by pytest-codeblocks' rules: a fence
    opens at a line starting with backticks, closes at the next line starting
    with as many, and its code loses at most the opening's indentation."""
    index, last_marker = 0, None
    while index < len(expanded):
        line = expanded[index]
        stripped = line.strip()
        marker = MARKER.match(stripped)
        if marker:
            keyword = marker.group(1).strip("- ")
            last_marker = "cont" if keyword == "cont" else "expected-output" if keyword.startswith("expected-output") else last_marker
        elif stripped.startswith("```"):
            ticks = "`" * (len(stripped) - len(stripped.lstrip("`")))
            indent = line[: len(line) - len(line.lstrip())]
            closing = next((i for i in range(index + 1, len(expanded)) if expanded[i].lstrip().startswith(ticks)), None)
            if closing is None:  # the parser has refused it already
                return
            code = "".join(_dedent(expanded[i], len(indent)) for i in range(index + 1, closing))
            yield Fence(index, closing, indent, code, origins[index]), last_marker
            index, last_marker = closing, None
        elif stripped and not stripped.startswith("<!--"):
            last_marker = None
        index += 1


def _dedent(line: str, indent: int) -> str:
    """The line as the parser keeps it (a blank line in an indented fence loses its newline)."""
    line += "\n"
    return line[min(indent, len(line) - len(line.lstrip())):]


def _refuse_hidden_python(syntax: str | None, fence: Fence) -> None:
    """Fail on a Python fence that pytest-codeblocks would silently never run."""
    words = re.split(r"[\s{}.]+", syntax or "")
    if any(word in PYTHON_SPELLINGS for word in words[:2]):
        raise BlockError(
            fence.where,
            f"fence info string '{syntax}' would be shown but never run or tested; write exactly ```python",
        )


def _marker_line(message: str, expanded: list[str], origins: list[str]) -> str:
    """The line of the marker a parser message is about, or the page."""
    keyword = re.search(r'(?:"|pytest-codeblocks:)([\w-]+)', message)
    if keyword:
        for line, origin in zip(expanded, origins):
            if "<!--" in line and keyword.group(1) in line:
                return origin
    return origins[0].split(",")[0] if origins else "page"
