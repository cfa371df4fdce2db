# Code embedded in docs/activations/celu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # both branches of CELU' give 1 at x = 0, for every alpha


def celu_derivative(x, alpha=1.0):
    """CELU'(x) = 1 for x > 0, exp(x / alpha) for x <= 0."""
    return torch.where(x <= 0, torch.exp(x / alpha), torch.ones_like(x))
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-400, 201) / 100).requires_grad_()  # [-4, 2]; x[400] is exactly 0
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), num=(
    "CELU on [-4, 2] for alpha = 0.5, 1 and 2 (left), each flattening towards -alpha, and its "
    "derivative by autograd (right), e^(x/alpha) then 1, rising to 1 at 0 without a jump for "
    "every alpha; dots at PyTorch's derivative at 0"))
for alpha in (0.5, 1.0, 2.0):
    y = F.celu(x, alpha=alpha)
    (slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: CELU'(x_i) for every i
    (line,) = left.plot(x.detach(), y.detach(), label=f"α = {alpha:g}")
    right.plot(x.detach(), slope, color=line.get_color())
    right.plot(0, slope[400], "o", color=line.get_color())
left.set_title("CELU(x)")
right.set_title("CELU′(x)")
left.legend()
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (
    r"\max(0, x) + \min(0, \alpha (e^{x / \alpha} - 1))",
    r"1 \text{ or } e^{x / \alpha}",
    "one exp",
)
# --8<-- [end:comparison]
