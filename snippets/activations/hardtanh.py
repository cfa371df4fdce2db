# Code embedded in docs/activations/hardtanh.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = [-1.0, 1.0]  # corners at min_val and max_val (the defaults -1 and 1)


def hardtanh_derivative(x, min_val=-1.0, max_val=1.0):
    """Hardtanh'(x) = 1 for min_val < x < max_val, else 0 (PyTorch's value at both bounds: 0).

    Written as PyTorch's backward tests it (0 where x <= min_val or x >= max_val),
    so it agrees with autograd even for NaN.
    """
    outside = (x <= min_val) | (x >= max_val)
    return (~outside).to(x.dtype)
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

# Step 0.01 on [-3, 3]: the grid holds every bound used below exactly.
x = (torch.arange(-300, 301) / 100).requires_grad_()
y = F.hardtanh(x)
(autograd,) = torch.autograd.grad(y.sum(), x)  # dy_i/dx_i: each y_i depends on x_i only
x, y = x.detach(), y.detach()
analytic = ((x > -1) & (x < 1)).float()  # 1[-1 < x < 1], the formula above

# Break the derivative curves at the kinks so no vertical jump is drawn there.
at_kink = (x == -1) | (x == 1)
kink_values = autograd[at_kink]  # what PyTorch returns at exactly x = -1 and x = 1
autograd_curve = autograd.masked_fill(at_kink, float("nan"))
analytic_curve = analytic.masked_fill(at_kink, float("nan"))

fig, (left, right) = plt.subplots(
    1, 2, figsize=(11, 4.2),
    num=(
        "Left: Hardtanh (solid) on [-3, 3], flat at -1 and 1, with its derivative by autograd "
        "(dashed) and the analytic derivative (x markers): 1 between the bounds, 0 outside; at the "
        f"kinks x = -1 and x = 1 filled markers show PyTorch's values {kink_values[0]:g} and "
        f"{kink_values[1]:g} and open markers the other one-sided value 1. Right: Hardtanh "
        "for the bounds (-1, 1), (-2, 2), (-0.5, 0.5) and (0, 2)"
    ),
)
left.plot(x, y, label="Hardtanh(x)")
(line,) = left.plot(x, autograd_curve, "--", label="derivative by autograd")
left.plot(x[::20], analytic_curve[::20], "x", markersize=6, label="analytic 1[−1 < x < 1]")
left.plot([-1, 1], kink_values, "o", color=line.get_color(), markersize=8,
          label=f"PyTorch at x = ±1: {kink_values[0]:g}, {kink_values[1]:g}")
left.plot([-1, 1], [1, 1], "o", color=line.get_color(), markerfacecolor="none", markersize=8,
          label="other one-sided value: 1")
left.set_xlabel("x")
left.set_ylabel("value")
left.set_title("Hardtanh (bounds −1, 1) and its derivative")
left.legend(loc="lower right", fontsize=8)

for (low, high), style in zip([(-1, 1), (-2, 2), (-0.5, 0.5), (0, 2)], ["-", "--", ":", "-."]):
    right.plot(x, F.hardtanh(x, low, high), style, label=f"min_val = {low:g}, max_val = {high:g}")
right.set_xlabel("x")
right.set_ylabel("Hardtanh(x)")
right.set_title("Other bounds: slope 1 between them")
right.legend(loc="upper left", fontsize=8)
fig.subplots_adjust(left=0.07, right=0.98, bottom=0.12, top=0.92, wspace=0.22)
# --8<-- [end:plot]
