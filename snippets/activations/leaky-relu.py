# Code embedded in docs/activations/leaky-relu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = [0.0]  # LeakyReLU has a corner at 0 (unless negative_slope == 1, when it is the identity)


def leaky_relu_derivative(x, negative_slope=0.01):
    """LeakyReLU'(x) = 1 for x > 0, negative_slope for x <= 0 (PyTorch's value at 0: negative_slope)."""
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, negative_slope))
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

# Step 0.02 on [-4, 4]: 0 is an exact grid point.
x = (torch.arange(-200, 201) / 50).requires_grad_()
slopes = [0.01, 0.1, 0.3]  # the default first
styles = ["-", "--", ":"]

fig, (left, right) = plt.subplots(
    1, 2, figsize=(9.6, 3.8),
    num=(
        "Left: LeakyReLU on [-4, 4] for negative slopes 0.01 (the default, solid), 0.1 (dashed) "
        "and 0.3 (dotted): the identity for x > 0 and a line of that slope for x < 0. Right: their "
        "derivatives by autograd (same line styles) with the analytic derivative (x markers): "
        "1 for x > 0 and the negative slope for x < 0; at x = 0 filled markers show PyTorch's "
        "value, which is the negative slope, and an open marker the right-hand limit 1"
    ),
)
for slope, style in zip(slopes, styles):
    y = F.leaky_relu(x, negative_slope=slope)
    (autograd,) = torch.autograd.grad(y.sum(), x)  # dy_i/dx_i: each y_i depends on x_i only
    xs = x.detach()
    analytic = torch.where(xs > 0, 1.0, slope)  # the formula: 1 for x > 0, negative_slope below
    at_kink = xs == 0
    kink_value = autograd[at_kink].item()  # what PyTorch returns at exactly x = 0

    (line,) = left.plot(xs, y.detach(), style, label=f"negative_slope = {slope:g}")
    # Break the derivative curves at the kink so no vertical jump is drawn there.
    right.plot(xs, autograd.masked_fill(at_kink, float("nan")), style, color=line.get_color())
    right.plot(xs[::25], analytic.masked_fill(at_kink, float("nan"))[::25], "x",
               color=line.get_color(), markersize=5)
    right.plot([0], [kink_value], "o", color=line.get_color(), markersize=7)

# The line styles are in the left legend; the right legend explains the markers, in the default slope's colour (C0).
right.plot([], [], "x", color="C0", label="analytic, every 25th point")
right.plot([], [], "o", color="C0", label="PyTorch at 0")
right.plot([0], [1], "o", color="C0", markerfacecolor="none", markersize=7,
           label="right limit at 0: 1")
left.set_title("LeakyReLU(x)")
right.set_title("derivative by autograd (same line styles)")
for ax in (left, right):
    ax.set_xlabel("x")
left.set_ylabel("value")
right.set_ylabel("derivative")
_ = left.legend(loc="upper left", fontsize="small")
_ = right.legend(loc="center right", fontsize="small")
# --8<-- [end:plot]
