# Code embedded in docs/activations/relu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# The `kinks` section (inside `derivative`) is embedded on its own in At a glance,
# so that the figure and the kink's gradient there use the same KINKS.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = [0.0]  # ReLU has a corner at 0: not differentiable there
# --8<-- [end:kinks]


def relu_derivative(x):
    """ReLU'(x) = 1 where x > 0, else 0 (PyTorch's choice at the kink x = 0 is 0)."""
    return (x > 0).to(x.dtype)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch

x = (torch.arange(-200, 201) / 100).requires_grad_()  # [-2, 2] in steps of 0.01, 0 exactly
y = torch.relu(x)
(dy,) = torch.autograd.grad(y.sum(), x)  # each y_i depends on x_i only: dy_i = ReLU'(x_i)
x, y = x.detach(), y.detach()
at_kink = torch.isin(x, torch.tensor(KINKS))

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: ReLU on [-2, 2], {y[0]:g} for x < 0 and equal to x for x > 0. Right: its derivative "
    f"by autograd, {dy[0]:g} for x < 0 and {dy[-1]:g} for x > 0, with a dot at x = 0 for "
    f"PyTorch's value there, {dy[at_kink][0]:g}"
))
f_ax.plot(x, y)
f_ax.set_title("ReLU(x)")
d_ax.plot(x, dy.masked_fill(at_kink, float("nan")))  # no vertical line at the jump
d_ax.plot(x[at_kink], dy[at_kink], "o", label=f"PyTorch at 0: {dy[at_kink][0]:g}")
d_ax.set_title("ReLU′(x), by autograd")
d_ax.legend(loc="center left")
for ax in (f_ax, d_ax):
    ax.set_xlabel("x")
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"\max(0, x)", r"\mathbb{1}[x > 0]", "a comparison")
# --8<-- [end:comparison]
