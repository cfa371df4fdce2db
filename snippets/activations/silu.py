# Code embedded in docs/activations/silu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # SiLU is smooth: differentiable everywhere, no kinks


def silu_derivative(x):
    """SiLU'(x) = σ(x)(1 + x(1 − σ(x))), the form PyTorch's backward computes."""
    s = torch.sigmoid(x)
    return s * (1 + x * (1 - s))
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-600, 401, dtype=torch.float64) / 100).requires_grad_()  # [-6, 4]; x[600] is 0
y = F.silu(x)
(slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: SiLU'(x_i) for every i
x, y = x.detach(), y.detach()
low, top = int(y.argmin()), int(slope.argmax())

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: SiLU on [-6, 4] (solid), dipping to {y[low]:.3f} at x = {x[low]:.2f} before growing "
    f"like x, with ReLU (dotted). Right: its derivative by autograd, slightly negative on the left, "
    f"{slope[600]:g} at 0, peaking at {slope[top]:.3f} near x = {x[top]:.2f}, then settling at 1"))
left.plot(x, y, label="SiLU")
left.plot(x, torch.relu(x), ":", label="ReLU")
left.plot(x[low], y[low], "o", color="C0")
right.plot(x, slope)
right.axhline(0, linewidth=0.8, color="C7")
left.set_title("SiLU(x)")
right.set_title("SiLU′(x)")
left.legend()
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"x \sigma(x)", r"\sigma(x) (1 + x (1 - \sigma(x)))", "one exp")
# --8<-- [end:comparison]
