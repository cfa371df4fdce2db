# Code embedded in docs/activations/glu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # GLU is smooth: a product of the identity and the sigmoid


def glu_jacobian(x, dim=-1):
    """Jacobian of GLU(x) = a * sigmoid(b), where x = [a, b] is a 1-D tensor of even length n.

    Row i is output i; the first n/2 columns are d/da, the last n/2 are d/db, so the shape is
    (n/2, n): [diag(sigmoid(b)) | diag(a * sigmoid(b) * (1 - sigmoid(b)))].
    """
    a, b = x.chunk(2, dim=dim)
    gate = torch.sigmoid(b)
    return torch.cat([torch.diag(gate), torch.diag(a * gate * (1 - gate))], dim=1)
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-8, 8, 401)

# Left: the input [a, b] = [2, x] for every grid point (one row each), GLU along the last dim.
pairs = torch.stack([torch.full_like(x, 2.0), x], dim=1).requires_grad_()
out = F.glu(pairs, dim=-1)[:, 0]               # 2 * sigmoid(x)
(grad,) = torch.autograd.grad(out.sum(), pairs)  # row i depends only on pairs[i]
d_value, d_gate = grad[:, 0], grad[:, 1]         # d out / d a and d out / d b
gate = torch.sigmoid(x)
analytic_value, analytic_gate = gate, 2.0 * gate * (1 - gate)

# Right: the same number as value and gate, [x, x]: GLU is then x * sigmoid(x) (SiLU), and its
# derivative along the diagonal is the sum of the two Jacobian entries.
xx = x.clone().requires_grad_()
diagonal = F.glu(torch.stack([xx, xx], dim=1), dim=-1)[:, 0]
(d_diagonal,) = torch.autograd.grad(diagonal.sum(), xx)
analytic_diagonal = gate + x * gate * (1 - gate)

out, diagonal = out.detach(), diagonal.detach()

fig, (left, right) = plt.subplots(
    1, 2, figsize=(10, 4.2),
    num=(
        "Two panels on [-8, 8]. Left: GLU of the input [a, b] = [2, x], that is 2 sigmoid(x) (solid), "
        "rising from 0 to 2; its derivative with respect to the gate b by autograd (dashed) is a bump "
        "peaking at 0.5 at x = 0, and with respect to the value a (dotted) it is sigmoid(x), rising "
        "from 0 to 1; the analytic formulas (round and x markers) lie on both. Right: GLU of [x, x] "
        "is x sigmoid(x), which is SiLU (solid), with its derivative by autograd (dashed) and the sum "
        "of the two Jacobian entries (round markers) coinciding"
    ),
)
left.plot(x, out, label="GLU([2, x]) = 2σ(x)")
left.plot(x, d_gate, "--", label="∂/∂b by autograd")
left.plot(x[::16], analytic_gate[::16], "o", markersize=4, label="analytic a σ(b)(1 − σ(b))")
left.plot(x, d_value, ":", label="∂/∂a by autograd")
left.plot(x[::16], analytic_value[::16], "x", markersize=5, label="analytic σ(b)")
left.set_xlabel("x (the gate b; the value a is 2)")
left.set_ylabel("value")
left.set_title("Vary the gate: GLU([2, x])")
_ = left.legend(loc="upper left", fontsize="small")

right.plot(x, diagonal, label="GLU([x, x]) = x σ(x)")
right.plot(x, d_diagonal, "--", label="d/dx by autograd")
right.plot(x[::16], analytic_diagonal[::16], "o", markersize=4, label="σ(x) + x σ(x)(1 − σ(x))")
right.set_xlabel("x (value and gate both x)")
right.set_title("Value = gate: GLU([x, x])")
_ = right.legend(loc="upper left", fontsize="small")
fig.tight_layout()

print("d/db by autograd equals a σ(b)(1 − σ(b)):", torch.allclose(d_gate, analytic_gate))
print("d/da by autograd equals σ(b):            ", torch.allclose(d_value, analytic_value))
print("GLU([x, x]) equals F.silu(x):            ", torch.allclose(diagonal, F.silu(x)))
print("its derivative is the sum of both entries:", torch.allclose(d_diagonal, analytic_diagonal))
# --8<-- [end:plot]
