"""What the engine works on: a page's fences, its chains, their outputs, and the
errors that fail a build. No behaviour beyond reading a chain's markers.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field

#: Seconds a block may run before the build fails (the plugin's and the
#: extension's default; mkdocs.yml may set another).
DEFAULT_TIMEOUT = 60.0
#: The results cache, relative to the folder the build runs in.
DEFAULT_CACHE_DIR = ".cache/executed-docs"

#: Set this variable to a file path to have the build append one JSON line per
#: executed block ({"where": "page, line N"}); the tests compare it with theirs.
EXECUTION_LOG_ENV = "EXECUTED_DOCS_LOG"
#: EXECUTED_DOCS_CACHE=off builds without reading or writing the caches.
CACHE_ENV = "EXECUTED_DOCS_CACHE"
#: EXECUTED_DOCS_EXECUTE=off renders pages without running any block (for
#: authors without torch, and for measuring the build's floor). Every page then
#: says so at the top, and a warning fails a --strict build.
EXECUTE_ENV = "EXECUTED_DOCS_EXECUTE"


def switched_off(variable: str) -> bool:
    """Whether an environment switch (CACHE_ENV, EXECUTE_ENV) is set to off."""
    return os.environ.get(variable, "").lower() in {"off", "0", "false", "no"}


#: The marks (as pytest-codeblocks returns them) that the engine understands.
XFAIL = "pytest.mark.xfail"
SKIP = "pytest.mark.skip"


class BlockError(Exception):
    """A block, or the page around it, that must fail the build."""

    def __init__(self, where: str, reason: str, detail: str = ""):
        self.where, self.reason, self.detail = where, reason, detail
        message = f"{where}: {reason}"
        if detail:
            message += "\n" + detail.rstrip()
        super().__init__(message)

    def __reduce__(self):  # raised in a worker process, re-raised in the build
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
        return any(mark.startswith(XFAIL) for mark in self.marks)

    @property
    def raising_fence(self) -> Fence | None:
        """The block that must raise: the last of a chain marked xfail."""
        return self.fences[-1] if self.must_raise else None

    def expected_exception(self) -> str:
        """The exception type a chain marked to raise names (``raises=...``), as written.

        The old marker, ``<!--pytest-codeblocks:expect-exception-->``, names none,
        and neither does a bare ``pytest.mark.xfail``: both fail the build.
        """
        for mark in self.marks:
            if not mark.startswith(XFAIL):
                continue
            try:
                call = ast.parse(mark, mode="eval").body
            except SyntaxError:
                call = None
            raises = None
            if isinstance(call, ast.Call):
                raises = next((k.value for k in call.keywords if k.arg == "raises"), None)
            if raises is None:
                raise BlockError(
                    self.raising_fence.where,
                    f"the marker {mark!r} does not say what the block raises: write "
                    "<!--pytest.mark.xfail(raises=RuntimeError, strict=True)--> with the exception's type",
                )
            return ast.unparse(raises)
        raise ValueError("the chain is not marked to raise")

    def unknown_marks(self) -> list[str]:
        return [mark for mark in self.marks if mark != SKIP and not mark.startswith(XFAIL)]


@dataclass
class FenceOutput:
    """Everything one block produced, in the order the page shows it."""

    printed: str = ""  # what the block wrote to stdout
    echoed: str = ""  # repr of a final bare expression, as a notebook shows it
    markdown: str = ""  # a final expression's _repr_markdown_(): rendered as part of the page
    warnings: list[str] = field(default_factory=list)
    exception: str | None = None  # "TypeName: message" of an expected exception
    figures: list[str] = field(default_factory=list)  # inline SVG markup
