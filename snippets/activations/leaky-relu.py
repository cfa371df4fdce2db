# Code embedded in docs/activations/leaky-relu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# The `kinks` section (inside `derivative`) is embedded on its own in At a glance,
# so that the figure and the kink's gradient there use the same KINKS.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = [0.0]  # LeakyReLU has a corner at 0 (unless negative_slope == 1, when it is the identity)
# --8<-- [end:kinks]


def leaky_relu_derivative(x, negative_slope=0.01):
    """LeakyReLU'(x) = 1 for x > 0, negative_slope for x <= 0 (PyTorch's value at 0: negative_slope)."""
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, negative_slope))
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-200, 201) / 100).requires_grad_()  # [-2, 2] in steps of 0.01, 0 exactly
xs = x.detach()
at_kink = torch.isin(xs, torch.tensor(KINKS))
curves = {}  # negative slope: (f, f' by autograd)
for slope in (0.01, 0.2):  # the default, and DCGAN's
    y = F.leaky_relu(x, slope)
    (dy,) = torch.autograd.grad(y.sum(), x)  # each y_i depends on x_i only: dy_i = f'(x_i)
    curves[slope] = (y.detach(), dy)

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: LeakyReLU on [-2, 2] with negative slopes {' (solid) and '.join(f'{s:g}' for s in curves)} "
    "(dashed), equal to x for x > 0. Right: their derivatives by autograd, with a dot at x = 0 for "
    "PyTorch's value; "
    + "; ".join(f"slope {s:g}: {dy[0]:.3g} for x < 0, {dy[-1]:g} for x > 0, {dy[at_kink][0]:.3g} at 0"
                for s, (y, dy) in curves.items())
))
for (slope, (y, dy)), style in zip(curves.items(), ["-", "--"]):
    (line,) = f_ax.plot(xs, y, style, label=f"slope {slope:g}")
    d_ax.plot(xs, dy.masked_fill(at_kink, float("nan")), style)  # no vertical line at the jump
    d_ax.plot(xs[at_kink], dy[at_kink], "o", color=line.get_color())
f_ax.set_title("LeakyReLU(x)")
f_ax.legend(loc="upper left")
d_ax.set_title("LeakyReLU′(x), by autograd (dots: x = 0)")
for ax in (f_ax, d_ax):
    ax.set_xlabel("x")
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"\max(0, x) + s \min(0, x)", r"1 \text{ or } s", "a comparison, a multiply")
# --8<-- [end:comparison]
