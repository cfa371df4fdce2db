# Code embedded in docs/activations/comparison.md. The `properties` section is
# also embedded on every elementwise activation's page, for its Properties table.

# --8<-- [start:properties]
import torch


class Properties:
    """Facts about an elementwise activation, measured from the function itself.

    `f` is evaluated in float64 on a grid of step 0.001 over [-10, 10] (which
    holds 0 and every multiple of 0.001 exactly) and at far-away points; its
    derivatives come from autograd, so this reports what PyTorch computes.
    """

    def __init__(self, f, name=None):
        self.name = name or getattr(f, "__name__", type(f).__name__)
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
        low = "−∞" if f_far[0] < -1e3 else f"{min(y.min().item(), f_far[:2].min().item()):.4g}"
        high = "∞" if f_far[-1] > 1e3 else f"{max(y.max().item(), f_far[2:].max().item()):.4g}"
        self.range = f"[{low}, {high}]"
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
            ("gradient vanishes", ", ".join(self.gradient_vanishes) or "on neither side"),
            ("smoothness", smoothness),
            ("second derivative", self.second_derivative),
        ]
        return f"| {self.name} | measured |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
# --8<-- [end:properties]
