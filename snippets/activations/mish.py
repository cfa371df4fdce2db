# Code embedded in docs/activations/mish.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # Mish is smooth


def mish_derivative(x):
    """Mish'(x) = tanh(sp(x)) + x σ(x) (1 − tanh²(sp(x))), sp(x) = log(1 + eˣ)."""
    t = torch.tanh(torch.log1p(torch.exp(x)))  # tanh(softplus(x)), as PyTorch computes it
    return t + x * torch.sigmoid(x) * (1 - t * t)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-6, 4, 501, requires_grad=True)
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), num=(
    "Mish (solid) and SiLU (dotted) on [-6, 4], left: both dip slightly below 0 and then grow like x. "
    "Right: their derivatives by autograd, slightly negative on the far left, rising through 0 at "
    "the minimum, peaking above 1 and settling at 1"))
for f, style, name in ((F.mish, "-", "Mish"), (F.silu, ":", "SiLU")):
    y = f(x)
    (slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: f'(x_i) for every i
    left.plot(x.detach(), y.detach(), style, label=name)
    right.plot(x.detach(), slope, style)
left.set_title("Mish(x)")
right.set_title("Mish′(x)")
left.legend()
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (
    r"x \tanh(\operatorname{softplus}(x))",
    r"\tanh(s) + x \sigma(x) (1 - \tanh^{2}(s))",
    "exp, log, tanh",
)
# --8<-- [end:comparison]
