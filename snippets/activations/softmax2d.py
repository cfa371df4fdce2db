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


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
from torch import nn

x = torch.linspace(-8, 8, 401, requires_grad=True)
# One image (C=2, H=1, W=401): pixel w has the channel values [x_w, 0].
image = torch.stack([x, torch.zeros_like(x)]).unsqueeze(1)
p = nn.Softmax2d()(image)  # shape (2, 1, 401): softmax over the channels of every pixel
p0, p1 = p[0, 0], p[1, 0]
# Pixels are independent, so the gradient of a sum over pixels holds each pixel's derivative.
(d0,) = torch.autograd.grad(p0.sum(), x, retain_graph=True)
(d1,) = torch.autograd.grad(p1.sum(), x)

x, p0, p1 = x.detach(), p0.detach(), p1.detach()
analytic0, analytic1 = p0 * (1 - p0), -p0 * p1  # first column of J = diag(p) - p p^T

fig, ax = plt.subplots(
    num=(
        "Softmax2d of a one-row image whose pixels have the two channel values [x, 0], x from -8 to 8: "
        "channel 0's output p0 (solid) rises from 0 to 1 through 0.5 at x = 0 and channel 1's p1 "
        "(dotted) falls as its mirror image; the derivatives in x by autograd, dp0/dx (dashed, a bump "
        "peaking at 0.25) and dp1/dx (dash-dotted, a dip to -0.25), coincide with the analytic "
        "p0 (1 - p0) and -p0 p1 (round and x markers)"
    )
)
ax.plot(x, p0, label="p0 (channel 0)")
ax.plot(x, p1, ":", label="p1 (channel 1)")
ax.plot(x, d0, "--", label="dp0/dx by autograd")
ax.plot(x[::16], analytic0[::16], "o", markersize=4, label="analytic p0 (1 − p0)")
ax.plot(x, d1, "-.", label="dp1/dx by autograd")
ax.plot(x[::16], analytic1[::16], "x", markersize=5, label="analytic −p0 p1")
ax.set_xlabel("x (channel 0 of each pixel; channel 1 is 0)")
ax.set_ylabel("value")
ax.set_title("Softmax2d over two channels, pixel by pixel")
_ = ax.legend(loc="center left", fontsize="small")
print("image:", tuple(image.shape), "-> output:", tuple(p.shape))
print("every pixel's channels sum to 1:", torch.allclose(p0 + p1, torch.ones_like(p0)))
print("dp0/dx equals p0 (1 - p0):", torch.allclose(d0, analytic0))
print("dp1/dx equals -p0 p1:     ", torch.allclose(d1, analytic1))
# --8<-- [end:plot]
