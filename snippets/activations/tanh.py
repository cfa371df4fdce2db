# Code embedded in docs/activations/tanh.md (pymdownx.snippets sections).
# The `derivative` section is also imported by the test suite: keep its contract
# (KINKS, tanh_derivative) as described in the activation pages' brief.

# --8<-- [start:derivative]
import torch

KINKS = []  # tanh is smooth: differentiable everywhere, no kinks


def tanh_derivative(x):
    """tanh'(x) = 1 − tanh(x)², computed from the output tanh(x) as autograd does."""
    t = torch.tanh(x)
    return 1 - t**2
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch

x = torch.linspace(-4, 4, 401, requires_grad=True)
y = torch.tanh(x)
# Each y[i] depends on x[i] only, so the gradient of y.sum() is the
# elementwise derivative tanh'(x[i]) at every grid point, in one backward pass.
y.sum().backward()

t = y.detach()
analytic = 1 - t**2  # the formula 1 − tanh(x)²
peak = int(x.grad.argmax())

fig, ax = plt.subplots(
    num="Tanh (solid) rising from -1 to 1 on [-4, 4], its derivative by autograd "
    "(dashed) and the formula 1 - tanh(x)^2 (dots) on top of it; the derivative is "
    "a bump that peaks at 1 at x = 0"
)
ax.plot(x.detach(), t, label="tanh(x)")
ax.plot(x.detach(), x.grad, "--", label="tanh′(x) by autograd")
ax.plot(x.detach()[::16], analytic[::16], linestyle="none", marker="o",
        markersize=4, label="1 − tanh(x)², formula")
ax.plot(x[peak].item(), x.grad[peak].item(), linestyle="none", marker="*", markersize=10,
        label=f"peak: tanh′({x[peak]:.0f}) = {x.grad[peak]:.2f}")
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.set_title("Tanh and its derivative")
_ = ax.legend(loc="lower right")
# --8<-- [end:plot]
