"""The derivative each activation page states is PyTorch's, away from and at its kinks.

The contract (``activation_pages.py``): each page docs/activations/<page>.md embeds
the ``derivative`` section of its snippet snippets/activations/<page>.py, which
defines ``KINKS`` and either ``<name>_derivative(x, **parameters)`` for an
elementwise function or ``<name>_jacobian(x, **parameters)`` for a vector-valued
one, ``<name>`` being ``<page>`` with ``_`` for ``-``. The keyword parameters'
defaults are the module's constructor arguments (``negative_slope`` of
LeakyReLU, ``threshold`` and ``value`` of Threshold). Optionally
``FORWARD_MODE_DIFFERS`` maps a kink to the derivative forward-mode AD returns
there when it differs from reverse mode's.

That section, extracted by the site's own snippets extension, is checked in
float64 against autograd of the torch module the page is named after (as the
catalogue builds it) and against central finite differences; at each kink
autograd must return exactly the value the page's formula gives (PyTorch's
convention at a non-differentiable point). The activations are the catalogue's,
read from the navigation.
"""

from __future__ import annotations

import inspect

import pytest
import torch
from torch.func import jacfwd, jacrev, jvp

from activation_pages import catalogue
from site_support import site_markdown

ACTIVATIONS = [activation for members in catalogue().values() for activation in members]
NOT_AN_ACTIVATION = {"MultiheadAttention"}


def derivative_section(activation) -> dict:
    """Run the page's ``derivative`` section, as the page embeds it; return its names."""
    include = f'--8<-- "activations/{activation.snippet.name}:derivative"'
    lines = site_markdown().preprocessors["snippet"].run([include])
    namespace: dict = {}
    exec(compile("\n".join(lines), f"{activation.snippet.name}:derivative", "exec"), namespace)
    return namespace


class Stated:
    """What a page states, and the torch function it is about."""

    def __init__(self, activation):
        namespace = derivative_section(activation)
        self.kinks = namespace.get("KINKS")
        assert isinstance(self.kinks, list), f"{activation.snippet.name}:derivative must define KINKS (a list, [] if none)"
        self.forward_mode_differs = namespace.get("FORWARD_MODE_DIFFERS", {})
        base = activation.snippet.stem.replace("-", "_")
        found = {kind: namespace.get(f"{base}_{kind}") for kind in ("derivative", "jacobian")}
        assert sum(callable(f) for f in found.values()) == 1, f"define exactly one of {base}_derivative and {base}_jacobian"
        self.derivative, self.jacobian = found["derivative"], found["jacobian"]
        stated = self.derivative or self.jacobian
        parameters = {
            name: p.default for name, p in list(inspect.signature(stated).parameters.items())[1:]
            if p.default is not inspect.Parameter.empty
        }
        # The catalogue read the same section: the module, and whether it is elementwise, are the page's.
        assert (activation.elementwise, activation.arguments) == (self.derivative is not None, parameters)
        self.module = activation.module()
        self.in_dtype = activation.function
        self.function = self.in_dtype(torch.float64)


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


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_the_stated_derivative_is_pytorchs(activation):
    stated = Stated(activation)
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


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_gradcheck_away_from_kinks_and_gradgradcheck_where_smooth(activation):
    stated = Stated(activation)
    generator = torch.Generator().manual_seed(1)
    x = torch.empty(0, dtype=torch.float64)
    while len(x) < 8:  # random points at least 0.01 from any kink
        x = away_from(stated.kinks, torch.cat([x, torch.rand(8, generator=generator, dtype=torch.float64) * 8 - 4]), 0.01)
    x = x[:8].requires_grad_()
    assert torch.autograd.gradcheck(stated.function, (x,))
    if not stated.kinks:
        assert torch.autograd.gradgradcheck(stated.function, (x,))


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_forward_mode_agrees_with_reverse_mode_except_where_the_page_says(activation):
    stated = Stated(activation)
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
    assert sorted(activation.name for activation in ACTIVATIONS) == expected
