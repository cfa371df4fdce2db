"""The results cache: what a rebuild re-executes, and what it must not trust."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import markdown
import pytest

from executed_docs import cache as cache_module
from executed_docs import session as session_module
from executed_docs.cache import RUNNER_MODULES, code_fingerprint
from executed_docs.model import CACHE_ENV, EXECUTE_ENV
from site_support import mkdocs_build, render

PAGE = """
```python
first = 1
print("first chain", first)
```

<!--pytest-codeblocks:cont-->
```python
print("continued", first + 1)
```

```python
print("second chain")
```

```python
--8<-- "included.py"
```
"""


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Render PAGE (or a variant) with a cache in tmp_path; count the chains that ran."""
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "included.py").write_text('print("from a snippet")\n')
    ran = []
    real_run_chain = session_module.execute_chain

    def counting_run_chain(chain, timeout):
        ran.append([line for line in chain.fences[0].code.splitlines() if line.strip()][-1])
        return real_run_chain(chain, timeout)

    monkeypatch.setattr(session_module, "execute_chain", counting_run_chain)

    def render(page: str = PAGE) -> str:
        ran.clear()
        md = markdown.Markdown(
            extensions=["pymdownx.superfences", "pymdownx.snippets", "executed_docs.execute"],
            extension_configs={
                "pymdownx.snippets": {"base_path": [str(tmp_path / "snippets")], "check_paths": True},
                "executed_docs.execute": {"page": "page.md", "cache_dir": str(tmp_path / "cache")},
            },
        )
        return md.convert(textwrap.dedent(page))

    render.ran = ran
    render.folder = tmp_path
    return render


def test_a_rebuild_with_nothing_changed_runs_nothing_and_shows_the_same(site):
    cold = site()
    assert len(site.ran) == 3
    warm = site()
    assert site.ran == [] and warm == cold


def test_editing_prose_runs_nothing(site):
    site()
    site("# A new title\n\nNew prose, and the blocks move down.\n" + PAGE)
    assert site.ran == []


def test_a_changed_block_reruns_only_its_chain(site):
    site()
    html = site(PAGE.replace('print("second chain")', 'print("second chain, edited")'))
    assert site.ran == ['print("second chain, edited")']
    assert "second chain, edited" in html and "continued 2" in html


def test_a_changed_continuation_reruns_its_whole_chain(site):
    site()
    site(PAGE.replace("first + 1", "first + 2"))
    assert site.ran == ['print("first chain", first)']


def test_a_changed_snippet_file_reruns_the_chain_that_includes_it(site):
    site()
    (site.folder / "snippets" / "included.py").write_text('print("the snippet, edited")\n')
    assert "the snippet, edited" in site()
    assert site.ran == ['print("the snippet, edited")']


def test_a_different_torch_version_reruns_everything(site, monkeypatch):
    site()
    versions = cache_module.library_versions()
    monkeypatch.setattr(cache_module, "library_versions", lambda: {**versions, "torch": "9.9.9"})
    site()
    assert len(site.ran) == 3


def test_a_changed_engine_reruns_everything(site, monkeypatch):
    site()
    monkeypatch.setattr(cache_module, "engine_fingerprint", lambda: "a different engine")
    site()
    assert len(site.ran) == 3


@pytest.mark.parametrize("damage", ["truncate", "tamper", "garbage"])
def test_a_corrupt_entry_is_run_again_never_rendered(site, damage):
    cold = site()
    entries = sorted((site.folder / "cache").rglob("*.json"))
    assert len(entries) == 3
    for entry in entries:
        text = entry.read_text()
        if damage == "truncate":  # a half-written file
            entry.write_text(text[: len(text) // 2])
        elif damage == "tamper":  # valid JSON whose payload no longer matches its hash
            data = json.loads(text)
            data["payload"]["outputs"][0]["printed"] = "not what the code printed\n"
            entry.write_text(json.dumps(data))
        else:
            entry.write_bytes(b"\x00\xff")
    rebuilt = site()
    assert len(site.ran) == 3 and rebuilt == cold
    assert "not what the code printed" not in rebuilt


def test_without_a_cache_everything_runs_every_time(site, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    site()
    site()
    assert len(site.ran) == 3
    assert not (site.folder / "cache").exists()


def test_a_warm_build_does_not_import_torch(tmp_path):
    """Rendering from the cache needs no torch: the warm build is as cheap as plain Markdown."""
    page = tmp_path / "page.md"
    page.write_text("```python\nimport torch\ntorch.ones(2)\n```\n")
    script = textwrap.dedent(
        f"""
        import sys, markdown
        md = markdown.Markdown(extensions=["pymdownx.superfences", "executed_docs.execute"],
            extension_configs={{"executed_docs.execute": {{"page": "page.md", "cache_dir": {str(tmp_path / "cache")!r}}}}})
        html = md.convert(open({str(page)!r}).read())
        print("torch imported:", "torch" in sys.modules, "| shown:", "tensor([1., 1.])" in html)
        """
    )
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip() for _ in range(2)]
    assert runs == ["torch imported: True | shown: True", "torch imported: False | shown: True"]


def test_rendering_without_executing_fails_a_strict_build(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "fixture_site", site)
    result = mkdocs_build(site, tmp_path / "out", **{EXECUTE_ENV: "off"})
    assert result.returncode != 0
    assert "docs/index.md: built with EXECUTED_DOCS_EXECUTE=off: its 6 code blocks were not run" in result.stderr


def test_rendering_without_executing_marks_the_page_and_runs_nothing(site, monkeypatch):
    monkeypatch.setenv(EXECUTE_ENV, "off")
    html = site()
    assert site.ran == []
    assert "Outputs not shown" in html and "first chain 1" not in html


def test_documenting_the_runner_keeps_the_cache_and_changing_its_code_does_not():
    """The key holds the runner's code as syntax: a docstring, comment or layout
    change keeps every entry; a change in what runs invalidates them."""
    source = (Path(cache_module.__file__).parent / "running.py").read_text()
    documented = source.replace('"""Running a chain:', '"""Running a chain (now better documented):', 1)
    documented = documented.replace("def run_chain(", "# a new comment\ndef run_chain(", 1)
    assert documented != source and code_fingerprint(documented) == code_fingerprint(source)
    changed = source.replace("TEXT_LIMIT = 64 * 1024", "TEXT_LIMIT = 32 * 1024", 1)
    assert changed != source and code_fingerprint(changed) != code_fingerprint(source)


def test_how_outputs_are_drawn_in_html_is_not_in_the_key():
    """rendering.py (the HTML of an output) and the extension are not among the
    modules whose code shapes a chain's results: changing them keeps the cache."""
    assert "rendering.py" not in RUNNER_MODULES and "extension.py" not in RUNNER_MODULES
    assert {"running.py", "isolation.py", "figures.py", "model.py"} <= set(RUNNER_MODULES)


def test_a_chain_that_reads_a_file_of_the_repository_runs_again_when_it_changes(tmp_path, monkeypatch):
    """A chain's key is its code; what it reads at run time (a data file, a module
    of the repository) is noted with the outputs, and a change to it is a miss."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "numbers.txt").write_text("1 2 3\n")
    (tmp_path / "site_helpers.py").write_text("FACTOR = 10\n")
    page = (
        "```python\nprint(sum(map(int, open('numbers.txt').read().split())))\n```\n\n"
        "```python\nimport site_helpers\nprint(site_helpers.FACTOR)\n```\n\n"
        "```python\nprint('reads nothing')\n```\n"
    )
    ran = []
    real = session_module.execute_chain

    def counting(chain, timeout):
        ran.append(chain.where)
        return real(chain, timeout)

    monkeypatch.setattr(session_module, "execute_chain", counting)
    cache = str(tmp_path / "cache")
    assert "6" in render(page, cache_dir=cache) and len(ran) == 3
    ran.clear()
    render(page, cache_dir=cache)
    assert ran == []
    (tmp_path / "numbers.txt").write_text("1 2 3 4\n")
    assert "10" in render(page, cache_dir=cache) and ran == ["page.md, line 1"]
    ran.clear()
    sys.modules.pop("site_helpers")
    (tmp_path / "site_helpers.py").write_text("FACTOR = 20\n")
    html = render(page, cache_dir=cache)
    assert "20" in html and ran == ["page.md, line 5"]
