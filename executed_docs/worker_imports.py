"""What the workers' fork server imports once, before it forks any worker.

``executed_docs.workers`` has the server import this module; each worker (and
the notebook kernel, ``forked_kernel.py``) then starts with these imported:
torch; torch._dynamo and sympy, which torch imports at a chain's first seed or
backward; pyplot; the page notebooks' module (nbformat); and the modules torch
imports lazily that warn (``isolation.import_lazy_torch_modules``). A missing
one is skipped.

The cycle collector is off meanwhile: the imports create hundreds of thousands
of objects, and collecting as they come took about a quarter of the import time.
What they made is then frozen, so the workers' collections never go through it.
"""

import gc
import importlib

MODULES = ("torch", "torch._dynamo", "matplotlib.pyplot", "executed_docs.notebooks")

gc.disable()
try:
    for module in MODULES:
        try:
            importlib.import_module(module)
        except ImportError:
            pass
    from executed_docs.isolation import import_lazy_torch_modules

    import_lazy_torch_modules()
finally:
    gc.enable()
    gc.freeze()
