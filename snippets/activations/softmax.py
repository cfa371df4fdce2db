# Code embedded in docs/activations/softmax.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # softmax is smooth everywhere


def softmax_jacobian(x):
    """J[i, j] = dp_i/dx_j = p_i (delta_ij - p_j), i.e. J = diag(p) - p p^T, for a 1-D x."""
    p = torch.softmax(x, dim=0)
    return torch.diag(p) - torch.outer(p, p)
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-8, 8, 401, requires_grad=True)
logits = torch.stack([x, torch.zeros_like(x)], dim=1)  # one row [x, 0] per grid point
p0 = F.softmax(logits, dim=1)[:, 0]                     # softmax over each row, first entry
# Row i depends only on x[i], so the gradient of the sum holds each dp0/dx.
(autograd,) = torch.autograd.grad(p0.sum(), x)

x, p0 = x.detach(), p0.detach()
analytic = p0 * (1 - p0)  # the diagonal entry p_0 (1 - p_0) of J = diag(p) - p p^T

fig, ax = plt.subplots(
    num=(
        "Softmax of the two logits [x, 0] on [-8, 8]: the first probability p0 (solid) is "
        "the sigmoid of x, rising from 0 to 1 through 0.5 at x = 0; its derivative by "
        "autograd (dashed) and the analytic p0 (1 - p0) (round markers) coincide and "
        "peak at 0.25 at x = 0"
    )
)
ax.plot(x, p0, label="p0 = softmax([x, 0])[0]")
ax.plot(x, autograd, "--", label="dp0/dx by autograd")
ax.plot(x[::16], analytic[::16], "o", markersize=4, label="analytic p0 (1 - p0)")
ax.set_xlabel("x (first logit; the second is 0)")
ax.set_ylabel("value")
ax.set_title("Softmax of [x, 0] and its derivative")
_ = ax.legend(loc="upper left")
print("p0 equals sigmoid(x):", torch.allclose(p0, torch.sigmoid(x)))
print("autograd equals p0 (1 - p0):", torch.allclose(autograd, analytic))
# --8<-- [end:plot]
