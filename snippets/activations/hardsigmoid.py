# Code embedded in docs/activations/hardsigmoid.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = [-3.0, 3.0]  # corners where the ramp x/6 + 1/2 meets 0 and 1

# PyTorch's backward multiplies by 1/6 rounded to float32, even for float64 tensors.
ONE_SIXTH = torch.tensor(1 / 6, dtype=torch.float32).item()


def hardsigmoid_derivative(x):
    """Hardsigmoid'(x) = 1/6 for -3 < x < 3, else 0 (PyTorch's value at x = -3 and x = 3: 0).

    Written as PyTorch's backward computes it: 1/6 (as a float32 constant) only
    where x > -3 and x < 3.
    """
    inside = (x > -3) & (x < 3)
    return inside.to(x.dtype) * ONE_SIXTH
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

# Step 0.02 on [-6, 6]: the grid holds the kinks -3 and 3 exactly.
x = (torch.arange(-300, 301) / 50).requires_grad_()
y = F.hardsigmoid(x)
(autograd,) = torch.autograd.grad(y.sum(), x)  # dy_i/dx_i: each y_i depends on x_i only
x, y = x.detach(), y.detach()
analytic = ((x > -3) & (x < 3)).float() / 6  # (1/6) 1[-3 < x < 3], the formula above

# Break the derivative curves at the kinks so no vertical jump is drawn there.
at_kink = (x == -3) | (x == 3)
kink_values = autograd[at_kink]  # what PyTorch returns at exactly x = -3 and x = 3
autograd_curve = autograd.masked_fill(at_kink, float("nan"))
analytic_curve = analytic.masked_fill(at_kink, float("nan"))

fig, (left, right) = plt.subplots(
    1, 2, figsize=(11, 4.2),
    num=(
        "Left: Hardsigmoid (solid) on [-6, 6], a ramp from 0 at x = -3 to 1 at x = 3, with its "
        "derivative by autograd (dashed) and the analytic derivative (x markers): 1/6 on the ramp, "
        f"0 outside; at the kinks filled markers show PyTorch's values {kink_values[0]:g} and "
        f"{kink_values[1]:g} and open markers the other one-sided value 1/6. Right: Hardsigmoid "
        "(solid) and sigmoid (dotted) with their derivatives (dashed and dash-dotted); the "
        "sigmoid's derivative peaks at 1/4, higher than the ramp's 1/6"
    ),
)
left.plot(x, y, label="Hardsigmoid(x)")
(line,) = left.plot(x, autograd_curve, "--", label="derivative by autograd")
left.plot(x[::25], analytic_curve[::25], "x", markersize=6, label="analytic (1/6) 1[−3 < x < 3]")
left.plot([-3, 3], kink_values, "o", color=line.get_color(), markersize=8,
          label=f"PyTorch at x = ±3: {kink_values[0]:g}, {kink_values[1]:g}")
left.plot([-3, 3], [1 / 6, 1 / 6], "o", color=line.get_color(), markerfacecolor="none", markersize=8,
          label="other one-sided value: 1/6")
left.set_xlabel("x")
left.set_ylabel("value")
left.set_title("Hardsigmoid and its derivative")
left.legend(loc="upper left", fontsize=8)

s = torch.sigmoid(x)
right.plot(x, y, label="Hardsigmoid(x)")
right.plot(x, s, ":", label="σ(x)")
right.plot(x, autograd_curve, "--", label="Hardsigmoid′(x)")
right.plot(x, s * (1 - s), "-.", label="σ′(x)")
right.set_xlabel("x")
right.set_ylabel("value")
right.set_title("Compared with the sigmoid")
right.legend(loc="upper left", fontsize=8)
fig.subplots_adjust(left=0.07, right=0.98, bottom=0.12, top=0.92, wspace=0.22)
# --8<-- [end:plot]
