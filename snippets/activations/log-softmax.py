# Code embedded in docs/activations/log-softmax.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # log-softmax is smooth everywhere


def log_softmax_jacobian(x, dim=0):
    """J[i, j] = d log p_i / dx_j = delta_ij - p_j, i.e. J = I - 1 p^T: row i is e_i - p."""
    p = torch.softmax(x, dim=dim)
    ones = torch.ones_like(p)
    return torch.eye(len(p), dtype=x.dtype) - torch.outer(ones, p)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = (torch.arange(-400, 401) / 50).requires_grad_()  # [-8, 8], step 0.02, holds 0
log_p = F.log_softmax(torch.stack([x, torch.zeros_like(x)], dim=1), dim=1)  # of [x, 0], by row
(d0,) = torch.autograd.grad(log_p[:, 0].sum(), x, retain_graph=True)  # row i depends on x[i] only
(d1,) = torch.autograd.grad(log_p[:, 1].sum(), x)
x, log_p = x.detach(), log_p.detach()
mid = int((x == 0).nonzero())

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: log-softmax of [x, 0] for x from {x[0]:g} to {x[-1]:g}: log p0 rises from "
    f"{log_p[0, 0]:.3f}, a line of slope 1, and flattens towards 0 ({log_p[-1, 0]:.4f} at the "
    f"right end); log p1 is its mirror image; both are {log_p[mid, 0]:.4f} at x = 0. Right: their "
    f"derivatives by autograd, 1 - p0 falling from {d0[0]:.4f} to {d0[-1]:.4f} and -p0 falling "
    f"from {d1[0]:.4f} to {d1[-1]:.4f}, through {d0[mid]:g} and {d1[mid]:g} at x = 0"
))
left.plot(x, log_p[:, 0], label="log p0")
left.plot(x, log_p[:, 1], "--", label="log p1")
left.set_title("log_softmax([x, 0])")
left.legend(loc="lower center")
right.plot(x, d0, label="∂ log p0/∂x = 1 − p0")
right.plot(x, d1, "--", label="∂ log p1/∂x = −p0")
right.set_title("Jacobian column, by autograd")
right.legend(loc="lower left", fontsize="small")
for ax in (left, right):
    ax.set_xlabel("x")
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and its Jacobian in TeX, and what it costs.
COMPARISON = (r"x_i - \log \sum_j e^{x_j}", r"I - \mathbf{1} p^{\top}", "exps, a sum, a log")
# --8<-- [end:comparison]
