# Code embedded in docs/activations/softplus.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# The `kinks` section (inside `derivative`) is embedded on its own in At a glance,
# so that the figure and the gradient shown there use the same KINKS.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = [20.0]  # beyond the default threshold PyTorch returns x: a jump of about 2e-9
# --8<-- [end:kinks]


def softplus_derivative(x, beta=1.0, threshold=20.0):
    """σ(βx) = z / (z + 1) with z = exp(βx) where βx <= threshold; 1 above it (the identity)."""
    z = torch.exp(x * beta)
    return torch.where(x * beta > threshold, torch.ones_like(x), z / (z + 1))
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-250, 1051) / 50).requires_grad_()  # holds 0 and 20
y = F.softplus(x)
(dy,) = torch.autograd.grad(y.sum(), x)
x, y = x.detach(), y.detach()
k = torch.isin(x, torch.tensor(KINKS))

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: softplus on [{x[0]:g}, {x[-1]:g}], {y[250]:.3f} at 0, near ReLU (dotted) elsewhere. Right: "
    f"its derivative by autograd, from {dy[0]:.4f} to {dy[-1]:g}; a dot at {x[k][0]:g}: {dy[k][0]:g}"
))
f_ax.plot(x, y)
f_ax.plot(x, torch.relu(x), ":")
f_ax.set_title("softplus(x)")
d_ax.plot(x, dy)
d_ax.plot(x[k], dy[k], "o", label=f"PyTorch at {x[k][0]:g}: {dy[k][0]:g}")
d_ax.set_title("its derivative, by autograd")
d_ax.legend(loc="center right")
for ax in (f_ax, d_ax):
    ax.set_xlabel("x")
    ax.locator_params(nbins=4)
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"\frac{1}{\beta} \log(1 + e^{\beta x})", r"\sigma(\beta x)", "exp and log")
# --8<-- [end:comparison]
