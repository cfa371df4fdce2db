"""The cache of executed chains: a rebuild runs only what changed.

A chain's entry is keyed by everything that shapes its outputs (``result_key``):
the chain's code and markers, Python's and the output-shaping libraries'
versions, and the code of the modules that run it (``RUNNER_MODULES``), read
as syntax without docstrings, so that documenting the engine or changing how
outputs are drawn in HTML (``rendering.py``, which is not among them) keeps
the cache, while changing how a block runs does not.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import os
import platform
from pathlib import Path

from executed_docs.model import Chain, FenceOutput
from executed_docs.reads import changed

#: What changes the outputs besides a chain's code: these packages' versions.
VERSIONED_PACKAGES = ("torch", "matplotlib", "numpy")
#: The engine's modules whose code shapes a chain's outputs.
RUNNER_MODULES = ("model.py", "running.py", "isolation.py", "figures.py", "private_apis.py", "reads.py")


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


def code_fingerprint(source: str) -> str:
    """A hash of Python source as syntax: comments, layout and docstrings do not count."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()


@functools.cache
def engine_fingerprint() -> str:
    """The runner's code (``RUNNER_MODULES``): a change to it invalidates every entry."""
    here = Path(__file__).parent
    return hashlib.sha256("".join(code_fingerprint((here / name).read_text(encoding="utf-8")) for name in RUNNER_MODULES).encode()).hexdigest()


def result_key(chain: Chain) -> str:
    """Everything that shapes a chain's outputs: its code, the libraries, the runner."""
    parts = [chain_fingerprint(chain), library_versions(), engine_fingerprint()]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class ResultCache:
    """Outputs of executed chains, on disk, keyed by ``result_key``.

    Each entry is a JSON file holding its payload and the payload's hash, written
    to a temporary name and renamed into place; an entry that does not parse,
    whose hash does not match or whose shape is wrong is treated as missing, so
    the chain runs again; so is one whose chain read a file of the repository
    that has changed since (``reads.py``). The folder is safe to delete.
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def is_empty(self) -> bool:
        """Whether the cache holds no entry at all (a first or a cleared build)."""
        try:
            return not any(folder.is_dir() and any(folder.glob("*.json")) for folder in self.folder.iterdir())
        except OSError:  # no folder yet
            return True

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str) -> list[FenceOutput] | None:
        try:
            entry = json.loads(self.path(key).read_text(encoding="utf-8"))
            payload = entry["payload"]
            if entry["sha256"] != _payload_hash(payload) or payload["key"] != key or changed(payload["reads"]):
                return None
            return [FenceOutput(**output) for output in payload["outputs"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, key: str, outputs: list[FenceOutput], reads: dict[str, str] | None = None) -> None:
        """Keep ``outputs``, valid while each file of ``reads`` ({path: sha256}) is unchanged."""
        payload = {"key": key, "outputs": [dataclasses.asdict(output) for output in outputs], "reads": reads or {}}
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"sha256": _payload_hash(payload), "payload": payload}), encoding="utf-8")
        os.replace(temporary, path)


def _payload_hash(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
