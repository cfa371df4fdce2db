# Code embedded in docs/activations/log-sigmoid.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # LogSigmoid is smooth: differentiable everywhere, no kinks


def log_sigmoid_derivative(x):
    """LogSigmoid'(x) = 1 − σ(x) = σ(−x), computed as σ(−x): no cancellation."""
    return torch.sigmoid(-x)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-300, 301) / 50).requires_grad_()  # x[300] = 0
y = F.logsigmoid(x)
(dy,) = torch.autograd.grad(y.sum(), x)
x, y = x.detach(), y.detach()

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: LogSigmoid on [{x[0]:g}, {x[-1]:g}], near the dotted line y = x on the left, {y[-1]:.3f} "
    f"at the right. Right: its derivative by autograd, from {dy[0]:.3f} through {dy[300]:g} to {dy[-1]:.3f}"
))
f_ax.plot(x, y)
f_ax.plot(x[:250], x[:250], ":")
f_ax.set_title("log σ(x)")
d_ax.plot(x, dy)
d_ax.plot(0, dy[300], "o", label=f"at 0: {dy[300]:g}")
d_ax.set_title("its derivative, by autograd")
d_ax.legend()
for ax in (f_ax, d_ax):
    ax.set_xlabel("x")
    ax.locator_params(nbins=4)
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"\log \sigma(x)", r"1 - \sigma(x)", "exp and log")
# --8<-- [end:comparison]
