# Code embedded in docs/activations/softmax.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # softmax is smooth everywhere


def softmax_jacobian(x, dim=0):
    """J[i, j] = dp_i/dx_j = p_i (delta_ij - p_j), i.e. J = diag(p) - p p^T, for a 1-D x."""
    p = torch.softmax(x, dim=dim)
    return torch.diag(p) - torch.outer(p, p)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-400, 401) / 50).requires_grad_()  # [-8, 8], step 0.02, holds 0
p = F.softmax(torch.stack([x, torch.zeros_like(x)], dim=1), dim=1)  # softmax([x, 0]), row by row
(d0,) = torch.autograd.grad(p[:, 0].sum(), x, retain_graph=True)  # row i depends on x[i] only
(d1,) = torch.autograd.grad(p[:, 1].sum(), x)
x, p = x.detach(), p.detach()
mid = int((x == 0).nonzero())
assert d0.argmax() == mid and d0[mid] == 0.25 and d1[mid] == -0.25  # steepest at x = 0

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: softmax of [x, 0] for x from {x[0]:g} to {x[-1]:g}: p0 rises from {p[0, 0]:.4f} "
    f"through {p[mid, 0]:g} to {p[-1, 0]:.4f}, p1 = 1 - p0 falls. Right: their derivatives by "
    f"autograd, dp0/dx a bump to {d0[mid]:g} at x = 0, dp1/dx the opposite dip to {d1[mid]:g}"
))
left.plot(x, p[:, 0], label="p0")
left.plot(x, p[:, 1], "--", label="p1")
left.set_title("softmax([x, 0])")
left.legend(loc="center left")
right.plot(x, d0, label="∂p0/∂x = p0 p1")
right.plot(x, d1, "--", label="∂p1/∂x = −p0 p1")
right.plot([0, 0], [d0[mid], d1[mid]], "o")
right.set_title("Jacobian column, by autograd")
right.legend(loc="upper left", fontsize="small")
for ax in (left, right):
    ax.set_xlabel("x")
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and its Jacobian in TeX, and what it costs.
COMPARISON = (
    r"p_i = \frac{e^{x_i}}{\sum_j e^{x_j}}",
    r"\operatorname{diag}(p) - p p^{\top}",
    "exps, a sum, divisions",
)
# --8<-- [end:comparison]
