# Code embedded in docs/activations/hardswish.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = [-3.0, 3.0]  # where the parabola x(x + 3)/6 meets 0 (left) and the identity (right)


def hardswish_derivative(x):
    """Hardswish'(x) = 0 for x <= -3, x/3 + 1/2 for -3 < x < 3, 1 for x >= 3.

    PyTorch's values at the kinks: 0 at x = -3 (the left-hand slope) and 1 at x = 3
    (the right-hand slope). Written in the order PyTorch's backward tests x.
    """
    return torch.where(x <= -3, torch.zeros_like(x), torch.where(x < 3, x / 3 + 0.5, torch.ones_like(x)))
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

# Step 0.02 on [-6, 6]: the grid holds the kinks -3 and 3 exactly.
x = (torch.arange(-300, 301) / 50).requires_grad_()
y = F.hardswish(x)
(autograd,) = torch.autograd.grad(y.sum(), x)  # dy_i/dx_i: each y_i depends on x_i only
x, y = x.detach(), y.detach()
# The formula above: 0, then x/3 + 1/2, then 1.
analytic = torch.where(x <= -3, torch.zeros_like(x), torch.where(x < 3, x / 3 + 0.5, torch.ones_like(x)))

# Break the derivative curves at the kinks, where the derivative jumps.
at_kink = (x == -3) | (x == 3)
kink_values = autograd[at_kink]  # what PyTorch returns at exactly x = -3 and x = 3
other_side = [-3 / 3 + 0.5, 3 / 3 + 0.5]  # the one-sided slopes of the middle piece: -0.5 and 1.5
autograd_curve = autograd.masked_fill(at_kink, float("nan"))
analytic_curve = analytic.masked_fill(at_kink, float("nan"))

fig, (left, right) = plt.subplots(
    1, 2, figsize=(11, 4.2),
    num=(
        "Left: Hardswish (solid) on [-6, 6]: 0 up to x = -3, a parabola dipping to -0.375 at "
        "x = -1.5, then the identity from x = 3; its derivative by autograd (dashed) and the "
        "analytic derivative (x markers) jump at both kinks; filled markers show PyTorch's values "
        f"{kink_values[0]:g} at x = -3 and {kink_values[1]:g} at x = 3, open markers the other "
        "one-sided values -0.5 and 1.5. Right: Hardswish (solid) and SiLU (dotted) with their "
        "derivatives (dashed and dash-dotted); the curves are close but SiLU is smooth"
    ),
)
left.plot(x, y, label="Hardswish(x)")
(line,) = left.plot(x, autograd_curve, "--", label="derivative by autograd")
left.plot(x[::25], analytic_curve[::25], "x", markersize=6, label="analytic derivative")
left.plot([-3, 3], kink_values, "o", color=line.get_color(), markersize=8,
          label=f"PyTorch at x = −3, 3: {kink_values[0]:g}, {kink_values[1]:g}")
left.plot([-3, 3], other_side, "o", color=line.get_color(), markerfacecolor="none", markersize=8,
          label=f"other one-sided values: {other_side[0]:g}, {other_side[1]:g}")
left.set_xlabel("x")
left.set_ylabel("value")
left.set_title("Hardswish and its derivative")
left.legend(loc="upper left", fontsize=8)

xs = x.clone().requires_grad_()
silu = F.silu(xs)
(silu_grad,) = torch.autograd.grad(silu.sum(), xs)
right.plot(x, y, label="Hardswish(x)")
right.plot(x, silu.detach(), ":", label="SiLU(x) = x σ(x)")
right.plot(x, autograd_curve, "--", label="Hardswish′(x)")
right.plot(x, silu_grad, "-.", label="SiLU′(x)")
right.set_xlabel("x")
right.set_ylabel("value")
right.set_title("Compared with SiLU")
right.legend(loc="upper left", fontsize=8)
fig.subplots_adjust(left=0.07, right=0.98, bottom=0.12, top=0.92, wspace=0.22)
# --8<-- [end:plot]
