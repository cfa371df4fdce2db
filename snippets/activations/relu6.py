# Code embedded in docs/activations/relu6.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = [0.0, 6.0]  # ReLU6 has a corner where it starts rising (0) and one where it stops (6)


def relu6_derivative(x):
    """ReLU6'(x) = 1 for 0 < x < 6, else 0 (PyTorch's value at both corners, 0 and 6, is 0)."""
    return ((x > 0) & (x < 6)).to(x.dtype)
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

# Step 0.025 on [-2, 8]: both corners, 0 and 6, are exact grid points.
x = (torch.arange(-80, 321) / 40).requires_grad_()
y = F.relu6(x)
(autograd,) = torch.autograd.grad(y.sum(), x)  # dy_i/dx_i: each y_i depends on x_i only

x, y = x.detach(), y.detach()
analytic = ((x > 0) & (x < 6)).float()  # 1[0 < x < 6], the formula above

# Break the derivative curves at the corners so no vertical jump is drawn there.
at_kink = (x == 0) | (x == 6)
at_0, at_6 = autograd[x == 0].item(), autograd[x == 6].item()  # PyTorch's values there
autograd_curve = autograd.masked_fill(at_kink, float("nan"))
analytic_curve = analytic.masked_fill(at_kink, float("nan"))

fig, ax = plt.subplots(
    num=(
        "ReLU6 (solid) on [-2, 8], 0 below 0, equal to x between 0 and 6, and 6 above 6, "
        "with its derivative by autograd (dashed) and the analytic derivative (x markers): "
        "1 between 0 and 6 and 0 outside; filled markers show PyTorch's value at the corners, "
        f"{at_0:g} at x = 0 and {at_6:g} at x = 6, open markers the other one-sided value 1"
    )
)
ax.plot(x, y, label="ReLU6(x)")
(line,) = ax.plot(x, autograd_curve, "--", label="derivative by autograd")
ax.plot(x[::20], analytic_curve[::20], "x", markersize=6, label="analytic 1[0 < x < 6]")
ax.plot([0, 6], [at_0, at_6], "o", color=line.get_color(), markersize=8,
        label=f"PyTorch at x = 0 and x = 6: {at_0:g}, {at_6:g}")
ax.plot([0, 6], [1, 1], "o", color=line.get_color(), markerfacecolor="none", markersize=8,
        label="right limit at 0, left limit at 6: 1")
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.set_title("ReLU6 and its derivative")
_ = ax.legend(loc="upper left", fontsize="small")
# --8<-- [end:plot]
