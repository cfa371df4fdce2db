# Code embedded in docs/activations/comparison.md. The `properties` section is
# also embedded on every elementwise activation's page, for its Properties table.

# --8<-- [start:properties]
import copy

import torch


class Properties:
    """Facts about an elementwise activation, measured from the function itself.

    `f` is evaluated in float64 on a grid of step 0.001 over [-10, 10] (which
    holds 0 and every multiple of 0.001 exactly) and at far-away points; its
    derivatives come from autograd, so this reports what PyTorch computes.
    """

    def __init__(self, f, name=None):
        self.name = name or getattr(f, "__name__", type(f).__name__)
        if isinstance(f, torch.nn.Module):  # parameters (PReLU's weight) in float64 too
            f = copy.deepcopy(f).double()
        grid = (torch.arange(-10_000, 10_001, dtype=torch.float64) / 1000).requires_grad_()
        y = f(grid)
        (dy,) = torch.autograd.grad(y.sum(), grid, create_graph=True)
        try:  # the second derivative, where PyTorch implements one
            torch.autograd.grad(dy.sum(), grid)
            self.second_derivative = "available"
        except RuntimeError as error:
            self.second_derivative = f"not implemented in PyTorch: {str(error).splitlines()[0]}"
        x, y, dy, step = grid.detach(), y.detach(), dy.detach(), 0.001
        zero = 10_000  # index of x == 0

        far = torch.tensor([-1e4, -1e3, 1e3, 1e4], dtype=torch.float64, requires_grad=True)
        f_far = f(far)
        (d_far,) = torch.autograd.grad(f_far.sum(), far)
        f_far = f_far.detach()

        self.value_at_0 = y[zero].item()
        self.gradient_at_0 = dy[zero].item()
        # Unbounded on a side if f still moves by more than 1 between x = ±1e3 and ±1e4.
        low = "−∞" if f_far[0] < f_far[1] - 1 else f"{min(y.min().item(), f_far[:2].min().item()):.4g}"
        high = "∞" if f_far[3] > f_far[2] + 1 else f"{max(y.max().item(), f_far[2:].max().item()):.4g}"
        self.range = ("(" if low == "−∞" else "[") + f"{low}, {high}" + (")" if high == "∞" else "]")
        self.mean = y.mean().item()  # over the symmetric grid: where the outputs are centred
        steps = y.diff()
        self.monotonic = (
            "increasing" if (steps > 0).all() else
            "non-decreasing (flat in places)" if (steps >= 0).all() else
            "decreasing" if (steps < 0).all() else "not monotonic"
        )
        self.zero_centred = self.value_at_0 == 0 and y.min() < 0 < y.max()
        self.gradient_vanishes = [side for side, d in (("x → −∞", d_far[0]), ("x → +∞", d_far[-1])) if abs(d) < 1e-6]
        # From f itself: a jump between neighbouring grid points is a discontinuity
        # (reported at the point of the pair nearer 0); a change of slope from the
        # left to the right of a grid point is a kink there.
        jump = steps.abs() > 0.01
        nearer_zero = torch.where(x[:-1].abs() <= x[1:].abs(), x[:-1], x[1:])
        self.jumps = nearer_zero[jump].tolist()
        slopes = steps / step
        bend = (slopes[1:] - slopes[:-1]).abs() > 0.01
        bend &= ~(jump[1:] | jump[:-1])
        self.kinks = x[1:-1][bend].tolist()
        # What autograd returns exactly at each of those points (PyTorch's convention).
        self.gradient_at = {p: dy[(x == p).nonzero().item()].item() for p in self.jumps + self.kinks}

    def _repr_markdown_(self):
        def where(points):
            return ", ".join(f"{p:g}" for p in points[:6]) + (" …" if len(points) > 6 else "")

        if self.jumps:
            smoothness = f"jumps at x = {where(self.jumps)}"
        elif self.kinks:
            smoothness = f"continuous; kinks at x = {where(self.kinks)}"
        else:
            smoothness = "smooth on the grid (no jump in f or f′)"
        rows = [
            ("value at 0", f"`{self.value_at_0:.6g}`"),
            ("gradient at 0 (autograd)", f"`{self.gradient_at_0:.6g}`"),
            ("range (sampled)", self.range),
            ("monotonic", self.monotonic),
            ("zero-centred", "yes" if self.zero_centred else "no"),
            ("mean of f over [−10, 10]", f"`{self.mean:.4g}`"),
            ("gradient vanishes", ", ".join(self.gradient_vanishes) or "on neither side"),
            ("smoothness", smoothness),
            ("gradient there (autograd)", ", ".join(f"`{v:.6g}` at {p:g}" for p, v in self.gradient_at.items()) or "—"),
            ("second derivative", self.second_derivative),
        ]
        return f"| {self.name} | measured |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
# --8<-- [end:properties]


# --8<-- [start:table]
import torch
import torch.nn as nn

# name: (module, formula, derivative, what it costs to compute)
ELEMENTWISE = {
    "ReLU": (nn.ReLU(), r"\max(0, x)", r"\mathbb{1}[x > 0]", "a comparison"),
    "ReLU6": (nn.ReLU6(), r"\min(\max(0, x), 6)", r"\mathbb{1}[0 < x < 6]", "two comparisons"),
    "LeakyReLU": (nn.LeakyReLU(), r"\max(0, x) + s \min(0, x)", r"1 \text{ or } s", "a comparison, a multiply"),
    "PReLU": (nn.PReLU(), r"\max(0, x) + a \min(0, x)", r"1 \text{ or } a", "as LeakyReLU; a is learned"),
    "RReLU": (nn.RReLU().eval(), r"\max(0, x) + \frac{l + u}{2} \min(0, x)", r"1 \text{ or } \frac{l + u}{2}", "as LeakyReLU (eval)"),
    "ELU": (nn.ELU(), r"x \text{ or } \alpha (e^{x} - 1)", r"1 \text{ or } \alpha e^{x}", "one exp"),
    "CELU": (nn.CELU(), r"\max(0, x) + \min(0, \alpha (e^{x / \alpha} - 1))", r"1 \text{ or } e^{x / \alpha}", "one exp"),
    "SELU": (nn.SELU(), r"\lambda x \text{ or } \lambda \alpha (e^{x} - 1)", r"\lambda \text{ or } \lambda \alpha e^{x}", "one exp"),
    "GELU": (nn.GELU(), r"x \Phi(x)", r"\Phi(x) + x \varphi(x)", "erf and exp"),
    "SiLU": (nn.SiLU(), r"x \sigma(x)", r"\sigma(x) (1 + x (1 - \sigma(x)))", "one exp"),
    "Mish": (nn.Mish(), r"x \tanh(\operatorname{softplus}(x))", r"\tanh(s) + x \sigma(x) (1 - \tanh^{2}(s))", "exp, log, tanh"),
    "Softplus": (nn.Softplus(), r"\frac{1}{\beta} \log(1 + e^{\beta x})", r"\sigma(\beta x)", "exp and log"),
    "Sigmoid": (nn.Sigmoid(), r"\frac{1}{1 + e^{-x}}", r"\sigma(x) (1 - \sigma(x))", "one exp"),
    "Hardsigmoid": (nn.Hardsigmoid(), r"\frac{\operatorname{ReLU6}(x + 3)}{6}", r"\frac{1}{6} \mathbb{1}[-3 < x < 3]", "comparisons"),
    "LogSigmoid": (nn.LogSigmoid(), r"\log \sigma(x)", r"1 - \sigma(x)", "exp and log"),
    "Tanh": (nn.Tanh(), r"\tanh(x)", r"1 - \tanh^{2}(x)", "tanh"),
    "Hardtanh": (nn.Hardtanh(), r"\min(\max(x, -1), 1)", r"\mathbb{1}[-1 < x < 1]", "two comparisons"),
    "Hardswish": (nn.Hardswish(), r"x \frac{\operatorname{ReLU6}(x + 3)}{6}", r"\frac{2x + 3}{6} \text{ on } (-3, 3)", "comparisons, a multiply"),
    "Softsign": (nn.Softsign(), r"\frac{x}{1 + \lvert x \rvert}", r"\frac{1}{(1 + \lvert x \rvert)^{2}}", "a division"),
    "Hardshrink": (nn.Hardshrink(), r"x \, \mathbb{1}[\lvert x \rvert > \lambda]", r"\mathbb{1}[\lvert x \rvert > \lambda]", "a comparison"),
    "Softshrink": (nn.Softshrink(), r"x - \lambda \operatorname{sign}(x) \text{ if } \lvert x \rvert > \lambda", r"\mathbb{1}[\lvert x \rvert > \lambda]", "a comparison"),
    "Tanhshrink": (nn.Tanhshrink(), r"x - \tanh(x)", r"\tanh^{2}(x)", "tanh"),
    "Threshold": (nn.Threshold(0.1, 20.0), r"x \text{ if } x > 0.1 \text{ else } 20", r"\mathbb{1}[x > 0.1]", "a comparison"),
}


def saved_for_backward(module):
    """What autograd keeps from the forward pass for the backward: input, output, ..."""
    x = torch.linspace(-1, 1, 3, requires_grad=True)
    saved = []
    with torch.autograd.graph.saved_tensors_hooks(lambda t: saved.append(t) or t, lambda t: t):
        y = module(x)
    parameters = {p.data_ptr() for p in getattr(module, "parameters", list)()}
    kinds = []
    for t in saved:
        kind = ("the input" if t.data_ptr() == x.data_ptr() else "the output" if t.data_ptr() == y.data_ptr()
                else "a parameter" if t.data_ptr() in parameters else "an intermediate")
        if kind not in kinds:
            kinds.append(kind)
    return " and ".join(kinds) or "nothing"


class Table:
    def __init__(self, rows):
        self.rows = rows

    def _repr_markdown_(self):
        header = "| activation | f(x) | f′(x) | range | f(0) | f′(0) | kinks, jumps and PyTorch's f′ there | 2nd derivative | backward keeps | cost |"
        lines = [header, "|" + " --- |" * len(header.strip("|").split("|"))]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


rows = []
for name, (module, formula, derivative, cost) in ELEMENTWISE.items():
    p = Properties(module, name)
    points = ", ".join(f"{x:g} → `{g:.4g}`" for x, g in p.gradient_at.items()) or "none"
    page = {"LeakyReLU": "leaky-relu", "LogSigmoid": "log-sigmoid"}.get(name, name.lower())
    link = f"[{name}]({page}.md)"
    rows.append([
        link, f"${formula}$", f"${derivative}$", p.range, f"`{p.value_at_0:.4g}`", f"`{p.gradient_at_0:.4g}`",
        points, "yes" if p.second_derivative == "available" else "**not implemented**",
        saved_for_backward(module), cost,
    ])
Table(rows)
# --8<-- [end:table]


# --8<-- [start:families]
import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F


def first_of_two(function):
    """A vector-valued activation seen as a function of x: its first output on [x, 0]."""
    return lambda x: function(torch.stack([x, torch.zeros_like(x)]))[0]


FAMILIES = {
    "ReLU family": {"ReLU": nn.ReLU(), "ReLU6": nn.ReLU6(), "LeakyReLU (slope 0.1)": nn.LeakyReLU(0.1),
                    "PReLU (a = 0.25)": nn.PReLU(), "RReLU (eval)": nn.RReLU().eval()},
    "Sigmoid and tanh family": {"Sigmoid": nn.Sigmoid(), "Tanh": nn.Tanh(), "Hardsigmoid": nn.Hardsigmoid(),
                                "Hardtanh": nn.Hardtanh(), "Softsign": nn.Softsign(), "LogSigmoid": nn.LogSigmoid()},
    "Smooth ReLUs": {"GELU": nn.GELU(), "SiLU": nn.SiLU(), "Mish": nn.Mish(), "ELU": nn.ELU(),
                     "CELU (alpha 0.5)": nn.CELU(0.5), "SELU": nn.SELU(), "Softplus": nn.Softplus(), "Hardswish": nn.Hardswish()},
    "Shrinkage and threshold": {"Hardshrink": nn.Hardshrink(), "Softshrink": nn.Softshrink(),
                                "Tanhshrink": nn.Tanhshrink(), "Threshold (0.1, 20)": nn.Threshold(0.1, 20.0)},
    "Softmax family, first output over [x, 0]": {
        "Softmax": first_of_two(lambda v: F.softmax(v, dim=0)), "Softmin": first_of_two(lambda v: F.softmin(v, dim=0)),
        "LogSoftmax": first_of_two(lambda v: F.log_softmax(v, dim=0)), "GLU of [x, 0]": lambda x: F.glu(torch.stack([x, torch.zeros_like(x)]), dim=0)[0],
    },
}
styles = ["-", "--", "-.", ":"]
x = torch.linspace(-4, 4, 801, requires_grad=True)
for family, members in FAMILIES.items():
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(9, 3.4),
        num=f"{family}: " + ", ".join(members) + ". Left panel: the functions on [-4, 4]; right panel: their derivatives by autograd.",
    )
    for index, (name, f) in enumerate(members.items()):
        y = f(x)
        (slope,) = torch.autograd.grad(y.sum(), x)
        style = dict(linestyle=styles[index % 4], label=name)
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
for name, f in spellings.items():
    x = torch.tensor(0.0, requires_grad=True)
    f(x).backward()
    print(f"{name:24} value {f(x).item():g}   gradient at 0: {x.grad.item():g}")
# --8<-- [end:relu-at-zero]
