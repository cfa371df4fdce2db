"""What an activation page is, and the catalogue of the site's activations, read from the navigation.

The one list
------------
The site's activations are the pages listed under Reference > Activations > (a family) in the
``nav`` of ``mkdocs.yml``, between the lines ``# --8<-- [start:activations]`` and
``# --8<-- [end:activations]``. ``catalogue()`` reads them, in that order, with what each one's
snippet says (below). Everything that lists activations comes from it: the comparison's tables
and figures (``snippets/activations/comparison.py``, section ``activations``), the table of
``docs/pytorch-at-the-edges.md``, the small plots and the table of families on the home page
(``snippets/index.py``), the check of every activation's second derivative
(``docs/autograd/higher-order.md``) and the tests. So adding an activation is: its page, its
snippet, and one line in the nav, under its family.

Pages do not read ``mkdocs.yml`` when they run: they embed that section of it in their code
(``--8<-- "mkdocs.yml:activations"``, inside a string passed to ``catalogue``). A block's cached
output is reused while its code is unchanged, so the nav has to be part of the code: a change to
the nav then re-runs every page that lists the activations. The snippets are read when the code
runs; see the README on clearing the cache after changing a snippet's ``derivative`` or
``comparison`` section.

An activation
-------------
An activation is a ``torch.nn`` module, ``nn.Name``. Its

- **nav line** is ``- Name: activations/<page>.md``, under its family; the title is the module's
  name. A page of the learning path is listed in Learn, and under its family by its URL,
  ``activations/<page>/`` (see the comment above ``nav:`` in ``mkdocs.yml``);
- **page** is ``docs/activations/<page>.md``, named after the module: ``<page>`` without its
  hyphens is the module's name in lower case (``leaky-relu.md`` for ``nn.LeakyReLU``, hyphens
  between words only). Every activation module of ``torch.nn`` has one;
- **snippet** is ``snippets/activations/<page>.py``, in sections
  (``# --8<-- [start:name]`` ... ``# --8<-- [end:name]``):

  - ``glance``: f and f′ side by side in one figure, PyTorch's value at each kink marked on f′
    (embedded in At a glance);
  - ``derivative`` (embedded in Forward and gradient): ``KINKS``, the list of points where f has no
    derivative (``[]`` if none), and exactly one of

    - ``<name>_derivative(x, **parameters)``, for an *elementwise* activation: f′ at every point
      of the tensor x;
    - ``<name>_jacobian(x, **parameters)``, for a *vector-valued* one (an output depends on other
      inputs than its own): its Jacobian matrix at the 1-D tensor x;

    where ``<name>`` is ``<page>`` with ``_`` for ``-`` (``leaky_relu_derivative``). Their keyword
    defaults are the module's arguments, every one it needs (``Threshold``'s ``threshold`` and
    ``value``, the softmaxes' ``dim``): the site's module is ``nn.Name(**defaults)`` in eval mode
    (``Activation.module``). Optionally ``FORWARD_MODE_DIFFERS``, ``{kink: value}``: where
    forward-mode AD returns another derivative than reverse mode. ``tests/test_activation_derivatives.py``
    checks all of this against autograd, finite differences and forward mode, in float64, and at
    the kinks exactly;
  - ``comparison``: ``COMPARISON = (f, derivative, cost)``, its row in the tables of
    ``docs/activations/comparison.md``: f(x) and f′(x) (a vector-valued activation: its Jacobian)
    as short inline TeX, and what computing it costs, in words.

The page has exactly the ``##`` sections of ``SECTIONS``, in that order (``###`` inside them):

- **At a glance** is the first screen: f and f′ as display formulas (``$$ ... $$``), the snippet's
  ``glance`` figure, a block computing PyTorch's gradient at each of the snippet's ``KINKS``,
  then **Range**, **Use it when**, **Watch out for**, and a link to PyTorch at the edges, where
  the conventions shared by many activations are stated once;
- **Properties** of an elementwise activation embeds ``Properties`` of
  ``snippets/activations/comparison.py`` (section ``properties``);
- the page links the pages of ``REQUIRED_LINKS``.

Lengths, measured on the built page by ``tests/page_length.py``: at most ``MAX_WORDS`` words
(code and outputs included; the body of a collapsed ``???`` block does not count), except the
pages of ``LONGER_PAGES``; on every page, the prose of ``EDGE_SECTIONS`` at most
``MAX_EDGE_SHARE`` of the page's prose. ``tests/test_pages.py`` checks the sections, the links
and the lengths, and that the nav, the pages, the comparison and the home page agree with the
catalogue.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

ROOT = Path(__file__).resolve().parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
NAV_FILE = ROOT / "mkdocs.yml"
NAV_SECTION = "activations"  # the section of mkdocs.yml holding the families

SECTIONS = [
    "At a glance", "The idea", "Definition", "Derivative", "Forward and gradient",
    "Edge cases", "Properties", "When to use it",
]
# Links (to a page, with or without an anchor) that every page ("*") or one page must have.
REQUIRED_LINKS = {
    "*": ["../pytorch-at-the-edges.md"],
    "sigmoid": ["../losses/binary-cross-entropy.md"],
    "softmax": ["../losses/cross-entropy.md"],
    "log-softmax": ["../losses/cross-entropy.md"],
}
MAX_WORDS = 2000
# The core pages, which may be longer than MAX_WORDS.
LONGER_PAGES = {"sigmoid", "tanh", "relu", "leaky-relu", "gelu", "silu", "softmax", "log-softmax"}
EDGE_SECTIONS = ("Edge cases", "Properties")
MAX_EDGE_SHARE = 0.30

_MARKER = re.compile(r"--8<-- \[(start|end):([\w-]+)\]")


class ContractError(ValueError):
    """The nav, a page or a snippet does not follow the contract."""


@dataclass(frozen=True)
class Activation:
    """One activation of the catalogue."""

    name: str  # the torch.nn module, and the title in the nav: "LeakyReLU"
    family: str  # the family it is listed under: "ReLU family"
    page: str  # its page, under docs/: "activations/leaky-relu.md"
    elementwise: bool  # False: vector-valued (its snippet defines <name>_jacobian)
    arguments: dict  # the module's arguments: the keyword defaults of <name>_derivative or _jacobian
    comparison: tuple  # (f, derivative, cost): its row in the comparison's tables

    @property
    def snippet(self) -> Path:
        return SNIPPETS / "activations" / f"{PurePosixPath(self.page).stem}.py"

    def module(self):
        """A new ``nn.Name(**arguments)``, in eval mode (RReLU: its mean slope, no randomness)."""
        import torch

        return getattr(torch.nn, self.name)(**self.arguments).eval()

    def function(self, dtype=None):
        """The module as a function of a 1-D tensor, its parameters (PReLU's weight) in ``dtype``.
        Softmax2d, which wants (C, H, W), takes the vector as the C channels of one pixel."""
        module = self.module() if dtype is None else self.module().to(dtype)
        if self.name == "Softmax2d":
            return lambda x: module(x.view(-1, 1, 1)).view(-1)
        return module


def snippet_section(path: Path, section: str) -> str:
    """The lines of a snippet file between ``--8<-- [start:section]`` and ``--8<-- [end:section]``,
    without the lines of any marker, as pymdownx.snippets embeds them."""
    lines, inside, found = [], False, False
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = _MARKER.search(line)
        if marker and marker.group(2) == section:
            inside, found = marker.group(1) == "start", True
        elif inside and not marker:
            lines.append(line)
    if not found:
        raise ContractError(f"{path.relative_to(ROOT)} has no section {section!r}")
    return "".join(line + "\n" for line in lines)


def nav_text(path: Path = NAV_FILE) -> str:
    """The activations section of mkdocs.yml, the YAML of the families, as pages embed it."""
    return snippet_section(path, NAV_SECTION)


def catalogue(nav: str | None = None) -> dict[str, list[Activation]]:
    """The activations, ``{family: [Activation, ...]}``, in the navigation's order.

    ``nav`` is the YAML of the families (the activations section of mkdocs.yml, which pages embed);
    by default it is read from mkdocs.yml. Raises ContractError, naming the entry, where the nav, a
    page or a snippet does not follow the contract.
    """
    families: dict[str, list[Activation]] = {}
    for entry in yaml.safe_load(nav_text() if nav is None else nav) or []:
        if not (isinstance(entry, dict) and len(entry) == 1 and isinstance(next(iter(entry.values())), list)):
            raise ContractError(f"the activations of the nav are families, each a list of pages, not {entry!r}")
        ((family, members),) = entry.items()
        for member in members:
            if not (isinstance(member, dict) and len(member) == 1):
                raise ContractError(f"nav, {family}: expected 'Name: activations/<page>.md', not {member!r}")
            ((name, target),) = member.items()
            families.setdefault(family, []).append(_activation(family, str(name), str(target)))
    names = [a.name for members in families.values() for a in members]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ContractError(f"listed more than once among the activations of the nav: {repeated}")
    return families


def _activation(family: str, name: str, target: str) -> Activation:
    import torch

    where = f"nav, {family} > {name}: {target}"
    page = target[:-1] + ".md" if target.endswith("/") else target  # the URL of a page of the path
    stem = PurePosixPath(page).stem
    if name not in torch.nn.modules.activation.__all__:
        raise ContractError(f"{where}: the title must be the name of an activation module of torch.nn")
    if PurePosixPath(page).parent != PurePosixPath("activations") or stem.replace("-", "") != name.lower():
        raise ContractError(f"{where}: the page must be activations/<page>.md, <page> being {name!r} "
                            "in lower case, with hyphens between words")
    if not (DOCS / page).is_file():
        raise ContractError(f"{where}: no page docs/{page}")
    snippet = SNIPPETS / "activations" / f"{stem}.py"
    if not snippet.is_file():
        raise ContractError(f"{where}: no snippet {snippet.relative_to(ROOT)}")

    namespace: dict = {}
    exec(compile(snippet_section(snippet, "derivative"), f"{snippet.name}:derivative", "exec"), namespace)
    base = stem.replace("-", "_")
    defined = [f"{base}_{kind}" for kind in ("derivative", "jacobian") if callable(namespace.get(f"{base}_{kind}"))]
    if len(defined) != 1:
        raise ContractError(f"{snippet.relative_to(ROOT)}: its derivative section must define exactly one of "
                            f"{base}_derivative and {base}_jacobian, not {defined or 'neither'}")
    parameters = list(inspect.signature(namespace[defined[0]]).parameters.values())[1:]
    arguments = {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}

    row: dict = {}
    exec(compile(snippet_section(snippet, "comparison"), f"{snippet.name}:comparison", "exec"), row)
    comparison = row.get("COMPARISON")
    if not (isinstance(comparison, tuple) and len(comparison) == 3 and all(isinstance(c, str) for c in comparison)):
        raise ContractError(f"{snippet.relative_to(ROOT)}: its comparison section must define "
                            "COMPARISON = (f, derivative, cost), three strings")
    return Activation(name, family, page, defined[0].endswith("_derivative"), arguments, comparison)
