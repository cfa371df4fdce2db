# Code embedded in docs/activations/sigmoid.md (pymdownx.snippets sections).
# The `derivative` section is also imported by the test suite: keep its contract
# (KINKS, sigmoid_derivative) as described in the activation pages' brief.

# --8<-- [start:derivative]
import torch

KINKS = []  # sigmoid is smooth: differentiable everywhere, no kinks


def sigmoid_derivative(x):
    """σ'(x) = σ(x)(1 − σ(x)), computed from the output σ(x) as autograd does."""
    s = torch.sigmoid(x)
    return s * (1 - s)
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch

x = torch.linspace(-8, 8, 401, requires_grad=True)
y = torch.sigmoid(x)
# Each y[i] depends on x[i] only, so the gradient of y.sum() is the
# elementwise derivative σ'(x[i]) at every grid point, in one backward pass.
y.sum().backward()

s = y.detach()
analytic = s * (1 - s)  # the formula σ(x)(1 − σ(x))
peak = int(x.grad.argmax())

fig, ax = plt.subplots(
    num="Sigmoid (solid) rising from 0 to 1 on [-8, 8], its derivative by autograd "
    "(dashed) and the formula sigma(x)(1 - sigma(x)) (dots) on top of it; the "
    "derivative is a bump that peaks at 0.25 at x = 0"
)
ax.plot(x.detach(), s, label="σ(x)")
ax.plot(x.detach(), x.grad, "--", label="σ′(x) by autograd")
ax.plot(x.detach()[::16], analytic[::16], linestyle="none", marker="o",
        markersize=4, label="σ(x)(1 − σ(x)), formula")
ax.plot(x[peak].item(), x.grad[peak].item(), linestyle="none", marker="*", markersize=10,
        label=f"peak: σ′({x[peak]:.0f}) = {x.grad[peak]:.2f}")
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.set_title("Sigmoid and its derivative")
_ = ax.legend(loc="upper left")
# --8<-- [end:plot]
