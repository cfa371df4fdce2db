# Code embedded in docs/index.md, after the catalogue of activations
# (activations/comparison.py, sections `activations` and `markdown-table`).

# --8<-- [start:visual-index]
import math

import matplotlib.pyplot as plt
import torch
import torch.nn as nn

# Every activation module of torch.nn has a page (MultiheadAttention is a layer, not an activation).
assert sorted(a.name for a in ACTIVATIONS) == sorted(set(nn.modules.activation.__all__) - {"MultiheadAttention"})


def first_of_two(f):
    """A vector-valued activation as a function of x: its first output on [x, 0] (vmap: for each x)."""
    return torch.func.vmap(lambda x: f(torch.stack([x, torch.zeros_like(x)]))[0])


# A parameter that makes the curve easier to read at this size.
SHOWN_WITH = {"LeakyReLU": nn.LeakyReLU(0.1), "CELU": nn.CELU(0.5), "Threshold": nn.Threshold(0.1, 2.0)}
COLUMNS = 7
rows = math.ceil(len(ACTIVATIONS) / COLUMNS)
x = torch.linspace(-4, 4, 161, requires_grad=True)
fig, axes = plt.subplots(
    rows, COLUMNS, figsize=(12, 1.65 * rows), sharex=True, squeeze=False,
    num=f"Small plots of the {len(ACTIVATIONS)} activations in torch.nn, family by family, on "
        f"[{x[0].item():g}, {x[-1].item():g}]: each function (solid) and its derivative by autograd "
        "(dashed). Vector-valued ones show their first output over [x, 0].",
)
for ax, activation in zip(axes.flat, ACTIVATIONS):
    f = SHOWN_WITH.get(activation.name, activation.function())
    y = (f if activation.elementwise else first_of_two(f))(x)
    (slope,) = torch.autograd.grad(y.sum(), x)  # each output depends on its own x: the sum's gradient is f'(x)
    ax.plot(x.detach(), y.detach(), linewidth=1.5)
    ax.plot(x.detach(), slope, "--", linewidth=1.2)
    ax.set_title(activation.name, fontsize=9)
    ax.set_ylim(-2.5, 4)
    ax.tick_params(labelsize=7)
for ax in axes.flat[len(ACTIVATIONS):]:
    ax.set_axis_off()  # the empty places of the last row
fig.tight_layout()
# --8<-- [end:visual-index]


# --8<-- [start:families]
# A row per family, in the navigation's order, and a link to each activation's page.
Table(["family", "activations"],
      [[family, ", ".join(f"[{a.name}]({a.page})" for a in members)] for family, members in CATALOGUE.items()])
# --8<-- [end:families]
