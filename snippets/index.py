# --8<-- [start:visual-index]
import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F


def first_of_two(function):
    """A vector-valued activation as a function of x: its first output on [x, 0]."""
    return lambda x: function(torch.stack([x, torch.zeros_like(x)]))[0]


# In the order of the families in the navigation (FAMILIES in activations/comparison.py), some
# with a parameter that makes the curve easier to read at this size.
activations = {
    "ReLU": nn.ReLU(), "ReLU6": nn.ReLU6(), "LeakyReLU": nn.LeakyReLU(0.1), "PReLU": nn.PReLU(),
    "RReLU": nn.RReLU().eval(),
    "ELU": nn.ELU(), "CELU": nn.CELU(0.5), "SELU": nn.SELU(), "Softplus": nn.Softplus(),
    "GELU": nn.GELU(), "SiLU": nn.SiLU(), "Mish": nn.Mish(), "Hardswish": nn.Hardswish(),
    "Sigmoid": nn.Sigmoid(), "Hardsigmoid": nn.Hardsigmoid(), "LogSigmoid": nn.LogSigmoid(),
    "Tanh": nn.Tanh(), "Hardtanh": nn.Hardtanh(), "Softsign": nn.Softsign(),
    "Hardshrink": nn.Hardshrink(), "Softshrink": nn.Softshrink(), "Tanhshrink": nn.Tanhshrink(),
    "Threshold": nn.Threshold(0.1, 2.0),
    "Softmax": first_of_two(lambda v: F.softmax(v, dim=0)), "Softmin": first_of_two(lambda v: F.softmin(v, dim=0)),
    "LogSoftmax": first_of_two(lambda v: F.log_softmax(v, dim=0)),
    "Softmax2d": first_of_two(lambda v: nn.Softmax2d()(v.view(2, 1, -1)).view(2, -1)),
    "GLU": lambda x: F.glu(torch.stack([x, torch.zeros_like(x)]), dim=0)[0],
}

x = torch.linspace(-4, 4, 161, requires_grad=True)
fig, axes = plt.subplots(
    4, 7, figsize=(12, 6.6), sharex=True,
    num=f"Small plots of the {len(activations)} activations in torch.nn, family by family, on "
        f"[{x[0].item():g}, {x[-1].item():g}]: each function (solid) and its derivative by autograd "
        "(dashed). Vector-valued ones show their first output over [x, 0].",
)
for ax, (name, function) in zip(axes.flat, activations.items()):
    y = function(x)
    (slope,) = torch.autograd.grad(y.sum(), x)  # elementwise: the sum's gradient is f'(x)
    ax.plot(x.detach(), y.detach(), linewidth=1.5)
    ax.plot(x.detach(), slope, "--", linewidth=1.2)
    ax.set_title(name, fontsize=9)
    ax.set_ylim(-2.5, 4)
    ax.tick_params(labelsize=7)
fig.tight_layout()
# --8<-- [end:visual-index]
