# Code embedded in docs/activations/selu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import math

import torch

# SELU's two constants, read from PyTorch itself rather than typed in (in float64):
# SELU(1) = lambda * 1, and SELU(x) -> -lambda * alpha as x -> -infinity.
SCALE = torch.selu(torch.tensor(1.0, dtype=torch.float64)).item()                  # lambda
SCALE_ALPHA = -torch.selu(torch.tensor(-math.inf, dtype=torch.float64)).item()     # lambda * alpha
ALPHA = SCALE_ALPHA / SCALE                                                        # alpha

KINKS = [0.0]  # slope lambda * alpha on the left of 0, lambda on the right: a kink


def selu_derivative(x):
    """SELU'(x) = lambda for x > 0, lambda * alpha * exp(x) for x <= 0 (PyTorch's value at 0: lambda * alpha)."""
    return torch.where(x <= 0, SCALE_ALPHA * torch.exp(x), torch.full_like(x, SCALE))
# --8<-- [end:derivative]


# --8<-- [start:plot]
import math

import matplotlib.pyplot as plt
import torch

# A grid with an exact 0 on it (step 0.01 on [-4, 2]).
x = (torch.arange(-400, 201) / 100).requires_grad_()
y = torch.selu(x)
(slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: the sum's gradient is SELU'(x_i)
x, y = x.detach(), y.detach()

scale = torch.selu(torch.tensor(1.0)).item()                 # lambda, from PyTorch
scale_alpha = -torch.selu(torch.tensor(-math.inf)).item()    # lambda * alpha, from PyTorch
analytic = torch.where(x <= 0, scale_alpha * torch.exp(x), torch.full_like(x, scale))

at_zero = x == 0
kink_value = slope[at_zero].item()  # what autograd returns at exactly x = 0

fig, ax = plt.subplots(
    num=(
        "SELU on [-4, 2] (solid), flattening towards -lambda*alpha = "
        f"{-scale_alpha:.4f} on the left and rising with slope lambda = {scale:.4f} on the right; "
        "its derivative by autograd (dashed) and the analytic derivative (x markers) jump at "
        f"x = 0: a filled marker shows PyTorch's value {kink_value:.4f} (lambda*alpha, the left "
        f"branch), an open marker the right-hand limit lambda = {scale:.4f}"
    )
)
ax.plot(x, y, label="SELU(x)")
(line,) = ax.plot(x, slope.masked_fill(at_zero, float("nan")), "--", label="SELU′(x) by autograd")
ax.plot(x[::20], analytic.masked_fill(at_zero, float("nan"))[::20], "x", markersize=6,
        label="analytic: λ or λα·eˣ")
ax.plot([0], [kink_value], "o", color=line.get_color(), markersize=8,
        label=f"PyTorch at x = 0: λα = {kink_value:.4f}")
ax.plot([0], [scale], "o", color=line.get_color(), markerfacecolor="none", markersize=8,
        label=f"right-hand limit: λ = {scale:.4f}")
ax.axhline(-scale_alpha, linestyle=":", linewidth=1, label=f"−λα = {-scale_alpha:.4f}")
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.set_title("SELU and its derivative")
_ = ax.legend(loc="upper left", fontsize=8)
# --8<-- [end:plot]
