# Code embedded in docs/choosing-an-activation.md (pymdownx.snippets sections).
# `experiment` trains every network once; the other sections only read its results.

# --8<-- [start:experiment]
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DEPTH, WIDTH, POINTS, STEPS, SEEDS, LR = 7, 24, 256, 150, 3, 0.01
DTYPE = torch.float64                      # the points and every weight: see the text
CHECKPOINTS = [0, 25, 50, 100, STEPS]      # steps at which dead units are counted


def two_spirals(n=POINTS, noise=0.1, seed=0):
    """Two interleaved spirals of n / 2 points each in the plane; label 0 or 1."""
    g = torch.Generator().manual_seed(seed)
    t = torch.rand(n // 2, generator=g, dtype=DTYPE).sqrt() * 3 * math.pi   # angle: 1.5 turns
    arm = torch.stack([t * torch.cos(t), t * torch.sin(t)], dim=1) / (3 * math.pi)
    x = torch.cat([arm, -arm]) + noise * torch.randn(n, 2, generator=g, dtype=DTYPE)
    y = torch.cat([torch.zeros(n // 2, dtype=DTYPE), torch.ones(n // 2, dtype=DTYPE)])
    return x, y


X, Y = two_spirals()

ACTIVATIONS = {"ReLU": F.relu, "LeakyReLU": F.leaky_relu, "ELU": F.elu, "GELU": F.gelu,
               "SiLU": F.silu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def mean_square_gain(f):
    """1 / sqrt(E[f(z)^2]) for z ~ N(0, 1), by quadrature: the gain that keeps the mean square
    of the pre-activations at 1 from layer to layer (Kaiming's argument)."""
    z = torch.linspace(-12, 12, 24_001, dtype=torch.float64)
    density = torch.exp(-z**2 / 2) / math.sqrt(2 * math.pi)
    return ((f(z) ** 2 * density).sum() * (z[1] - z[0])).item() ** -0.5


# name: (how its weights are drawn, the gain)
INIT = {
    "ReLU": ("Kaiming", nn.init.calculate_gain("relu")),
    "LeakyReLU": ("Kaiming", nn.init.calculate_gain("leaky_relu", 0.01)),
    "ELU": ("Kaiming, computed gain", mean_square_gain(F.elu)),
    "GELU": ("Kaiming, computed gain", mean_square_gain(F.gelu)),
    "SiLU": ("Kaiming, computed gain", mean_square_gain(F.silu)),
    "tanh": ("Xavier", nn.init.calculate_gain("tanh")),
    "sigmoid": ("Xavier", nn.init.calculate_gain("sigmoid")),
}


def init_weight_(w, name):
    how, gain = INIT[name]
    if how.startswith("Kaiming"):  # std = gain / sqrt(fan_in), as kaiming_normal_ draws
        nn.init.normal_(w, std=gain / math.sqrt(w.shape[1]))
    else:                          # std = gain * sqrt(2 / (fan_in + fan_out))
        nn.init.xavier_normal_(w, gain=gain)


def train(name):
    """Train SEEDS copies of the same MLP side by side, copy s initialised with seed s.

    Every weight has a leading dimension of SEEDS, and the loss is the sum of the copies'
    losses: each copy's gradient, and its Adam update (elementwise), are its own."""
    sizes = [2] + [WIDTH] * DEPTH + [1]
    weights = [torch.empty(SEEDS, n_out, n_in, dtype=DTYPE) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [torch.zeros(SEEDS, 1, n_out, dtype=DTYPE, requires_grad=True) for n_out in sizes[1:]]
    for seed in range(SEEDS):
        torch.manual_seed(seed)
        for w in weights:
            init_weight_(w[seed], name)
    weights = [w.requires_grad_() for w in weights]
    optimizer = torch.optim.Adam(weights + biases, lr=LR, fused=True)
    act, x, y = ACTIVATIONS[name], X.expand(SEEDS, -1, -1), Y.expand(SEEDS, -1)

    losses, dead, grad_norms = [], {}, {}
    start = time.perf_counter()
    for step in range(STEPS + 1):
        h, hidden = x, []
        for w, b in zip(weights[:-1], biases[:-1]):
            h = act(torch.baddbmm(b, h, w.mT))   # b + h wᵀ, for every copy at once
            hidden.append(h)
        logits = torch.baddbmm(biases[-1], h, weights[-1].mT).squeeze(2)
        loss = F.binary_cross_entropy_with_logits(logits, y, reduction="none").mean(dim=1)
        optimizer.zero_grad()
        loss.sum().backward()
        losses.append(loss.detach())
        if step in CHECKPOINTS:  # share of hidden units that output 0 on every example
            dead[step] = torch.cat([(h == 0).all(dim=1) for h in hidden], dim=1).float().mean(dim=1)
        if step in (0, STEPS):   # norm of each layer's weight gradient, one per copy
            grad_norms[step] = torch.stack([w.grad.flatten(1).norm(dim=1) for w in weights])
        if step < STEPS:
            optimizer.step()
    seconds = time.perf_counter() - start
    return {
        "loss": torch.stack(losses),                        # (STEPS + 1, SEEDS)
        "accuracy": ((logits > 0).float() == y).float().mean(dim=1).detach(),
        "dead": dead, "grad_norms": grad_norms,
        "ms_per_step": 1000 * seconds / (STEPS + 1),  # one step of all SEEDS copies: varies
    }


results = {name: train(name) for name in ACTIVATIONS}
# --8<-- [end:experiment]


# --8<-- [start:curves]
import matplotlib.pyplot as plt

final = {name: r["loss"][-1] for name, r in results.items()}
best = min(final, key=lambda name: final[name].mean())
starts = [r["loss"][0].mean().item() for r in results.values()]
fig, ax = plt.subplots(figsize=(8, 4), num=(
    f"Training loss against step, 0 to {STEPS}, log scale, of the same {DEPTH}-layer MLP with seven "
    f"activations on two spirals: each line is the mean over {SEEDS} seeds with a band from the "
    f"lowest to the highest seed. The means start between {min(starts):.2f} and {max(starts):.2f}; "
    f"sigmoid ends highest, at {final['sigmoid'].mean():.2f}; the lowest mean at the end is "
    f"{best}'s, {final[best].mean():.3f}"
))
steps = torch.arange(0, STEPS + 1, 2)  # every second step: a lighter figure
styles = ["-", "--", ":", "-.", "-", "--", ":"]
for (name, r), style in zip(results.items(), styles):
    loss = r["loss"][steps]
    line, = ax.plot(steps, loss.mean(dim=1), linestyle=style, label=name)
    ax.fill_between(steps, loss.min(dim=1).values, loss.max(dim=1).values,
                    color=line.get_color(), alpha=0.15, linewidth=0)
ax.set_yscale("log")
ax.set_xlabel("full-batch Adam step")
ax.set_ylabel("training loss (BCE)")
ax.set_title(f"Mean over {SEEDS} seeds, band: lowest to highest seed")
_ = ax.legend(ncol=2, fontsize="small")
# --8<-- [end:curves]


# --8<-- [start:table]
def spread(values, scale=1, digits=3):
    """mean, then (lowest–highest) over the seeds, on two lines (narrow enough for a phone)."""
    mean, low, high = (scale * v for v in (values.mean(), values.min(), values.max()))
    return f"{mean:.{digits}f}<br>({low:.{digits}f}–{high:.{digits}f})"


Table(
    ["activation, initialisation", "gain", f"final loss: mean (range over {SEEDS} seeds)",
     "training accuracy, %"],
    [[f"{name}<br>`{INIT[name][0]}`", f"{INIT[name][1]:.3f}", spread(r["loss"][-1]),
      spread(r["accuracy"], scale=100, digits=1)] for name, r in results.items()],
)
# --8<-- [end:table]


# --8<-- [start:gradients]
import matplotlib.pyplot as plt

layers = torch.arange(1, DEPTH + 2)  # DEPTH hidden layers, then the output layer
others_span = max((g.max() / g.min()).item() for name, r in results.items() if name != "sigmoid"
                  for g in [r["grad_norms"][0].mean(dim=1)])
fig, axes = plt.subplots(1, 2, figsize=(8, 3.5), sharey=True, num=(
    f"Two panels, at step 0 and at step {STEPS}: norm of the weight gradient of each of the "
    f"{DEPTH + 1} layers (1 next to the input, {DEPTH + 1} the output layer), log scale, mean over "
    f"{SEEDS} seeds, one line per activation. At step 0 sigmoid's line falls from "
    f"{results['sigmoid']['grad_norms'][0][-2].mean():.1e} at layer {DEPTH} to "
    f"{results['sigmoid']['grad_norms'][0][0].mean():.1e} at layer 1, while each of the other lines "
    f"stays within a factor of {others_span:.0f} across the layers"
))
for ax, step in zip(axes, (0, STEPS)):
    for (name, r), style in zip(results.items(), styles):
        ax.plot(layers, r["grad_norms"][step].mean(dim=1), linestyle=style, marker=".", label=name)
    ax.set_yscale("log")
    ax.set_xticks(layers.tolist())
    ax.set_xlabel("layer")
    ax.set_title(f"step {step}")
axes[0].set_ylabel("‖∂L/∂W‖")
_ = axes[1].legend(ncol=2, fontsize="x-small")
# --8<-- [end:gradients]
