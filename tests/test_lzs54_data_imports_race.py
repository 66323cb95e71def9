"""Two threads importing ``workbench.core.data`` modules at once both succeed.

The package's ``__init__`` imported ``sequence`` and ``detect``. A thread importing ``workbench.core.data.detect``
(or ``sequence``, or ``frame_path_list`` which ``sequence`` imports) takes that module's import lock and then
imports the package; if another thread is running the package's ``__init__`` then, that one waits for the
module's lock and the first waits for the package's: Python fails one import ("deadlock detected by
_ModuleLock" / "cannot import name ... from partially initialized module"). The CLI's Dask workers, plugins and
scripts import readers from threads.

The interleaving is forced, not hoped for: in a fresh interpreter, thread B begins the package's first import
and is held (by a finder placed first on ``sys.meta_path``) inside its loader while it owns the package's
import lock; thread A then starts its import, and once the interpreter records A as waiting for the package's
lock, B goes on. Each pair runs against a fresh import of the package.
"""
import sys

import pytest

from tests.helpers import forced_import_pairs

PKG = "workbench.core.data"
PAIRS = [  # (B: first into the package, A: starts while B holds the package's import lock)
    ("from workbench.core.data import open_sequence", "from workbench.core.data.sequence import Sequence"),
    ("from workbench.core.data.images import list_images", "from workbench.core.data.detect import layouts"),
    ("import workbench.core.data.detect", "from workbench.core.data.frame_path_list import FramePaths"),
    ("from workbench.core.data.sequence import FrameSource", "from workbench.core.data import open_dataset, images"),
]
PRELOAD = "import cv2, numpy, workbench.core.atomic, workbench.core.boxes, workbench.core.jobs"


def test_two_threads_importing_data_modules_at_once_both_succeed():
    lines = forced_import_pairs(PKG, PAIRS, PRELOAD)
    assert lines == ["ok"] * 4, "\n".join(lines)


def test_package_names_submodules_and_patches_still_resolve(monkeypatch):
    import workbench.core.data as data
    from workbench.core.data import FrameSource, Sequence, detect_layout, images, open_dataset, open_sequence
    from workbench.core.data import detect, sequence

    assert (Sequence, FrameSource) == (sequence.Sequence, sequence.FrameSource)
    assert (open_sequence, open_dataset, detect_layout) == (detect.open_sequence, detect.open_dataset,
                                                           detect.detect_layout)
    assert images is sys.modules["workbench.core.data.images"] and callable(images.list_images)
    assert set(data.__all__) <= set(dir(data))
    assert all(getattr(data, n) is not None for n in data.__all__)
    with pytest.raises(AttributeError, match="no_such_name"):
        data.no_such_name
    with pytest.raises(ImportError, match="no_such_module"):
        exec("from workbench.core.data import no_such_module", {})

    def patched(path, *a, **k):
        return "patched"

    monkeypatch.setattr(data, "open_sequence", patched)  # as test_k2's and the CLI tests' fixtures do
    from workbench.core.data import open_sequence as now

    assert now is patched
    monkeypatch.undo()
    from workbench.core.data import open_sequence as back

    assert back is detect.open_sequence
