# Code embedded in docs/activations/celu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

# Both branches of CELU' give e^0 = 1 at x = 0, for every alpha: CELU is continuously
# differentiable everywhere (only its second derivative jumps at 0). No kinks.
KINKS = []


def celu_derivative(x, alpha=1.0):
    """CELU'(x) = 1 for x > 0, exp(x / alpha) for x <= 0 (both give 1 at x = 0)."""
    return torch.where(x <= 0, torch.exp(x / alpha), torch.ones_like(x))
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

# A grid with an exact 0 on it (step 0.01 on [-3, 2]).
x = (torch.arange(-300, 201) / 100).requires_grad_()
at_zero = x.detach() == 0
xs = x.detach()


def celu_and_slope(alpha):
    y = F.celu(x, alpha=alpha)
    (slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: the sum's gradient is CELU'(x_i)
    return y.detach(), slope


alphas = [0.5, 1.0, 2.0]
curves = {alpha: celu_and_slope(alpha) for alpha in alphas}
at_0 = {alpha: slope[at_zero].item() for alpha, (_, slope) in curves.items()}

fig, (left, right) = plt.subplots(
    1, 2, figsize=(10, 4),
    num=(
        "CELU on [-3, 2] for alpha = 0.5, 1 and 2. Left: the functions, each flattening towards "
        "-alpha on the left and equal to x for x > 0. Right: their derivatives by autograd "
        "(lines) with the analytic derivative exp(x / alpha) or 1 (x markers); every derivative "
        "rises smoothly to 1 at x = 0, where filled markers show PyTorch's values "
        f"({', '.join(f'{v:g}' for v in at_0.values())}): no kink for any alpha"
    ),
)
for (alpha, (y, slope)), style in zip(curves.items(), ["-", "--", "-."]):
    analytic = torch.where(xs <= 0, torch.exp(xs / alpha), torch.ones_like(xs))
    (line,) = left.plot(xs, y, style, label=f"CELU(x), α = {alpha:g}")
    colour = line.get_color()
    right.plot(xs, slope, style, color=colour, label=f"CELU′(x) by autograd, α = {alpha:g}")
    right.plot(xs[::25], analytic[::25], "x", color=colour, markersize=5,
               label="analytic: e^(x/α) or 1" if alpha == alphas[-1] else None)
    right.plot([0], [at_0[alpha]], "o", color=colour, markersize=6,
               label="PyTorch at x = 0" if alpha == alphas[-1] else None)
left.set_title("CELU(x)")
right.set_title("CELU′(x): continuous for every α")
for ax, corner in ((left, "upper left"), (right, "lower right")):
    ax.set_xlabel("x")
    ax.set_ylabel("value")
    ax.legend(loc=corner, fontsize=8)
fig.tight_layout()
# --8<-- [end:plot]
