# Code embedded in docs/initialisation-and-normalisation.md.

# --8<-- [start:gains]
import math

import torch.nn as nn


GAINS = [  # (nonlinearity, param, the formula, where it comes from)
    *[(name, None, "1", "no activation: keep the variance")
      for name in ["linear", "conv1d", "conv2d", "conv3d",
                   "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"]],
    ("sigmoid", None, "1", "a convention: σ′(0) = 1/4 is not compensated"),
    ("tanh", None, "5/3", "a rule of thumb (see the note below)"),
    ("relu", None, "√2", "ReLU halves the second moment"),
    ("leaky_relu", None, "√(2 / (1 + a²)), a = 0.01", "the negative side keeps a² of it"),
    ("leaky_relu", 0.2, "√(2 / (1 + a²)), a = 0.2", "the negative side keeps a² of it"),
    ("selu", None, "3/4", "found empirically (pytorch/pytorch#50664)"),
]
gains = {(name, param): nn.init.calculate_gain(name, param) for name, param, _, _ in GAINS}
table = Table(
    ["`nonlinearity`", "gain", "formula", "why"],
    [[f"`{name}`" + ("" if param is None else f", `param={param}`"), f"{gains[name, param]:.6g}",
      formula, why] for name, param, formula, why in GAINS],
)
# --8<-- [end:gains]


# --8<-- [start:deep-relu]
import math

import torch

DEPTH, WIDTH, BATCH = 50, 256, 128


def std_per_layer(weight_std, seed=0):
    """A plain ReLU network, DEPTH layers x -> relu(x @ W.T), weights N(0, weight_std²), no bias.
    Returns the std of every layer's pre-activation z_l (forward) and of the gradient
    dL/dz_l that reaches it (backward), for a random gradient arriving at the top."""
    torch.manual_seed(seed)
    x = torch.randn(BATCH, WIDTH, requires_grad=True)  # so that every z_l is part of the graph
    weights = [torch.randn(WIDTH, WIDTH) * weight_std for _ in range(DEPTH)]
    top_gradient = torch.randn(BATCH, WIDTH)
    h, pre = x, []
    for w in weights:
        z = h @ w.T
        pre.append(z)
        h = torch.relu(z)
    backward = torch.autograd.grad(h, pre, grad_outputs=top_gradient)
    return [z.std().item() for z in pre], [g.std().item() for g in backward]
# --8<-- [end:deep-relu]


# --8<-- [start:variants]
import torch
import torch.nn as nn
import torch.nn.functional as F

DEPTH, WIDTH, BATCH, CLASSES = 30, 128, 128, 10

VARIANTS = {  # name: (its normalisation layer, or None; one block, from h_(l-1) to h_l)
    "plain": (None, lambda h, linear, norm: torch.relu(linear(h))),
    "BatchNorm": (nn.BatchNorm1d, lambda h, linear, norm: torch.relu(norm(linear(h)))),
    "LayerNorm": (nn.LayerNorm, lambda h, linear, norm: torch.relu(norm(linear(h)))),
    "residual": (None, lambda h, linear, norm: h + linear(torch.relu(h))),
    "residual + BatchNorm": (nn.BatchNorm1d, lambda h, linear, norm: h + linear(torch.relu(norm(h)))),
    "residual + LayerNorm": (nn.LayerNorm, lambda h, linear, norm: h + linear(torch.relu(norm(h)))),
}


def deep_net(variant, seed=0):
    """DEPTH blocks of one variant with PyTorch's default nn.Linear initialisation, a Linear head
    and cross-entropy on one random batch. Returns the weight-gradient norm ‖dL/dW_l‖ of every
    block's Linear and the std of every block's output h_l."""
    norm_layer, block = VARIANTS[variant]
    torch.manual_seed(seed)
    x = torch.randn(BATCH, WIDTH)
    labels = torch.randint(0, CLASSES, (BATCH,))
    linears = [nn.Linear(WIDTH, WIDTH) for _ in range(DEPTH)]
    head = nn.Linear(WIDTH, CLASSES)
    # Norm layers start at weight 1, bias 0 and draw no random numbers: for a given seed every
    # variant sees the same data and the same Linear weights.
    norms = [norm_layer(WIDTH) if norm_layer else None for _ in range(DEPTH)]
    h, stds = x, []
    for linear, norm in zip(linears, norms):
        h = block(h, linear, norm)
        stds.append(h.std().item())
    loss = F.cross_entropy(head(h), labels)
    grads = torch.autograd.grad(loss, [linear.weight for linear in linears])
    return [g.norm().item() for g in grads], stds
# --8<-- [end:variants]


# --8<-- [start:variants-plot]
import matplotlib.pyplot as plt

layer_index = range(1, DEPTH + 1)
fig, ax = plt.subplots(figsize=(8, 4), num=(
    f"Weight-gradient norm of each of the {DEPTH} layers of a deep ReLU network at initialisation, "
    f"log scale, one line per variant. Plain: rising from {grads['plain'][0]:.0e} at layer 1 to "
    f"{grads['plain'][-1]:.0e} at layer {DEPTH}. BatchNorm: falling from {grads['BatchNorm'][0]:.0f} "
    f"to {grads['BatchNorm'][-1]:.1f}. LayerNorm and the three residual variants: nearly flat, "
    f"between {min(min(grads[v]) for v in flat):.2f} and {max(max(grads[v]) for v in flat):.0f}"
))
styles = ["-", "--", ":", "-.", "--", "-"]
markers = ["o", "s", "^", "v", "D", "x"]
for (name, norms), style, marker in zip(grads.items(), styles, markers):
    ax.plot(layer_index, norms, linestyle=style, marker=marker, markersize=3, label=name)
ax.set_yscale("log")
ax.set_xlabel(f"layer l (1 = next to the input, {DEPTH} = next to the head)")
ax.set_ylabel("‖∂L/∂W_l‖")
ax.set_title("Gradient norm per layer at initialisation")
_ = ax.legend(ncol=2, fontsize="small")
# --8<-- [end:variants-plot]
