# Code embedded in docs/activations/hardtanh.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# The `kinks` section (inside `derivative`) is embedded on its own in At a glance,
# so that the figure and the kinks' gradients there use the same KINKS.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = [-1.0, 1.0]  # the default bounds
# --8<-- [end:kinks]


def hardtanh_derivative(x, min_val=-1.0, max_val=1.0):
    """Hardtanh'(x) = 1 for min_val < x < max_val, else 0 (PyTorch's value at both bounds: 0)."""
    return ((x > min_val) & (x < max_val)).to(x.dtype)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-300, 301) / 100).requires_grad_()  # [-3, 3], step 0.01, holds ±1
y = F.hardtanh(x)
(dy,) = torch.autograd.grad(y.sum(), x)  # dy_i = Hardtanh'(x_i)
x, y = x.detach(), y.detach()
kink = torch.isin(x, torch.tensor(KINKS))

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: Hardtanh on [-3, 3], x inside [-1, 1], flat at {y[0]:g} and {y[-1]:g} outside. Right: "
    f"its derivative by autograd, {dy[300]:g} inside, {dy[0]:g} outside, dots for PyTorch's values "
    f"at x = -1 and 1: {dy[kink][0]:g} and {dy[kink][1]:g}"
))
f_ax.plot(x, y)
f_ax.set_title("Hardtanh(x)")
d_ax.plot(x, dy.masked_fill(kink, float("nan")))  # no vertical lines at the jumps
d_ax.plot(x[kink], dy[kink], "o", label="PyTorch at ±1")
d_ax.set_title("Hardtanh′(x), by autograd")
d_ax.legend(loc="center right")
for ax in (f_ax, d_ax):
    ax.set_xlabel("x")
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"\min(\max(x, -1), 1)", r"\mathbb{1}[-1 < x < 1]", "two comparisons")
# --8<-- [end:comparison]
