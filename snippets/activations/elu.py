# Code embedded in docs/activations/elu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # for the default alpha = 1 (any other alpha has a kink at 0)


def elu_derivative(x, alpha=1.0):
    """ELU'(x) = 1 for x > 0, alpha * exp(x) for x <= 0 (PyTorch's value at 0: alpha)."""
    return torch.where(x <= 0, alpha * torch.exp(x), torch.ones_like(x))
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-400, 201) / 100).requires_grad_()  # [-4, 2]; x[400] is exactly 0
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), num=(
    "ELU on [-4, 2] for alpha = 1 and 0.5 (left), flattening towards -alpha, and its derivative "
    "by autograd (right), alpha e^x then 1, with a dot at PyTorch's derivative at 0 for each alpha"))
for alpha in (1.0, 0.5):
    y = F.elu(x, alpha=alpha)
    (slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: ELU'(x_i) for every i
    (line,) = left.plot(x.detach(), y.detach(), label=f"α = {alpha:g}")
    for side in (slice(0, 400), slice(401, None)):  # no line across a jump at 0
        right.plot(x.detach()[side], slope[side], color=line.get_color())
    right.plot(0, slope[400], "o", color=line.get_color())
left.set_title("ELU(x)")
right.set_title("ELU′(x)")
left.legend()
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"x \text{ or } \alpha (e^{x} - 1)", r"1 \text{ or } \alpha e^{x}", "one exp")
# --8<-- [end:comparison]
