"""Bad input fails `mkdocs build --strict`, naming the page, the line and why.

Each case builds a copy of tests/fixture_site with its page replaced.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_support import mkdocs_build

FIXTURE = Path(__file__).parent / "fixture_site"


#: The executed-docs plugin, as the fixture site lists it when a test asks for it.
PLUGIN = "plugins:\n  - search\n  - executed-docs:\n      timeout: 2\n"


def build(tmp_path: Path, page: str | None = None, plugin: bool = False, **env: str) -> subprocess.CompletedProcess:
    """Build a copy of the fixture site; with ``plugin``, with the executed-docs
    plugin, which runs the chains in worker processes before the page renders
    (without it, the extension runs them as the page renders, as under Zensical)."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    if page is not None:
        (site / "docs" / "index.md").write_text(page, encoding="utf-8")
    if plugin:
        with open(site / "mkdocs.yml", "a", encoding="utf-8") as config:
            config.write(PLUGIN)
    return mkdocs_build(site, tmp_path / "out", **env)


def test_the_fixture_site_builds_with_every_output(tmp_path):
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    for shown in ["printed\n[1, 2, 3]", ">6<", "hello from a snippet", "KeyError: &#x27;missing key&#x27;", ">2<", 'aria-label="A rising line"']:
        assert shown in html or shown.replace("&#x27;", "'") in html, shown


CASES = {
    "unexpected exception": (
        "# T\n\n```python\nimport math\nmath.sqrt(-1)\n```\n",
        ["docs/index.md, line 3: the block raised an exception", "ValueError: math domain error", "math.sqrt(-1)"],
    ),
    "marked to raise, does not": (
        "# T\n\nText.\n\n<!--pytest.mark.xfail(raises=ZeroDivisionError, strict=True)-->\n```python\n1 + 1\n```\n",
        ["docs/index.md, line 6: the block is marked to raise ZeroDivisionError but raised nothing"],
    ),
    "missing snippet file": (
        "# T\n\n```python\n--8<-- \"no-such-file.py\"\n```\n",
        ["docs/index.md, line 4", "Snippet at path 'no-such-file.py' could not be found"],
    ),
    "missing snippet section": (
        "# T\n\n\n```python\n--8<-- \"example.py:no-such-section\"\n```\n",
        ["docs/index.md, line 5", "Snippet section 'no-such-section' could not be located"],
    ),
    "unknown marker": (
        "# T\n\n<!--pytest-codeblocks:expect-exceptions-->\n```python\n1\n```\n",
        ["docs/index.md, line 3", 'Unknown pytest-codeblocks keyword "expect-exceptions"'],
    ),
    "block past the time limit": (
        "# T\n\n```python\nimport time\nwhile True:\n    time.sleep(0.01)\n```\n",
        ["docs/index.md, line 3: the block ran longer than the 2 s limit"],
    ),
    "expected output differs": (
        "# T\n\n```python\nprint('yes')\n```\n\n<!--pytest-codeblocks:expected-output-->\n```\nno\n```\n",
        ["docs/index.md, line 3: the printed output differs from its expected-output block"],
    ),
    "marked to raise, raises another type": (
        "# T\n\n<!--pytest.mark.xfail(raises=KeyError, strict=True)-->\n```python\n1 / 0\n```\n",
        ["docs/index.md, line 4: the block is marked to raise KeyError but raised ZeroDivisionError"],
    ),
    "marked to raise, no type named": (
        "# T\n\n<!--pytest.mark.xfail(strict=True)-->\n```python\n1 / 0\n```\n",
        ["docs/index.md, line 4: the marker 'pytest.mark.xfail(strict=True)' does not say what the block raises"],
    ),
    "deprecated marker": (
        "# T\n\n<!--pytest-codeblocks:expect-exception-->\n```python\n1 / 0\n```\n",
        ["docs/index.md, line 3: pytest-codeblocks: pytest-codeblocks:expect-exception is deprecated. Use pytest.mark.xfail"],
    ),
    "unseeded numpy": (
        "# T\n\n```python\nimport numpy as np\nnp.random.rand(3)\n```\n",
        ["docs/index.md, line 3: the chain draws random numbers without seeding: numpy's global generator"],
    ),
    "numpy generator without a seed": (
        "# T\n\n```python\nimport numpy as np\nnp.random.default_rng().normal()\n```\n",
        ["docs/index.md, line 3: the chain draws random numbers without seeding: numpy.random.default_rng() without a seed"],
    ),
    "unseeded Python random": (
        "# T\n\n```python\nimport random\nrandom.random()\n```\n",
        ["docs/index.md, line 3: the chain draws random numbers without seeding: Python's random"],
    ),
    "unseeded torch": (
        "# T\n\n```python\nimport torch\ntorch.randn(2)\n```\n",
        ["docs/index.md, line 3: the chain draws random numbers without seeding: torch"],
    ),
    "20 MB printed": (
        "# T\n\n```python\nprint('x' * 20_000_000)\n```\n",
        ["docs/index.md, line 3: the block printed more than 256 KiB and was stopped; the limit for one block's output is 64 KiB"],
    ),
    "output over the limit": (
        "# T\n\n```python\n'y' * 70_000\n```\n",
        ["docs/index.md, line 3: the block shows 68 KiB of text, over the limit of 64 KiB for one block"],
    ),
    "figure over the limit": (
        "# T\n\n```python\nimport matplotlib.pyplot as plt\nplt.figure(num='Noise')\n"
        "for i in range(3000):\n    plt.plot([0, i], [i, 0], linewidth=0.1)\n```\n",
        ["docs/index.md, line 3: figure 1 of the block is", "over the limit of 512 KiB"],
    ),
    "torch attribute reassigned": (
        "# T\n\n```python\nimport torch\ntorch.sigmoid = lambda x: x\n```\n",
        ["docs/index.md, line 3: the block reassigns torch.sigmoid", "unittest.mock.patch"],
    ),
    "working directory changed": (
        "# T\n\n```python\nimport os\nos.chdir('docs')\n```\n",
        ["docs/index.md, line 3: the block changes the working directory"],
    ),
    "python fence that would never be tested": (
        "# T\n\n```py\nprint('untested')\n```\n",
        ["docs/index.md, line 3: fence info string 'py' would be shown but never run or tested"],
    ),
    "broken link": (
        "# T\n\nSee [the missing page](missing.md).\n",
        ["Doc file 'index.md' contains a link 'missing.md', but the target is not found"],
    ),
    "broken anchor": (
        "# T\n\nSee [a section](#no-such-section).\n",
        ["Doc file 'index.md' contains a link '#no-such-section', but there is no such anchor on this page"],
    ),
    "error inside an included snippet": (
        "# T\n\n```python\n--8<-- \"broken.py\"\n```\n",
        ["docs/index.md, line 3", "NameError: name 'undefined_name' is not defined"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_the_strict_build_naming_page_and_line(tmp_path, case):
    page, messages = CASES[case]
    result = build(tmp_path, page)
    assert result.returncode != 0, f"the build passed:\n{result.stderr}"
    for message in messages:
        assert message in result.stderr, f"{message!r} not in:\n{result.stderr}"


@pytest.mark.parametrize("case", [
    "unexpected exception", "marked to raise, does not", "unknown marker", "marked to raise, raises another type",
    "block past the time limit", "expected output differs", "error inside an included snippet",
    "unseeded numpy", "20 MB printed", "torch attribute reassigned",
])
def test_bad_input_run_in_a_worker_process_fails_the_same_way(tmp_path, case):
    page, messages = CASES[case]
    result = build(tmp_path, page, plugin=True)
    assert result.returncode != 0, f"the build passed:\n{result.stderr}"
    for message in messages:
        assert message in result.stderr, f"{message!r} not in:\n{result.stderr}"


NOTEBOOK_SITE = """
site_name: Notebook fixture
strict: true
plugins:
  - executed-docs
  - mkdocs-jupyter:
      include: ["*.ipynb"]
      execute: {execute}
      cache: false
"""


def notebook(*cells: tuple[str, list[str]]) -> str:
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell(source, metadata={"tags": tags}) for source, tags in cells]
    return nbformat.writes(nb)


NOTEBOOK_CASES = {
    "an untagged cell raises": (
        notebook(("print('fine')", []), ("1 / 0", [])),
        "ZeroDivisionError",
    ),
    "a cell tagged raises-exception does not raise": (
        notebook(("print('fine')", []), ("1 + 1", ["raises-exception"])),
        "page.ipynb: cell 2 is tagged raises-exception but raised nothing",
    ),
}


@pytest.mark.parametrize("case", NOTEBOOK_CASES)
def test_a_notebook_page_fails_the_build_when_a_cell_breaks_its_tag(tmp_path, case):
    source, message = NOTEBOOK_CASES[case]
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text(NOTEBOOK_SITE.format(execute="false"), encoding="utf-8")
    (site / "docs" / "index.md").write_text("# Notebook fixture\n", encoding="utf-8")
    (site / "docs" / "page.ipynb").write_text(source, encoding="utf-8")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0, f"the build passed:\n{result.stderr}"
    assert message in result.stderr, result.stderr


def test_mkdocs_jupyter_may_not_execute_the_notebooks_itself(tmp_path):
    """The plugin executes them; mkdocs-jupyter executing them too would run each twice."""
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text(NOTEBOOK_SITE.format(execute="true"), encoding="utf-8")
    (site / "docs" / "index.md").write_text("# Notebook fixture\n", encoding="utf-8")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0 and "set execute: false" in result.stderr, result.stderr


def verbose_build(site: Path, out: Path) -> tuple[list[str], list[str], str]:
    """Build with ``-v``: the pages in the order they rendered, the search index's
    pages, and the log."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "--site-dir", str(out)],
        cwd=site, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"},  # the pages' build date, for comparing
    )
    assert result.returncode == 0, result.stderr
    rendered = [line.split("Reading: ")[1].strip() for line in result.stderr.splitlines() if "Reading: " in line]
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    return rendered, [doc["location"] for doc in index["docs"] if "#" not in doc["location"]], result.stderr


def three_page_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    with open(site / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write(PLUGIN)
    for name in ("index", "second", "third"):
        (site / "docs" / f"{name}.md").write_text(f"# {name}\n\n```python\nprint('{name}')\n```\n", encoding="utf-8")
    return site


def test_pages_render_and_are_indexed_in_the_sites_order_whatever_the_cache_held(tmp_path):
    site = three_page_site(tmp_path)
    cold_rendered, cold_index, _ = verbose_build(site, tmp_path / "cold")
    (site / "docs" / "index.md").write_text("# index\n\n```python\nprint('edited')\n```\n", encoding="utf-8")
    edit_rendered, edit_index, _ = verbose_build(site, tmp_path / "edit")
    assert cold_rendered == edit_rendered == ["index.md", "second.md", "third.md"]
    assert edit_index == cold_index == ["", "second/", "third/"]
    assert "edited" in (tmp_path / "edit" / "index.html").read_text(encoding="utf-8")


def test_the_fork_server_starts_only_when_a_chain_must_run(tmp_path):
    """It imports torch (seconds): once a page has a chain to run, never when the
    cache has everything."""
    site = three_page_site(tmp_path)
    starting = "starting the workers' fork server"
    _, _, cold_log = verbose_build(site, tmp_path / "cold")
    assert cold_log.count(starting) == 1
    _, _, warm_log = verbose_build(site, tmp_path / "warm")
    assert starting not in warm_log
    (site / "docs" / "third.md").write_text("# third\n\n```python\nprint('edited')\n```\n", encoding="utf-8")
    _, _, edit_log = verbose_build(site, tmp_path / "edit")
    assert edit_log.count(starting) == 1


TABLE_PAGE = '''# index

```python
class Table:
    def _repr_markdown_(self):
        return "| page |\\n| --- |\\n| [{target}]({target}) |"
print("a table follows")
Table()
```
'''


def test_outputs_put_in_after_rendering_make_the_same_pages_as_a_warm_build(tmp_path):
    """A cold build renders pages while the workers run and puts the outputs in
    afterwards; a Markdown output's links are still rewritten and checked."""
    site = three_page_site(tmp_path)
    (site / "docs" / "index.md").write_text(TABLE_PAGE.format(target="second.md"), encoding="utf-8")
    verbose_build(site, tmp_path / "cold")
    verbose_build(site, tmp_path / "warm")
    for page in ("index.html", "second/index.html", "third/index.html"):
        assert (tmp_path / "cold" / page).read_bytes() == (tmp_path / "warm" / page).read_bytes(), page
    assert '<a href="second/">second.md</a>' in (tmp_path / "cold" / "index.html").read_text(encoding="utf-8")
    (site / "docs" / "index.md").write_text(TABLE_PAGE.format(target="no-such-page.md"), encoding="utf-8")
    result = mkdocs_build(site, tmp_path / "broken")
    assert result.returncode != 0 and "no-such-page.md" in result.stderr, result.stderr


def test_twenty_builds_in_a_row_print_no_traceback(tmp_path):
    """Workers that outlived MkDocs once printed "Exception ignored in:
    threading._shutdown ... Bad file descriptor" after "Documentation built"
    (once in nine builds). Every build here starts and stops its workers."""
    page = "# T\n\n" + "".join(f"```python\nprint({n})\n```\n\n" for n in range(4))
    for number in range(20):
        result = build(tmp_path / str(number), page, plugin=True, EXECUTED_DOCS_CACHE="off")
        assert result.returncode == 0, result.stderr
        after = result.stderr.split("Documentation built", 1)[1]
        assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, f"build {number}:\n{result.stderr}"
        assert after.strip().count("\n") == 0, f"build {number} printed after it ended:\n{after}"
