"""VTUAV (visible-thermal UAV): ``<split>/<seq>/ir/`` + ``<seq>/rgb/`` frames, ``ir.txt`` / ``rgb.txt`` with a box
every 10 frames. The layout and its conventions are described in ``rgbt``, which reads all the RGB-T benchmarks and
lists this layout's roots too (one walk for the three)."""
from __future__ import annotations

from workbench.core.data.rgbt import VTUAV as _LAYOUT

NAME = _LAYOUT.name
probe = _LAYOUT.probe
open = _LAYOUT.open  # noqa: A001 - the layout protocol's verb
sequence_name = _LAYOUT.sequence_name
