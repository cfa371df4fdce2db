# Code embedded in docs/activations/glu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # GLU is smooth: a product of the identity and the sigmoid


def glu_jacobian(x, dim=-1):
    """J = [diag(σ(b)) | diag(a σ(b) (1 - σ(b)))], shape (n/2, n), for a 1-D x = [a, b] of length n."""
    a, b = x.chunk(2, dim=dim)
    gate = torch.sigmoid(b)
    return torch.cat([torch.diag(gate), torch.diag(a * gate * (1 - gate))], dim=1)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.arange(-400, 401) / 50  # the gate b, in [-8, 8], step 0.02, holds 0
pairs = torch.stack([torch.full_like(x, 2.0), x], dim=1).requires_grad_()  # rows [a, b] = [2, x]
y = F.glu(pairs, dim=-1)[:, 0]  # 2 σ(x)
(grad,) = torch.autograd.grad(y.sum(), pairs)  # row i depends on pairs[i] only
d_value, d_gate = grad[:, 0], grad[:, 1]
y, mid = y.detach(), int((x == 0).nonzero())

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: GLU of [2, x] for x from {x[0]:g} to {x[-1]:g}, 2 sigmoid(x), rising from {y[0]:.4f} "
    f"through {y[mid]:g} to {y[-1]:.4f}. Right: its derivatives by autograd: in the gate a bump "
    f"peaking at {d_gate[mid]:g} at x = 0; in the value sigmoid(x), from {d_value[0]:.4f} to {d_value[-1]:.4f}"
))
left.plot(x, y)
left.set_title("GLU([2, x]) = 2σ(x)")
right.plot(x, d_gate, label="∂/∂b = a σ(b)(1 − σ(b))")
right.plot(x, d_value, "--", label="∂/∂a = σ(b)")
right.set_title("Jacobian entries, by autograd")
right.legend(loc="upper left", fontsize="small")
for ax in (left, right):
    ax.set_xlabel("x (the gate b; the value a is 2)")
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and its Jacobian in TeX, and what it costs.
COMPARISON = (
    r"a \odot \sigma(b), \; x = [a, b]",
    r"[\operatorname{diag}(\sigma(b)) \mid \operatorname{diag}(a \sigma(b) (1 - \sigma(b)))]",
    "one exp, a multiply",
)
# --8<-- [end:comparison]
