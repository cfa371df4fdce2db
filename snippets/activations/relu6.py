# Code embedded in docs/activations/relu6.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# The `kinks` section (inside `derivative`) is embedded on its own in At a glance,
# so that the figure and the kinks' gradients there use the same KINKS.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = [0.0, 6.0]  # the two corners
# --8<-- [end:kinks]


def relu6_derivative(x):
    """1 for 0 < x < 6, else 0: PyTorch's value at both corners is 0."""
    return ((x > 0) & (x < 6)).to(x.dtype)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-80, 321) / 40).requires_grad_()  # [-2, 8], with 0 and 6
(dy,) = torch.autograd.grad(F.relu6(x).sum(), x)  # elementwise: dy_i = ReLU6'(x_i)
x = x.detach()
kink = torch.isin(x, torch.tensor(KINKS))

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: ReLU6 on [-2, 8]. Right: its derivative by autograd, {dy[x == 3].item():g} between 0 and 6, "
    f"{dy[0]:g} outside, and dots for PyTorch's values at 0 and 6, {dy[kink].tolist()}"
))
f_ax.plot(x, F.relu6(x), label="ReLU6(x)")
d_ax.plot(x, dy.masked_fill(kink, float("nan")), label="ReLU6′(x)")  # NaN: no vertical lines
d_ax.plot(x[kink], dy[kink], "o", label="PyTorch at the kinks")
f_ax.legend(loc="upper left")
_ = d_ax.legend(loc="center left")
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"\min(\max(0, x), 6)", r"\mathbb{1}[0 < x < 6]", "two comparisons")
# --8<-- [end:comparison]
