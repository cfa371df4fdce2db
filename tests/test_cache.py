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

from conftest import mkdocs_build
from executed_docs import execute

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
    real_run_chain = execute.run_chain

    def counting_run_chain(chain, timeout):
        ran.append([line for line in chain.fences[0].code.splitlines() if line.strip()][-1])
        return real_run_chain(chain, timeout)

    monkeypatch.setattr(execute, "run_chain", counting_run_chain)

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
    versions = execute.library_versions()
    monkeypatch.setattr(execute, "library_versions", lambda: {**versions, "torch": "9.9.9"})
    site()
    assert len(site.ran) == 3


def test_a_changed_engine_reruns_everything(site, monkeypatch):
    site()
    monkeypatch.setattr(execute, "engine_fingerprint", lambda: "a different engine")
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
    monkeypatch.setenv(execute.CACHE_ENV, "off")
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
    result = mkdocs_build(site, tmp_path / "out", **{execute.EXECUTE_ENV: "off"})
    assert result.returncode != 0
    assert "docs/index.md: built with EXECUTED_DOCS_EXECUTE=off: its 6 code blocks were not run" in result.stderr


def test_rendering_without_executing_marks_the_page_and_runs_nothing(site, monkeypatch):
    monkeypatch.setenv(execute.EXECUTE_ENV, "off")
    html = site()
    assert site.ran == []
    assert "Outputs not shown" in html and "first chain 1" not in html
