# Code embedded in docs/activations/hardsigmoid.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# The `kinks` section (inside `derivative`) is embedded on its own in At a glance,
# so that the figure and the gradients shown there use the same KINKS.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = [-3.0, 3.0]  # where the ramp meets 0 and 1
# --8<-- [end:kinks]

ONE_SIXTH = torch.tensor(1 / 6, dtype=torch.float32).item()  # PyTorch's, even in float64


def hardsigmoid_derivative(x):
    """1/6 where -3 < x < 3, else 0: also at the kinks, as PyTorch's backward."""
    return ((x > -3) & (x < 3)).to(x.dtype) * ONE_SIXTH
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-250, 251) / 50).requires_grad_()  # holds -3 and 3
y = F.hardsigmoid(x)
(dy,) = torch.autograd.grad(y.sum(), x)
x, y = x.detach(), y.detach()
k = torch.isin(x, torch.tensor(KINKS))

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: Hardsigmoid, {y[0]:g} up to x = {KINKS[0]:g}, a ramp, {y[-1]:g} from x = {KINKS[1]:g}. Right: "
    f"its derivative by autograd, {dy[125]:.4f} on the ramp, {dy[0]:g} outside and at the kinks (dots)"
))
f_ax.plot(x, y)
f_ax.set_title("Hardsigmoid(x)")
d_ax.plot(x, dy.masked_fill(k, float("nan")))  # no vertical lines
d_ax.plot(x[k], dy[k], "o", label=f"PyTorch at ±3: {dy[k][0]:g}, {dy[k][1]:g}")
d_ax.set_title("its derivative, by autograd")
d_ax.legend(loc="center left")
for ax in (f_ax, d_ax):
    ax.set_xlabel("x")
    ax.locator_params(nbins=4)
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"\frac{\operatorname{ReLU6}(x + 3)}{6}", r"\frac{1}{6} \mathbb{1}[-3 < x < 3]", "comparisons")
# --8<-- [end:comparison]
