"""What a chain read from the repository, so that its cached outputs go stale when that changes.

A chain's cache key is its code; a chain can also read files at run time: a
page's code that imports a module of the repository (``activation_pages.py``)
or reads the snippets and the navigation through it. ``recording`` notes, while
a chain runs, every file of the repository its thread opens for reading with
``open`` (or pathlib), and
the source of every module of the repository the chain imports or whose names
end up in its namespace (a module imported by an earlier chain in the same
process is not opened again); the cache stores their hashes with the outputs
and treats the entry as missing once one differs (``changed``). The engine's own files (covered by the runner's fingerprint),
virtual environments, caches and git's files are not noted.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import hashlib
import os
import sys
import threading
import types
from pathlib import Path

#: Folders of the repository whose files never count as a chain's input.
NOT_INPUTS = (".venv", ".cache", ".git", "site", "executed_docs")


class _Recorder:
    """While chains are recorded, ``open`` (builtins' and io's, which pathlib calls)
    notes the files each recording thread opens for reading, and is put back after.

    Not an audit hook: a hook is called for every audited event of the process
    (frames, code objects, imports) and cost about 1 s of a 12 s cold build.
    """

    def __init__(self):
        self.by_thread: dict[int, set[str]] = {}
        self.original = None

    def start(self, thread: int, opened: set[str]) -> None:
        if not self.by_thread:
            self.original = builtins.open
            builtins.open = io.open = self.noting_open
        self.by_thread[thread] = opened

    def stop(self, thread: int) -> None:
        del self.by_thread[thread]
        if not self.by_thread:
            builtins.open = io.open = self.original

    def noting_open(self, file, mode="r", *args, **kwargs):
        opened = self.by_thread.get(threading.get_ident())
        if opened is not None and isinstance(file, (str, os.PathLike)) and "r" in mode:
            opened.add(os.fspath(file))
        return self.original(file, mode, *args, **kwargs)


_recorder: _Recorder | None = None


class Reads:
    """What one chain read: ``files`` is filled when its recording ends."""

    def __init__(self):
        self.namespace: dict = {}  # the chain's namespace (the runner fills it)
        self.files: dict[str, str] = {}  # path relative to the repository -> sha256


@contextlib.contextmanager
def recording():
    """Note what the body reads from the repository (the working folder)."""
    global _recorder
    if _recorder is None:
        _recorder = _Recorder()
    root = Path.cwd()
    thread = threading.get_ident()
    opened: set[str] = set()
    _recorder.start(thread, opened)
    loaded = set(sys.modules)
    reads = Reads()
    try:
        yield reads
    finally:
        _recorder.stop(thread)
        prefix = str(root) + os.sep
        names = (set(sys.modules) - loaded) | _modules_named_in(reads.namespace)
        modules = {getattr(sys.modules.get(name), "__file__", None) for name in names}
        candidates = {path for path in modules if isinstance(path, str) and path.startswith(prefix)}
        candidates |= {path for path in opened if path.startswith(prefix) or not os.path.isabs(path)}
        for path in sorted(candidates):
            relative = _inside(root, path)
            if relative is not None:
                reads.files[relative] = file_hash(root / relative)


def _modules_named_in(namespace: dict) -> set[str]:
    """The modules whose objects a namespace holds (``import m``, ``from m import f``)."""
    names = set()
    for value in list(namespace.values()):
        name = value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", None)
        if isinstance(name, str):
            names.add(name)
    return names


def _inside(root: Path, path: str) -> str | None:
    """``path`` relative to ``root`` if it is one of the repository's input files, else None."""
    try:
        relative = Path(os.path.abspath(os.path.join(root, path))).relative_to(root)
    except ValueError:
        return None
    if not relative.parts or relative.parts[0] in NOT_INPUTS or "site-packages" in relative.parts:
        return None
    return relative.as_posix() if (root / relative).is_file() else None


def file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "absent"


def changed(reads: dict[str, str], root: Path | None = None) -> list[str]:
    """The noted files whose content differs now (or that are gone)."""
    root = root or Path.cwd()
    return [path for path, digest in reads.items() if file_hash(root / path) != digest]
