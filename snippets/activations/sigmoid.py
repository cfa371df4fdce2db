# Code embedded in docs/activations/sigmoid.md (pymdownx.snippets sections).
# The `derivative` section is also imported by the test suite: keep its contract
# (KINKS, sigmoid_derivative) as described in the activation pages' brief.

# --8<-- [start:derivative]
import torch

KINKS = []  # sigmoid is smooth: differentiable everywhere, no kinks


def sigmoid_derivative(x):
    """σ'(x) = σ(x)(1 − σ(x)), computed from the output σ(x) as autograd does."""
    s = torch.sigmoid(x)
    return s * (1 - s)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch

x = (torch.arange(-400, 401) / 50).requires_grad_()  # [-8, 8], step 0.02, holds 0 exactly
y = torch.sigmoid(x)
# Each y[i] depends on x[i] only, so the gradient of y.sum() is σ'(x[i]) at every point.
y.sum().backward()
x, y, slope = x.detach(), y.detach(), x.grad
peak = int(slope.argmax())

fig, (left, right) = plt.subplots(
    1, 2, figsize=(8, 3),
    num=f"Left: the sigmoid, rising from {y[0]:.4f} at x = {x[0]:g} through {y[400]:g} at x = 0 "
    f"to {y[-1]:.4f} at x = {x[-1]:g}. Right: its derivative by autograd, a bump with its peak "
    f"{slope[peak]:g} at x = {x[peak]:g}, down to {slope[0]:.1e} at x = {x[0]:g} and {x[-1]:g}",
)
left.plot(x, y)
left.set_title("σ(x)")
right.plot(x, slope)
right.plot(x[peak], slope[peak], "o", label=f"σ′({x[peak]:g}) = {slope[peak]:g}")
right.set_title("σ′(x), by autograd")
right.legend(loc="upper left")
for ax in (left, right):
    ax.set_xlabel("x")
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"\frac{1}{1 + e^{-x}}", r"\sigma(x) (1 - \sigma(x))", "one exp")
# --8<-- [end:comparison]
