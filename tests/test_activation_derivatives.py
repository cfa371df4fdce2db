"""The derivative each activation page states is PyTorch's, away from and at its kinks.

Each page docs/activations/<name>.md embeds the ``derivative`` section of its
snippet snippets/activations/<name>.py, which defines ``<name>_derivative(x)``
(or ``<name>_jacobian(x)`` for a vector-valued function) and ``KINKS``. Here
that same section, extracted by the site's own snippets extension, is checked in
float64 against autograd of the torch module the page is named after, and against
central finite differences; at each kink, autograd must return exactly the value
the page's formula gives (PyTorch's convention at a non-differentiable point).
"""

from __future__ import annotations

import pytest
import torch

from conftest import DOCS, site_markdown

PAGES = sorted((DOCS / "activations").glob("*.md"))


def torch_module(page) -> torch.nn.Module:
    """nn.Sigmoid for sigmoid.md, nn.LeakyReLU for leaky-relu.md, ..."""
    wanted = page.stem.replace("-", "").replace("_", "").lower()
    names = [name for name in torch.nn.modules.activation.__all__ if name.lower() == wanted]
    assert names, f"{page.name} is not named after a module in torch.nn.modules.activation"
    module = getattr(torch.nn, names[0])
    return module(dim=0) if names[0] in {"Softmax", "Softmin", "LogSoftmax"} else module()


def derivative_section(page) -> dict:
    """Run the page's ``derivative`` section, as the page embeds it; return its names."""
    include = f'--8<-- "activations/{page.stem}.py:derivative"'
    lines = site_markdown().preprocessors["snippet"].run([include])
    namespace: dict = {}
    exec(compile("\n".join(lines), f"{page.stem}.py:derivative", "exec"), namespace)
    return namespace


def stated(namespace: dict, suffix: str):
    functions = [value for name, value in namespace.items() if name.endswith(suffix) and callable(value)]
    return functions[0] if len(functions) == 1 else None


def away_from(kinks, points: torch.Tensor, margin: float = 1e-3) -> torch.Tensor:
    keep = torch.ones_like(points, dtype=torch.bool)
    for kink in kinks:
        keep &= (points - kink).abs() > margin
    return points[keep]


def autograd_derivative(module, x: torch.Tensor) -> torch.Tensor:
    x = x.detach().clone().requires_grad_()
    (grad,) = torch.autograd.grad(module(x).sum(), x)  # elementwise: the sum's gradient is f'(x)
    return grad


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_the_stated_derivative_is_pytorchs(page):
    namespace = derivative_section(page)
    module = torch_module(page)
    kinks = namespace.get("KINKS")
    assert isinstance(kinks, list), f"{page.stem}.py:derivative must define KINKS (a list, [] if none)"
    derivative, jacobian = stated(namespace, "_derivative"), stated(namespace, "_jacobian")
    assert (derivative is None) != (jacobian is None), "define exactly one <name>_derivative or <name>_jacobian"

    if jacobian is not None:
        generator = torch.Generator().manual_seed(0)
        for size in (1, 2, 3, 7):
            for scale in (0.1, 1.0, 10.0):
                x = torch.randn(size, generator=generator, dtype=torch.float64) * scale
                expected = torch.autograd.functional.jacobian(module, x)
                torch.testing.assert_close(jacobian(x), expected, rtol=1e-10, atol=1e-12)
                h = 1e-6
                columns = [(module(x + h * e) - module(x - h * e)) / (2 * h) for e in torch.eye(size, dtype=torch.float64)]
                torch.testing.assert_close(jacobian(x), torch.stack(columns, dim=1), rtol=1e-5, atol=1e-7)
        return

    x = away_from(kinks, torch.linspace(-12, 12, 4801, dtype=torch.float64))
    stated_values = derivative(x)
    assert stated_values.dtype == torch.float64
    torch.testing.assert_close(stated_values, autograd_derivative(module, x), rtol=1e-10, atol=1e-12)
    h = 1e-6
    with torch.no_grad():
        finite = (module(x + h) - module(x - h)) / (2 * h)
    torch.testing.assert_close(stated_values, finite, rtol=1e-5, atol=1e-7)

    # At a kink autograd returns one value by PyTorch's convention: the page's.
    for dtype in (torch.float32, torch.float64):
        at_kinks = torch.tensor(kinks, dtype=dtype)
        got = autograd_derivative(module, at_kinks)
        assert torch.equal(got, derivative(at_kinks)), f"autograd gives {got.tolist()} at {at_kinks.tolist()} ({dtype})"
