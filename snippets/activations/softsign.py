# Code embedded in docs/activations/softsign.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# The `kinks` section (inside `derivative`) is embedded on its own in At a glance.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = []  # |x| has a corner at 0, but x / (1 + |x|) is differentiable there
# --8<-- [end:kinks]


def softsign_derivative(x):
    """Softsign'(x) = 1 / (1 + |x|)², continuous everywhere (1 at x = 0)."""
    return 1 / (1 + x.abs()) ** 2
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-600, 601) / 100).requires_grad_()  # [-6, 6], step 0.01, holds 0
y = F.softsign(x)
(dy,) = torch.autograd.grad(y.sum(), x)  # dy_i = Softsign'(x_i)
t = torch.tanh(x.detach())
x, y = x.detach(), y.detach()

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: Softsign on [-6, 6] (solid), reaching {y[-1]:.2f} at x = 6, next to tanh (dotted), "
    f"already {t[-1]:.5f}. Right: their derivatives; Softsign's by autograd peaks at {dy[600]:g} "
    f"at x = 0 with a sharp tip and long tails ({dy[-1]:.3f} at x = 6), tanh's dies out quickly"
))
f_ax.plot(x, y, label="Softsign")
f_ax.plot(x, t, ":", label="tanh")
f_ax.set_title("Softsign(x)")
f_ax.legend(loc="upper left")
d_ax.plot(x, dy)
d_ax.plot(x, 1 - t**2, ":")
d_ax.set_title("Softsign′(x), by autograd")
for ax in (f_ax, d_ax):
    ax.set_xlabel("x")
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"\frac{x}{1 + \lvert x \rvert}", r"\frac{1}{(1 + \lvert x \rvert)^{2}}", "a division")
# --8<-- [end:comparison]
