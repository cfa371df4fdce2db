# Code embedded in docs/activations/rrelu.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks
# (on nn.RReLU(...).eval(): in training mode the slope is random).

# --8<-- [start:derivative]
import torch

KINKS = [0.0]  # RReLU has a corner at 0


def rrelu_derivative(x, lower=1.0 / 8, upper=1.0 / 3):
    """Eval mode: RReLU'(x) = 1 for x > 0, (lower + upper) / 2 for x <= 0
    (PyTorch's value at 0 is the slope (lower + upper) / 2)."""
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, (lower + upper) / 2))
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn as nn

torch.manual_seed(0)  # training mode draws random slopes
lower, upper = 1.0 / 8, 1.0 / 3  # the defaults
rrelu = nn.RReLU(lower, upper)

# Step 0.02 on [-4, 4]: 0 is an exact grid point.
x = (torch.arange(-200, 201) / 50).requires_grad_()
xs = x.detach()

rrelu.eval()  # fixed slope (lower + upper) / 2
y_eval = rrelu(x)
(d_eval,) = torch.autograd.grad(y_eval.sum(), x)  # dy_i/dx_i: each y_i depends on x_i only
rrelu.train()  # a random slope for every element
y_train = rrelu(x)
(d_train,) = torch.autograd.grad(y_train.sum(), x)

analytic = torch.where(xs > 0, 1.0, (lower + upper) / 2)  # the eval-mode formula
at_kink = xs == 0
kink_value = d_eval[at_kink].item()  # what PyTorch returns at exactly x = 0 in eval mode
# Training-mode samples as dots, at every 4th grid point with x <= 0 (for x > 0 both modes
# give x and gradient 1, so dots there would only hide the eval-mode lines).
dots = torch.zeros_like(xs, dtype=torch.bool)
dots[::4] = True
dots &= xs <= 0

fig, (left, right) = plt.subplots(
    1, 2, figsize=(9.6, 3.8),
    num=(
        "Left: RReLU on [-4, 4] in eval mode (solid line, slope (lower + upper) / 2 for x < 0) "
        "and in training mode (dots for x <= 0, a random slope for each point, between the dotted lines "
        "lower * x and upper * x). Right: the derivatives by autograd, in eval mode (dashed) with "
        "the analytic derivative (x markers), 1 for x > 0 and (lower + upper) / 2 below, and in "
        "training mode (dots scattered between lower and upper for x <= 0); at x = 0 a filled "
        "marker shows PyTorch's eval-mode value, the slope, and an open marker the right-hand limit 1"
    ),
)
left.plot(xs, y_eval.detach(), label=f"eval: slope (lower + upper) / 2 = {(lower + upper) / 2:.4f}")
left.plot(xs[dots], y_train.detach()[dots], ".", markersize=4, label="training: a random slope per point")
negative = xs <= 0
left.plot(xs[negative], lower * xs[negative], ":", label=f"lower * x, lower = {lower:.4f}")
left.plot(xs[negative], upper * xs[negative], ":", label=f"upper * x, upper = {upper:.4f}")

# Break the derivative curve at the kink so no vertical jump is drawn there.
(line,) = right.plot(xs, d_eval.masked_fill(at_kink, float("nan")), "--", label="eval, by autograd")
right.plot(xs[::25], analytic.masked_fill(at_kink, float("nan"))[::25], "x", color=line.get_color(),
           label="eval, analytic (every 25th point)")
right.plot(xs[dots], d_train[dots], ".", markersize=4, label="training, by autograd")
right.plot([0], [kink_value], "o", color=line.get_color(), markersize=8,
           label=f"eval, PyTorch at 0: {kink_value:.4f}")
right.plot([0], [1], "o", color=line.get_color(), markerfacecolor="none", markersize=8,
           label="right limit at 0: 1")
left.set_title("RReLU(x)")
right.set_title("its derivative")
for ax in (left, right):
    ax.set_xlabel("x")
left.set_ylabel("value")
right.set_ylabel("derivative")
_ = left.legend(loc="upper left", fontsize="small")
_ = right.legend(loc="center right", fontsize="small")
# --8<-- [end:plot]
