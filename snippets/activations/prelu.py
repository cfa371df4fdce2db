# Code embedded in docs/activations/prelu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = [0.0]  # the corner (unless the weight is 1)
# --8<-- [end:kinks]
# At 0, forward mode returns 1, reverse mode the weight.
FORWARD_MODE_DIFFERS = {0.0: 1.0}


def prelu_derivative(x, init=0.25):
    """1 for x > 0, else the weight a (`init` until training changes it), at 0 too."""
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, init))
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn as nn

x = (torch.arange(-200, 201) / 100).requires_grad_()  # [-2, 2], with 0
layer = nn.PReLU()  # a = 0.25, the default init
(dy,) = torch.autograd.grad(layer(x).sum(), x)  # elementwise: dy_i = PReLU'(x_i)
x = x.detach()
kink = torch.isin(x, torch.tensor(KINKS))

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: PReLU on [-2, 2] with a = {layer.weight.item():g}. Right: its derivative in x by autograd, "
    f"{dy[0]:g} for x < 0, {dy[-1]:g} for x > 0, and a dot for PyTorch's value at 0, {dy[kink][0]:g}"
))
f_ax.plot(x, layer(x).detach(), label=f"PReLU(x), a = {layer.weight.item():g}")
d_ax.plot(x, dy.masked_fill(kink, float("nan")), label="∂/∂x")
d_ax.plot(x[kink], dy[kink], "o", label="PyTorch at 0")
f_ax.legend(loc="upper left")
_ = d_ax.legend(loc="center left")
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (r"\max(0, x) + a \min(0, x)", r"1 \text{ or } a", "as LeakyReLU; a is learned")
# --8<-- [end:comparison]
