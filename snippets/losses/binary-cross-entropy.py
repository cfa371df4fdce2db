# Code embedded in docs/losses/binary-cross-entropy.md (pymdownx.snippets sections).

# --8<-- [start:plot]
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter
import torch
import torch.nn.functional as F

# One logit per grid point, the target is 1 everywhere: left of 0 the prediction is wrong.
z = torch.linspace(-130, 10, 561, requires_grad=True)   # float32, the default
target = torch.ones_like(z)

on_probabilities = F.binary_cross_entropy(torch.sigmoid(z), target, reduction="none")
on_logits = F.binary_cross_entropy_with_logits(z, target, reduction="none")
# Each loss depends only on its own logit, so the gradient of the sum holds each derivative.
(g_prob,) = torch.autograd.grad(on_probabilities.sum(), z)
(g_logits,) = torch.autograd.grad(on_logits.sum(), z)

z = z.detach()
assert torch.allclose(g_logits, torch.sigmoid(z) - 1)   # sigma(z) - y, everywhere
assert on_probabilities.max() <= 100                      # the clamped log

fig, (ax_loss, ax_grad) = plt.subplots(
    1, 2, figsize=(10, 4),
    num=(
        "Binary cross-entropy with target 1 against the logit z on [-130, 10], in float32. Left: "
        "the loss of BCEWithLogits (solid) grows like -z without limit; BCE on sigmoid(z) (dashed) "
        "follows it down to about z = -89, where it jumps to 100 and stays flat. Right: the size "
        "of the gradient with "
        "respect to z on a logarithmic scale; BCEWithLogits stays at about 1 for every negative z; "
        "BCE on sigmoid(z) drops steeply below about z = -28 and is exactly 0, so not drawn, "
        "from about z = -89"
    ),
)
ax_loss.plot(z, on_logits.detach(), label="BCEWithLogits(z, 1)")
ax_loss.plot(z, on_probabilities.detach(), "--", label="BCE(sigmoid(z), 1)")
ax_loss.set_ylabel("loss")
ax_loss.set_title("The loss")
nonzero = g_prob != 0                                       # a log axis cannot show exact zeros
ax_grad.semilogy(z, g_logits.abs(), label="BCEWithLogits")
ax_grad.semilogy(z[nonzero], g_prob[nonzero].abs(), "--", label="BCE on sigmoid(z)")
ax_grad.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0e}"))   # plain-text tick labels
ax_grad.set_ylabel("|d loss / d z| (autograd)")
ax_grad.set_title("The size of its gradient")
for ax in (ax_loss, ax_grad):
    ax.set_xlabel("logit z (target 1)")
_ = ax_loss.legend(loc="upper right")
_ = ax_grad.legend(loc="center right")
fig.tight_layout()
print("BCE on probabilities: largest loss", on_probabilities.max().item(),
      "| gradient exactly 0 for z <=", z[g_prob == 0].max().item())
# --8<-- [end:plot]
