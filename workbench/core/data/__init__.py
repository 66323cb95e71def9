"""Readers that turn folders, videos and cubes into ``Sequence`` objects.

``open_sequence(path)`` and ``open_dataset(root)`` detect the layout; each layout lives in its own
module. ``synthetic`` makes the demo data.

The names below are imported from their modules when first asked for (``from workbench.core.data import
open_sequence``, ``data.open_sequence``), not by this file's import. Importing ``sequence`` and ``detect`` here
made a thread importing one of them (or ``frame_path_list``) hold that module's import lock while it waited for
the package's, while the thread running this file waited for that module's: Python broke the tie by failing
one import ("deadlock detected by _ModuleLock", or "cannot import name ... from partially initialized module").
The CLI's workers, plugins and scripts import readers from threads. Nothing here registers anything: the layout
readers are imported by ``detect.layouts()`` when first used, as before.
"""
from __future__ import annotations

from workbench.core.lazy import lazy_names

# {name: the submodule it is defined in}
_NAMES = {
    "Sequence": "sequence", "FrameSource": "sequence",
    "open_sequence": "detect", "open_dataset": "detect", "detect_layout": "detect",
}

__all__ = ["Sequence", "FrameSource", "open_sequence", "open_dataset", "detect_layout"]

__getattr__, __dir__ = lazy_names(__name__, _NAMES)
