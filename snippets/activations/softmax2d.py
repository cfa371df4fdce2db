# Code embedded in docs/activations/softmax2d.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = []  # softmax over the channels is smooth everywhere


def softmax2d_jacobian(x):
    """Jacobian of Softmax2d at one pixel whose C channels are the 1-D tensor x: diag(p) - p p^T."""
    p = torch.softmax(x, dim=0)  # the channels of one pixel
    return torch.diag(p) - torch.outer(p, p)
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
from torch import nn

x = (torch.arange(-400, 401) / 50).requires_grad_()  # [-8, 8], step 0.02, holds 0
# One image (C=2, H=1, W=801) whose pixel w has the channel values [x_w, 0]:
p = nn.Softmax2d()(torch.stack([x, torch.zeros_like(x)]).unsqueeze(1))[:, 0]  # (2, 801)
(d0,) = torch.autograd.grad(p[0].sum(), x, retain_graph=True)  # pixels are independent
(d1,) = torch.autograd.grad(p[1].sum(), x)
x, p = x.detach(), p.detach()
mid = int((x == 0).nonzero())

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: Softmax2d of pixels with channel values [x, 0], x from {x[0]:g} to {x[-1]:g}: p0 "
    f"rises from {p[0, 0]:.4f} through {p[0, mid]:g} to {p[0, -1]:.4f}, p1 = 1 - p0 falls. Right: "
    f"their derivatives in x by autograd, a bump to {d0[mid]:g} and a dip to {d1[mid]:g} at x = 0"
))
left.plot(x, p[0], label="p0 (channel 0)")
left.plot(x, p[1], "--", label="p1 (channel 1)")
left.set_title("Softmax2d, pixel by pixel")
left.legend(loc="center left", fontsize="small")
right.plot(x, d0, label="∂p0/∂x = p0 p1")
right.plot(x, d1, "--", label="∂p1/∂x = −p0 p1")
right.set_title("Jacobian column, by autograd")
right.legend(loc="upper left", fontsize="small")
for ax in (left, right):
    ax.set_xlabel("x (channel 0; channel 1 is 0)")
fig.tight_layout()
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and its Jacobian in TeX, and what it costs.
COMPARISON = (
    r"\text{Softmax over the channels of each pixel}",
    r"\operatorname{diag}(p) - p p^{\top} \text{ per pixel}",
    "as Softmax, per pixel",
)
# --8<-- [end:comparison]
