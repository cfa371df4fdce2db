# --8<-- [start:visual-index]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.linspace(-5, 5, 201, requires_grad=True)
activations = {
    "Sigmoid": torch.sigmoid,
    "Tanh": torch.tanh,
    "ReLU": torch.relu,
    "Softmax of [x, 0], first output": lambda x: F.softmax(torch.stack([x, torch.zeros_like(x)]), dim=0)[0],
}

fig, axes = plt.subplots(
    1, len(activations), figsize=(10, 2.6), sharey=True,
    num="Small plots of each activation on the site (solid) and its derivative by autograd (dashed), "
        "x from -5 to 5: Sigmoid, Tanh, ReLU, and the first output of Softmax over [x, 0]",
)
for ax, (name, function) in zip(axes, activations.items()):
    y = function(x)
    (slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: the sum's gradient is y'(x)
    ax.plot(x.detach(), y.detach(), label="f(x)")
    ax.plot(x.detach(), slope, "--", label="f′(x)")
    ax.set_title(name.split(" of")[0], fontsize=10)
    ax.set_ylim(-1.2, 1.2)
axes[0].legend(loc="upper left", fontsize=8)
fig.tight_layout()
# --8<-- [end:visual-index]
