"""How fast the site builds, against the floor and against kernel-per-page execution.

Run from the repository root, in the project's environment:

    .venv/bin/python tests/benchmark_build.py [--repeat 3]

It works on a temporary copy of the repository (its own empty caches), and
prints, for each measurement, the median of --repeat runs (the runs too), then
the ratios the project targets, all measured in this one run:

- floor: a render-only build (EXECUTED_DOCS_EXECUTE=off, nothing executed)
  plus one `python -c "import torch, matplotlib.pyplot"`;
- cold: a build from empty caches; warm: a rebuild with nothing changed;
- one-page edit: a rebuild after one block of one page changed, against the
  render-only build plus that page's own execution time (a fresh process
  running the page's blocks, less one that only reads the page);
- kernel-per-page: every Markdown page as the notebook it offers for download
  (``executed_docs.notebooks``), each executed in its own
  kernel with nbclient, as a notebook-based site would;
- the test suite's wall time (once);
- page weight: every built page gzipped, with its inline SVG plots.

This is a measurement, not a test: nothing here fails on a slow machine.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITED_PAGE = "docs/activations/relu.md"
PYTHON = sys.executable


def timed(command: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, check=True, capture_output=True)
    return time.perf_counter() - start


def build(site: Path, out: Path, **env: str) -> float:
    return timed([PYTHON, "-m", "mkdocs", "build", "--no-strict" if env else "--strict", "-q", "-d", str(out)], site, env)


def fresh_copy(into: Path) -> Path:
    site = into / "site-source"
    ignore = shutil.ignore_patterns(".git", ".venv", ".venv-canary", ".cache", "site", "__pycache__", "*.egg-info")
    shutil.copytree(ROOT, site, ignore=ignore)
    return site


def clear_caches(site: Path) -> None:
    shutil.rmtree(site / ".cache", ignore_errors=True)


def edit_one_block(site: Path, counter: int) -> None:
    """Change the first block of one page (a new line at its end)."""
    page = site / EDITED_PAGE
    text = page.read_text(encoding="utf-8")
    start = text.index("```python\n") + len("```python\n")
    end = text.index("```", start)
    block = text[start:end]
    if "# benchmark edit" in block:
        block = block[: block.index("# benchmark edit")]
    page.write_text(text[:start] + block + f"# benchmark edit {counter}\n" + text[end:], encoding="utf-8")


PAGE_SCRIPT = """
import sys, time
sys.path.insert(0, "tests")
from site_support import page_chains, block_timeout
from executed_docs.running import run_chain
from pathlib import Path
chains = page_chains(Path({page!r}))
if {execute}:
    for chain in chains:
        run_chain(chain, block_timeout())
"""


def page_execution_time(site: Path, page: str) -> float:
    """A fresh process running the page's blocks, less one that only reads the page."""
    run = timed([PYTHON, "-c", PAGE_SCRIPT.format(page=page, execute=True)], site)
    read = timed([PYTHON, "-c", PAGE_SCRIPT.format(page=page, execute=False)], site)
    return run - read


NOTEBOOK_SCRIPT = """
import sys
from pathlib import Path
import nbclient, nbformat
sys.path.insert(0, "tests")
from site_support import site_markdown
from executed_docs.extension import read_page
from executed_docs.notebooks import page_notebook
for page in sorted(Path("docs").rglob("*.md")):
    lines, chains = read_page(site_markdown(), page.read_text(encoding="utf-8"), str(page))
    notebook = nbformat.reads(page_notebook(lines, chains), as_version=4)  # the notebook the page offers
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=120, allow_errors=True)
    client.execute()  # a kernel of its own for each page
"""


def page_weights(out: Path) -> dict[str, int]:
    return {
        str(path.relative_to(out).parent) or ".": len(gzip.compress(path.read_bytes(), compresslevel=9))
        for path in out.rglob("index.html")
    }


def median_of(runs: list[float]) -> str:
    return f"{statistics.median(runs):7.2f} s  (runs: {', '.join(f'{r:.2f}' for r in runs)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = fresh_copy(tmp)
        out = tmp / "out"
        results: dict[str, list[float]] = {name: [] for name in ("render-only", "import", "cold", "warm", "edit", "page")}
        for counter in range(args.repeat):
            results["render-only"].append(build(site, out, EXECUTED_DOCS_EXECUTE="off"))
            results["import"].append(timed([PYTHON, "-c", "import torch, matplotlib.pyplot"], site))
            clear_caches(site)
            results["cold"].append(build(site, out))
            results["warm"].append(build(site, out))
            edit_one_block(site, counter)
            results["edit"].append(build(site, out))
            results["page"].append(page_execution_time(site, EDITED_PAGE))
        notebooks = [timed([PYTHON, "-c", NOTEBOOK_SCRIPT], site)]
        tests = [] if args.skip_tests else [timed([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"], site)]
        clear_caches(site)
        build(site, out)
        weights = page_weights(out)

    m = {name: statistics.median(runs) for name, runs in results.items() if runs}
    floor = m["render-only"] + m["import"]
    print(f"Machine: {os.cpu_count()} cores; medians of {args.repeat} runs\n")
    print(f"render-only build                 {median_of(results['render-only'])}")
    print(f"import torch, matplotlib.pyplot   {median_of(results['import'])}")
    print(f"floor (the two above)             {floor:7.2f} s")
    print(f"cold executed build               {median_of(results['cold'])}")
    print(f"warm rebuild, nothing changed     {median_of(results['warm'])}")
    print(f"one-page edit rebuild             {median_of(results['edit'])}")
    print(f"  that page's own execution       {median_of(results['page'])}")
    print(f"kernel-per-page (nbclient)        {median_of(notebooks)}")
    if tests:
        print(f"test suite                        {median_of(tests)}")
    print("\nRatios (target):")
    print(f"  cold / floor                    {m['cold'] / floor:6.2f}   (<= 1.5)")
    print(f"  warm / render-only              {m['warm'] / m['render-only']:6.2f}   (<= 1.2)")
    budget = m["render-only"] + m["page"] + 0.5
    print(f"  one-page edit / budget          {m['edit'] / budget:6.2f}   (<= 1; budget = render-only + page + 0.5 s = {budget:.2f} s)")
    print(f"  kernel-per-page / cold          {statistics.median(notebooks) / m['cold']:6.2f}   (>= 15)")
    print("\nPage weight, gzipped, with inline plots:")
    for page, size in sorted(weights.items(), key=lambda item: -item[1]):
        print(f"  {size / 1024:7.1f} KiB  {page}")


if __name__ == "__main__":
    main()
