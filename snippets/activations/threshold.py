# Code embedded in docs/activations/threshold.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# nn.Threshold has no default arguments: this site uses threshold=0.1, value=20.0.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = [0.1]  # the jump, at this page's threshold
# --8<-- [end:kinks]


def threshold_derivative(x, threshold=0.1, value=20.0):
    """1 where x > threshold, else 0 (at the jump too); `value` does not enter."""
    return (~(x <= threshold)).to(x.dtype)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-100, 101) / 100).requires_grad_()  # [-1, 1], with 0.1
y = F.threshold(x, 0.1, 20.0)
(dy,) = torch.autograd.grad(y.sum(), x)
x, y = x.detach(), y.detach()
kink = torch.isin(x, torch.tensor(KINKS))

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: Threshold on [-1, 1], {y[0]:g} up to x = 0.1, then x. Right: its derivative by autograd, "
    f"{dy[0]:g} then {dy[-1]:g}, with a dot for PyTorch's value at 0.1, {dy[kink][0]:g}"
))
f_ax.plot(x, y.masked_fill(kink, float("nan")))  # NaN: no line at the jump
f_ax.plot(x[kink], y[kink], "o")
f_ax.set_title("Threshold(x); dot: its value at 0.1")
d_ax.plot(x, dy.masked_fill(kink, float("nan")), label="Threshold′(x)")
d_ax.plot(x[kink], dy[kink], "o", label="PyTorch at 0.1")
_ = d_ax.legend(loc="center left")
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"x \text{ if } x > 0.1 \text{ else } 20", r"\mathbb{1}[x > 0.1]", "a comparison")
# --8<-- [end:comparison]
