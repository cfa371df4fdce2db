"""Two PyTorch releases side by side (executed_docs/releases.py): what counts as
a difference, the file the canary writes, the tabs a page shows, and the
committed file checked against the site as it is now."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import shutil
import textwrap
from pathlib import Path

import markdown
import pytest

from executed_docs import releases
from executed_docs.cache import chain_fingerprint
from executed_docs.model import FenceOutput
from executed_docs.releases import ReleaseOutputs, comparable, differences, main, torch_release
from executed_docs.running import run_chain
from site_support import DOCS, ROOT, block_timeout, html_of, mkdocs_build, page_chains, text_chains

PINNED = torch_release()
NEWEST = "9.9.9"


def output(**fields) -> dict:
    return dataclasses.asdict(FenceOutput(**fields))


# -- what counts as a difference ---------------------------------------------------------------


def test_version_strings_pytorch_line_numbers_and_install_paths_do_not_count():
    pinned = output(printed="torch 2.13.0+cpu\n", warnings=[
        "UserWarning: see /a/.venv/lib/python3.11/site-packages/torch/nn/functional.py:1234 for why"])
    newest = output(printed="torch 2.14.1\n", warnings=[
        "UserWarning: see /b/.venv-canary/lib/python3.11/site-packages/torch/nn/functional.py:1301 for why"])
    assert comparable(pinned, "2.13.0", "2.14.1") == comparable(newest, "2.13.0", "2.14.1")


def test_either_release_named_in_either_output_does_not_count():
    # the page about the releases names both; each build prints its own first
    pinned, newest = output(printed="PyTorch 2.13.0 and 2.14.1\n"), output(printed="PyTorch 2.14.1 and 2.13.0\n")
    assert comparable(pinned, "2.13.0", "2.14.1") == comparable(newest, "2.13.0", "2.14.1")


@pytest.mark.parametrize("field, before, after", [
    ("printed", "tensor([1., 1., 1.])", "tensor([0., 1., 0.])"),
    ("exception", "RuntimeError: one", "RuntimeError: two"),
    ("figures", ["<svg>a</svg>"], ["<svg>b</svg>"]),
])
def test_a_changed_value_message_or_figure_counts(field, before, after):
    assert comparable(output(**{field: before}), "2.13.0", "2.14.1") != comparable(output(**{field: after}), "2.13.0", "2.14.1")


def test_a_new_warning_counts():
    assert comparable(output(), "2.13.0", "2.14.1") != comparable(output(warnings=["FutureWarning: deprecated"]), "2.13.0", "2.14.1")


# -- the file the canary writes ----------------------------------------------------------------


def record(version: str, chains: dict[str, list[dict]], code: str = "x.grad") -> dict:
    return {"torch": version, "chains": {
        key: {"where": f"docs/p.md, line {n}", "fences": [f"docs/p.md, line {n + i}" for i in range(len(outs))],
              "code": [code] * len(outs), "outputs": outs}
        for n, (key, outs) in enumerate(chains.items(), start=1)}}


@pytest.fixture
def page_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text("# Page\n## A section {#a}\ntext\n", encoding="utf-8")


def test_only_chains_whose_outputs_differ_are_kept_with_their_kind(page_file):
    pinned = record("2.13.0", {"same": [output(printed="2.13.0\n")], "grad": [output(printed="tensor([1.])")],
                               "warn": [output(), output()]})
    newest = record("2.14.1", {"same": [output(printed="2.14.1\n")], "grad": [output(printed="tensor([0.])")],
                               "warn": [output(), output(warnings=["FutureWarning: x"])]})
    found = differences(pinned, newest)
    assert (found["pinned"], found["newest"]) == ("2.13.0", "2.14.1")
    assert sorted(found["chains"]) == ["grad", "warn"]
    assert found["chains"]["grad"]["kinds"] == ["Gradients"] and found["chains"]["warn"]["kinds"] == ["Warnings"]
    assert found["chains"]["warn"]["differing"] == [1]
    assert found["chains"]["grad"]["section"] == "Page"  # the heading above its line, 2, of docs/p.md
    assert found["chains"]["warn"]["section"] == "A section"  # line 3


def test_a_chain_the_newest_build_did_not_run_is_an_error(page_file):
    with pytest.raises(SystemExit, match="docs/p.md, line 1: this chain was not run by the 2.14.1 build"):
        differences(record("2.13.0", {"a": [output()]}), record("2.14.1", {}))


def test_check_passes_on_the_written_file_and_fails_once_it_is_stale(page_file, tmp_path, capsys):
    paths = []
    for version, value in [("2.13.0", "1."), ("2.14.1", "0.")]:
        path = tmp_path / f"{version}.json"
        path.write_text(json.dumps(record(version, {"k": [output(printed=f"tensor([{value}])")]})), encoding="utf-8")
        paths.append(str(path))
    target = str(tmp_path / "differences.json")
    assert main(["check", *paths, "--file", target]) == 1  # no file yet
    assert main(["write", *paths, "--file", target]) == 0
    assert main(["check", *paths, "--file", target]) == 0
    Path(paths[1]).write_text(json.dumps(record("2.14.1", {"k": [output(printed="tensor([1.])")]})), encoding="utf-8")
    assert main(["check", *paths, "--file", target]) == 1
    assert "is stale" in capsys.readouterr().err


# -- what a page shows ------------------------------------------------------------------------


PAGE = """
# Page

```python
import torch
x = torch.tensor([-1.0, 0.0, 1.0], requires_grad=True)
torch.clamp(x, -1, 1).sum().backward()
print(x.grad)
```

```python
print("same on both")
```
"""


def releases_file(tmp_path: Path, newest_outputs: dict[int, FenceOutput], pinned_outputs: dict[int, FenceOutput] | None = None) -> Path:
    """A releases file with an entry for chains of PAGE: the newest release's
    outputs as given, the pinned release's as the chain really shows them."""
    chains = text_chains(PAGE)
    entries = {}
    for index, newest in newest_outputs.items():
        chain = chains[index]
        shown = (pinned_outputs or {}).get(index) or run_chain(chain, 10)[0]
        entries[chain_fingerprint(chain)] = {
            "where": chain.where, "fences": [chain.where], "differing": [0], "kinds": ["Gradients"], "section": "",
            "outputs": {PINNED: [dataclasses.asdict(shown)], NEWEST: [dataclasses.asdict(newest)]},
        }
    path = tmp_path / "differences.json"
    path.write_text(json.dumps({"pinned": PINNED, "newest": NEWEST, "chains": entries}), encoding="utf-8")
    return path


def convert(path: Path) -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.superfences", "pymdownx.tabbed", "executed_docs.execute"],
        extension_configs={"pymdownx.tabbed": {"alternate_style": True},
                           "executed_docs.execute": {"page": "page.md", "timeout": 10, "cache_dir": "", "releases": str(path)}},
    )
    return md.convert(textwrap.dedent(PAGE))


def test_a_block_whose_outputs_differ_shows_a_tab_for_each_release(tmp_path):
    html = convert(releases_file(tmp_path, {0: FenceOutput(printed="tensor([0., 1., 0.])\n")}))
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", html)
    assert labels == [f"PyTorch {PINNED}", f"PyTorch {NEWEST}"]
    tabs = html[html.index('class="tabbed-set'):]
    assert tabs.index("tensor([1., 1., 1.])") < tabs.index("tensor([0., 1., 0.])")  # pinned first, as run
    assert html.count("same on both") == 2  # the other block: its code and one output, no tabs


def test_a_block_whose_outputs_are_the_same_once_compared_shows_no_tabs(tmp_path):
    same = run_chain(text_chains(PAGE)[0], 10)[0]
    html = convert(releases_file(tmp_path, {0: same}))
    assert "tabbed-set" not in html


def test_an_entry_that_no_longer_matches_the_pinned_outputs_warns(tmp_path, caplog):
    stale = releases_file(tmp_path, {0: FenceOutput(printed="tensor([0., 1., 0.])\n")},
                          pinned_outputs={0: FenceOutput(printed="what the block showed once\n")})
    with caplog.at_level(logging.WARNING, logger="mkdocs.executed_docs"):
        convert(stale)
    assert "page.md, line 4: " in caplog.text and "is stale for this chain" in caplog.text


def test_the_canary_build_itself_reads_no_tabs(tmp_path):
    path = releases_file(tmp_path, {0: FenceOutput(printed="x\n")})
    contents = json.loads(path.read_text(encoding="utf-8"))
    contents["pinned"], contents["newest"] = NEWEST, PINNED  # as the newest release's build sees it
    path.write_text(json.dumps(contents), encoding="utf-8")
    assert ReleaseOutputs(path).chains == {}


def test_an_entry_whose_block_changed_fails_a_strict_build(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "fixture_site", site)
    (site / "docs" / "index.md").write_text(textwrap.dedent(PAGE), encoding="utf-8")
    entry = {"where": "docs/index.md, line 40", "fences": ["docs/index.md, line 40"], "differing": [0], "kinds": ["Values"],
             "section": "", "outputs": {PINNED: [output()], NEWEST: [output(printed="x")]}}
    (site / "release-differences.json").write_text(
        json.dumps({"pinned": PINNED, "newest": NEWEST, "chains": {"0" * 64: entry}}), encoding="utf-8")
    with open(site / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write("plugins:\n  - executed-docs:\n      timeout: 10\n")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 1
    assert "docs/index.md, line 40: release-differences.json is stale" in result.stderr.replace(str(site) + "/", "")


# -- the committed file, against the site as it is now -------------------------------------------


def committed() -> dict:
    return json.loads((ROOT / releases.RELEASES_FILE).read_text(encoding="utf-8"))


def test_the_committed_file_compares_the_pinned_release():
    assert committed()["pinned"] == PINNED


ENTRIES = sorted(committed()["chains"].items(), key=lambda item: item[1]["where"])


@pytest.mark.parametrize("key, entry", ENTRIES, ids=[entry["where"] for _, entry in ENTRIES])
def test_each_entry_is_a_chain_of_the_site_with_the_outputs_it_shows_now(key, entry):
    page = ROOT / entry["where"].split(", line")[0]
    chains = {chain_fingerprint(chain): chain for chain in page_chains(page)}
    assert key in chains, f"{entry['where']}: the block changed since the canary ran: run `bash .ci/canary --write`"
    shown = run_chain(chains[key], block_timeout())
    releases = PINNED, committed()["newest"]
    assert [comparable(dataclasses.asdict(o), *releases) for o in shown] == \
        [comparable(o, *releases) for o in entry["outputs"][PINNED]], "run `bash .ci/canary --write`"


def test_every_page_with_a_difference_shows_both_releases_and_the_changes_page_lists_it(built):
    site = built[0]
    contents = committed()
    pages: dict[str, int] = {}
    for entry in contents["chains"].values():
        page = entry["where"].split(", line")[0]
        pages[page] = pages.get(page, 0) + len(entry["differing"])
    assert pages, "the two releases differ nowhere: then the page about it says so, and this test goes"
    changes = html_of(site, DOCS / "what-changed.md")
    for page, count in pages.items():
        html = html_of(site, ROOT / page)
        assert html.count(f">PyTorch {contents['newest']}</label>") == count, page
        target = Path(page).relative_to("docs").with_suffix("").as_posix()
        assert f'href="../{target}/"' in changes, page


def test_the_changes_table_shows_the_lines_that_differ_grouped_by_kind(page_file):
    pinned = record("2.13.0", {"w": [output(printed="same\n")], "g": [output(printed="same\ngrad 1 | 2\n")]})
    newest = record("2.14.1", {"w": [output(printed="same\n", warnings=["FutureWarning: new"])],
                               "g": [output(printed="same\ngrad 0 | 2\n")]})
    table = releases.Changes(differences(pinned, newest))._repr_markdown_().splitlines()
    assert table[0] == "| Kind | Block | PyTorch 2.13.0 | PyTorch 2.14.1 |"
    gradients, warnings = table[2:]  # in the order of KINDS
    assert gradients.startswith("| Gradients | [p](p.md), line 2 (Page) | <code>grad 1 &#124; 2</code> | <code>grad 0 &#124; 2</code> |")
    assert warnings.startswith("| Warnings | [p](p.md), line 1 | (nothing) | <code>FutureWarning: new</code> |")
