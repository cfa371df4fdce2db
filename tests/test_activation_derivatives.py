"""The derivative each activation page states is PyTorch's, away from and at its kinks.

Each page docs/activations/<name>.md embeds the ``derivative`` section of its
snippet snippets/activations/<name>.py, which defines ``KINKS`` and either
``<name>_derivative(x, **parameters)`` for an elementwise function or
``<name>_jacobian(x, **parameters)`` for a vector-valued one. The keyword
parameters' defaults are the module's constructor arguments (``negative_slope``
of LeakyReLU, ``threshold`` and ``value`` of Threshold). Optionally
``FORWARD_MODE_DIFFERS`` maps a kink to the derivative forward-mode AD returns
there when it differs from reverse mode's.

That section, extracted by the site's own snippets extension, is checked in
float64 against autograd of the torch module the page is named after and
against central finite differences; at each kink autograd must return exactly
the value the page's formula gives (PyTorch's convention at a
non-differentiable point).
"""

from __future__ import annotations

import copy
import inspect

import pytest
import torch
from torch.func import jacfwd, jacrev, jvp

from site_support import DOCS, site_markdown

PAGES = sorted(p for p in (DOCS / "activations").glob("*.md") if p.stem != "comparison")
NOT_AN_ACTIVATION = {"MultiheadAttention"}


def module_name(page) -> str:
    """Sigmoid for sigmoid.md, LeakyReLU for leaky-relu.md, ..."""
    wanted = page.stem.replace("-", "").replace("_", "").lower()
    names = [name for name in torch.nn.modules.activation.__all__ if name.lower() == wanted]
    assert names, f"{page.name} is not named after a module in torch.nn.modules.activation"
    return names[0]


def derivative_section(page) -> dict:
    """Run the page's ``derivative`` section, as the page embeds it; return its names."""
    include = f'--8<-- "activations/{page.stem}.py:derivative"'
    lines = site_markdown().preprocessors["snippet"].run([include])
    namespace: dict = {}
    exec(compile("\n".join(lines), f"{page.stem}.py:derivative", "exec"), namespace)
    return namespace


class Stated:
    """What a page states, and the torch function it is about."""

    def __init__(self, page):
        namespace = derivative_section(page)
        self.kinks = namespace.get("KINKS")
        assert isinstance(self.kinks, list), f"{page.stem}.py:derivative must define KINKS (a list, [] if none)"
        self.forward_mode_differs = namespace.get("FORWARD_MODE_DIFFERS", {})
        found = {suffix: [v for k, v in namespace.items() if k.endswith(suffix) and callable(v)] for suffix in ("_derivative", "_jacobian")}
        assert len(found["_derivative"]) + len(found["_jacobian"]) == 1, "define exactly one <name>_derivative or <name>_jacobian"
        self.derivative = (found["_derivative"] or [None])[0]
        self.jacobian = (found["_jacobian"] or [None])[0]
        stated = self.derivative or self.jacobian
        parameters = {
            name: p.default for name, p in list(inspect.signature(stated).parameters.items())[1:]
            if p.default is not inspect.Parameter.empty
        }
        name = module_name(page)
        if name in {"Softmax", "Softmin", "LogSoftmax"}:
            parameters.setdefault("dim", 0)
        self.module = getattr(torch.nn, name)(**parameters).eval()
        self.softmax2d = name == "Softmax2d"
        self.function = self.in_dtype(torch.float64)

    def in_dtype(self, dtype):
        """The module as a function of a vector, with its parameters (PReLU's weight) in ``dtype``."""
        module = copy.deepcopy(self.module).to(dtype)
        # Softmax2d wants (C, H, W): treat a vector as C channels of one pixel.
        return (lambda x: module(x.view(-1, 1, 1)).view(-1)) if self.softmax2d else module


def autograd_derivative(function, x: torch.Tensor) -> torch.Tensor:
    x = x.detach().clone().requires_grad_()
    (grad,) = torch.autograd.grad(function(x).sum(), x)  # elementwise: the sum's gradient is f'(x)
    return grad


def away_from(kinks, points: torch.Tensor, margin: float = 1e-3) -> torch.Tensor:
    keep = torch.ones_like(points, dtype=torch.bool)
    for kink in kinks:
        keep &= (points - kink).abs() > margin
    return points[keep]


def vectors():
    """Seeded float64 inputs of even sizes (GLU halves its input) and several scales."""
    generator = torch.Generator().manual_seed(0)
    return [torch.randn(size, generator=generator, dtype=torch.float64) * scale for size in (2, 4, 6) for scale in (0.1, 1.0, 10.0)]


def finite_difference_jacobian(function, x, h=1e-6):
    columns = [(function(x + h * e) - function(x - h * e)) / (2 * h) for e in torch.eye(len(x), dtype=x.dtype)]
    return torch.stack(columns, dim=-1)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_the_stated_derivative_is_pytorchs(page):
    stated = Stated(page)
    f = stated.function
    if stated.jacobian is not None:
        for x in vectors():
            torch.testing.assert_close(stated.jacobian(x), torch.autograd.functional.jacobian(f, x), rtol=1e-10, atol=1e-12)
            torch.testing.assert_close(stated.jacobian(x), finite_difference_jacobian(f, x), rtol=1e-5, atol=1e-7)
        return

    x = away_from(stated.kinks, torch.linspace(-12, 12, 4801, dtype=torch.float64))
    values = stated.derivative(x)
    assert values.dtype == torch.float64
    torch.testing.assert_close(values, autograd_derivative(f, x), rtol=1e-10, atol=1e-12)
    h = 1e-6
    with torch.no_grad():
        finite = (f(x + h) - f(x - h)) / (2 * h)
    torch.testing.assert_close(values, finite, rtol=1e-5, atol=1e-7)

    # At a kink autograd returns one value by PyTorch's convention: the page's.
    for dtype in (torch.float32, torch.float64):
        at_kinks = torch.tensor(stated.kinks, dtype=dtype)
        got = autograd_derivative(stated.in_dtype(dtype), at_kinks)
        assert torch.equal(got, stated.derivative(at_kinks)), f"autograd gives {got.tolist()} at {at_kinks.tolist()} ({dtype})"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_gradcheck_away_from_kinks_and_gradgradcheck_where_smooth(page):
    stated = Stated(page)
    generator = torch.Generator().manual_seed(1)
    x = torch.empty(0, dtype=torch.float64)
    while len(x) < 8:  # random points at least 0.01 from any kink
        x = away_from(stated.kinks, torch.cat([x, torch.rand(8, generator=generator, dtype=torch.float64) * 8 - 4]), 0.01)
    x = x[:8].requires_grad_()
    assert torch.autograd.gradcheck(stated.function, (x,))
    if not stated.kinks:
        assert torch.autograd.gradgradcheck(stated.function, (x,))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_forward_mode_agrees_with_reverse_mode_except_where_the_page_says(page):
    stated = Stated(page)
    f = stated.function
    if stated.jacobian is not None:
        for x in vectors():
            torch.testing.assert_close(jacfwd(f)(x), jacrev(f)(x), rtol=1e-10, atol=1e-12)
        return
    x = torch.cat([torch.linspace(-6, 6, 1201, dtype=torch.float64), torch.tensor(stated.kinks, dtype=torch.float64)])
    _, forward = jvp(f, (x,), (torch.ones_like(x),))
    reverse = autograd_derivative(f, x)
    differs = {v: d for v, d, r in zip(x.tolist(), forward.tolist(), reverse.tolist()) if abs(d - r) > 1e-10 * max(1.0, abs(r))}
    assert differs == {float(k): v for k, v in stated.forward_mode_differs.items()}


def test_every_activation_in_torch_has_a_page():
    expected = sorted(set(torch.nn.modules.activation.__all__) - NOT_AN_ACTIVATION)
    assert len(expected) >= 28
    assert sorted(module_name(page) for page in PAGES) == expected
