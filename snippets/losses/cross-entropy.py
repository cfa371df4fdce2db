# Code embedded in docs/losses/cross-entropy.md (pymdownx.snippets sections).

# --8<-- [start:plot]
import math

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

# Three classes, the correct one is class 0. Its logit m varies, the other two logits are 0.
m = torch.linspace(-10, 10, 401, dtype=torch.float64, requires_grad=True)
logits = torch.stack([m, torch.zeros_like(m), torch.zeros_like(m)], dim=1)
target = torch.zeros(len(m), dtype=torch.long)

right = F.cross_entropy(logits, target, reduction="none")                       # raw logits
wrong = F.cross_entropy(F.softmax(logits, dim=1), target, reduction="none")     # softmax applied first
# Row i depends only on m[i], so the gradient of the sum holds each derivative.
(grad_right,) = torch.autograd.grad(right.sum(), m)
(grad_wrong,) = torch.autograd.grad(wrong.sum(), m)

m = m.detach()
p0 = torch.softmax(logits.detach(), dim=1)[:, 0]
assert torch.allclose(grad_right, p0 - 1)                     # the (p - onehot) entry of the correct class
low, high = math.log(1 + 2 / math.e), math.log(math.e + 2)    # the bounds of the softmax-first loss
assert low <= wrong.min() and wrong.max() <= high

fig, (ax_loss, ax_grad) = plt.subplots(
    1, 2, figsize=(10, 4),
    num=(
        "Cross-entropy with three classes against the correct class's logit m on [-10, 10], the "
        "other logits 0. Left: the loss on raw logits (solid) falls from about 10 to 0; with softmax "
        "applied first (dashed) it only moves between about 1.46 and 0.55, inside the dotted "
        "bounds. Right: the gradient with respect to m by autograd; on raw logits (solid) it is "
        "p0 - 1, near -1 when the prediction is wrong and rising to 0; with softmax applied first "
        "(dashed) it stays near 0 everywhere, smallest at both ends"
    ),
)
ax_loss.plot(m, right.detach(), label="F.cross_entropy(logits, y)")
ax_loss.plot(m, wrong.detach(), "--", label="F.cross_entropy(softmax(logits), y)")
_ = ax_loss.hlines([low, high], -10, 10, linestyles=":", label="bounds of the softmax-first loss")
ax_grad.plot(m, grad_right, label="raw logits")
ax_grad.plot(m, grad_wrong, "--", label="softmax applied first")
for ax in (ax_loss, ax_grad):
    ax.set_xlabel("logit m of the correct class (the other two are 0)")
ax_loss.set_ylabel("loss")
ax_loss.set_title("The loss")
ax_grad.set_ylabel("d loss / d m (autograd)")
ax_grad.set_title("Its gradient")
_ = ax_loss.legend(loc="upper right")
_ = ax_grad.legend(loc="lower right")
fig.tight_layout()
print(f"softmax-first loss: between {wrong.min().item():.4f} and {wrong.max().item():.4f}"
      f" (bounds {low:.4f} and {high:.4f})")
print(f"largest |gradient|: raw logits {grad_right.abs().max().item():.4f},"
      f" softmax first {grad_wrong.abs().max().item():.4f}")
# --8<-- [end:plot]
