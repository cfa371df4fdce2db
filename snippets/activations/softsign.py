# Code embedded in docs/activations/softsign.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # |x| has a corner at 0, but x / (1 + |x|) is differentiable there (slope 1)


def softsign_derivative(x):
    """Softsign'(x) = 1 / (1 + |x|)², continuous everywhere (1 at x = 0)."""
    return 1 / (1 + x.abs()) ** 2
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-6, 6, 401, requires_grad=True)
y = F.softsign(x)
# Each y[i] depends on x[i] only, so the gradient of y.sum() is the
# elementwise derivative at every grid point, in one backward pass.
y.sum().backward()
x, y, autograd = x.detach(), y.detach(), x.grad
analytic = 1 / (1 + x.abs()) ** 2  # the formula 1 / (1 + |x|)²

fig, ax = plt.subplots(
    num=(
        "Softsign (solid) on [-6, 6] rising from near -1 to near 1, more slowly than tanh "
        f"(dotted): at x = 6 softsign is {y[-1]:.3f}, tanh {torch.tanh(x[-1]):.5f}. Its derivative by "
        "autograd (dashed) and the formula 1/(1 + |x|)^2 (dots) form a sharp peak of "
        f"{autograd[200]:.0f} at x = 0 with long tails; tanh's derivative (dash-dotted) is a "
        "rounded bump that dies out quickly"
    )
)
ax.plot(x, y, label="softsign(x)")
ax.plot(x, autograd, "--", label="derivative by autograd")
ax.plot(x[::16], analytic[::16], linestyle="none", marker="o", markersize=4,
        label="1 / (1 + |x|)², formula")
ax.plot(x, torch.tanh(x), ":", label="tanh(x), for comparison")
ax.plot(x, 1 - torch.tanh(x) ** 2, "-.", label="tanh′(x)")
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.set_title("Softsign and its derivative, with tanh")
_ = ax.legend(loc="upper left")
# --8<-- [end:plot]


# --8<-- [start:saturation]
import matplotlib.pyplot as plt
import torch

# The exact derivatives, in float64. (Autograd's tanh derivative, 1 - tanh(x)², is
# computed from a rounded tanh(x) and becomes exactly 0 before x = 20 even in float64.)
x = torch.linspace(0, 20, 401, dtype=torch.float64)
d_softsign = 1 / (1 + x) ** 2
d_tanh = 1 / torch.cosh(x) ** 2

fig, ax = plt.subplots(
    num=(
        "Derivatives of softsign (solid) and tanh (dashed) for x from 0 to 20 on a logarithmic "
        "scale: tanh's falls along a straight line (exponential decay) to about "
        f"{d_tanh[-1]:.0e} at x = 20, softsign's bends (polynomial decay) and is still "
        f"{d_softsign[-1]:.1e} there"
    )
)
ax.semilogy(x, d_softsign, label="softsign′(x) = 1 / (1 + x)²")
ax.semilogy(x, d_tanh, "--", label="tanh′(x) = 1 / cosh²(x)")
ax.set_xlabel("x")
ax.set_ylabel("derivative (log scale)")
ax.yaxis.set_major_formatter("{x:.0e}")  # plain tick labels such as 1e-08
ax.set_title("Softsign saturates polynomially, tanh exponentially")
_ = ax.legend(loc="lower left")
# --8<-- [end:saturation]
