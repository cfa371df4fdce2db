"""The HTML shown under a block: its outputs, in the order the page shows them."""

from __future__ import annotations

import html

from executed_docs.model import FenceOutput


def output_html(output: FenceOutput) -> str:
    """The HTML shown under a block; empty if the block produced nothing.

    A final value's Markdown (``output.markdown``) is not here: it is converted
    as part of the page, by the page's own converter.
    """
    parts = []
    text = output.printed + output.echoed
    if text:
        parts.append(_output_box("exec-output", "Output", text))
    for message in output.warnings:
        parts.append(_output_box("exec-output exec-warning", "Warning", message))
    if output.exception:
        parts.append(_output_box("exec-output exec-exception", "Raises", output.exception))
    for svg in output.figures:
        parts.append(f'<figure class="exec-figure">{svg}</figure>')
    return "\n".join(parts)


def _output_box(classes: str, label: str, text: str) -> str:
    return (
        f'<div class="{classes}" role="group" aria-label="{label}">'
        f"<pre><code>{html.escape(text.rstrip(), quote=False)}</code></pre></div>"
    )


def release_tabs(shown: list[tuple[str, list[str]]]) -> list[str]:
    """Markdown for content tabs (pymdownx.tabbed), one per (label, lines shown under a block)."""
    lines = []
    for label, content in shown:
        body = content or ["*No output.*"]
        lines += [f'=== "{label}"', "", *("    " + line if line else "" for line in body), ""]
    return lines
