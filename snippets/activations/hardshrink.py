# Code embedded in docs/activations/hardshrink.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = [-0.5, 0.5]  # Hardshrink jumps at x = ±lambd (default lambd = 0.5): not continuous there


def hardshrink_derivative(x, lambd=0.5):
    """Hardshrink'(x) = 1 where |x| > lambd, else 0 (PyTorch's value at x = ±lambd: 0)."""
    return (x.abs() > lambd).to(x.dtype)
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

lambd = 0.5
# A grid of step 0.01 that holds ±0.5 exactly (torch.linspace would miss them by rounding).
x = (torch.arange(-200, 201) / 100).requires_grad_()
y = F.hardshrink(x, lambd)
(autograd,) = torch.autograd.grad(y.sum(), x)  # dy_i/dx_i: each y_i depends on x_i only
x, y = x.detach(), y.detach()
analytic = (x.abs() > lambd).float()  # 1[|x| > λ], the formula

# Break every curve at the jumps so that no vertical segment is drawn there.
at_jump = x.abs() == lambd
jumps = x[at_jump]                    # -0.5 and 0.5
value_there = y[at_jump]              # what PyTorch returns at x = ±λ
slope_there = autograd[at_jump]       # the gradient autograd returns at x = ±λ


def broken(curve):
    return curve.masked_fill(at_jump, float("nan"))


fig, (left, right) = plt.subplots(
    1, 2, figsize=(9, 4.2), gridspec_kw={"width_ratios": [3, 2]},
    num=(
        "Left: Hardshrink with lambda = 0.5 on [-2, 2] (solid): 0 on [-0.5, 0.5], x outside, "
        "with jumps at x = -0.5 and 0.5; its derivative by autograd (dashed) and the analytic "
        "derivative 1[|x| > 0.5] (x markers): 0 inside, 1 outside. At each jump filled markers "
        f"show PyTorch's values (function {value_there.tolist()}, gradient {slope_there.tolist()}) "
        "and open markers the one-sided limits from outside (function -0.5 and 0.5, gradient 1). "
        "Right: Hardshrink for lambda = 0.25, 0.5 and 1: the wider lambda, the wider the band "
        "set to zero and the higher the jump."
    ),
)
(f_line,) = left.plot(x, broken(y), label="Hardshrink(x), λ = 0.5")
(d_line,) = left.plot(x, broken(autograd), "--", label="derivative by autograd")
left.plot(x[::20], broken(analytic)[::20], "x", markersize=6, label="analytic 1[|x| > λ]")
# Where both are 0 the function's (large) and the gradient's (small) filled markers nest.
for line, there, outside, size in ((f_line, value_there, jumps, 10), (d_line, slope_there, torch.ones(2), 6)):
    left.plot(jumps, there, "o", color=line.get_color(), markersize=size)
    left.plot(jumps, outside, "o", color=line.get_color(), markerfacecolor="none", markersize=size)
# Two neutral legend entries for the marker convention.
left.plot([], [], "o", color="C7", label="filled: PyTorch's value at x = ±λ")
left.plot([], [], "o", color="C7", markerfacecolor="none", label="open: one-sided limit from outside")
left.set_xlabel("x")
left.set_ylabel("value")
left.set_title("Hardshrink (λ = 0.5) and its derivative", fontsize=10)

for lam, style in ((0.25, "-"), (0.5, "--"), (1.0, ":")):
    values = F.hardshrink(x, lam)
    (line,) = right.plot(x, values.masked_fill(x.abs() == lam, float("nan")), style, label=f"λ = {lam:g}")
    edges = torch.tensor([-lam, lam])
    right.plot(edges, F.hardshrink(edges, lam), "o", color=line.get_color(), markersize=5)
    right.plot(edges, edges, "o", color=line.get_color(), markerfacecolor="none", markersize=5)
right.set_xlabel("x")
right.set_title("Hardshrink for three values of λ", fontsize=10)
right.legend(loc="upper left", fontsize=8)
fig.legend(*left.get_legend_handles_labels(), loc="lower center", ncol=3, fontsize=8)
fig.subplots_adjust(bottom=0.3, wspace=0.25)
# --8<-- [end:plot]
