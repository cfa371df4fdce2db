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


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-8, 8, 401, requires_grad=True)
logits = torch.stack([x, torch.zeros_like(x)], dim=1)  # one row [x, 0] per grid point
log_p = F.log_softmax(logits, dim=1)                    # over each row
# Row i depends only on x[i], so the gradient of a column's sum holds its derivative in x.
(d0,) = torch.autograd.grad(log_p[:, 0].sum(), x, retain_graph=True)
(d1,) = torch.autograd.grad(log_p[:, 1].sum(), x)

x, log_p = x.detach(), log_p.detach()
p0 = torch.sigmoid(x)  # softmax([x, 0])[0]
analytic0, analytic1 = 1 - p0, -p0  # the first column of J = I - 1 p^T

fig, (left, right) = plt.subplots(
    1, 2, figsize=(10, 4.2),
    num=(
        "Two panels on [-8, 8] for log-softmax of the two logits [x, 0]. Left: the first output "
        "log p0 (solid) rises from a straight line of slope 1 towards 0, and the second output "
        "log p1 (dotted) falls from 0 towards a straight line of slope -1; they cross at "
        "x = 0 at -log 2. Right: their derivatives in x by autograd (dashed and dash-dotted) with the "
        "analytic 1 - p0 and -p0 (round and x markers): 1 - p0 falls from 1 to 0, -p0 falls from "
        "0 to -1, both through -0.5 or 0.5 at x = 0"
    ),
)
left.plot(x, log_p[:, 0], label="log p0 = log_softmax([x, 0])[0]")
left.plot(x, log_p[:, 1], ":", label="log p1 = log_softmax([x, 0])[1]")
left.set_xlabel("x (first logit; the second is 0)")
left.set_ylabel("value")
left.set_title("Log-softmax of [x, 0]")
_ = left.legend(loc="lower center", fontsize="small")

right.plot(x, d0, "--", label="d log p0 / dx by autograd")
right.plot(x[::16], analytic0[::16], "o", markersize=4, label="analytic 1 − p0")
right.plot(x, d1, "-.", label="d log p1 / dx by autograd")
right.plot(x[::16], analytic1[::16], "x", markersize=5, label="analytic −p0")
right.set_xlabel("x (first logit; the second is 0)")
right.set_title("Derivatives in x")
_ = right.legend(loc="center left", fontsize="small")
fig.tight_layout()

print("log p0 equals log sigmoid(x):", torch.allclose(log_p[:, 0], F.logsigmoid(x), atol=1e-6))
print("d log p0/dx equals 1 - p0:   ", torch.allclose(d0, analytic0))
print("d log p1/dx equals -p0:      ", torch.allclose(d1, analytic1))
# --8<-- [end:plot]
