# Code embedded in docs/activations/tanhshrink.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# The `kinks` section (inside `derivative`) is embedded on its own in At a glance.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = []  # Tanhshrink is smooth: differentiable everywhere, no kinks
# --8<-- [end:kinks]


def tanhshrink_derivative(x):
    """Tanhshrink'(x) = 1 − (1 − tanh²(x)) = tanh²(x)."""
    return torch.tanh(x) ** 2
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-400, 401) / 100).requires_grad_()  # [-4, 4], step 0.01, holds 0
y = F.tanhshrink(x)
(dy,) = torch.autograd.grad(y.sum(), x)  # dy_i = Tanhshrink'(x_i)
x, y = x.detach(), y.detach()

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: Tanhshrink on [-4, 4] (solid), flat near 0 and close to the lines x - 1 and x + 1 "
    f"(dotted) far from 0, {y[-1]:.3f} at x = 4. Right: its derivative by autograd, {dy[400]:g} "
    f"at x = 0 and rising to {dy[-1]:.3f} at x = ±4"
))
f_ax.plot(x, y)
f_ax.plot(x[x > 1], x[x > 1] - 1, ":", color="C1")
f_ax.plot(x[x < -1], x[x < -1] + 1, ":", color="C1")
f_ax.set_title("Tanhshrink(x)")
d_ax.plot(x, dy)
d_ax.set_title("Tanhshrink′(x), by autograd")
for ax in (f_ax, d_ax):
    ax.set_xlabel("x")
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"x - \tanh(x)", r"\tanh^{2}(x)", "tanh")
# --8<-- [end:comparison]
