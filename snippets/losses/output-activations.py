# Code embedded in docs/losses/output-activations.md (pymdownx.snippets sections).

# --8<-- [start:pairs]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
N, C = 4, 3
logits = torch.randn(N, C, dtype=torch.float64)   # z: the last layer's output
y_real = torch.randn(N, C, dtype=torch.float64)   # regression targets
y_bits = torch.randint(0, 2, (N, C)).double()     # multi-label 0/1 targets
y_class = torch.randint(0, C, (N,))               # class indices
one_hot = F.one_hot(y_class, C).to(torch.float64)
mu = torch.randn(N, C, dtype=torch.float64)       # a Gaussian head's mean
E = logits.numel()                                # elementwise: N * C terms


def gaussian_formula(z):
    v = F.softplus(z)                             # the predicted variance
    return torch.sigmoid(z) * (v - (mu - y_real) ** 2) / (2 * v**2) / E


# activation + loss: (the loss of z, the gradient formula of the table)
PAIRS = {
    "identity + MSELoss": (
        lambda z: F.mse_loss(z, y_real),
        lambda z: 2 * (z - y_real) / E),
    "sigmoid + BCEWithLogitsLoss": (
        lambda z: F.binary_cross_entropy_with_logits(z, y_bits),
        lambda z: (torch.sigmoid(z) - y_bits) / E),
    "softmax + CrossEntropyLoss": (
        lambda z: F.cross_entropy(z, y_class),
        lambda z: (torch.softmax(z, dim=1) - one_hot) / N),
    "log_softmax + NLLLoss": (
        lambda z: F.nll_loss(F.log_softmax(z, dim=1), y_class),
        lambda z: (torch.softmax(z, dim=1) - one_hot) / N),
    "softplus + GaussianNLLLoss": (
        lambda z: F.gaussian_nll_loss(mu, y_real, F.softplus(z)),
        gaussian_formula),
}

for name, (loss_of, formula) in PAIRS.items():
    z = logits.clone().requires_grad_()
    (grad,) = torch.autograd.grad(loss_of(z), [z])
    expected = formula(logits)
    assert torch.allclose(grad, expected), name
    error = (grad - expected).abs().max().item()
    print(f"{name:28}  largest |autograd - formula| = {error:.1e}")
# --8<-- [end:pairs]


# --8<-- [start:breaks]
import torch
import torch.nn.functional as F

GRID = -torch.arange(0, 200, 0.01)   # float32 logits, 0 to -199.99


def target_one(loss):
    """One logit z, target 1: the true gradient is sigmoid(z) - 1."""
    def run(z):
        return loss(z, torch.ones_like(z)), torch.sigmoid(z.detach()) - 1
    return run


def class_zero(loss):
    """Logits [z, 0, 0], target class 0: the true gradient of z is p_0 - 1."""
    def run(z):
        logits = torch.cat([z[:, None], torch.zeros(len(z), 2)], dim=1)
        target = torch.zeros(len(z), dtype=torch.long)
        p_0 = torch.softmax(logits.detach(), dim=1)[:, 0]
        return loss(logits, target), p_0 - 1
    return run


def naive_bce(z, y):
    return F.binary_cross_entropy(torch.sigmoid(z), y, reduction="none")


def naive_nll(logits, target):
    log_p = torch.log(torch.softmax(logits, dim=1))
    return F.nll_loss(log_p, target, reduction="none")


COMPOSITIONS = {
    "-log(sigmoid(z))": target_one(lambda z, y: -torch.log(torch.sigmoid(z))),
    "BCELoss(sigmoid(z))": target_one(naive_bce),
    "BCEWithLogitsLoss(z)": target_one(
        lambda z, y: F.binary_cross_entropy_with_logits(z, y, reduction="none")),
    "NLLLoss(log(softmax(z)))": class_zero(naive_nll),
    "CrossEntropyLoss(z)": class_zero(
        lambda logits, t: F.cross_entropy(logits, t, reduction="none")),
}

wrong_from, grads = {}, {}
for name, run in COMPOSITIONS.items():
    z = GRID.clone().requires_grad_()
    loss, true = run(z)
    (grad,) = torch.autograd.grad(loss.sum(), [z])   # one loss per point
    grads[name] = grad
    off = (grad - true).abs() > 0.01 * true.abs()    # more than 1 % off
    wrong = off | ~torch.isfinite(grad)
    if not wrong.any():
        print(f"{name:25} right at every z down to {GRID[-1]:.2f}")
        continue
    i = int(wrong.nonzero()[0])
    assert wrong[i:].all()                           # and stays wrong below
    wrong_from[name] = GRID[i].item()
    print(f"{name:25} wrong from z = {GRID[i]:.2f} "
          f"(gradient {grad[i]:.3g}; {grad[-1]:.3g} at {GRID[-1]:.2f})")
# --8<-- [end:breaks]
