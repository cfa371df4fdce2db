# Code embedded in docs/activations/relu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = [0.0]  # ReLU has a corner at 0: not differentiable there


def relu_derivative(x):
    """ReLU'(x) = 1 where x > 0, else 0 (PyTorch's choice at the kink x = 0 is 0)."""
    return (x > 0).to(x.dtype)
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch

# An exact 0 on the grid (torch.linspace(-2, 2, 401) misses it by rounding).
x = (torch.arange(-200, 201) / 100).requires_grad_()
y = torch.relu(x)
(autograd,) = torch.autograd.grad(y.sum(), x)  # dy_i/dx_i: each y_i depends on x_i only

x, y = x.detach(), y.detach()
analytic = (x > 0).float()  # 1[x > 0], the formula above

# Break the derivative curves at the kink so no vertical jump is drawn there.
at_kink = x == 0
kink_value = autograd[at_kink].item()  # what PyTorch returns at exactly x = 0
autograd_curve = autograd.masked_fill(at_kink, float("nan"))
analytic_curve = analytic.masked_fill(at_kink, float("nan"))

fig, ax = plt.subplots(
    num=(
        "ReLU (solid) on [-2, 2] with its derivative by autograd (dashed) and the "
        "analytic derivative (x markers): 0 for x < 0 and 1 for x > 0; at the kink x = 0 "
        f"a filled marker shows PyTorch's value {kink_value:g} and an open marker "
        "the right-hand limit 1"
    )
)
ax.plot(x, y, label="ReLU(x)")
(line,) = ax.plot(x, autograd_curve, "--", label="derivative by autograd")
ax.plot(x[::20], analytic_curve[::20], "x", markersize=6, label="analytic 1[x > 0]")
ax.plot([0], [kink_value], "o", color=line.get_color(), markersize=8,
        label=f"PyTorch at x = 0: {kink_value:g}")
ax.plot([0], [1], "o", color=line.get_color(), markerfacecolor="none", markersize=8,
        label="right-hand limit at x = 0: 1")
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.set_title("ReLU and its derivative")
_ = ax.legend(loc="upper left")
# --8<-- [end:plot]
