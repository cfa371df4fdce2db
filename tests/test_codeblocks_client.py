"""pytest-codeblocks' own command works on the site: ``pytest --codeblocks docs/``
collects every chain once, as the build reads it (snippets expanded), and runs
it with the build's runner."""

from __future__ import annotations

import subprocess
import sys

from site_support import DOCS, ROOT, page_chains


def pytest_run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )


def collected_ids(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if "::line " in line]


def test_every_chain_of_the_site_is_collected_once_with_codeblocks():
    result = pytest_run("--codeblocks", "--collect-only", "-q", "docs/")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    ids = collected_ids(result.stdout)
    expected = [
        f"{page.relative_to(ROOT).as_posix()}::line {chain.where.rsplit('line ', 1)[-1]}"
        for page in sorted(DOCS.rglob("*.md")) for chain in page_chains(page)
    ]
    assert len(ids) == len(set(ids)), "a block was collected twice"
    assert sorted(ids) == sorted(expected)
    assert "deprecated" not in (result.stdout + result.stderr).lower()


def test_pages_with_snippets_and_blocks_that_must_raise_pass_with_codeblocks():
    pages = ["docs/activations/relu.md", "docs/errors.md"]
    assert "--8<--" in (ROOT / pages[0]).read_text(encoding="utf-8"), "a page that includes snippets"
    assert any(chain.must_raise for chain in page_chains(ROOT / pages[1])), "a page with blocks that must raise"
    result = pytest_run("--codeblocks", "-q", "-W", "error::DeprecationWarning", *pages)
    assert result.returncode == 0, result.stdout[-3000:]
    chains = sum(len(page_chains(ROOT / page)) for page in pages)
    assert f"{chains} passed" in result.stdout.splitlines()[-1], result.stdout[-500:]
