# Code embedded in docs/activations/tanh.md (pymdownx.snippets sections).
# The `derivative` section is also imported by the test suite: keep its contract
# (KINKS, tanh_derivative) as described in the activation pages' brief.
# The `kinks` section (inside `derivative`) is embedded on its own in At a glance.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = []  # tanh is smooth: differentiable everywhere, no kinks
# --8<-- [end:kinks]


def tanh_derivative(x):
    """tanh'(x) = 1 − tanh(x)², computed from the output tanh(x) as autograd does."""
    t = torch.tanh(x)
    return 1 - t**2
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch

x = (torch.arange(-400, 401) / 100).requires_grad_()  # [-4, 4], step 0.01, holds 0
y = torch.tanh(x)
(dy,) = torch.autograd.grad(y.sum(), x)  # dy_i = tanh'(x_i), one backward pass
x, y = x.detach(), y.detach()
peak = int(dy.argmax())

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: tanh on [-4, 4], an S-curve through 0 from {y[0]:.3f} to {y[-1]:.3f}. Right: its "
    f"derivative by autograd, a bump with its peak {dy[peak]:g} at x = {x[peak]:g} (dot), "
    f"down to {dy[-1]:.4f} at x = ±4"
))
f_ax.plot(x, y)
f_ax.set_title("tanh(x)")
d_ax.plot(x, dy)
d_ax.plot(x[peak], dy[peak], "o", label=f"peak: tanh′({x[peak]:g}) = {dy[peak]:g}")
d_ax.set_title("tanh′(x), by autograd")
d_ax.legend(loc="lower center")
for ax in (f_ax, d_ax):
    ax.set_xlabel("x")
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"\tanh(x)", r"1 - \tanh^{2}(x)", "tanh")
# --8<-- [end:comparison]
