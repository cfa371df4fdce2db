# Code embedded in docs/activations/rrelu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks
# (on nn.RReLU(...).eval(): in training mode the slope is random).

# --8<-- [start:derivative]
import torch

# --8<-- [start:kinks]
KINKS = [0.0]  # the corner
# --8<-- [end:kinks]


def rrelu_derivative(x, lower=1.0 / 8, upper=1.0 / 3):
    """Eval mode: 1 for x > 0, else (lower + upper) / 2, at 0 too."""
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, (lower + upper) / 2))
# --8<-- [end:derivative]


# --8<-- [start:glance]
import matplotlib.pyplot as plt
import torch
import torch.nn as nn

torch.manual_seed(0)  # training mode draws random slopes
x = (torch.arange(-200, 201) / 100).requires_grad_()  # [-2, 2], with 0
layer = nn.RReLU()
(d_eval,) = torch.autograd.grad(layer.eval()(x).sum(), x)
(d_train,) = torch.autograd.grad(layer.train()(x).sum(), x)
x = x.detach()
kink = torch.isin(x, torch.tensor(KINKS))

fig, (f_ax, d_ax) = plt.subplots(1, 2, figsize=(8, 3), num=(
    f"Left: RReLU on [-2, 2], eval mode. Right: its derivative by autograd, {d_eval[0]:.4g} for x < 0, "
    f"{d_eval[-1]:g} for x > 0 and {d_eval[kink][0]:.4g} at 0 (a dot); dots for x <= 0: one training call"
))
f_ax.plot(x, layer.eval()(x), label="eval mode")
d_ax.plot(x, d_eval.masked_fill(kink, float("nan")), label="eval mode")
d_ax.plot(x[x <= 0][::4], d_train[x <= 0][::4], ".", markersize=3, label="training mode")
d_ax.plot(x[kink], d_eval[kink], "o", label="eval, at 0")
f_ax.legend(loc="upper left")
_ = d_ax.legend(loc="center left")
# --8<-- [end:glance]

# --8<-- [start:comparison]
# Its row in docs/activations/comparison.md: f(x) and f′(x) in TeX, and what it costs.
COMPARISON = (
    r"\max(0, x) + \frac{l + u}{2} \min(0, x)",
    r"1 \text{ or } \frac{l + u}{2}",
    "as LeakyReLU (eval)",
)
# --8<-- [end:comparison]
