# Code embedded in docs/activations/elu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

# With the default alpha = 1 both branches of ELU' give 1 at x = 0 (autograd: 1 there and
# on both sides), so ELU is differentiable everywhere: no kink. Only its SECOND derivative
# jumps at 0. For alpha != 1 the slopes alpha (left) and 1 (right) differ: a kink at 0.
KINKS = []


def elu_derivative(x, alpha=1.0):
    """ELU'(x) = 1 for x > 0, alpha * exp(x) for x <= 0 (PyTorch's value at 0: alpha, the left branch)."""
    return torch.where(x <= 0, alpha * torch.exp(x), torch.ones_like(x))
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

# A grid with an exact 0 on it (step 0.01 on [-3, 2]).
x = (torch.arange(-300, 201) / 100).requires_grad_()
at_zero = x.detach() == 0
xs = x.detach()


def elu_and_slope(alpha):
    y = F.elu(x, alpha=alpha)
    (slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: the sum's gradient is ELU'(x_i)
    return y.detach(), slope


y1, slope1 = elu_and_slope(1.0)
analytic1 = torch.where(xs > 0, torch.ones_like(xs), torch.exp(xs))  # 1 or alpha * e^x, alpha = 1
alphas = [0.5, 2.0]
at_0 = {alpha: elu_and_slope(alpha)[1][at_zero].item() for alpha in [1.0] + alphas}

fig, (left, right) = plt.subplots(
    1, 2, figsize=(10, 4),
    num=(
        "ELU on [-3, 2]. Left, alpha = 1: the function (solid), its derivative by autograd "
        "(dashed) and the analytic derivative (x markers), which rises smoothly to 1 and stays 1 "
        f"for x > 0; PyTorch's derivative at 0 is {at_0[1.0]:g}. Right, alpha = 0.5 and 2: "
        "functions (solid) and derivatives (dashed); the derivative jumps at 0 from alpha to 1, "
        f"filled markers show PyTorch's values at 0 ({at_0[0.5]:g} and {at_0[2.0]:g}), "
        "open markers the right-hand limit 1"
    ),
)
left.plot(xs, y1, label="ELU(x), α = 1")
(line,) = left.plot(xs, slope1, "--", label="ELU′(x) by autograd")
left.plot(xs[::20], analytic1[::20], "x", markersize=6, label="analytic: 1 or α·eˣ")
left.plot([0], [at_0[1.0]], "o", color=line.get_color(), markersize=7,
          label=f"PyTorch at x = 0: {at_0[1.0]:g}")
left.set_title("α = 1 (default): no kink")

for alpha, style in zip(alphas, ["--", "-."]):
    y, slope = elu_and_slope(alpha)
    analytic = torch.where(xs > 0, torch.ones_like(xs), alpha * torch.exp(xs))
    (f_line,) = right.plot(xs, y, label=f"ELU(x), α = {alpha:g}")
    colour = f_line.get_color()
    # Break the derivative at the kink so that no vertical jump is drawn.
    right.plot(xs, slope.masked_fill(at_zero, float("nan")), style, color=colour,
               label=f"ELU′(x), α = {alpha:g}")
    right.plot(xs[::25], analytic.masked_fill(at_zero, float("nan"))[::25], "x", color=colour,
               markersize=5)
    right.plot([0], [at_0[alpha]], "o", color=colour, markersize=7,
               label="PyTorch's ELU′(0) (filled)" if alpha == alphas[0] else None)
    right.plot([0], [1], "o", color=colour, markerfacecolor="none", markersize=9,
               label="right-hand limit 1 (open)" if alpha == alphas[0] else None)
right.set_title("α = 0.5 and α = 2: a kink at 0")

for ax in (left, right):
    ax.set_xlabel("x")
    ax.set_ylabel("value")
    ax.legend(loc="upper left", fontsize=8)
fig.tight_layout()
# --8<-- [end:plot]
