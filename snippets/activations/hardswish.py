# Code embedded in docs/activations/hardswish.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# The `kinks` section (inside `derivative`) is embedded on its own in At a glance,
# so that the figure and the gradients shown there use the same KINKS.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = [-3.0, 3.0]  # where the parabola meets 0 and the identity
# --8<-- [end:kinks]


def hardswish_derivative(x):
    """0 for x <= -3, x/3 + 1/2 for -3 < x < 3, 1 for x >= 3, tested in PyTorch's order."""
    return torch.where(x <= -3, torch.zeros_like(x), torch.where(x < 3, x / 3 + 0.5, torch.ones_like(x)))
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-250, 251) / 50).requires_grad_()  # holds -3 and 3
y = F.hardswish(x)
(dy,) = torch.autograd.grad(y.sum(), x)
x, y = x.detach(), y.detach()
k = torch.isin(x, torch.tensor(KINKS))

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: Hardswish, 0 up to x = {KINKS[0]:g}, dipping to {y.min():g}, x from {KINKS[1]:g}; SiLU dotted. "
    f"Right: its derivative by autograd, jumping at the kinks, with dots at {dy[k][0]:g} and {dy[k][1]:g}"
))
f_ax.plot(x, y)
f_ax.plot(x, F.silu(x), ":", label="SiLU")
f_ax.set_title("Hardswish(x)")
f_ax.legend(loc="upper left")
d_ax.plot(x, dy.masked_fill(k, float("nan")))  # no vertical lines
d_ax.plot(x[k], dy[k], "o", label=f"PyTorch at ±3: {dy[k][0]:g}, {dy[k][1]:g}")
d_ax.set_title("its derivative, by autograd")
d_ax.legend(loc="upper left")
for ax in (f_ax, d_ax):
    ax.set_xlabel("x")
    ax.locator_params(nbins=4)
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (
    r"x \frac{\operatorname{ReLU6}(x + 3)}{6}",
    r"\frac{2x + 3}{6} \text{ on } (-3, 3)",
    "comparisons, a multiply",
)
# --8<-- [end:comparison]
