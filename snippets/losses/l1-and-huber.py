# Code embedded in docs/losses/l1-and-huber.md (pymdownx.snippets sections).

# --8<-- [start:plot]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

r = torch.linspace(-4, 4, 401, dtype=torch.float64, requires_grad=True)  # residual = prediction - target
target = torch.zeros_like(r)
losses = {
    "L1": F.l1_loss(r, target, reduction="none"),
    "Huber, delta = 2": F.huber_loss(r, target, reduction="none", delta=2.0),
    "SmoothL1, beta = 2": F.smooth_l1_loss(r, target, reduction="none", beta=2.0),
}
# Each loss value depends only on its own residual, so the gradient of the sum is each derivative.
grads = {name: torch.autograd.grad(value.sum(), r)[0] for name, value in losses.items()}

r0 = r.detach()
assert torch.equal(grads["L1"], torch.sign(r0))
assert torch.allclose(grads["Huber, delta = 2"], r0.clamp(-2.0, 2.0))
assert torch.allclose(grads["SmoothL1, beta = 2"], (r0 / 2.0).clamp(-1.0, 1.0))

fig, (ax_loss, ax_grad) = plt.subplots(
    1, 2, figsize=(10, 4),
    num=(
        "Left: L1 (solid), Huber with delta = 2 (dashed) and SmoothL1 with beta = 2 (dotted) "
        "against the residual on [-4, 4]; Huber and SmoothL1 are parabolas for |r| < 2 and straight "
        "lines beyond, Huber twice as high as SmoothL1. Right: their gradients by autograd; L1's is "
        "the sign of r, a step from -1 to 1; Huber's is r clipped to [-2, 2]; SmoothL1's is r / 2 "
        "clipped to [-1, 1]"
    ),
)
styles = ["-", "--", ":"]
for (name, value), style in zip(losses.items(), styles):
    ax_loss.plot(r0, value.detach(), style, label=name)
    ax_grad.plot(r0, grads[name], style, label=name)
ax_loss.set_xlabel("residual r = prediction - target")
ax_loss.set_ylabel("loss")
ax_loss.set_title("The losses")
ax_grad.set_xlabel("residual r = prediction - target")
ax_grad.set_ylabel("d loss / d prediction (autograd)")
ax_grad.set_title("Their gradients")
_ = ax_loss.legend(loc="upper center")
_ = ax_grad.legend(loc="upper left")
fig.tight_layout()
print("L1 gradient is sign(r):                    ", torch.equal(grads["L1"], torch.sign(r0)))
print("Huber gradient is clamp(r, -2, 2):         ", torch.allclose(grads["Huber, delta = 2"], r0.clamp(-2, 2)))
print("SmoothL1 gradient is clamp(r / 2, -1, 1):  ", torch.allclose(grads["SmoothL1, beta = 2"], (r0 / 2).clamp(-1, 1)))
# --8<-- [end:plot]
