# Code embedded in docs/activations/softshrink.md (pymdownx.snippets sections).
# The `derivative` section is also what tests/test_activation_derivatives.py checks.

# --8<-- [start:derivative]
import torch

KINKS = [-0.5, 0.5]  # Softshrink has corners at x = ±lambd (default lambd = 0.5)


def softshrink_derivative(x, lambd=0.5):
    """Softshrink'(x) = 1 where |x| > lambd, else 0 (PyTorch's value at x = ±lambd: 0)."""
    return (x.abs() > lambd).to(x.dtype)
# --8<-- [end:derivative]


# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

lambd = 0.5
# A grid of step 0.01 that holds ±0.5 exactly (torch.linspace would miss them by rounding).
x = (torch.arange(-200, 201) / 100).requires_grad_()
y = F.softshrink(x, lambd)
(autograd,) = torch.autograd.grad(y.sum(), x)  # dy_i/dx_i: each y_i depends on x_i only
x, y = x.detach(), y.detach()
analytic = (x.abs() > lambd).float()  # 1[|x| > λ], the formula

# The derivative jumps at the kinks: break its curves there (no vertical segment).
at_kink = x.abs() == lambd
kinks = x[at_kink]                    # -0.5 and 0.5
slope_there = autograd[at_kink]       # the gradient autograd returns at x = ±λ

fig, (left, right) = plt.subplots(
    1, 2, figsize=(9, 4.2), gridspec_kw={"width_ratios": [3, 2]},
    num=(
        "Left: Softshrink with lambda = 0.5 on [-2, 2] (solid): 0 on [-0.5, 0.5], x - 0.5 to the "
        "right and x + 0.5 to the left, continuous with corners (diamonds) at x = -0.5 and 0.5; "
        "its derivative by autograd (dashed) and the analytic derivative 1[|x| > 0.5] (x markers): "
        "0 inside, 1 outside. At each corner a filled marker shows the gradient PyTorch returns "
        f"there ({slope_there.tolist()}) and an open marker the one-sided limit from outside, 1. "
        "Right: Softshrink for lambda = 0.25, 0.5 and 1 next to the identity (dotted): outside the "
        "band each curve is the identity moved toward 0 by lambda."
    ),
)
(f_line,) = left.plot(x, y, label="Softshrink(x), λ = 0.5")
(d_line,) = left.plot(x, autograd.masked_fill(at_kink, float("nan")), "--", label="derivative by autograd")
left.plot(x[::20], analytic.masked_fill(at_kink, float("nan"))[::20], "x", markersize=6,
          label="analytic 1[|x| > λ]")
# The corners and PyTorch's gradient there are both at height 0: the small marker sits on the large one.
left.plot(kinks, F.softshrink(kinks, lambd), "D", color=f_line.get_color(), markersize=11,
          label="corners of Softshrink at x = ±λ")
left.plot(kinks, slope_there, "o", color=d_line.get_color(), markersize=6,
          label="filled: PyTorch's gradient at x = ±λ")
left.plot(kinks, torch.ones(2), "o", color=d_line.get_color(), markerfacecolor="none", markersize=7,
          label="open: one-sided limit from outside")
left.set_xlabel("x")
left.set_ylabel("value")
left.set_title("Softshrink (λ = 0.5) and its derivative", fontsize=10)

right.plot(x, x, ":", linewidth=1, label="identity y = x")
for lam, style in ((0.25, "-"), (0.5, "--"), (1.0, "-.")):
    right.plot(x, F.softshrink(x, lam), style, label=f"λ = {lam:g}")
right.set_xlabel("x")
right.set_title("Softshrink for three values of λ", fontsize=10)
right.legend(loc="upper left", fontsize=8)
fig.legend(*left.get_legend_handles_labels(), loc="lower center", ncol=3, fontsize=8)
fig.subplots_adjust(bottom=0.3, wspace=0.25)
# --8<-- [end:plot]
