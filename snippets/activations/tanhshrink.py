# Code embedded in docs/activations/tanhshrink.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # Tanhshrink is smooth: differentiable everywhere, no kinks


def tanhshrink_derivative(x):
    """Tanhshrink'(x) = 1 − (1 − tanh²(x)) = tanh²(x)."""
    return torch.tanh(x) ** 2
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-4, 4, 401, requires_grad=True)
y = F.tanhshrink(x)
# Each y[i] depends on x[i] only, so the gradient of y.sum() is the
# elementwise derivative at every grid point, in one backward pass.
(autograd,) = torch.autograd.grad(y.sum(), x)
x, y = x.detach(), y.detach()
analytic = torch.tanh(x) ** 2  # the formula tanh²(x)

fig, ax = plt.subplots(
    num="Tanhshrink x - tanh(x) (solid) on [-4, 4]: flat near 0 and close to the lines x - 1 and "
    "x + 1 (dotted) far from 0; its derivative by autograd (dashed) and the formula tanh(x)^2 "
    "(dots) on top of it: 0 at x = 0, rising towards 1 on both sides"
)
ax.plot(x, y, label="Tanhshrink(x) = x − tanh(x)")
ax.plot(x, autograd, "--", label="derivative by autograd")
ax.plot(x[::16], analytic[::16], linestyle="none", marker="o", markersize=4, label="tanh²(x), formula")
right, left = x > 1, x < -1
(asymptote,) = ax.plot(x[right], x[right] - 1, ":", linewidth=1.5, label="asymptotes x − 1 and x + 1")
ax.plot(x[left], x[left] + 1, ":", linewidth=1.5, color=asymptote.get_color())
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.set_title("Tanhshrink and its derivative")
_ = ax.legend(loc="upper left", fontsize=9)
# --8<-- [end:plot]
