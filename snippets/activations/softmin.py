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


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-8, 8, 401, requires_grad=True)
costs = torch.stack([x, torch.zeros_like(x)], dim=1)  # one row [x, 0] per grid point
q = F.softmin(costs, dim=1)                            # softmin over each row
q0, q1 = q[:, 0], q[:, 1]
# Row i depends only on x[i], so the gradient of the sum holds each dq0/dx.
(autograd,) = torch.autograd.grad(q0.sum(), x)

x, q0, q1 = x.detach(), q0.detach(), q1.detach()
analytic = -q0 * (1 - q0)  # the diagonal entry -q_0 (1 - q_0) of J = q q^T - diag(q)

fig, ax = plt.subplots(
    num=(
        "Softmin of the two inputs [x, 0] on [-8, 8]: the first weight q0 (solid) is sigmoid(-x), "
        "falling from 1 to 0 through 0.5 at x = 0, and the second weight q1 (dotted) rises as its "
        "mirror image; the derivative of q0 by autograd (dashed) and the analytic -q0 (1 - q0) "
        "(round markers) coincide, a negative bump reaching -0.25 at x = 0"
    )
)
ax.plot(x, q0, label="q0 = softmin([x, 0])[0]")
ax.plot(x, q1, ":", label="q1 = softmin([x, 0])[1]")
ax.plot(x, autograd, "--", label="dq0/dx by autograd")
ax.plot(x[::16], analytic[::16], "o", markersize=4, label="analytic −q0 (1 − q0)")
ax.set_xlabel("x (first input; the second is 0)")
ax.set_ylabel("value")
ax.set_title("Softmin of [x, 0] and its derivative")
_ = ax.legend(loc="center left")
print("q0 equals sigmoid(-x):", torch.allclose(q0, torch.sigmoid(-x)))
print("autograd equals -q0 (1 - q0):", torch.allclose(autograd, analytic))
# --8<-- [end:plot]
