"""Every private API of another library the engine relies on, in one place.

Each is pinned by ``requirements.txt``; a new release of the library may move
or change it, and this module is where to look when one does.
"""

from __future__ import annotations

import markdown


def snippet_missing(error: Exception) -> bool:
    """Whether pymdownx.snippets raised its "could not be found" error.

    Its ``SnippetMissingError`` class is not exported, so it is known by name.
    """
    return type(error).__name__ == "SnippetMissingError"


def markdown_with_mkdocs_links(page, files, config) -> tuple[markdown.Markdown, object]:
    """A converter with the site's extensions plus MkDocs' rewriting and checking of
    links, as ``Page.render`` sets it up (MkDocs' private ``_RelativePathTreeprocessor``);
    and the processor, whose ``links_to_anchors`` the page's own must receive."""
    from mkdocs.structure.pages import _RelativePathTreeprocessor

    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    links = _RelativePathTreeprocessor(page.file, files, config)
    links._register(md)
    return md, links


def merge_links_to_anchors(page, links) -> None:
    """Hand the links a converter met to MkDocs' anchor check of ``page`` (run after the pages are written)."""
    if page.links_to_anchors is not None:
        for target, anchors in links.links_to_anchors.items():
            page.links_to_anchors.setdefault(target, {}).update(anchors)


#: jupyter_client's hook, before a kernel starts, where its provisioner is chosen
#: (``AsyncKernelManager._async_pre_start_kernel``); ``forked_kernel.py`` overrides it.
PRE_START_KERNEL = "_async_pre_start_kernel"


def torch_print_options(torch) -> dict:
    """torch's print options (``torch._tensor_str.PRINT_OPTS``): torch has no getter for them."""
    options = torch._tensor_str.PRINT_OPTS
    return {name: getattr(options, name) for name in ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")}


def rcparams_raw(params) -> dict:
    """matplotlib's settings as stored, read without its per-key lookup (what
    ``RcParams.copy`` does, at a fraction of the cost)."""
    return dict(dict.items(params))


def update_rcparams_raw(params, values: dict) -> None:
    """Set matplotlib's settings to values it has validated before, without
    validating them again (``RcParams._update_raw``, as ``rc_context`` restores them)."""
    params._update_raw(values)


def zensical_page(md) -> tuple[str, dict] | None:
    """Under Zensical, the page being converted (its path under docs_dir) and the
    site's configuration, from the preprocessor Zensical registers as
    ``rendering_context`` (its ``page.path`` and ``config``); None elsewhere."""
    context = md.preprocessors["rendering_context"] if "rendering_context" in md.preprocessors else None
    page = getattr(context, "page", None)
    config = getattr(context, "config", None)
    if page is None or not isinstance(getattr(page, "path", None), str):
        return None
    return page.path, config if isinstance(config, dict) else {}
