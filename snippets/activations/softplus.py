# Code embedded in docs/activations/softplus.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

# With the defaults (beta=1, threshold=20) PyTorch returns x itself for x > 20 and
# log(1 + e^x) up to x = 20: a jump of log(1 + e^-20) ≈ 2e-9 in value and slope at 20.
KINKS = [20.0]


def softplus_derivative(x, beta=1.0, threshold=20.0):
    """σ(βx) = z / (z + 1) with z = exp(βx) where βx <= threshold; 1 above it (the identity)."""
    z = torch.exp(x * beta)
    return torch.where(x * beta > threshold, torch.ones_like(x), z / (z + 1))
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-6, 6, 401, requires_grad=True)
y = F.softplus(x)  # beta=1, threshold=20: the switch to the identity is far off the plot
# Each y[i] depends on x[i] only, so the gradient of y.sum() is the
# elementwise derivative at every grid point, in one backward pass.
y.sum().backward()
x, y, autograd = x.detach(), y.detach(), x.grad
analytic = torch.sigmoid(x)  # the formula σ(x)

betas = [0.5, 1.0, 2.0, 5.0]
styles = ["-", "--", "-.", (0, (1, 1))]
near = torch.linspace(-3, 3, 401)
gaps = {beta: (F.softplus(near, beta=beta) - torch.relu(near)).max().item() for beta in betas}

fig, (left, right) = plt.subplots(
    1, 2, figsize=(10, 4.2),
    num=(
        "Left: softplus (solid) on [-6, 6], a smooth ReLU (dotted) that is log 2 = "
        f"{y[200]:.3f} at x = 0, with its derivative by autograd (dashed) and the sigmoid "
        "formula (dots) on top of it, rising from 0 to 1. Right: softplus with beta = "
        + ", ".join(f"{b:g}" for b in betas)
        + " on [-3, 3]; the larger beta, the closer to ReLU (dotted): the largest gap, at x = 0, is "
        + ", ".join(f"{gaps[b]:.3f}" for b in betas)
    ),
)
left.plot(x, y, label="softplus(x)")
left.plot(x, autograd, "--", label="derivative by autograd")
left.plot(x[::16], analytic[::16], linestyle="none", marker="o", markersize=4,
          label="σ(x), formula")
left.plot(x, torch.relu(x), ":", label="ReLU(x)")
left.set_xlabel("x")
left.set_ylabel("value")
left.set_title("Softplus (beta = 1) and its derivative")
_ = left.legend(loc="upper left")

for beta, style in zip(betas, styles):
    right.plot(near, F.softplus(near, beta=beta), linestyle=style,
               label=f"beta = {beta:g} (gap at 0: {gaps[beta]:.3f})")
right.plot(near, torch.relu(near), ":", label="ReLU(x)")
right.set_xlabel("x")
right.set_title("Softplus for several beta")
_ = right.legend(loc="upper left")
fig.tight_layout()
# --8<-- [end:plot]


# --8<-- [start:threshold]
import matplotlib.pyplot as plt
import torch
from torch import nn

softplus = nn.Softplus(beta=1.0, threshold=1.0)  # the identity for x > 1
# A grid holding x = 1 exactly (linspace would miss it by rounding).
x = (torch.arange(-100, 301) / 100).requires_grad_()
y = softplus(x)
(autograd,) = torch.autograd.grad(y.sum(), x)
x, y = x.detach(), y.detach()

at = x == 1.0
value_at, slope_at = y[at].item(), autograd[at].item()  # PyTorch's values at x = 1
# Break the curves at the switch so that no vertical segment is drawn there.
left, right = x <= 1.0, x > 1.0

fig, ax = plt.subplots(
    num=(
        "Softplus with threshold = 1 on [-1, 3]: the curve follows log(1 + e^x) up to x = 1, "
        f"where PyTorch returns {value_at:.4f} (filled circle), then jumps down to the line y = x "
        "(open circle at 1); its derivative by autograd (dashed) follows the sigmoid up to "
        f"{slope_at:.4f} at x = 1 (filled) and jumps to 1 (open). The dotted curve is the exact "
        "softplus, which continues smoothly"
    )
)
(value_line,) = ax.plot(x[left], y[left], label="nn.Softplus(threshold=1)")
ax.plot(x[right], y[right], color=value_line.get_color())
(slope_line,) = ax.plot(x[left], autograd[left], "--", label="its derivative by autograd")
ax.plot(x[right], autograd[right], "--", color=slope_line.get_color())
ax.plot(x, torch.log1p(torch.exp(x)), ":", label="log(1 + eˣ), no threshold")
for line, at_one, labels in [(value_line, value_at, ("PyTorch's value at x = 1", "right-hand limit")),
                             (slope_line, slope_at, (None, None))]:
    ax.plot([1.0], [at_one], "o", color=line.get_color(), markersize=8, label=labels[0])
    ax.plot([1.0], [1.0], "o", color=line.get_color(), markerfacecolor="none", markersize=8,
            label=labels[1])
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.set_title("Softplus switches to the identity above the threshold")
_ = ax.legend(loc="upper left")
# --8<-- [end:threshold]
