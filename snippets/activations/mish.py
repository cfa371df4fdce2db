# Code embedded in docs/activations/mish.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # Mish is smooth: differentiable everywhere, no kinks


def mish_derivative(x):
    """Mish'(x) = tanh(sp(x)) + x σ(x) (1 − tanh²(sp(x))), sp(x) = log(1 + eˣ)."""
    t = torch.tanh(torch.log1p(torch.exp(x)))  # tanh(softplus(x)), as PyTorch computes it
    return t + x * torch.sigmoid(x) * (1 - t * t)
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-6, 6, 401, requires_grad=True)
y = F.mish(x)
# Each y[i] depends on x[i] only, so the gradient of y.sum() is the
# elementwise derivative Mish'(x[i]) at every grid point, in one backward pass.
y.sum().backward()
x, y, autograd = x.detach(), y.detach(), x.grad

g = torch.tanh(F.softplus(x))                   # the gate tanh(softplus(x))
analytic = g + x * torch.sigmoid(x) * (1 - g**2)  # the formula for Mish'(x)
s = torch.sigmoid(x)
silu, silu_derivative = x * s, s * (1 + x * (1 - s))
low = int(y.argmin())  # grid point nearest the minimum of Mish

fig, ax = plt.subplots(
    num=(
        "Mish (solid) on [-6, 6] with SiLU (dotted) for comparison: both dip below zero and "
        f"then grow like x; Mish's minimum, about {y[low]:.2f} near x = {x[low]:.2f}, is a little "
        "deeper. Mish's derivative by autograd (dashed) and the formula (dots) on top of it "
        f"pass {autograd[200]:.1f} at x = 0 (SiLU's derivative, dash-dotted: 0.5), peak above 1 "
        "and settle to 1"
    )
)
ax.plot(x, y, label="Mish(x) = x·tanh(softplus(x))")
ax.plot(x, autograd, "--", label="Mish′(x) by autograd")
ax.plot(x[::16], analytic[::16], linestyle="none", marker="o", markersize=4,
        label="Mish′(x), formula")
ax.plot(x, silu, ":", label="SiLU(x), for comparison")
ax.plot(x, silu_derivative, "-.", label="SiLU′(x)")
ax.plot(x[low], y[low], linestyle="none", marker="*", markersize=11,
        label=f"minimum of Mish near x = {x[low]:.2f}")
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.set_title("Mish and its derivative, with SiLU")
_ = ax.legend(loc="upper left")
# --8<-- [end:plot]
