# Code embedded in docs/activations/comparison.md. The `properties` section is
# also embedded on every elementwise activation's page, for its Properties table;
# the `activations` section (the catalogue, from the navigation) on the home page,
# docs/pytorch-at-the-edges.md and docs/autograd/higher-order.md too.

# --8<-- [start:properties]
import copy
import math

import torch

GRID = torch.arange(-10_000, 10_001, dtype=torch.float64) / 1000  # holds 0 and every multiple of 0.001 exactly
STEP = 0.001
# The standard normal density on the grid, times the step: weights for E[f(x)], x ~ N(0, 1).
NORMAL_WEIGHTS = torch.exp(-GRID**2 / 2) / math.sqrt(2 * math.pi) * STEP


def breaks(x, y):
    """Where samples y of a function on the evenly spaced grid x jump, and where their slope does.

    A jump: two neighbours differ by more than 0.01 (reported at the one nearer 0). A kink: the
    slope changes by more than 0.01 from the left to the right of a grid point, away from jumps.
    """
    steps = y.diff()
    jump = steps.abs() > 0.01
    nearer_zero = torch.where(x[:-1].abs() <= x[1:].abs(), x[:-1], x[1:])
    slopes = steps / (x[1] - x[0])
    bend = ((slopes[1:] - slopes[:-1]).abs() > 0.01) & ~(jump[1:] | jump[:-1])
    return sorted(set(nearer_zero[jump].tolist())), x[1:-1][bend].tolist()


def _number(v):
    return f"{v + 0.0:.4g}".replace("-", "−")  # + 0.0 turns −0.0 into 0.0


class Properties:
    """Facts about an elementwise activation f, measured from the function itself.

    f is evaluated in float64 on the grid GRID (step 0.001 over [-10, 10]) and at far-away
    points; its derivative comes from autograd, so this reports what PyTorch computes.

    - range: an end is *attained* where f takes it at a point of the grid (a flat stretch, an
      interior minimum or maximum); an end that f only approaches, as x → ±∞ (f at ±1e300) or
      next to a jump (f one float64 step beside it), is *not attained*. This assumes that f is
      monotonic beyond [-10, 10]; where f at ±10, ±1e3, ±1e4 and ±1e300 says otherwise, the range
      is only "sampled".
    - mean of f(x) for x ~ N(0, 1): the integral of f against the normal density, by a sum over
      the grid (no sampling). "Zero-centred" means that this mean rounds to 0.000.
    - breaks: jumps of f, kinks (jumps of f′) and jumps of f″, found from the samples of f and of
      autograd's f′ with `breaks`.
    """

    def __init__(self, f, name=None):
        self.name = name or getattr(f, "__name__", type(f).__name__)
        if isinstance(f, torch.nn.Module):  # parameters (PReLU's weight) in float64 too
            f = copy.deepcopy(f).double()
        x = GRID.clone().requires_grad_()
        y = f(x)
        (dy,) = torch.autograd.grad(y.sum(), x)
        x, y = x.detach(), y.detach()
        zero = 10_000  # index of x == 0
        self.value_at_0, self.gradient_at_0 = y[zero].item(), dy[zero].item()

        self.second_derivative = "available"  # where PyTorch implements a double backward
        three = torch.tensor([-1.0, 0.5, 2.0], dtype=torch.float64, requires_grad=True)
        (d3,) = torch.autograd.grad(f(three).sum(), three, create_graph=True)
        try:
            torch.autograd.grad(d3.sum(), three)
        except RuntimeError as error:
            self.second_derivative = f"not implemented in PyTorch: {str(error).splitlines()[0]}"

        far = torch.tensor([-1e300, -1e4, -1e3, 1e3, 1e4, 1e300], dtype=torch.float64, requires_grad=True)
        f_far = f(far)
        (d_far,) = torch.autograd.grad(f_far.sum(), far)
        f_far = f_far.detach()
        self.gradient_vanishes = [side for side, d in (("x → −∞", d_far[1]), ("x → +∞", d_far[4])) if abs(d) < 1e-6]

        self.jumps, self.kinks = breaks(x, y)
        # Jumps of f″ are kinks of f′, except where f itself jumps or has a kink.
        self.second_jumps = [p for p in breaks(x, dy)[1] if min(abs(p - q) for q in self.jumps + self.kinks + [math.inf]) > 2 * STEP]
        self.gradient_at = {p: dy[(x == p).nonzero().item()].item() for p in self.jumps + self.kinks}

        steps = y.diff()
        self.monotonic = (
            "increasing" if (steps > 0).all() else
            "non-decreasing (flat in places)" if (steps >= 0).all() else
            "decreasing" if (steps < 0).all() else "not monotonic"
        )
        self.mean = (y * NORMAL_WEIGHTS).sum().item()
        self.zero_centred = round(self.mean, 3) == 0

        # The range. Unbounded on a side if f still moves by more than 1 between x = ±1e3 and ±1e4.
        unbounded_below = f_far[1] < f_far[2] - 1 or f_far[4] < f_far[3] - 1
        unbounded_above = f_far[1] > f_far[2] + 1 or f_far[4] > f_far[3] + 1
        limits = [(f_far[0].item(), "as x → −∞"), (f_far[5].item(), "as x → +∞")]
        ends = []
        for sign, unbounded in ((1, unbounded_below), (-1, unbounded_above)):  # the lower end, then the upper
            if unbounded:
                ends.append((None, False, ""))
                continue
            i = int((sign * y).argmin())  # where the grid reaches its lowest (highest) value
            value, attained, where = y[i].item(), True, f"at x ≈ {_number(x[i].item())}"
            flat = (y == y[i]).nonzero().flatten()
            if len(flat) > 1:  # a flat stretch of the grid, [a, b]
                a, b = _number(x[flat[0]].item()), _number(x[flat[-1]].item())
                where = f"for x ≤ {b}" if flat[0] == 0 else f"for x ≥ {a}" if flat[-1] == len(x) - 1 else f"for x in [{a}, {b}]"
            for limit, how in limits:
                if sign * limit < sign * value:  # f only tends to a lower (higher) value
                    value, attained, where = limit, False, f"a limit {how}"
            for p in self.jumps:  # next to a jump, f may come closer than any grid point
                j = (x == p).nonzero().item()
                for k in (j - 1, j + 1):
                    if abs(k - i) <= 1 and 0 <= k < len(x):
                        beside = torch.nextafter(x[j], x[k]).reshape(1)
                        limit = f(beside).item()
                        if sign * limit < sign * value:
                            value, attained, where = limit, False, f"a limit at the jump at x = {_number(p)}"
            ends.append((value, attained, where))
        outer = [f_far[:3].flip(0), f_far[3:]]  # from ±1e3 outwards, after f(±10)
        tails = [torch.cat([y[[0, -1]][side].reshape(1), far_side]).diff() for side, far_side in enumerate(outer)]
        sampled = not all((d >= 0).all() or (d <= 0).all() for d in tails)
        if sampled:  # f is not monotonic out there: report the samples' extremes, and say so
            ends = [(v, v is not None, "") for v, _, _ in ends]
        (low, low_in, low_where), (high, high_in, high_where) = ends
        self.range = (
            ("[" if low_in else "(") + ("−∞" if low is None else _number(low)) + ", "
            + ("∞" if high is None else _number(high)) + ("]" if high_in else ")")
        )
        said = [f"{_number(v)} {'attained' if attained else 'not attained'} ({where})" for v, attained, where in ends if v is not None]
        self.range_note = "sampled" if sampled else "; ".join(said) or "unbounded on both sides"

    def _repr_markdown_(self):
        def at(points):
            return ", ".join(_number(p) for p in points[:6]) + (" …" if len(points) > 6 else "")

        breaks_ = [f"f jumps at x = {at(self.jumps)}"] * bool(self.jumps)
        breaks_ += [f"kink (f′ jumps) at x = {at(self.kinks)}"] * bool(self.kinks)
        breaks_ += [f"f″ jumps at x = {at(self.second_jumps)}"] * bool(self.second_jumps)
        mean = f"`{self.mean:.3f}`" if not self.zero_centred else f"`{self.mean:.1e}`"
        rows = [
            ("value at 0", f"`{self.value_at_0 + 0.0:.6g}`"),
            ("gradient at 0 (autograd)", f"`{self.gradient_at_0:.6g}`"),
            ("range", f"{self.range}: {self.range_note}"),
            ("monotonic", self.monotonic),
            ("mean of f(x), x ~ N(0, 1)", f"{mean}: " + ("zero-centred (≈ 0)" if self.zero_centred else "not zero-centred")),
            ("gradient vanishes", ", ".join(self.gradient_vanishes) or "on neither side"),
            ("breaks on [−10, 10]", "; ".join(breaks_) or "none found in f, f′ or f″"),
            ("f′ there (autograd)", ", ".join(f"`{v:.6g}` at {_number(p)}" for p, v in self.gradient_at.items()) or "—"),
            ("second derivative", self.second_derivative),
        ]
        return f"| {self.name} | measured |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
# --8<-- [end:properties]


# --8<-- [start:activations]
from activation_pages import catalogue

# The site's activations, by family: Reference > Activations of its navigation, the lines below,
# which the build copies from mkdocs.yml into this code. catalogue() reads each one's snippet too:
# its module's arguments (the keyword defaults of its derivative), whether it is elementwise, and
# its row in the comparison. It returns {family: [Activation(name, family, page, ...), ...]}.
CATALOGUE = catalogue("""
--8<-- "mkdocs.yml:activations"
""")
ACTIVATIONS = [activation for members in CATALOGUE.values() for activation in members]
# The elementwise ones as modules (RReLU in eval mode: its mean slope, no randomness), and every
# activation's page, under docs/.
ELEMENTWISE = {a.name: a.module() for a in ACTIVATIONS if a.elementwise}
PAGES = {a.name: a.page for a in ACTIVATIONS}
# --8<-- [end:activations]


# --8<-- [start:markdown-table]
class Table:
    """Rows shown as a Markdown table: the site renders a block's final value
    through its _repr_markdown_, as Jupyter does."""

    def __init__(self, header, rows):
        self.header, self.rows = header, rows

    def _repr_markdown_(self):
        lines = ["| " + " | ".join(self.header) + " |", "|" + " --- |" * len(self.header)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in self.rows])
# --8<-- [end:markdown-table]


# --8<-- [start:table]
import torch


def saved_for_backward(f, x):
    """What autograd keeps from the forward pass of f(x) for the backward: input, output, ..."""
    x = x.clone().requires_grad_()
    saved = []
    with torch.autograd.graph.saved_tensors_hooks(lambda t: saved.append(t) or t, lambda t: t):
        y = f(x)
    parameters = {p.data_ptr() for p in getattr(f, "parameters", list)()}
    kinds = []
    for t in saved:
        kind = ("the input" if t.data_ptr() == x.data_ptr() else "the output" if t.data_ptr() == y.data_ptr()
                else "a parameter" if t.data_ptr() in parameters else "an intermediate")
        if kind not in kinds:
            kinds.append(kind)
    return " and ".join(kinds) or "nothing"


rows = []
for a in ACTIVATIONS:
    if not a.elementwise:
        continue  # the vector-valued ones have a table of their own
    module = ELEMENTWISE[a.name]
    formula, derivative, cost = a.comparison  # as its snippet writes them, in its comparison section
    p = Properties(module, a.name)
    points = ", ".join(f"{x:g} → `{g:.4g}`" for x, g in p.gradient_at.items()) or "none"
    rows.append([
        f"[{a.name}](../{a.page})", f"${formula}$", f"${derivative}$", p.range, f"`{p.value_at_0:.4g}`",
        f"`{p.gradient_at_0:.4g}`", points, "yes" if p.second_derivative == "available" else "**not implemented**",
        saved_for_backward(module, torch.linspace(-1, 1, 3)), cost,
    ])
Table(["activation", "f(x)", "f′(x)", "range", "f(0)", "f′(0)", "kinks, jumps and PyTorch's f′ there",
       "2nd derivative", "backward keeps", "cost"], rows)
# --8<-- [end:table]


# --8<-- [start:vector-table]
x = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)  # of even length: GLU halves it


def second_derivative(f, x):
    """Whether autograd can differentiate f's backward again (at x)."""
    x = x.clone().requires_grad_()
    y = f(x)
    weights = torch.arange(1, len(y) + 1, dtype=x.dtype)  # softmax's plain sum is constant: weigh it
    (gradient,) = torch.autograd.grad((y * weights).sum(), x, create_graph=True)
    try:
        torch.autograd.grad(gradient.sum(), x)
    except RuntimeError:
        return "**not implemented**"
    return "yes"


vector_rows = []
for a in ACTIVATIONS:
    if a.elementwise:
        continue
    f = a.function(torch.float64)  # Softmax2d: the vector as the channels of one pixel
    formula, jacobian, cost = a.comparison
    J = torch.autograd.functional.jacobian(f, x)
    assert ((J != 0).sum(dim=1) > 1).all(), f"{a.name}: each output depends on several inputs"
    shape = tuple(J.shape)
    vector_rows.append([
        f"[{a.name}](../{a.page})", f"${formula}$", f"${jacobian}$", f"{shape[0]} × {shape[1]}",
        second_derivative(f, x), saved_for_backward(f, x), cost,
    ])
Table(["activation", "f(x)", "its Jacobian", "Jacobian at x of length 4", "2nd derivative", "backward keeps",
       "cost"], vector_rows)
# --8<-- [end:vector-table]


# --8<-- [start:families]
import matplotlib.pyplot as plt
import torch
import torch.nn as nn


def first_output(f):
    """A vector-valued activation seen as a function of x: its first output on the vector [x, 0]
    (vmap: for each element of x)."""
    return torch.func.vmap(lambda x: f(torch.stack([x, torch.zeros_like(x)]))[0])


# Where the defaults would hide a curve behind another (LeakyReLU's 0.01 behind ReLU, CELU behind ELU).
SHOWN_WITH = {"LeakyReLU": (nn.LeakyReLU(0.1), "slope 0.1"), "CELU": (nn.CELU(0.5), "alpha 0.5")}
styles = ["-", "--", "-.", ":"]
x = torch.linspace(-4, 4, 801, requires_grad=True)
for family, members in CATALOGUE.items():
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(9, 3.4),
        num=f"{family}: " + ", ".join(a.name for a in members)
        + (", first output over [x, 0]" if not all(a.elementwise for a in members) else "")
        + ". Left panel: the functions on [-4, 4]; right panel: their derivatives by autograd.",
    )
    for index, a in enumerate(members):
        f, note = SHOWN_WITH.get(a.name, (a.function(), ""))
        y = (f if a.elementwise else first_output(f))(x)
        (slope,) = torch.autograd.grad(y.sum(), x)
        style = dict(linestyle=styles[index % 4], label=f"{a.name} ({note})" if note else a.name)
        left.plot(x.detach(), y.detach(), **style)
        right.plot(x.detach(), slope, **style)
    left.set_title(f"{family}: f(x)", fontsize=10)
    right.set_title("f′(x) by autograd", fontsize=10)
    left.set_ylim(-3, 4)
    right.legend(fontsize=7, loc="best")
    fig.tight_layout()
# --8<-- [end:families]


# --8<-- [start:relu-at-zero]
import torch

spellings = {
    "torch.relu(x)": torch.relu,
    "torch.maximum(x, 0)": lambda x: torch.maximum(x, torch.zeros_like(x)),
    "torch.clamp(x, min=0)": lambda x: torch.clamp(x, min=0),
    "x * (x > 0)": lambda x: x * (x > 0),
    "(x + x.abs()) / 2": lambda x: (x + x.abs()) / 2,
}
gradients = {}
for name, f in spellings.items():
    x = torch.tensor(0.0, requires_grad=True)
    f(x).backward()
    gradients[name] = x.grad.item()
    print(f"{name:24} value {f(x).item():g}   gradient at 0: {gradients[name]:g}")

# clamp's gradient at its bound: 1 in PyTorch 2.13, 0 from 2.14 (pytorch/pytorch#184572)
clamp_at_0 = 0.0 if torch.__version__ >= "2.14" else 1.0  # __version__ compares as a version
assert gradients == {
    "torch.relu(x)": 0.0, "torch.maximum(x, 0)": 0.5, "torch.clamp(x, min=0)": clamp_at_0,
    "x * (x > 0)": 0.0, "(x + x.abs()) / 2": 0.5,
}
# --8<-- [end:relu-at-zero]
