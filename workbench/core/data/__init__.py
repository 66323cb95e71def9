"""Readers that turn folders, videos and cubes into ``Sequence`` objects.

``open_sequence(path)`` and ``open_dataset(root)`` detect the layout; each layout lives in its own
module. ``synthetic`` makes the demo data.
"""
from workbench.core.data.sequence import Sequence, FrameSource
from workbench.core.data.detect import open_sequence, open_dataset, detect_layout

__all__ = ["Sequence", "FrameSource", "open_sequence", "open_dataset", "detect_layout"]
