"""Training shared by the plugins: the epoch loop (``loop``) and safe checkpoints (``checkpoints``).

The names below are imported from their modules when first asked for (``from workbench.core.training import
fit``), not by this file's import. Importing them here made every submodule's import (``training.loop``,
``training.checkpoints``, ``training.earlier_run``...) import the others through the package, in an order that
depended on which one came first: two threads doing so at once (the window's warm-up, a panel's import and a
run's model loading at its start) each held one module's import lock and waited for the other's, and Python
broke the tie by failing one import ("deadlock detected by _ModuleLock", or "cannot import name 'FitResult' from
partially initialized module 'workbench.core.training.loop'") and removing the package that another thread was
importing under (KeyError: 'workbench.core.training').
"""
from __future__ import annotations

from workbench.core.lazy import lazy_names

# {name: the submodule it is defined in}
_NAMES = {
    "CheckpointError": "checkpoints", "load_checkpoint": "checkpoints", "load_file": "checkpoints",
    "load_weights": "checkpoints", "save_checkpoint": "checkpoints", "save_weights": "checkpoints",
    "FitResult": "loop", "fit": "loop", "poly_lr": "loop", "resume": "loop", "resume_checkpoint": "loop",
    "set_lr": "loop",
}

__all__ = sorted(_NAMES)

__getattr__, __dir__ = lazy_names(__name__, _NAMES)
