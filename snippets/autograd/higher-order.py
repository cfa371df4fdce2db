# Code embedded in docs/autograd/higher-order.md.

# --8<-- [start:second]
import torch


def first_and_second_derivative(f, x):
    """f'(x) and f''(x) of an elementwise f, by autograd, at every point of x."""
    x = x.detach().requires_grad_()
    # Elementwise: y_i depends on x_i only, so the gradient of the sum is f'(x_i) ...
    (first,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)  # ... and is part of the graph
    # ... and first_i depends on x_i only too: differentiate its sum again for f''(x_i).
    (second,) = torch.autograd.grad(first.sum(), x)
    return first.detach(), second


def sigmoid_second_derivative(x):
    s = torch.sigmoid(x)
    return s * (1 - s) * (1 - 2 * s)


def tanh_second_derivative(x):
    t = torch.tanh(x)
    return -2 * t * (1 - t**2)
# --8<-- [end:second]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch

grid = torch.linspace(-6, 6, 401, dtype=torch.float64)
marks = slice(None, None, 25)  # formula markers at every 25th grid point

fig, axes = plt.subplots(
    1, 2, figsize=(9, 3.6), sharey=True,
    num="Left: sigmoid (solid), its first derivative (dashed) and second derivative (dotted) by autograd "
        "on [-6, 6], with the formula s(1 - s)(1 - 2s) as markers; the second derivative is positive left "
        "of 0, zero at 0 and negative right of 0. Right: the same for tanh, with the formula "
        "-2 tanh (1 - tanh squared) as markers.",
)
for ax, name, f, formula in [
    (axes[0], "sigmoid", torch.sigmoid, sigmoid_second_derivative),
    (axes[1], "tanh", torch.tanh, tanh_second_derivative),
]:
    first, second = first_and_second_derivative(f, grid)
    ax.plot(grid, f(grid), label="f(x)")
    ax.plot(grid, first, "--", label="first derivative (autograd)")
    ax.plot(grid, second, ":", label="second derivative (autograd)")
    ax.plot(grid[marks], formula(grid[marks]), "x", label="second derivative (formula)")
    ax.set_title(name)
    ax.set_xlabel("x")
axes[0].set_ylabel("value")
_ = axes[0].legend(loc="lower right", fontsize="small")  # the same four series in both panels
# --8<-- [end:plot]
