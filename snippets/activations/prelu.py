# Code embedded in docs/activations/prelu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = [0.0]  # PReLU has a corner at 0 (unless its weight is 1)
# At 0, forward mode (torch.func.jvp) returns 1 where reverse mode returns the weight.
FORWARD_MODE_DIFFERS = {0.0: 1.0}


def prelu_derivative(x, init=0.25):
    """d PReLU(x) / dx = 1 for x > 0, a for x <= 0, where a is the weight (`init` until
    training changes it). Reverse mode's value at 0 is a."""
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, init))
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn as nn

# Step 0.02 on [-4, 4]: 0 is an exact grid point.
x = (torch.arange(-200, 201) / 50).requires_grad_()
weights = [0.25, 0.05, 0.6]  # the default init first, then two values training might reach
styles = ["-", "--", ":"]

fig, (left, right) = plt.subplots(
    1, 2, figsize=(9.6, 3.8),
    num=(
        "Left: PReLU on [-4, 4] with weight a = 0.25 (the default init, solid), 0.05 (dashed) and "
        "0.6 (dotted): the identity for x > 0 and a line of slope a for x < 0. Right: the "
        "derivatives with respect to x by autograd (same line styles) with the analytic "
        "derivative (x markers): 1 for x > 0 and a for x < 0; at x = 0 filled markers show "
        "PyTorch's reverse-mode value, which is a, and an open marker the right-hand limit 1"
    ),
)
for a, style in zip(weights, styles):
    prelu = nn.PReLU(init=a)
    y = prelu(x)
    (autograd,) = torch.autograd.grad(y.sum(), x)  # dy_i/dx_i: each y_i depends on x_i only
    xs = x.detach()
    analytic = torch.where(xs > 0, 1.0, a)  # the formula: 1 for x > 0, a below
    at_kink = xs == 0
    kink_value = autograd[at_kink].item()  # what reverse mode returns at exactly x = 0

    (line,) = left.plot(xs, y.detach(), style, label=f"a = {a:g}")
    # Break the derivative curves at the kink so no vertical jump is drawn there.
    right.plot(xs, autograd.masked_fill(at_kink, float("nan")), style, color=line.get_color())
    right.plot(xs[::25], analytic.masked_fill(at_kink, float("nan"))[::25], "x",
               color=line.get_color(), markersize=5)
    right.plot([0], [kink_value], "o", color=line.get_color(), markersize=7)

# The line styles are in the left legend; the right legend explains the markers, in the default weight's colour (C0).
right.plot([], [], "x", color="C0", label="analytic, every 25th point")
right.plot([], [], "o", color="C0", label="reverse mode at 0")
right.plot([0], [1], "o", color="C0", markerfacecolor="none", markersize=7,
           label="right limit at 0: 1")
left.set_title("PReLU(x)")
right.set_title("d/dx by autograd (same line styles)")
for ax in (left, right):
    ax.set_xlabel("x")
left.set_ylabel("value")
right.set_ylabel("derivative")
_ = left.legend(loc="upper left", fontsize="small")
_ = right.legend(loc="lower right", fontsize="small")
# --8<-- [end:plot]
