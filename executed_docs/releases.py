"""Two PyTorch releases side by side: the pinned one the site is built with, and
the newest one this machine's pip serves (the canary, ``.ci/canary``).

* A MkDocs build run with ``EXECUTED_DOCS_RECORD=path`` writes every executed
  chain's outputs there (``BuildSession.write_record``), keyed by
  ``chain_fingerprint``: its code and markers, not its line.
* ``python -m executed_docs.releases write|check PINNED NEWEST`` compares two
  such records, one per release, and writes (or checks) ``RELEASES_FILE``: both
  releases' outputs of every chain whose outputs differ once ``comparable``
  (a version string, a line number inside PyTorch, a venv's path do not count).
* The build reads that file (``ReleaseOutputs``): a block whose outputs differ
  shows them in two content tabs, one per release, and the page "What changed
  between releases" lists them (``changes``).

The file is committed, so that the site shows both releases while it is built
with the pinned one alone. It goes stale when a block in it changes (the build
then warns, which fails a strict build) or when a release difference appears
(the canary's ``check`` fails).
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import importlib.metadata
import json
import os
import re
import sys
from pathlib import Path

from executed_docs.model import FenceOutput

#: The two releases' outputs where they differ; relative to the repository (commands run there).
RELEASES_FILE = "release-differences.json"
#: Set to a path, a MkDocs build writes every chain's outputs there, for comparison.
RECORD_ENV = "EXECUTED_DOCS_RECORD"

TEXT_FIELDS = ("printed", "echoed", "markdown", "warnings", "exception")
#: How the page "What changed between releases" groups differences, in this order.
KINDS = ("Gradients", "Values", "Warnings", "Error messages", "Figures")


def torch_release() -> str:
    """The installed torch's release, without its build tag ("2.13.0", not "2.13.0+cpu")."""
    return importlib.metadata.version("torch").split("+")[0]


def comparable(output: dict, *releases: str) -> dict:
    """An output's fields as compared between releases: the text with the
    ``releases``' version strings, line numbers of PyTorch's own files and the
    install location replaced by placeholders; figures as drawn."""
    def plain(text: str) -> str:
        text = re.sub(r"\S*/site-packages/", "<site-packages>/", text)
        text = re.sub(r"(\.(?:py|cpp|h|cu|hpp)):\d+", r"\1:<line>", text)
        for release in releases:
            text = re.sub(re.escape(release) + r"(\+\w+)?", "<torch version>", text)
        return text

    shown = {name: ([plain(t) for t in output[name]] if name == "warnings" else plain(output[name] or ""))
             for name in TEXT_FIELDS}
    shown["figures"] = output["figures"]
    return shown


def kind_of(code: list[str], pinned: dict, newest: dict, release: tuple[str, str]) -> str:
    """Which of ``KINDS`` a block's difference is."""
    first, second = comparable(pinned, *release), comparable(newest, *release)
    if first["exception"] != second["exception"]:
        return "Error messages"
    if first["warnings"] != second["warnings"]:
        return "Warnings"
    if any(first[name] != second[name] for name in ("printed", "echoed", "markdown")):
        gradient = re.search(r"\.grad\b|backward\(|autograd\.grad\(|jacobian\(", "\n".join(code))
        return "Gradients" if gradient else "Values"
    return "Figures"


# -- comparing two records ------------------------------------------------------------------


def differences(pinned: dict, newest: dict) -> dict:
    """The contents of ``RELEASES_FILE`` for two records (``BuildSession.write_record``)."""
    release = (pinned["torch"], newest["torch"])
    chains = {}
    for key in sorted(pinned["chains"]):
        first, second = pinned["chains"][key], newest["chains"].get(key)
        if second is None:
            raise SystemExit(f"{first['where']}: this chain was not run by the {release[1]} build")
        if len(first["outputs"]) != len(second["outputs"]):
            raise SystemExit(f"{first['where']}: the two releases ran different numbers of its blocks")
        blocks = [
            position for position, (a, b) in enumerate(zip(first["outputs"], second["outputs"]))
            if comparable(a, *release) != comparable(b, *release)
        ]
        if blocks:
            chains[key] = {
                "where": first["where"],
                "fences": first["fences"],
                "differing": blocks,
                "kinds": [kind_of([first["code"][p]], first["outputs"][p], second["outputs"][p], release) for p in blocks],
                "section": section_of(first["where"]),
                "outputs": {release[0]: first["outputs"], release[1]: second["outputs"]},
            }
    return {"pinned": release[0], "newest": release[1], "chains": chains}


def section_of(where: str) -> str:
    """The heading of the section a block is in ("docs/page.md, line 12"), as written."""
    page, _, line = where.partition(", line ")
    heading, fenced = "", False
    for text in Path(page).read_text(encoding="utf-8").splitlines()[: int(line) - 1]:
        if text.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6} ", text):
            heading = re.sub(r"\s*\{[^}]*\}\s*$", "", text.lstrip("#")).strip()  # without {#anchor}
    return heading


def _file_text(contents: dict) -> str:
    return json.dumps(contents, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m executed_docs.releases", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("write", "check"), help=f"write {RELEASES_FILE}, or fail if it is stale")
    parser.add_argument("pinned", help="the pinned release's record")
    parser.add_argument("newest", help="the newest release's record")
    parser.add_argument("--file", default=RELEASES_FILE)
    arguments = parser.parse_args(argv)
    records = [json.loads(Path(path).read_text(encoding="utf-8")) for path in (arguments.pinned, arguments.newest)]
    expected = _file_text(differences(*records))
    target = Path(arguments.file)
    chains = len(json.loads(expected)["chains"])
    if arguments.action == "write":
        target.write_text(expected, encoding="utf-8")
        print(f"{target}: {chains} chains differ between PyTorch {records[0]['torch']} and {records[1]['torch']}")
        return 0
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if current != expected:
        print(f"{target} is stale: the two releases' outputs differ in {chains} chains, and the file does not "
              "say so exactly; run `bash .ci/canary --write` and commit it", file=sys.stderr)
        return 1
    print(f"{target} is up to date: {chains} chains differ between PyTorch {records[0]['torch']} and {records[1]['torch']}")
    return 0


# -- reading the file in a build --------------------------------------------------------------


class ReleaseOutputs:
    """``RELEASES_FILE`` as a build reads it; empty where the file is absent or
    the installed torch is not the file's pinned release (the canary's own build)."""

    def __init__(self, path: str | os.PathLike | None = RELEASES_FILE):
        self.path = Path(path) if path else None
        contents = json.loads(self.path.read_text(encoding="utf-8")) if self.path and self.path.exists() else {}
        self.pinned, self.newest = contents.get("pinned", ""), contents.get("newest", "")
        self.chains: dict = contents.get("chains", {}) if self.pinned and self.pinned == torch_release() else {}

    def entry(self, key: str) -> dict | None:
        return self.chains.get(key)

    def newest_outputs(self, key: str, built: list[FenceOutput]) -> list[FenceOutput | None] | None:
        """For each block of the chain ``key``, the newest release's output where
        it differs from the one just ``built``; None for the chain if the file has no entry."""
        entry = self.chains.get(key)
        if entry is None:
            return None
        shown: list[FenceOutput | None] = []
        for position, output in enumerate(built):
            other = entry["outputs"][self.newest][position]
            differs = comparable(dataclasses.asdict(output), *self.releases) != comparable(other, *self.releases)
            shown.append(FenceOutput(**other) if differs else None)
        return shown

    def stale(self, key: str, built: list[FenceOutput]) -> bool:
        """Whether the file's pinned outputs of chain ``key`` are not those just built."""
        entry = self.chains.get(key)
        recorded = entry["outputs"][self.pinned] if entry else []
        return bool(entry) and [comparable(dataclasses.asdict(o), *self.releases) for o in built] != \
            [comparable(o, *self.releases) for o in recorded]

    @property
    def releases(self) -> tuple[str, str]:
        return self.pinned, self.newest


# -- the page "What changed between releases" ----------------------------------------------------


@dataclasses.dataclass
class Changes:
    """Every block whose outputs differ, grouped by kind, as a Markdown table."""

    contents: dict
    docs: str = "docs"

    @property
    def count(self) -> int:
        return len(self.contents["chains"])

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        pinned, newest = self.contents["pinned"], self.contents["newest"]
        rows = []
        for entry in self.contents["chains"].values():
            for position, kind in zip(entry["differing"], entry["kinds"]):
                before, after = _differing_lines(entry["outputs"][pinned][position], entry["outputs"][newest][position], (pinned, newest))
                rows.append((kind, self.link(entry, position), before, after, entry["fences"][position]))
        return sorted(rows, key=lambda row: (KINDS.index(row[0]), row[4]))

    def link(self, entry: dict, position: int) -> str:
        page = entry["where"].split(", line")[0]
        target = os.path.relpath(page, self.docs).replace(os.sep, "/")
        title = Path(page).stem.replace("-", " ")
        section = f" ({html.escape(entry['section'], quote=False)})" if entry["section"] else ""
        return f"[{title}]({target}), {entry['fences'][position].split(', ')[-1]}{section}"

    def _repr_markdown_(self) -> str:
        pinned, newest = self.contents["pinned"], self.contents["newest"]
        lines = [f"| Kind | Block | PyTorch {pinned} | PyTorch {newest} |", "|---|---|---|---|"]
        for kind, where, before, after, _ in self.rows():
            lines.append(f"| {kind} | {where} | {before} | {after} |")
        return "\n".join(lines)


def changes(path: str | os.PathLike = RELEASES_FILE) -> Changes:
    """The differences of ``RELEASES_FILE``, for the page that lists them."""
    return Changes(json.loads(Path(path).read_text(encoding="utf-8")))


def _differing_lines(before: dict, after: dict, release: tuple[str, str]) -> tuple[str, str]:
    """The lines of two outputs that differ (once comparable), as table cells."""
    def lines(output: dict) -> list[tuple[str, str]]:
        shown = comparable(output, *release)
        text = [*(shown["printed"] + shown["echoed"] + shown["markdown"]).splitlines(), *shown["warnings"], shown["exception"]]
        raw = [*(output["printed"] + output["echoed"] + output["markdown"]).splitlines(), *output["warnings"], output["exception"] or ""]
        return [(t, r) for t, r in zip(text, raw) if t.strip()]

    def cell(pairs: list[tuple[str, str]], other: set[str]) -> str:
        shown = [f"<code>{html.escape(raw.strip()[:160], quote=False)}</code>".replace("|", "&#124;")
                 for text, raw in pairs if text not in other]
        return "<br>".join(shown) or ("(its figures differ)" if before["figures"] != after["figures"] else "(nothing)")

    first, second = lines(before), lines(after)
    return cell(first, {t for t, _ in second}), cell(second, {t for t, _ in first})


if __name__ == "__main__":
    sys.exit(main())
