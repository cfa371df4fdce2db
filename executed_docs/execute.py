"""The rulebook: how every ```python block of a page runs when the site is built.

``executed_docs.execute`` is the name mkdocs.yml gives the Markdown extension
(``extension.py``); this module states the rules that the engine's modules
implement, and that the build and the tests share.

Reading (``reading.py``). Blocks and their markers are read by
pytest-codeblocks' parser, once per reading of a page, after snippets
(``--8<--``) are expanded.

* A block runs if its fence's info string is exactly ``python``. Other Python
  spellings (```` ```py ````, ```` ```python title="x" ````) fail the build,
  because pytest-codeblocks would show them without ever running them.
* ``<!--pytest-codeblocks:cont-->`` continues the previous block's namespace:
  the head block and its continuations form a *chain*, run in order in one
  fresh namespace.
* ``<!--pytest.mark.xfail(raises=RuntimeError, strict=True)-->`` means the chain
  must raise that type of exception (or a subclass); the exception is shown as
  Python prints it. A chain so marked that raises nothing, or another type,
  fails the build, and so does one whose raising block is followed by
  continuation blocks that could then never run. The marker must name the type.
* ``<!--pytest-codeblocks:expected-output-->`` checks what the chain printed
  (not the echoed value, which pytest-codeblocks does not see) against the fence
  that follows; that fence is then dropped from the page, since the executed
  output is shown in its place.
* ``<!--pytest.mark.skip-->`` shows a block without running it.
* pytest-codeblocks' deprecated markers (``expect-exception``, ``skip``) fail the
  build, naming their line.

Running (``running.py``, ``isolation.py``). Under each block the page shows, in
order: what it printed and, as in a notebook, the repr of a final bare
expression; warnings; the expected exception; matplotlib figures as inline SVG
whose colours follow the site's light and dark palettes (``figures.py``). A
final value with a ``_repr_markdown_()`` method is shown as Markdown: that is
how a table computed by a block becomes a table on the page.

* No chain depends on another: each starts from torch's and numpy's default
  settings and one thread, and a block that leaves shared state changed (a
  torch attribute reassigned, the working directory, the environment,
  ``sys.path``) fails the build (``isolation.py`` says what is covered).
* Outputs are reproducible: a chain that draws random numbers from torch,
  numpy or Python's ``random`` without seeding fails; so does a final value
  whose repr holds a memory address. Warnings are shown as Python's default
  filters show them, with only the page's own traceback frames and without
  PyTorch's "(Triggered internally at ...)" source location.
* Outputs are bounded: a block showing more than 64 KiB of text, or a figure of
  more than 512 KiB of SVG, fails the build (``running.TEXT_LIMIT``,
  ``running.FIGURE_LIMIT``); so does a block running past the time limit.

Any other outcome (an unexpected exception, a missing snippet, an unknown
marker, output that differs from its ``expected-output``) raises ``BlockError``
naming the page, the line and why, which fails the build.

Caching (``cache.py``) and running in workers (``session.py``,
``workers.py``): results are cached on disk, keyed by what shapes them; under
MkDocs the chains the cache lacks run in worker processes while pages render.
``EXECUTED_DOCS_CACHE=off`` builds without the cache; ``EXECUTED_DOCS_EXECUTE=off``
renders without running anything, visibly, and fails a ``--strict`` build.
"""

from executed_docs.extension import makeExtension  # noqa: F401  (the name Python-Markdown looks for)
