"""Nothing one chain does to the process reaches another chain.

Chains run one after another in the same process (a build's worker, the test
process, ``mkdocs serve``). Forking a fresh process for each chain would be
complete, but measured about 8 ms a chain plus 15-25 ms a chain that plots
(copy-on-write of a process that has imported torch and matplotlib): 4-8
CPU-seconds over the site's chains, more than the cold build's budget. So the
shared state is handled in two ways, both cheap (about a millisecond a block):

* **Reset, then restored.** Settings a page legitimately changes for what follows
  (as a reader does in a notebook) start from their defaults in every chain and
  are put back when it ends: torch's default dtype and device, grad mode,
  anomaly mode, deterministic algorithms, print options (torch's and numpy's),
  thread count; and the random generators (see ``Seeds``).
* **Fingerprinted, then refused.** What a chain should never leave changed fails
  the build at the block that changed it, which is then undone: an attribute of
  the modules a page calls into (``WATCHED_MODULES``: torch and its nn,
  functional, autograd, func, linalg, special, fft, optim; numpy, numpy.random,
  numpy.linalg; matplotlib, pyplot; math, cmath, random, builtins, operator,
  functools), as in ``torch.sigmoid = ...``, or of torch's Tensor, autograd's
  Function and the ``torch.nn`` classes; the working directory; environment
  variables; ``sys.path``. Attributes a module adds to itself (lazy imports) are not
  changes, nor are its private ones (``_name``: its own bookkeeping, such as
  pyplot's backend, set at the first plot).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import random
import sys
import types
import warnings

from executed_docs.model import BlockError, Chain, Fence
from executed_docs.private_apis import torch_print_options

#: The modules whose attributes no chain may leave reassigned or deleted: the
#: namespaces a page's code calls into, and would patch. Not every submodule of
#: these packages: fingerprinting all ~600 public ones took ~5 ms a block.
WATCHED_MODULES = (
    "torch", "torch.nn", "torch.nn.functional", "torch.nn.init", "torch.autograd", "torch.autograd.functional",
    "torch.autograd.graph", "torch.func", "torch.linalg", "torch.special", "torch.fft", "torch.optim",
    "numpy", "numpy.random", "numpy.linalg", "matplotlib", "matplotlib.pyplot",
    "math", "cmath", "random", "builtins", "operator", "functools",
)

#: Attributes that the settings a chain may change (``fresh_settings``) reassign:
#: torch.set_default_dtype sets torch.Storage to the storage of that dtype.
FOLLOWS_SETTINGS = {"torch.Storage"}

#: The seed every chain starts with; still set at the end, it means nobody seeded.
UNSEEDED = 0x5EED_DEC0DE


def _watched_modules() -> list[types.ModuleType]:
    return [sys.modules[name] for name in WATCHED_MODULES if name in sys.modules]


def _watched_classes() -> list[type]:
    """torch.Tensor, autograd's Function, and the classes of torch.nn (its modules, Parameter)."""
    torch = sys.modules.get("torch")
    if torch is None:
        return []
    classes = {torch.Tensor, torch.autograd.Function}
    nn = sys.modules.get("torch.nn")
    if nn is not None:
        classes.update(value for value in vars(nn).values() if isinstance(value, type))
    return sorted(classes, key=lambda cls: (cls.__module__, cls.__qualname__))


class Fingerprint:
    """The shared state at one moment; ``changes`` tells what a chain did to it since."""

    def __init__(self):
        self.namespaces = [(module.__name__, vars(module)) for module in _watched_modules()]
        self.namespaces += [(f"{cls.__module__}.{cls.__qualname__}", cls.__dict__) for cls in _watched_classes()]
        # Names and values apart: two lists of references per namespace are about
        # twice as quick to take and compare as a list of (name, value) pairs.
        self.names = [list(namespace) for _, namespace in self.namespaces]
        self.values = [list(namespace.values()) for _, namespace in self.namespaces]
        self.cwd = os.getcwd()
        self.environ = dict(os.environ)
        self.path = list(sys.path)

    def changes(self) -> list[str]:
        """What differs now, each as a reader would write it; empty if nothing."""
        found = []
        for (name, namespace), names, values in zip(self.namespaces, self.names, self.values):
            if _same(list(namespace.values()), values) and list(namespace) == names:
                continue
            for key, value in zip(names, values):
                if key.startswith("_") or f"{name}.{key}" in FOLLOWS_SETTINGS:  # a module's own bookkeeping (pyplot's backend)
                    continue
                if key not in namespace:
                    found.append(f"deletes {name}.{key}")
                elif namespace[key] is not value:
                    found.append(f"reassigns {name}.{key}")
        if os.getcwd() != self.cwd:
            found.append(f"changes the working directory to {os.getcwd()}")
        if dict(os.environ) != self.environ:
            names = sorted(set(os.environ.items()) ^ set(self.environ.items()))
            found.append("changes the environment variable(s) " + ", ".join(sorted({n for n, _ in names})))
        if sys.path != self.path:
            found.append("changes sys.path")
        return found

    def restore(self) -> None:
        """Undo what ``changes`` reports (so that a failed block leaves no trace)."""
        for (_, namespace), names, values in zip(self.namespaces, self.names, self.values):
            for key, value in zip(names, values):
                if not key.startswith("_") and namespace.get(key, self) is not value:
                    if isinstance(namespace, dict):
                        namespace[key] = value
                    else:  # a class's mappingproxy
                        owner = next(c for c in _watched_classes() if c.__dict__ is namespace)
                        setattr(owner, key, value)
        os.chdir(self.cwd)
        os.environ.clear()
        os.environ.update(self.environ)
        sys.path[:] = self.path

    def check(self, fence: Fence) -> None:
        """Fail at ``fence`` if the state differs from this fingerprint (undoing it first)."""
        changes = self.changes()
        if changes:
            self.restore()
            raise BlockError(
                fence.where,
                "the block " + "; ".join(changes[:5]) + ("; ..." if len(changes) > 5 else ""),
                "Every chain runs in a process that other chains share: leave this state as you found it, "
                "for example with unittest.mock.patch(...) as a context manager, or try/finally.",
            )


def _same(now: list, before: list) -> bool:
    """Whether two lists of a namespace's items are the same (identity first, as list equality is)."""
    try:
        return now == before
    except Exception:  # a changed value whose == raises (an array); compared key by key
        return False


def libraries(chain: Chain) -> tuple[types.ModuleType | None, types.ModuleType | None]:
    """torch and numpy, imported if the chain names them, or if they already are."""
    code = "".join(fence.code for fence in chain.fences)
    found = []
    for name in ("torch", "numpy"):
        if name in sys.modules or name in code:
            try:
                found.append(importlib.import_module(name))
                continue
            except ImportError:
                pass
        found.append(None)
    return found[0], found[1]


#: Modules PyTorch imports only when a feature is first used, and that warn as
#: they load: torch 2.14's forward-mode AD decompositions call the deprecated
#: torch.jit.script. Imported once, up front and quietly, so that no block shows
#: a warning for being the first in its process to use the feature.
LAZY_TORCH_MODULES = ("torch._decomp.decompositions_for_jvp",)


@functools.cache
def import_lazy_torch_modules() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in LAZY_TORCH_MODULES:
            try:
                importlib.import_module(name)
            except ImportError:  # another release, without it
                pass


@contextlib.contextmanager
def fresh_settings(chain: Chain):
    """Run the chain from torch's and numpy's default settings; put back what was set before."""
    torch, numpy = libraries(chain)
    saved = {}
    if torch is not None:
        import_lazy_torch_modules()
        saved["torch"] = (
            torch.get_default_dtype(), torch.is_grad_enabled(), torch.is_anomaly_enabled(),
            torch.is_anomaly_check_nan_enabled(), torch.are_deterministic_algorithms_enabled(),
            torch.is_deterministic_algorithms_warn_only_enabled(), torch.get_num_threads(), torch_print_options(torch),
            torch.get_default_device(),
        )
        # One thread: a result then does not depend on the machine's core count,
        # and chains running side by side in worker processes do not fight over cores.
        torch.set_num_threads(1)
        torch.set_default_dtype(torch.float32)
        torch.set_default_device(None)
        torch.set_grad_enabled(True)
        torch.autograd.set_detect_anomaly(False)
        torch.use_deterministic_algorithms(False)
        torch.set_printoptions(profile="default", sci_mode=None)
    if numpy is not None:
        saved["numpy"] = numpy.get_printoptions()
        numpy.set_printoptions(**_numpy_default_print_options(numpy))
    try:
        yield
    finally:
        if "torch" in saved:
            dtype, grad, anomaly, nan_check, deterministic, warn_only, threads, printing, device = saved["torch"]
            torch.set_default_dtype(dtype)
            torch.set_default_device(device if str(device) != "cpu" else None)
            torch.set_grad_enabled(grad)
            torch.autograd.set_detect_anomaly(anomaly, nan_check)
            torch.use_deterministic_algorithms(deterministic, warn_only=warn_only)
            torch.set_num_threads(threads)
            torch.set_printoptions(**printing)
        if "numpy" in saved:
            numpy.set_printoptions(**saved["numpy"])


@functools.cache  # read before the first chain runs: numpy's defaults
def _numpy_default_print_options(numpy) -> dict:
    return numpy.get_printoptions()


class Seeds:
    """Every generator a chain may draw from starts from a marker seed; drawing
    from one the chain did not seed fails the build.

    Unseeded numbers differ between builds and between the page and a reader's
    session. Covered: torch's default generator, numpy's global one
    (``np.random.rand``...) and ``np.random.default_rng()`` called without a seed,
    and Python's ``random``. A chain seeds with ``torch.manual_seed``,
    ``np.random.seed`` (or ``default_rng(seed)``) and ``random.seed``.
    """

    def __init__(self, chain: Chain):
        self.chain = chain
        self.seeded: set[str] = set()
        self.entropy: list[str] = []

    def __enter__(self):
        self.saved = {"random": (random.getstate(), random.seed)}
        random.seed(UNSEEDED)
        self.random_state = random.getstate()
        random.seed = self._recording("random", self.saved["random"][1])
        self.torch, self.numpy = libraries(self.chain)
        if self.torch is not None:
            self.saved["torch"] = self.torch.random.get_rng_state()
            # The CPU generator alone: torch.manual_seed also queues a seed for
            # CUDA, with a stack trace, in case it starts later (a millisecond a chain).
            self.torch.default_generator.manual_seed(UNSEEDED)
            self.torch_state = self.torch.random.get_rng_state()
        if self.numpy is not None:
            generator = self.numpy.random
            self.saved["numpy"] = (generator.get_state(), generator.seed, generator.default_rng)
            generator.seed(UNSEEDED % 2**32)
            self.numpy_state = generator.get_state()
            generator.seed = self._recording("numpy", self.saved["numpy"][1])
            generator.default_rng = self._default_rng(self.saved["numpy"][2])
        return self

    def _recording(self, name: str, seed):
        def recording_seed(*args, **kwargs):
            self.seeded.add(name)
            return seed(*args, **kwargs)
        return recording_seed

    def _default_rng(self, default_rng):
        def default_rng_with_seed(seed=None):
            if seed is None:
                self.entropy.append("numpy.random.default_rng() without a seed")
            return default_rng(seed)
        return default_rng_with_seed

    def __exit__(self, kind, error, traceback):
        unseeded = list(self.entropy)
        if "random" not in self.seeded and random.getstate() != self.random_state:
            unseeded.append("Python's random (random.seed(...))")
        if self.torch is not None and self.torch.initial_seed() == UNSEEDED:
            if not self.torch.equal(self.torch.random.get_rng_state(), self.torch_state):
                unseeded.append("torch (torch.manual_seed(...))")
        if self.numpy is not None:
            generator = self.numpy.random
            if "numpy" not in self.seeded and not _same_numpy_state(generator.get_state(), self.numpy_state):
                unseeded.append("numpy's global generator (np.random.seed(...))")
            state, generator.seed, generator.default_rng = self.saved["numpy"]
            generator.set_state(state)
        if self.torch is not None:
            self.torch.random.set_rng_state(self.saved["torch"])
        random.setstate(self.saved["random"][0])
        random.seed = self.saved["random"][1]
        if unseeded and error is None:
            raise BlockError(
                self.chain.where,
                "the chain draws random numbers without seeding: " + "; ".join(unseeded),
                "Seed first, so that the page, the tests and a reader all get the same numbers.",
            )
        return False


def _same_numpy_state(a, b) -> bool:
    return a[0] == b[0] and a[2:] == b[2:] and (a[1] == b[1]).all()
