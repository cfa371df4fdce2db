# Code embedded in docs/activations/softshrink.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# The `kinks` section (inside `derivative`) is embedded on its own in At a glance,
# so that the figure and the kinks' gradients there use the same KINKS.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = [-0.5, 0.5]  # corners at ±lambd (default 0.5)
# --8<-- [end:kinks]


def softshrink_derivative(x, lambd=0.5):
    """Softshrink'(x) = 1 where |x| > lambd, else 0 (PyTorch's value at x = ±lambd: 0)."""
    return (x.abs() > lambd).to(x.dtype)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-200, 201) / 100).requires_grad_()  # [-2, 2], step 0.01, holds ±0.5
y = F.softshrink(x)
(dy,) = torch.autograd.grad(y.sum(), x)  # dy_i = Softshrink'(x_i)
x, y = x.detach(), y.detach()
kink = torch.isin(x, torch.tensor(KINKS))

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: Softshrink on [-2, 2], {y[200]:g} on [-0.5, 0.5], x ∓ 0.5 outside. Right: its "
    f"derivative by autograd, {dy[200]:g} inside, {dy[0]:g} outside, dots for PyTorch's values at "
    f"the corners x = ±0.5: {dy[kink].tolist()}"
))
f_ax.plot(x, y)
f_ax.set_title("Softshrink(x), λ = 0.5")
d_ax.plot(x, dy.masked_fill(kink, float("nan")))  # no vertical lines at the jumps
d_ax.plot(x[kink], dy[kink], "o", label="PyTorch at ±0.5")
d_ax.set_title("Softshrink′(x), by autograd")
d_ax.legend(loc="center right")
for ax in (f_ax, d_ax):
    ax.set_xlabel("x")
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (
    r"x - \lambda \operatorname{sign}(x) \text{ if } \lvert x \rvert > \lambda",
    r"\mathbb{1}[\lvert x \rvert > \lambda]",
    "a comparison",
)
# --8<-- [end:comparison]
