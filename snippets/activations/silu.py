# Code embedded in docs/activations/silu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # SiLU is smooth: differentiable everywhere, no kinks


def silu_derivative(x):
    """SiLU'(x) = σ(x)(1 + x(1 − σ(x))), the form PyTorch's backward computes."""
    s = torch.sigmoid(x)
    return s * (1 + x * (1 - s))
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-6, 6, 401, requires_grad=True)
y = F.silu(x)
# Each y[i] depends on x[i] only, so the gradient of y.sum() is the
# elementwise derivative SiLU'(x[i]) at every grid point, in one backward pass.
y.sum().backward()

x, y, autograd = x.detach(), y.detach(), x.grad
s = torch.sigmoid(x)
analytic = s * (1 + x * (1 - s))  # the formula σ(x)(1 + x(1 − σ(x)))
low = int(y.argmin())  # grid point nearest the minimum of SiLU
top = int(autograd.argmax())  # grid point nearest the peak of the derivative

fig, ax = plt.subplots(
    num=(
        "SiLU (solid) on [-6, 6]: it dips below zero to a minimum of about "
        f"{y[low]:.2f} near x = {x[low]:.2f}, then grows like x; ReLU (dotted) for comparison; "
        "its derivative by autograd (dashed) and the formula (dots) on top of it are slightly "
        "negative left of the minimum, cross 0 there, pass "
        f"{autograd[200]:.1f} at x = 0 and peak at {autograd[top]:.2f} "
        f"near x = {x[top]:.1f}, then settle to 1 from above"
    )
)
ax.plot(x, y, label="SiLU(x) = x·σ(x)")
ax.plot(x, autograd, "--", label="SiLU′(x) by autograd")
ax.plot(x[::16], analytic[::16], linestyle="none", marker="o", markersize=4,
        label="σ(x)(1 + x(1 − σ(x))), formula")
ax.plot(x, torch.relu(x), ":", label="ReLU(x), for comparison")
ax.plot(x[low], y[low], linestyle="none", marker="*", markersize=11,
        label=f"minimum of SiLU near x = {x[low]:.2f}")
ax.plot(x[top], autograd[top], linestyle="none", marker="^", markersize=8,
        label=f"peak of SiLU′: {autograd[top]:.3f}")
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.set_title("SiLU and its derivative")
_ = ax.legend(loc="upper left")
# --8<-- [end:plot]
