# Code embedded in docs/pytorch-at-the-edges.md.

# --8<-- [start:kinks]
import torch
import torch.nn.functional as F


def slopes(f, x0, h=1e-6):
    """The one-sided slopes of f at x0 (float64 finite differences), and autograd's value there."""
    at = torch.tensor([x0 - h, x0, x0 + h], dtype=torch.float64)
    left, middle, right = f(at).tolist()
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(f(x), x)
    return round((middle - left) / h, 4), round((right - middle) / h, 4), grad.item()


def zero(x):
    return torch.zeros_like(x)


KINKED = {  # name: (function, the kink)
    "torch.relu(x)": (torch.relu, 0.0),
    "F.leaky_relu(x)": (F.leaky_relu, 0.0),
    "torch.abs(x)": (torch.abs, 0.0),
    "F.hardtanh(x) at -1": (F.hardtanh, -1.0),
    "F.hardtanh(x) at 1": (F.hardtanh, 1.0),
    "F.relu6(x) at 6": (F.relu6, 6.0),
    "torch.clamp(x, -1, 1) at -1": (lambda x: torch.clamp(x, -1, 1), -1.0),
    "torch.clamp(x, -1, 1) at 1": (lambda x: torch.clamp(x, -1, 1), 1.0),
    "torch.maximum(x, 0)": (lambda x: torch.maximum(x, zero(x)), 0.0),
    "torch.fmax(x, 0)": (lambda x: torch.fmax(x, zero(x)), 0.0),
}
print(f"{'':28} {'left':>7} {'right':>7} {'min. norm':>9} {'autograd':>9}")
follows = {}
for name, (f, x0) in KINKED.items():
    left, right, grad = slopes(f, x0)
    # Locally convex or concave: the sub- (super-)gradients are the slopes between left and
    # right, and the one of minimum norm is the one nearest 0.
    minimum_norm = min(max(0.0, min(left, right)), max(left, right))  # 0 clamped to [low, high]
    follows[name] = grad == minimum_norm
    print(f"{name:28} {left:7g} {right:7g} {minimum_norm:9g} {grad:9g}")
# --8<-- [end:kinks]


# --8<-- [start:nan-lengths]
import platform

import torch
import torch.nn.functional as F

print("machine:", platform.machine(), "  CPU capability:", torch.backends.cpu.get_cpu_capability())
for f in (F.hardtanh, F.relu6):
    for n in (1, 20):
        x = torch.full((n,), float("nan"), requires_grad=True)
        f(x).sum().backward()
        runs = torch.unique_consecutive(x.grad, return_counts=True)
        print(f"{f.__name__:8} {n:2} NaNs: gradient", ", then ".join(f"{v:g} × {c}" for v, c in zip(*[t.tolist() for t in runs])))
# --8<-- [end:nan-lengths]


# --8<-- [start:exp-limits]
import math

import torch


def first_float(predicate, dtype):
    """The smallest t ≥ 0 of dtype with predicate(t) true, by bisection on the bit patterns
    (non-negative floats are ordered as their bits are); predicate must go from false to true."""
    bits = {torch.float32: torch.int32, torch.float64: torch.int64}[dtype]
    low = 0
    high = torch.tensor(torch.finfo(dtype).max, dtype=dtype).view(bits).item()
    while low < high:
        middle = (low + high) // 2
        if predicate(torch.tensor(middle, dtype=bits).view(dtype)):
            high = middle
        else:
            low = middle + 1
    return torch.tensor(low, dtype=bits).view(dtype).item()


limits = {}
for dtype, bits in ((torch.float32, 24), (torch.float64, 53)):
    info = torch.finfo(dtype)
    overflow = first_float(lambda t: torch.isinf(torch.exp(t)), dtype)  # exp(x) = inf from here up
    underflow = -first_float(lambda t: torch.exp(-t) == 0, dtype)  # exp(x) = 0 from here down
    # The smallest subnormal is tiny * 2^(1 - bits); below half of it, e^x rounds to 0.
    ln_max, ln_half_subnormal = math.log(info.max), math.log(info.tiny) - bits * math.log(2)
    print(f"{str(dtype)[6:]}: exp(x) = inf from x = {overflow:.4f}, ln(max) = {ln_max:.4f}")
    print(f"{str(dtype)[6:]}: exp(x) = 0 from x = {underflow:.4f}, ln(smallest subnormal / 2) = {ln_half_subnormal:.4f}")
    assert abs(overflow - ln_max) < 1e-4 and abs(underflow - ln_half_subnormal) < 1e-4
    limits[dtype] = (round(overflow, 2), round(underflow, 2))
assert limits == {torch.float32: (88.72, -103.97), torch.float64: (709.78, -745.13)}
# --8<-- [end:exp-limits]


# --8<-- [start:elu-saturation]
import math

import torch
import torch.nn.functional as F


def minus_one_from(length):
    """Going left from 0 in float32: the first x where ELU(x) is exactly -1, with x repeated
    `length` times in one tensor (64: the vectorised kernel; 1: the scalar one)."""
    def saturated(t):
        return bool((F.elu(-t.expand(length).contiguous()) == -1).all())
    return -first_float(saturated, torch.float32)


vectorised, scalar = minus_one_from(64), minus_one_from(1)
theory = math.log(2.0**-25)  # below it e^x is less than half the spacing of float32 numbers below 1
print(f"ELU(x) = -1 from x = {vectorised:.4f} (64 elements), {scalar:.4f} (one element)")
print(f"correctly rounded, from x = ln 2**-25 = {theory:.4f}")
print("F.elu(torch.tensor([-17.])) + 1       =", (F.elu(torch.tensor([-17.0])) + 1).item())
print("F.elu(torch.full((64,), -17.))[0] + 1 =", (F.elu(torch.full((64,), -17.0))[0] + 1).item())
# --8<-- [end:elu-saturation]


# --8<-- [start:table]
import copy
import math

import torch

NAN, INF = math.nan, math.inf
# Every multiple of 1/256 in [0, 128] (exact in float32), then 256 points an octave (a factor 2)
# out to float32's largest number.
DENSE = torch.arange(0, 128 * 256 + 1) / 256
FAR = torch.cat([2.0 ** (torch.arange(7 * 256 + 1, 128 * 256, dtype=torch.float64) / 256), torch.tensor([2.0**128])])
FAR = FAR.clamp(max=torch.finfo(torch.float32).max).float()


def at(f, x, copies=1, pad=True):
    """f and autograd's f′ at the float32 points x, each repeated `copies` times in one tensor;
    padded to a multiple of 64 elements unless pad=False, so that every element takes the same
    (vectorised) path through the kernels."""
    x = torch.as_tensor(x, dtype=torch.float32).reshape(-1, 1).expand(-1, copies).flatten()
    n = len(x)
    x = torch.cat([x, x[-1:].expand((-n) % 64 if pad else 0)]).clone().requires_grad_()
    y = f(x)
    (dy,) = torch.autograd.grad(y.sum(), x)
    return y.detach()[:n], dy[:n]


def number(v):
    return "NaN" if math.isnan(v) else f"{v:.4g}".replace("inf", "∞").replace("-", "−")


def value_and_slope(f, point):
    """'f, f′' at one point, in a one-element tensor; and in a 64-element one if that differs."""
    one = [t.item() for t in at(f, [point], pad=False)]
    many = [t[0].item() for t in at(f, [point], copies=64)]
    cell = f"{number(one[0])}, {number(one[1])}"
    if str(one) != str(many):  # str: NaN == NaN here
        cell += f" (vectorised: {number(many[0])}, {number(many[1])})"
    return cell


def bisect(f, inside, outside):
    """The last float32 x from `inside` (f′ = 0) towards `outside` (f′ ≠ 0) with f′(x) = 0."""
    while True:
        middle = torch.tensor((inside + outside) / 2, dtype=torch.float32).item()  # strictly between, if any
        if middle in (inside, outside):  # neighbouring float32 numbers: nothing between them
            return inside
        if at(f, [middle])[1].item() == 0:
            inside = middle
        else:
            outside = middle


def zero_from(f, side):
    """Where f′ becomes exactly 0 for good, going towards side·∞ in float32 ("never" if it does
    not); and the share of points where f′ is already 0 in the half-octave before that."""
    outward = torch.cat([DENSE, FAR])
    points = torch.cat([outward.flip(0), -outward[1:]]) * side  # from side·max across 0 to the other end
    slope = at(f, points)[1]
    if slope[0] != 0:  # not 0 at float32's largest number
        return "never"
    k = int((slope != 0).nonzero()[0])  # the first point, from the far end, where f′ ≠ 0
    a = bisect(f, points[k - 1].item(), points[k].item()) + 0.0  # + 0.0: −0.0 becomes 0.0
    start = a - side * max(abs(a) / 2, 1.0)  # half as far out (or 1 closer to 0)
    zeros = (at(f, torch.linspace(start, a, 4097)[:-1])[1] == 0).double().mean().item()
    if zeros > 0.01:  # not a clean edge: rounding makes f′ 0 here and there before it too
        return f"≈ {number(float(f'{a:.2g}'))}, ragged: 0 at {zeros:.0%} of the points from {number(float(f'{start:.2g}'))} on"
    return f"{a:.6g}".replace("-", "−")


def edges_table(activations, pages):
    header = ["activation", "kinks and jumps: f, f′", "NaN: f, f′", "+∞: f, f′", "−∞: f, f′",
              "f′ = 0 for x ≤", "f′ = 0 for x ≥"]
    rows = []
    for name, module in activations.items():
        module64 = copy.deepcopy(module).double()
        with torch.no_grad():
            points = sum(breaks(GRID, module64(GRID)), [])  # the jumps and kinks, as on the Properties tables
        rows.append([
            f"[{name}]({pages[name]})",
            "<br>".join(f"at {number(p)}: {value_and_slope(module, p)}" for p in sorted(points)) or "none",
            value_and_slope(module, NAN), value_and_slope(module, INF), value_and_slope(module, -INF),
            zero_from(module, -1), zero_from(module, +1),
        ])
    return Table(header, rows)
# --8<-- [end:table]
