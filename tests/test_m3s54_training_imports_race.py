"""Two threads importing ``workbench.core.training`` modules at once both succeed.

At the window's start the warm-up worker, a panel's import and a run's model loading can each import a
module of ``workbench.core.training`` first. The package's ``__init__`` imported ``checkpoints`` and ``loop``,
so a thread importing ``training.loop`` held that module's import lock while it waited for the package's, and
the thread running the package's ``__init__`` waited for ``training.loop``'s: Python broke the tie by failing
one import (``deadlock detected by _ModuleLock``, or a partially initialised ``training.loop`` without
``FitResult``) and removing the package another thread was importing under (KeyError).

The interleaving is forced, not hoped for: in a fresh interpreter, thread B starts its import and is held
(by a finder placed first on ``sys.meta_path``) while it owns the package's import lock; thread A then starts
its own import and, once A waits for that lock, B goes on. Each pair is run in a fresh import of the package.
"""
from tests.helpers import forced_import_pairs

PKG = "workbench.core.training"
PAIRS = [  # (B: holds the package's import lock first, A: starts while B holds it)
    ("from workbench.core.training import fit", "from workbench.core.training.loop import HeldLog"),
    ("from workbench.core.training.checkpoints import load_weights", "from workbench.core.training.loop import FitResult"),
    ("from workbench.core.training.earlier_run import other_run", "from workbench.core.training.checkpoints import load_weights"),
    ("from workbench.core.training.loop import FitResult", "from workbench.core.training.checkpoints import load_weights"),
]
PRELOAD = "import workbench.core.errors, workbench.core.jobs, workbench.core.results"


def test_two_threads_importing_training_modules_at_once_both_succeed():
    lines = forced_import_pairs(PKG, PAIRS, PRELOAD)
    assert len(lines) == 4, "\n".join(lines)
    assert lines == ["ok"] * 4, "\n".join(lines)


def test_package_names_still_resolve_and_unknown_ones_are_attribute_errors():
    import workbench.core.training as training
    from workbench.core.training import CheckpointError, FitResult, fit, load_weights
    from workbench.core.training.checkpoints import CheckpointError as ce, load_weights as lw
    from workbench.core.training.loop import FitResult as fr, fit as f

    assert (CheckpointError, FitResult, fit, load_weights) == (ce, fr, f, lw)
    assert set(training.__all__) <= set(dir(training))
    assert all(getattr(training, n) is not None for n in training.__all__)
    try:
        training.no_such_name
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name resolved")
