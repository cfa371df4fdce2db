# Code embedded in docs/activations/softmin.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # softmin is smooth everywhere


def softmin_jacobian(x, dim=0):
    """J[i, j] = dq_i/dx_j = -q_i (delta_ij - q_j), i.e. J = q q^T - diag(q), with q = softmin(x)."""
    q = torch.softmax(-x, dim=dim)
    return torch.outer(q, q) - torch.diag(q)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-400, 401) / 50).requires_grad_()  # [-8, 8], step 0.02, holds 0
q = F.softmin(torch.stack([x, torch.zeros_like(x)], dim=1), dim=1)  # softmin([x, 0]), row by row
(d0,) = torch.autograd.grad(q[:, 0].sum(), x, retain_graph=True)  # row i depends on x[i] only
(d1,) = torch.autograd.grad(q[:, 1].sum(), x)
x, q = x.detach(), q.detach()
mid = int((x == 0).nonzero())

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: softmin of [x, 0] for x from {x[0]:g} to {x[-1]:g}: q0 falls from {q[0, 0]:.4f} "
    f"through {q[mid, 0]:g} to {q[-1, 0]:.4f}, q1 = 1 - q0 rises. Right: their derivatives by "
    f"autograd, dq0/dx a dip to {d0[mid]:g} at x = 0, dq1/dx the opposite bump to {d1[mid]:g}"
))
left.plot(x, q[:, 0], label="q0")
left.plot(x, q[:, 1], "--", label="q1")
left.set_title("softmin([x, 0])")
left.legend(loc="center left")
right.plot(x, d0, label="∂q0/∂x = −q0 q1")
right.plot(x, d1, "--", label="∂q1/∂x = q0 q1")
right.set_title("Jacobian column, by autograd")
right.legend(loc="upper left", fontsize="small")
for ax in (left, right):
    ax.set_xlabel("x")
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and its Jacobian in TeX, and what it costs.
COMPARISON = (
    r"q_i = \frac{e^{-x_i}}{\sum_j e^{-x_j}}",
    r"q q^{\top} - \operatorname{diag}(q)",
    "as Softmax, of −x",
)
# --8<-- [end:comparison]
