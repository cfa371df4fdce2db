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


# --8<-- [start:plot]
import math

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-4, 3, 401, dtype=torch.float64, requires_grad=True)
y = F.gelu(x)
(slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: the sum's gradient is GELU'(x_i)
x, y = x.detach(), y.detach()
cdf = 0.5 * (1 + torch.erf(x / math.sqrt(2)))
pdf = torch.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
analytic = cdf + x * pdf  # Phi(x) + x phi(x)

# The minimum of GELU, where GELU'(x) = 0: bisection on the derivative over [-2, 0].
low, high = -2.0, 0.0
for _ in range(60):
    mid = (low + high) / 2
    t = torch.tensor(mid, dtype=torch.float64, requires_grad=True)
    (d,) = torch.autograd.grad(F.gelu(t), t)
    low, high = (mid, high) if d < 0 else (low, mid)
x_min = (low + high) / 2
y_min = F.gelu(torch.tensor(x_min, dtype=torch.float64)).item()

# Exact GELU minus its tanh approximation, values and derivatives.
u = torch.linspace(-6, 6, 401, dtype=torch.float64, requires_grad=True)
exact, approx = F.gelu(u), F.gelu(u, approximate="tanh")
(d_exact,) = torch.autograd.grad(exact.sum(), u)
(d_approx,) = torch.autograd.grad(approx.sum(), u)
u = u.detach()
value_gap, slope_gap = (approx - exact).detach(), d_approx - d_exact

fig, (left, right) = plt.subplots(
    1, 2, figsize=(10, 4),
    num=(
        "Left: GELU on [-4, 3] (solid), its derivative by autograd (dashed) and the formula "
        "Phi(x) + x phi(x) (x markers); the function dips below zero to a minimum of "
        f"{y_min:.4f} at x = {x_min:.4f} (star), where the derivative crosses zero, and the "
        "derivative overshoots 1 before settling at 1. Right: the tanh approximation minus the "
        f"exact GELU on [-6, 6], for the values (solid, at most {value_gap.abs().max():.1e} in "
        f"absolute value) and the derivatives (dashed, at most {slope_gap.abs().max():.1e})"
    ),
)
left.plot(x, y, label="GELU(x)")
left.plot(x, slope, "--", label="GELU′(x) by autograd")
left.plot(x[::16], analytic[::16], "x", markersize=6, label="Φ(x) + x·φ(x)")
left.plot([x_min], [y_min], "*", markersize=12, label=f"minimum: GELU({x_min:.3f}) = {y_min:.3f}")
left.axhline(0, linestyle=":", linewidth=0.8)
left.set_title("GELU and its derivative")
left.set_xlabel("x")
left.set_ylabel("value")
left.legend(loc="upper left", fontsize=8)

right.plot(u, value_gap, label="tanh approx − exact: value")
right.plot(u, slope_gap, "--", label="tanh approx − exact: derivative")
right.axhline(0, linestyle=":", linewidth=0.8)
right.set_title('approximate="tanh" minus exact')
right.set_xlabel("x")
right.set_ylabel("difference")
right.set_ylim(bottom=2 * min(value_gap.min(), slope_gap.min()).item())  # room for the legend
right.legend(loc="lower center", fontsize=8)
fig.tight_layout()
# --8<-- [end:plot]
