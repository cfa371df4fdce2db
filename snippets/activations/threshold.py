# Code embedded in docs/activations/threshold.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.
# nn.Threshold has no default arguments: this site uses threshold=0.1, value=20.0.

# --8<-- [start:derivative]
import torch

KINKS = [0.1]  # the jump at x = threshold (this page's threshold = 0.1)


def threshold_derivative(x, threshold=0.1, value=20.0):
    """Threshold'(x) = 1 where x > threshold, else 0; `value` does not enter.

    PyTorch's value at x = threshold, where the function jumps (unless value ==
    threshold): 0. Written as PyTorch's backward tests it (0 where x <= threshold).
    """
    return (~(x <= threshold)).to(x.dtype)
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

THRESHOLD, VALUE = 0.1, 20.0

# Step 0.01 on [-1, 1]: the grid holds the threshold 0.1 (as the float32 number nearest 0.1).
x = (torch.arange(-100, 101) / 100).requires_grad_()
y = F.threshold(x, THRESHOLD, VALUE)
(autograd,) = torch.autograd.grad(y.sum(), x)  # dy_i/dx_i: each y_i depends on x_i only
x, y = x.detach(), y.detach()
analytic = (x > THRESHOLD).float()  # 1[x > threshold], the formula above

# Break the curves at the jump so no vertical line is drawn there.
at_jump = x == torch.tensor(THRESHOLD)
t = x[at_jump].item()
value_at_t, grad_at_t = y[at_jump].item(), autograd[at_jump].item()  # PyTorch at exactly x = 0.1
curve = y.masked_fill(at_jump, float("nan"))
autograd_curve = autograd.masked_fill(at_jump, float("nan"))
analytic_curve = analytic.masked_fill(at_jump, float("nan"))

fig, (f_ax, d_ax, p_ax) = plt.subplots(
    1, 3, figsize=(12, 4),
    num=(
        "Three panels. Left: Threshold with threshold 0.1 and value 20 on [-1, 1]: the constant 20 "
        f"up to x = 0.1, then the identity; at x = 0.1 a filled marker shows PyTorch's value {value_at_t:g} "
        "and an open marker the right-hand limit 0.1. Middle: its derivative by autograd (dashed) "
        "and the analytic derivative (x markers): 0 up to the threshold, 1 after it; at x = 0.1 a filled "
        f"marker shows PyTorch's gradient {grad_at_t:g} and an open marker the right-hand value 1. "
        "Right: Threshold for (threshold, value) = (0, 0), which is ReLU, (0.5, -0.5) and (-0.5, 1)"
    ),
)
(line,) = f_ax.plot(x, curve, label="Threshold(x)")
f_ax.plot([t], [value_at_t], "o", color=line.get_color(), markersize=8,
          label=f"PyTorch at x = {t:g}: {value_at_t:g}")
f_ax.plot([t], [t], "o", color=line.get_color(), markerfacecolor="none", markersize=8,
          label=f"right-hand limit: {t:g}")
f_ax.set_xlabel("x")
f_ax.set_ylabel("Threshold(x)")
f_ax.set_title("threshold = 0.1, value = 20")
f_ax.legend(loc="center right", fontsize=8)

(line,) = d_ax.plot(x, autograd_curve, "--", label="derivative by autograd")
d_ax.plot(x[::10], analytic_curve[::10], "x", markersize=6, label="analytic 1[x > 0.1]")
d_ax.plot([t], [grad_at_t], "o", color=line.get_color(), markersize=8,
          label=f"PyTorch at x = {t:g}: {grad_at_t:g}")
d_ax.plot([t], [1], "o", color=line.get_color(), markerfacecolor="none", markersize=8,
          label="right-hand value: 1")
d_ax.set_xlabel("x")
d_ax.set_ylabel("derivative")
d_ax.set_title("Its derivative")
d_ax.legend(loc="upper left", fontsize=8)

for (threshold, value), style in zip([(0.0, 0.0), (0.5, -0.5), (-0.5, 1.0)], ["-", "--", ":"]):
    other = F.threshold(x, threshold, value)
    if value != threshold:  # a jump: break the curve there
        other = other.masked_fill(x == threshold, float("nan"))
    p_ax.plot(x, other, style, label=f"threshold = {threshold:g}, value = {value:g}")
p_ax.set_ylim(-1, 2)
p_ax.set_xlabel("x")
p_ax.set_ylabel("Threshold(x)")
p_ax.set_title("Other parameters")
p_ax.legend(loc="upper left", fontsize=8)
fig.subplots_adjust(left=0.06, right=0.98, bottom=0.12, top=0.92, wspace=0.28)
# --8<-- [end:plot]
