# Code embedded in docs/activations/selu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import math

import torch

SCALE = torch.selu(torch.tensor(1.0, dtype=torch.float64)).item()  # lambda = SELU(1)
SCALE_ALPHA = -torch.selu(torch.tensor(-math.inf, dtype=torch.float64)).item()  # -SELU(-inf)
KINKS = [0.0]


def selu_derivative(x):
    """SELU'(x) = lambda for x > 0, lambda * alpha * exp(x) for x <= 0 (PyTorch's value at 0: lambda * alpha)."""
    return torch.where(x <= 0, SCALE_ALPHA * torch.exp(x), torch.full_like(x, SCALE))
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch

x = (torch.arange(-400, 201) / 100).requires_grad_()  # [-4, 2]; x[400] is exactly 0
y = torch.selu(x)
(slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: SELU'(x_i) for every i
x, y = x.detach(), y.detach()

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"SELU on [-4, 2] (left) and its derivative by autograd (right), {slope[-1]:.4f} for x > 0, "
    f"jumping down at 0, where a dot marks PyTorch's value {slope[400]:.4f}, the left branch"))
left.plot(x, y)
right.plot(x[:400], slope[:400], color="C0")  # the two branches, no line across the jump
right.plot(x[401:], slope[401:], color="C0")
right.plot(0, slope[400], "o", color="C0")
left.set_title("SELU(x)")
right.set_title("SELU′(x)")
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (
    r"\lambda x \text{ or } \lambda \alpha (e^{x} - 1)",
    r"\lambda \text{ or } \lambda \alpha e^{x}",
    "one exp",
)
# --8<-- [end:comparison]
