"""The execution engine's rules, on small Markdown texts (no MkDocs involved)."""

from __future__ import annotations

import io
import re

import pytest

from executed_docs.model import BlockError
from site_support import render, text_chains as chains


def outputs(html: str) -> list[str]:
    """The text of each output box, in page order."""
    return [
        m.group(2).replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")
        for m in re.finditer(r'<div class="exec-output[^"]*" role="group" aria-label="(\w+)"><pre><code>(.*?)</code>', html, re.S)
    ]


def test_printed_text_and_final_expression_are_shown_in_order():
    html = render(
        """
        ```python
        print("first")
        6 * 7
        ```
        """
    )
    assert outputs(html) == ["first\n42"]


def test_a_final_none_and_a_trailing_semicolon_show_nothing():
    html = render(
        """
        ```python
        None
        ```

        ```python
        6 * 7;
        ```
        """
    )
    assert outputs(html) == []


def test_cont_shares_one_namespace_and_shows_each_blocks_output_under_it():
    html = render(
        """
        ```python
        x = 2
        x
        ```

        Some prose.

        <!--pytest-codeblocks:cont-->
        ```python
        x * 10
        ```
        """
    )
    assert outputs(html) == ["2", "20"]
    assert html.index("Some prose") < html.index(">20<")


def test_chains_do_not_share_state():
    with pytest.raises(BlockError, match=r"page.md, line 6: the block raised an exception[\s\S]*NameError: name 'x'"):
        render(
            """
            ```python
            x = 1
            ```

            ```python
            x
            ```
            """
        )


def test_expected_exception_is_shown_as_python_prints_it():
    html = render(
        """
        <!--pytest.mark.xfail(raises=ValueError, strict=True)-->
        ```python
        raise ValueError("bad value")
        ```
        """
    )
    assert outputs(html) == ["ValueError: bad value"]
    assert 'aria-label="Raises"' in html


def test_a_block_marked_to_raise_that_does_not_raise_fails():
    with pytest.raises(BlockError, match=r"page.md, line 3: the block is marked to raise RuntimeError but raised nothing"):
        render(
            """
            <!--pytest.mark.xfail(raises=RuntimeError, strict=True)-->
            ```python
            1 + 1
            ```
            """
        )


def test_an_unexpected_exception_fails_with_its_traceback():
    with pytest.raises(BlockError) as error:
        render(
            """
            # Title

            ```python
            def f():
                return 1 / 0
            f()
            ```
            """
        )
    message = str(error.value)
    assert message.startswith("page.md, line 4: the block raised an exception")
    assert "ZeroDivisionError: division by zero" in message
    assert "return 1 / 0" in message  # the block's own source line, from its traceback


def test_blocks_continuing_after_an_expected_exception_would_never_run_so_fail():
    with pytest.raises(BlockError, match="line 8 would then never run"):
        render(
            """
            <!--pytest.mark.xfail(raises=KeyError, strict=True)-->
            ```python
            raise KeyError("k")
            ```

            <!--pytest-codeblocks:cont-->
            ```python
            print("never")
            ```
            """
        )


def test_expected_output_is_checked_and_shown_once():
    html = render(
        """
        ```python
        print("hello")
        ```

        <!--pytest-codeblocks:expected-output-->
        ```
        hello
        ```
        """
    )
    assert outputs(html) == ["hello"]
    assert html.count("hello") == 2  # the code, and the executed output: not the expected block


def test_expected_output_mismatch_fails():
    with pytest.raises(BlockError, match="differs from its expected-output block"):
        render(
            """
            ```python
            print("hello")
            ```

            <!--pytest-codeblocks:expected-output-->
            ```
            goodbye
            ```
            """
        )


def test_skip_shows_the_block_without_running_it():
    html = render(
        """
        <!--pytest.mark.skip-->
        ```python
        raise SystemExit("not run")
        ```
        """
    )
    assert "not run" in html and outputs(html) == []


def test_unknown_marker_fails_naming_its_line():
    with pytest.raises(BlockError, match=r'page.md, line 4: Unknown pytest-codeblocks keyword "contt"'):
        render(
            """
            Text.

            <!--pytest-codeblocks:contt-->
            ```python
            1
            ```
            """
        )


@pytest.mark.parametrize("info", ["py", "python title=\"x.py\"", "{.python}", "python3"])
def test_python_fences_that_pytest_codeblocks_would_not_run_fail(info):
    with pytest.raises(BlockError, match="would be shown but never run"):
        render(f"\n```{info}\nprint(1)\n```\n")


def test_other_languages_are_shown_not_run():
    html = render("\n```text\nnot python\n```\n\n```bash\nexit 1\n```\n")
    assert outputs(html) == []


def test_a_block_past_the_time_limit_fails_instead_of_hanging():
    with pytest.raises(BlockError, match=r"page.md, line 2: the block ran longer than the 0.5 s limit"):
        render("\n```python\nwhile True:\n    pass\n```\n", timeout=0.5)


def test_a_timeout_is_not_swallowed_by_the_blocks_own_except():
    with pytest.raises(BlockError, match="ran longer"):
        render("\n```python\ntry:\n    while True:\n        pass\nexcept Exception:\n    pass\n```\n", timeout=0.5)


def test_a_repr_with_a_memory_address_fails_as_not_reproducible():
    with pytest.raises(BlockError, match="memory address"):
        render("\n```python\nobject()\n```\n")


def test_warnings_are_shown_apart_from_printed_output():
    html = render(
        """
        ```python
        import warnings
        print("before")
        warnings.warn("careful", UserWarning)
        ```
        """
    )
    assert outputs(html) == ["before", "UserWarning: careful"]
    assert 'aria-label="Warning"' in html


def test_indented_blocks_get_their_output_inside_the_same_container():
    html = render(
        """
        - item

            ```python
            21 * 2
            ```

        After the list.
        """
    )
    assert outputs(html) == ["42"]
    item = re.search(r"<li>(.*?)</li>", html, re.S).group(1)
    assert '<div class="highlight">' in item or "<code" in item, "the code is in the item"
    assert 'aria-label="Output"' in item and "42" in item, "and its output under it, in the same item"
    assert html.index("</li>") < html.index("After the list.")


def test_chain_planning_matches_pytest_codeblocks_grouping():
    found = chains(
        """
        ```python
        a = 1
        ```

        <!--pytest-codeblocks:cont-->
        ```python
        b = a
        ```

        <!--pytest-codeblocks:expected-output-->
        ```
        nothing
        ```

        ```text
        not run
        ```

        <!--pytest.mark.xfail(raises=RuntimeError, strict=True)-->
        ```python
        raise RuntimeError
        ```
        """
    )
    assert [[f.where for f in chain.fences] for chain in found] == [
        ["page.md, line 2", "page.md, line 7"],
        ["page.md, line 21"],
    ]
    assert found[0].expected_fence.where == "page.md, line 12"
    assert found[1].must_raise and not found[0].must_raise


FIGURE = """
```python
import matplotlib.pyplot as plt
fig, ax = plt.subplots(num="A rising line")
ax.plot([0, 1], [0, 1], "o-", label="y = x")
ax.legend();
```

<!--pytest-codeblocks:cont-->
```python
plt.figure()
plt.plot([1, 0], label="falling");
plt.legend();
```
"""


def test_figures_are_inline_svg_with_alt_text_and_palette_colours():
    html = render(FIGURE)
    svgs = re.findall(r'<figure class="exec-figure">(<svg .*?</svg>)</figure>', html, re.S)
    assert len(svgs) == 2
    assert 'role="img" aria-label="A rising line"' in svgs[0]
    assert 'aria-label="falling"' in svgs[1]  # no label: described from its legend
    for svg in svgs:
        assert "var(--exec-plot-c0)" in svg and "var(--exec-plot-fg)" in svg
        assert "<metadata>" not in svg and "dc:date" not in svg and "<?xml" not in svg and "<!--" not in svg
        assert re.search(r"#[0-9a-f]{6}", svg) is None, "every colour comes from the palette"
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids are unique across the page's figures"
    references = set(re.findall(r'(?:href="#|url\(#)([^")]+)', html))
    assert references and references <= set(ids), "markers and clip paths keep the ids they use"


def matplotlib_and_ours(draw, **savefig_options) -> tuple[str, str]:
    """A figure drawn by ``draw(figure, axes)`` in the site's style: as matplotlib
    saves it (with ``savefig_options``), and as the site shows it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from executed_docs import figures

    with figures.plot_style():
        figure, axes = plt.subplots(num="A test figure")
        draw(figure, axes)
        theirs = io.StringIO()
        figure.savefig(theirs, format="svg", **savefig_options)
        return theirs.getvalue(), figures.figure_svg(figure, salt="t")


def test_figures_keep_every_drawn_element_and_no_bare_group():
    def draw(figure, axes):
        axes.plot([0, 1], [0, 1], "o-", label="rising")
        axes.plot([1, 0], label="falling")
        axes.set_xlabel(r"$10^{-1}$ and text")
        axes.legend()

    raw, svg = matplotlib_and_ours(draw)
    drawn = r"<(path|use|text|tspan|rect|circle|polygon|polyline|line|image)\b"
    assert len(re.findall(drawn, svg)) == len(re.findall(drawn, raw))
    assert "<g>" not in svg and svg.count("<g") == svg.count("</g>")
    assert "<g" in raw and len(re.findall(r"<[a-zA-Z]", svg)) < len(re.findall(r"<[a-zA-Z]", raw)) * 0.7
    assert "\n <" not in svg


def test_figures_are_cropped_as_savefig_tight_crops_them():
    def draw(figure, axes):
        axes.plot([0, 1e4], [0, 1], label="a legend outside the axes")
        axes.set_ylabel("a long label that\nruns past the canvas", fontsize=30)
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))

    tight, ours = matplotlib_and_ours(draw, bbox_inches="tight", pad_inches=0.05)

    def view_box(svg):
        return [float(n) for n in re.search(r'viewBox="([^"]+)"', svg).group(1).split()]

    def placed(svg, left=0.0, top=0.0):  # where each text and marker is, from the view's top left
        points = re.findall(r'<(?:text|use)\b[^>]*?\sx="([^"]+)" y="([^"]+)"', svg)
        return [(float(x) - left, float(y) - top) for x, y in points]

    (left, top, width, height), (_, _, tight_width, tight_height) = view_box(ours), view_box(tight)
    assert width == pytest.approx(tight_width, abs=1e-3) and height == pytest.approx(tight_height, abs=1e-3)
    assert width > 6.4 * 72 and left < 0  # wider than the canvas, reaching left of it
    ours_placed, tight_placed = placed(ours, left, top), placed(tight)
    assert len(ours_placed) == len(tight_placed) > 10
    assert all(a == pytest.approx(b, abs=1e-3) for a, b in zip(ours_placed, tight_placed))


def test_figures_are_reproducible_build_to_build():
    assert render(FIGURE) == render(FIGURE)


def test_a_figure_without_any_description_fails():
    with pytest.raises(BlockError, match="no alt text"):
        render("\n```python\nimport matplotlib.pyplot as plt\nplt.plot([1, 2]);\n```\n")


def test_unseeded_random_numbers_fail_and_seeded_ones_pass():
    with pytest.raises(BlockError, match="without seeding"):
        render("\n```python\nimport torch\ntorch.rand(2)\n```\n")
    seeded = "\n```python\nimport torch\ntorch.manual_seed(0)\ntorch.rand(2)\n```\n"
    assert outputs(render(seeded)) == outputs(render(seeded)) == ["tensor([0.4963, 0.7682])"]


def test_global_torch_settings_do_not_leak_from_one_chain_to_the_next():
    html = render(
        """
        ```python
        import torch
        torch.set_default_dtype(torch.float64)
        torch.set_grad_enabled(False);
        ```

        ```python
        import torch
        torch.get_default_dtype(), torch.is_grad_enabled()
        ```
        """
    )
    assert outputs(html) == ["(torch.float32, True)"]


def test_plot_settings_start_from_the_site_style_in_every_chain():
    """A chain's changes to matplotlib's settings, in place or not, end with it."""
    html = render(
        """
        ```python
        import matplotlib.pyplot as plt
        plt.rcParams["figure.figsize"][0] = 99.0
        plt.rcParams["lines.linewidth"] = 7.0
        ```

        ```python
        import matplotlib.pyplot as plt
        plt.rcParams["figure.figsize"], plt.rcParams["lines.linewidth"], plt.rcParams["axes.prop_cycle"].by_key()["color"][0]
        ```
        """
    )
    assert outputs(html) == ["([6.4, 3.6], 2.0, '#0c0d00')"]


def test_torch_chains_start_from_the_unseeded_marker_seed_and_leave_torch_seeding_as_it_was():
    import torch

    torch.manual_seed(1234)
    html = render("\n```python\nimport torch\ntorch.initial_seed()\n```\n")
    assert outputs(html) == [str(0x5EED_DEC0DE)]
    assert torch.initial_seed() == 1234


def test_output_goes_after_an_indented_fence_with_blank_lines():
    # pytest-codeblocks drops blank lines inside indented fences; the output
    # must still land after the closing fence, not inside the code.
    html = render("- item\n\n    ```python\n    a = 20\n\n    a + 22\n    ```\n\nAfter.\n")
    assert outputs(html) == ["42"]
    assert "wzxhzdk" not in html and html.index("42") < html.index("After.")


def test_a_final_value_with_repr_markdown_is_rendered_as_markdown():
    html = render(
        """
        ```python
        class Table:
            def _repr_markdown_(self):
                return "| x | x squared |\\n| --- | --- |\\n" + "\\n".join(f"| {x} | {x * x} |" for x in (2, 3))

        print("computed")
        Table()
        ```

        After.
        """,
    )
    assert outputs(html) == ["computed"]
    assert re.search(r"<table>.*<td>3</td>\s*<td>9</td>.*</table>", html, re.S)
    assert html.index("<table>") < html.index("After.")


def test_library_deprecation_warnings_are_hidden_as_python_hides_them():
    html = render(
        """
        ```python
        import warnings
        warnings.warn("the block's own deprecation", DeprecationWarning)
        import json.decoder as library
        warnings.warn_explicit("a library's deprecation", DeprecationWarning, library.__file__, 1)
        ```
        """
    )
    assert outputs(html) == ["DeprecationWarning: the block's own deprecation"]


def test_warnings_keep_only_the_blocks_own_traceback_frames():
    html = render(
        """
        ```python
        import torch

        a = torch.tensor([0.0], requires_grad=True)
        with torch.autograd.detect_anomaly():
            y = torch.sqrt(a) * 0
            try:
                y.backward()
            except RuntimeError:
                pass
        ```
        """
    )
    shown = "\\n".join(outputs(html))
    assert "y = torch.sqrt(a) * 0" in shown, "the block's own frame stays"
    assert "execute.py" not in shown and "markdown" not in shown and "site-packages" not in shown


def test_a_chains_reference_cycles_are_collected_when_it_ends():
    """The cycle collector runs rarely during a chain (it is slow on matplotlib's
    objects), so the engine collects what the chain left when it ends."""
    import gc
    import sys

    threshold = gc.get_threshold()
    code = "import sys, weakref\nclass Node:\n    pass\nnode = Node()\nnode.itself = node\nsys._executed_docs_probe = weakref.ref(node)\ndel node\n"
    try:
        render(f"```python\n{code}```\n")
        assert sys._executed_docs_probe() is None
        assert gc.get_threshold() == threshold
    finally:
        del sys._executed_docs_probe
