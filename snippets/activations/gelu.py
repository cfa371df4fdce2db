# Code embedded in docs/activations/gelu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import math

import torch

KINKS = []  # GELU is smooth (infinitely differentiable): no kinks


def gelu_derivative(x, approximate="none"):
    """GELU'(x) = Phi(x) + x * phi(x) (exact), or the derivative of the tanh approximation."""
    if approximate == "none":
        cdf = 0.5 * (1 + torch.erf(x / math.sqrt(2)))           # Phi(x), the normal CDF
        pdf = torch.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)  # phi(x), the normal density
        return cdf + x * pdf
    if approximate == "tanh":
        k, c = math.sqrt(2 / math.pi), 0.044715
        t = torch.tanh(k * (x + c * x**3))
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * c * x * x)
    raise ValueError(f"approximate must be 'none' or 'tanh', not {approximate!r}")
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-400, 301, dtype=torch.float64) / 100).requires_grad_()  # x[400] is 0
y = F.gelu(x)
(slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: GELU'(x_i) for every i
x, y = x.detach(), y.detach()
low, top = int(y.argmin()), int(slope.argmax())

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: GELU on [-4, 3] (solid), dipping to {y[low]:.3f} at x = {x[low]:.2f} before growing "
    f"like x, with ReLU (dotted). Right: its derivative by autograd, slightly negative on the left, "
    f"{slope[400]:g} at 0, peaking at {slope[top]:.3f} near x = {x[top]:.2f}, then settling at 1"))
left.plot(x, y, label="GELU")
left.plot(x, torch.relu(x), ":", label="ReLU")
left.plot(x[low], y[low], "o", color="C0")
right.plot(x, slope)
right.axhline(0, linewidth=0.8, color="C7")
left.set_title("GELU(x)")
right.set_title("GELU′(x)")
left.legend()
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"x \Phi(x)", r"\Phi(x) + x \varphi(x)", "erf and exp")
# --8<-- [end:comparison]
