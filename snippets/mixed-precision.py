# Code embedded in docs/mixed-precision.md (pymdownx.snippets sections).

# --8<-- [start:formats]
import math

import torch

FORMATS = (torch.float16, torch.bfloat16, torch.float32)
SIGNIFICANT_BITS = {torch.float16: 11, torch.bfloat16: 8, torch.float32: 24}  # p, the hidden bit included
AS_INTEGER = {torch.float16: torch.int16, torch.bfloat16: torch.int16, torch.float32: torch.int32}


def name(dtype):
    return str(dtype).removeprefix("torch.")


def first_float(predicate, dtype):
    """The smallest t >= 0 of dtype with predicate(t) true, by bisection on the bit patterns
    (non-negative floats are ordered as their bits are); predicate must go from false to true."""
    low, high = 0, torch.tensor(torch.finfo(dtype).max, dtype=dtype).view(AS_INTEGER[dtype]).item()
    while low < high:
        middle = (low + high) // 2
        if predicate(torch.tensor(middle, dtype=AS_INTEGER[dtype]).view(dtype)):
            high = middle
        else:
            low = middle + 1
    return torch.tensor(low, dtype=AS_INTEGER[dtype]).view(dtype).item()


def previous_float(value, dtype):
    """The largest number of dtype below value (a number of dtype)."""
    return torch.nextafter(torch.tensor(value, dtype=dtype), torch.tensor(0.0, dtype=dtype)).item()


print(f"{'format':9} {'p':>2} {'max':>9} {'tiny':>8} {'eps':>9} {'subnormal':>9} {'ln(max)':>8} {'exp = inf from':>14}")
overflow = {}
for dtype in FORMATS:
    info = torch.finfo(dtype)
    subnormal = torch.nextafter(torch.tensor(0.0, dtype=dtype), torch.tensor(1.0, dtype=dtype)).item()
    overflow[dtype] = first_float(lambda t: torch.isinf(torch.exp(t)), dtype)  # exp(x) = inf from here up
    print(f"{name(dtype):9} {SIGNIFICANT_BITS[dtype]:2} {info.max:9.4g} {info.tiny:8.3g} {info.eps:9.3g}"
          f" {subnormal:9.3g} {math.log(info.max):8.4f} {overflow[dtype]:14.6g}")
    assert info.eps == 2.0 ** (1 - SIGNIFICANT_BITS[dtype]) and subnormal == info.tiny * info.eps
    # exp overflows exactly where it should: at the first number of the format above ln(max)
    assert previous_float(overflow[dtype], dtype) < math.log(info.max) <= overflow[dtype]
# --8<-- [end:formats]


# --8<-- [start:errors]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.linspace(-8, 8, 1601)
logits = 3 * torch.randn(64, 10)  # 64 rows of 10 logits for softmax and log_softmax
FUNCTIONS = {
    "sigmoid": (torch.sigmoid, x),
    "tanh": (torch.tanh, x),
    "GELU": (F.gelu, x),
    "SiLU": (F.silu, x),
    "softmax": (lambda t: torch.softmax(t, dim=-1), logits),
    "log_softmax": (lambda t: F.log_softmax(t, dim=-1), logits),
}

print(f"{'function':12} {'format':9} {'max |error|':>11} {'max rel. error':>14} {'/ eps':>6}  float32, rounded")
errors, rounded_once = {}, {}
for fname, (f, inputs) in FUNCTIONS.items():
    for dtype in (torch.float16, torch.bfloat16):
        low = inputs.to(dtype)              # the same inputs in every format: those of the 16-bit format
        y = f(low)                          # computed in the 16-bit format
        y32 = f(low.float())                # the same inputs, computed in float32
        exact = f(low.double())             # the reference
        error = (y.double() - exact).abs()
        large = exact.abs() >= 0.01         # relative error where |f| >= 0.01
        relative = (error[large] / exact[large].abs()).max().item()
        errors[fname, dtype] = (error.max().item(), relative / torch.finfo(dtype).eps)
        rounded_once[fname, dtype] = torch.equal(y, y32.to(dtype))
        print(f"{fname:12} {name(dtype):9} {error.max().item():11.2e} {relative:14.2e} {errors[fname, dtype][1]:6.2f}"
              f"  {rounded_once[fname, dtype]!s:>16}")
# --8<-- [end:errors]


# --8<-- [start:saturation]
import math

import matplotlib.pyplot as plt
import torch

saturates = {}  # dtype: (sigmoid(x) == 1 from x, tanh(x) == 1 from x)
for dtype in FORMATS:
    sigmoid_one = first_float(lambda t: torch.sigmoid(t) == 1, dtype)
    tanh_one = first_float(lambda t: torch.tanh(t) == 1, dtype)
    saturates[dtype] = (sigmoid_one, tanh_one)
    print(f"{name(dtype):9} sigmoid(x) = 1 from x = {sigmoid_one:7.4f}, tanh(x) = 1 from x = {tanh_one:6.4f}")

x = torch.linspace(0, 20, 2001)
slope = {}
for dtype in FORMATS:
    xd = x.to(dtype, copy=True).requires_grad_()  # a copy: x.to(torch.float32) would be x itself
    (slope[dtype],) = torch.autograd.grad(torch.sigmoid(xd).sum(), xd)  # the backward, in that format
    zero_from = xd[slope[dtype] == 0].min().item()
    print(f"{name(dtype):9} sigmoid's gradient by autograd is exactly 0 from x = {zero_from:.4f}")
    assert torch.equal(slope[dtype] == 0, xd >= saturates[dtype][0])  # exactly where sigmoid(x) = 1

fig, ax = plt.subplots(figsize=(8, 3.2), num=(
    f"The sigmoid's gradient by autograd on [{x[0]:g}, {x[-1]:g}], log scale, in float32, float16 and bfloat16: the three "
    "curves agree until each stops where the gradient becomes exactly 0, at x = "
    + ", ".join(f"{saturates[d][0]:.2f} ({name(d)})" for d in FORMATS)
))
for dtype, style in zip(FORMATS, ("-", "--", ":")):
    keep = slope[dtype] > 0
    ax.plot(x[keep], slope[dtype][keep].float(), style, label=name(dtype))
    ax.axvline(saturates[dtype][0], linestyle=style, linewidth=0.8, color=ax.lines[-1].get_color())
ax.set_yscale("log")
ax.set_xlabel("x")
ax.set_title("σ′(x) by autograd; the vertical lines: σ(x) rounds to 1, σ′(x) = 0 from there")
_ = ax.legend()
# --8<-- [end:saturation]


# --8<-- [start:deep]
import torch
import torch.nn as nn
import torch.nn.functional as F

DEPTH, WIDTH, BATCH, CLASSES = 8, 32, 64, 10
RUNS = {  # name: (autocast dtype or None, loss scale)
    "float32": (None, 1.0),
    "float16": (torch.float16, 1.0),
    "float16, scaled 2**16": (torch.float16, 2.0**16),
    "bfloat16": (torch.bfloat16, 1.0),
}


def weight_gradients(dtype, scale, seed):
    """One backward pass of DEPTH x (Linear + sigmoid), a head and cross-entropy, under autocast
    with dtype (float32 weights, as always under autocast); the loss is multiplied by scale and
    each weight gradient divided by it again, in float32."""
    torch.manual_seed(seed)
    x, labels = torch.randn(BATCH, WIDTH), torch.randint(0, CLASSES, (BATCH,))
    layers = [nn.Linear(WIDTH, WIDTH) for _ in range(DEPTH)]
    head = nn.Linear(WIDTH, CLASSES)
    with torch.autocast("cpu", dtype=dtype or torch.bfloat16, enabled=dtype is not None):
        h = x
        for layer in layers:
            h = torch.sigmoid(layer(h))
        loss = F.cross_entropy(head(h), labels)
    (loss * scale).backward()
    return [layer.weight.grad / scale for layer in layers]


SEEDS = (0, 1, 2)
results = {seed: {run: weight_gradients(*RUNS[run], seed) for run in RUNS} for seed in SEEDS}


def zeros(g):  # the share of a gradient's entries that are exactly 0
    return (g == 0).float().mean().item()


def error(g, reference):  # relative error of the whole gradient, in norm
    return ((g - reference).norm() / reference.norm()).item()


LOW = list(RUNS)[1:]  # the three 16-bit runs
print("seed 0: each layer's largest |dL/dW| in float32, and the share of exact zeros in")
print(f"{'layer':5} {'max |dL/dW|':>11}  " + "  ".join(f"{run.replace('scaled ', 'x'):>14}" for run in LOW))
for l in range(DEPTH):
    largest = results[0]["float32"][l].abs().max().item()
    print(f"{l + 1:5} {largest:11.2e}  " + "  ".join(f"{zeros(results[0][run][l]):14.2f}" for run in LOW))

print("\nthe largest relative error of a layer's gradient, for seeds", SEEDS)
worst = {run: [max(error(g, r) for g, r in zip(results[s][run], results[s]["float32"])) for s in SEEDS] for run in LOW}
for run, values in worst.items():
    print(f"  {run:22}", "  ".join(f"{v:.4f}" for v in values))
# --8<-- [end:deep]


# --8<-- [start:deep-plot]
import matplotlib.pyplot as plt

all_zero = [l + 1 for l, g in enumerate(results[0]["float16"]) if zeros(g) == 1]  # layers with no gradient left
part_zero = [l + 1 for l, g in enumerate(results[0]["float16"]) if 0 < zeros(g) < 1]
fig, (size_ax, zero_ax) = plt.subplots(1, 2, figsize=(8, 3.4), num=(
    f"Left: the largest weight gradient of each of the {DEPTH} layers in float32, log scale, rising from "
    f"{results[0]['float32'][0].abs().max():.1e} at layer 1 to {results[0]['float32'][-1].abs().max():.1e} at "
    f"layer {DEPTH}, with float16's smallest subnormal, {2.0**-24:.1e}, and smallest normal, "
    f"{torch.finfo(torch.float16).tiny:.1e}, as horizontal lines. Right: the share of exactly zero gradient "
    f"entries per layer: float16 without scaling is all zeros in layers {' and '.join(map(str, all_zero))}, and "
    + ", ".join(f"{zeros(results[0]['float16'][l - 1]):.0%} in layer {l}" for l in part_zero)
    + f"; float16 with the loss scaled by {RUNS[LOW[1]][1]:g}, and bfloat16, have none"
))
layer_index = range(1, DEPTH + 1)
size_ax.plot(layer_index, [g.abs().max().item() for g in results[0]["float32"]], "o-", label="float32")
size_ax.axhline(2.0**-24, linestyle=":", color="gray", label="float16: smallest subnormal")
size_ax.axhline(torch.finfo(torch.float16).tiny, linestyle="--", color="gray", label="float16: tiny")
size_ax.set_yscale("log")
size_ax.set_title("max |∂L/∂W_l|, float32")
size_ax.legend(fontsize="small")
for run, marker in zip(LOW, ("s", "^", "x")):
    zero_ax.plot(layer_index, [zeros(g) for g in results[0][run]], marker=marker, label=run)
zero_ax.set_title("share of entries exactly 0")
zero_ax.legend(fontsize="small")
for ax in (size_ax, zero_ax):
    ax.set_xlabel("layer l")
    ax.set_xticks(list(layer_index))
# --8<-- [end:deep-plot]


# --8<-- [start:autocast-table]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x, weight = torch.randn(4, 8), torch.randn(3, 8)
target, labels = torch.rand(4, 8), torch.randint(0, 8, (4,))
OPS = {
    "F.linear(x, W)": lambda t: F.linear(t, weight),
    "x @ W.T (matmul)": lambda t: t @ weight.T,
    "F.conv1d": lambda t: F.conv1d(t[None], torch.ones(2, 4, 3)),
    "torch.sigmoid": torch.sigmoid,
    "torch.tanh": torch.tanh,
    "F.relu": F.relu,
    "F.gelu": F.gelu,
    "torch.exp": torch.exp,
    "F.softmax": lambda t: F.softmax(t, dim=-1),
    "F.log_softmax": lambda t: F.log_softmax(t, dim=-1),
    "torch.logsumexp": lambda t: torch.logsumexp(t, dim=-1),
    "F.layer_norm": lambda t: F.layer_norm(t, (8,)),
    "sum": torch.sum,
    "F.mse_loss": lambda t: F.mse_loss(t, target),
    "F.binary_cross_entropy_with_logits": lambda t: F.binary_cross_entropy_with_logits(t, target),
    "F.binary_cross_entropy": lambda t: F.binary_cross_entropy(t.sigmoid(), target),
    "F.cross_entropy": lambda t: F.cross_entropy(t, labels),
}


def runs_in(op, dtype):
    """What autocast does with op: given float32 and given dtype, which dtype comes out."""
    with torch.autocast("cpu", dtype=dtype):
        from_float32, from_low = op(x).dtype, op(x.to(dtype)).dtype
    if from_float32 == from_low == dtype:
        return "lower precision"
    if from_float32 == from_low == torch.float32:
        return "float32"
    assert (from_float32, from_low) == (torch.float32, dtype)
    return "its input's dtype"


category = {(op, dtype): runs_in(f, dtype) for op, f in OPS.items() for dtype in (torch.bfloat16, torch.float16)}
table = Table(["runs in", "under autocast(\"cpu\", dtype=torch.bfloat16)", "under autocast(\"cpu\", dtype=torch.float16)"], [
    [kind] + [", ".join(f"`{op}`" for op in OPS if category[op, dtype] == kind) for dtype in (torch.bfloat16, torch.float16)]
    for kind in ("lower precision", "float32", "its input's dtype")
])
# --8<-- [end:autocast-table]
