# Code embedded in docs/activations/log-sigmoid.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # LogSigmoid is smooth: differentiable everywhere, no kinks


def log_sigmoid_derivative(x):
    """LogSigmoid'(x) = 1 − σ(x) = σ(−x), computed as σ(−x): no cancellation."""
    return torch.sigmoid(-x)
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-6, 6, 401, requires_grad=True)
y = F.logsigmoid(x)
# Each y[i] depends on x[i] only, so the gradient of y.sum() is the
# elementwise derivative at every grid point, in one backward pass.
(autograd,) = torch.autograd.grad(y.sum(), x)
x, y = x.detach(), y.detach()
analytic = torch.sigmoid(-x)  # the formula σ(−x) = 1 − σ(x)

fig, ax = plt.subplots(
    num="LogSigmoid (solid) on [-6, 6]: close to the line y = x (dotted) for negative x, "
    "rising to just below 0 for positive x, log(1/2) at x = 0; its derivative by autograd "
    "(dashed) and the formula sigma(-x) (dots) on top of it, falling from almost 1 to almost 0, "
    "1/2 at x = 0"
)
ax.plot(x, y, label="log σ(x)")
ax.plot(x, autograd, "--", label="derivative by autograd")
ax.plot(x[::16], analytic[::16], linestyle="none", marker="o", markersize=4, label="σ(−x), formula")
left = x < -1
ax.plot(x[left], x[left], ":", linewidth=1.5, label="asymptote y = x (x → −∞)")
ax.plot([0], [F.logsigmoid(torch.tensor(0.0)).item()], linestyle="none", marker="*", markersize=10,
        label=f"log σ(0) = log ½ = {F.logsigmoid(torch.tensor(0.0)).item():.4f}")
ax.set_ylim(-6.5, 1.5)
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.set_title("LogSigmoid and its derivative")
_ = ax.legend(loc="lower right", fontsize=9)
# --8<-- [end:plot]
