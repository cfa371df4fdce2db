# Code embedded in docs/why-a-nonlinearity.md (pymdownx.snippets sections).

# --8<-- [start:collapse]
import torch
import torch.nn as nn


def collapse(stack):
    """The one nn.Linear that computes what a stack of nn.Linear layers computes.

    Layer by layer: W x + b  ->  W_l (W x + b) + b_l = (W_l W) x + (W_l b + b_l)
    """
    first = stack[0]
    weight, bias = first.weight.detach(), first.bias.detach()
    for layer in stack[1:]:
        weight = layer.weight.detach() @ weight
        bias = layer.weight.detach() @ bias + layer.bias.detach()
    merged = nn.Linear(first.in_features, stack[-1].out_features, dtype=weight.dtype)
    with torch.no_grad():
        merged.weight.copy_(weight)
        merged.bias.copy_(bias)
    return merged
# --8<-- [end:collapse]


# --8<-- [start:xor]
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
CENTRES = torch.tensor([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
CLASSES = torch.tensor([1.0, 1.0, 0.0, 0.0])  # 1 where x1 and x2 have the same sign
X = CENTRES.repeat_interleave(50, dim=0) + 0.35 * torch.randn(200, 2)  # 50 a corner
y = CLASSES.repeat_interleave(50)


def mlp(activation, width=32):
    """2 inputs, two hidden layers of `width` units, 1 output (the logit of class 1)."""
    return nn.Sequential(
        nn.Linear(2, width), activation(),
        nn.Linear(width, width), activation(),
        nn.Linear(width, 1),
    )


def train(model, steps=200, lr=0.01):
    """Full-batch Adam on the binary cross-entropy; returns (accuracy, final loss)."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model(X).squeeze(1), y)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        accuracy = ((model(X).squeeze(1) > 0).float() == y).float().mean().item()
    return accuracy, loss.item()


results = {}
for name, activation in [("ReLU", nn.ReLU), ("no activation", nn.Identity)]:
    torch.manual_seed(1)  # the same initial weights for both networks
    model = mlp(activation)
    results[name] = (model, *train(model))
    print(f"{name:13}  accuracy {results[name][1]:.3f}   loss {results[name][2]:.4f}")
# --8<-- [end:xor]


# --8<-- [start:xor-plot]
import matplotlib.pyplot as plt

grid = torch.linspace(-2.5, 2.5, 101)
g1, g2 = torch.meshgrid(grid, grid, indexing="xy")
points = torch.stack([g1.flatten(), g2.flatten()], dim=1)

(relu_acc, linear_acc) = (results["ReLU"][1], results["no activation"][1])
fig, axes = plt.subplots(1, 2, figsize=(8, 4), sharey=True, num=(
    f"Two panels showing the same {len(X)} points in four clusters, XOR-style: class 1 "
    f"where x1 and x2 have the same sign, class 0 where they differ. Each panel shades "
    f"where a trained network predicts class 1. Left, with ReLU: the region covers the "
    f"two class-1 clusters and its boundary bends around them, accuracy {relu_acc:.1%}. "
    f"Right, the same network without activations: the boundary is one straight line, "
    f"accuracy {linear_acc:.1%}"
))
for ax, name in zip(axes, ["ReLU", "no activation"]):
    model, accuracy, _ = results[name]
    with torch.no_grad():
        logit = model(points).reshape(g1.shape)
    ax.contourf(g1, g2, logit, levels=[-1e9, 0, 1e9], colors=["C1", "C0"], alpha=0.15)
    ax.contour(g1, g2, logit, levels=[0], colors=["C7"], linewidths=1.5)
    ax.plot(*X[y == 1].T, "o", color="C0", markersize=2.5, label="class 1")
    ax.plot(*X[y == 0].T, "s", color="C1", markersize=2.5, label="class 0")
    ax.set_title(f"{name}: accuracy {accuracy:.1%}")
    ax.set_xlabel("x1")
    ax.set_aspect("equal")
axes[0].set_ylabel("x2")
_ = axes[0].legend(loc="lower left", fontsize="small")
# --8<-- [end:xor-plot]


# --8<-- [start:hinges]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.linspace(-3, 3, 200, dtype=torch.float64).unsqueeze(1)
target = torch.sin(x)

UNITS = 12
net = nn.Sequential(nn.Linear(1, UNITS), nn.ReLU(), nn.Linear(UNITS, 1)).double()
optimizer = torch.optim.Adam(net.parameters(), lr=0.05)
for _ in range(600):
    optimizer.zero_grad()
    loss = F.mse_loss(net(x), target)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    a, b = net[0].weight[:, 0], net[0].bias  # hidden unit i: relu(a_i x + b_i)
    w, c = net[2].weight[0], net[2].bias     # output: sum_i w_i relu(a_i x + b_i) + c
    hinges = w * torch.relu(a * x + b)       # one column per unit: 200 x UNITS
    output = net(x)
    kinks = -b / a                           # where a_i x + b_i = 0
    inside = (kinks > -3) & (kinks < 3)
    max_error = (output - target).abs().max().item()
# --8<-- [end:hinges]


# --8<-- [start:hinges-plot]
import matplotlib.pyplot as plt

fig, (fit_ax, hinge_ax) = plt.subplots(1, 2, figsize=(8, 3.5), num=(
    f"Left: sin x on [-3, 3] and the fit of a network with one hidden layer of {UNITS} "
    f"ReLU units, a broken line that stays within {max_error:.2f} of the sine, with a dot "
    f"at each of the {int(inside.sum())} kinks that lie inside the interval. Right: the "
    f"{UNITS} hinges w_i relu(a_i x + b_i) that the network adds up, each zero on one "
    f"side of its kink and a straight line on the other"
))
fit_ax.plot(x, target, ":", color="C7", label="sin x")
fit_ax.plot(x, output, color="C0", label=f"network, {UNITS} units")
with torch.no_grad():
    at_kinks = net(kinks[inside].unsqueeze(1))
fit_ax.plot(kinks[inside], at_kinks, "o", color="C1", markersize=4, label="kinks")
fit_ax.set_title("The fit")
fit_ax.legend(loc="lower right", fontsize="small")
for i in range(UNITS):
    hinge_ax.plot(x, hinges[:, i], linewidth=1.2)
hinge_ax.set_title(f"Its {UNITS} hinges wᵢ relu(aᵢx + bᵢ)")
for ax in (fit_ax, hinge_ax):
    ax.set_xlabel("x")
# --8<-- [end:hinges-plot]
