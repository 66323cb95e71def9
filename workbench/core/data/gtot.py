"""GTOT (grayscale-thermal): ``<seq>/i/`` + ``<seq>/v/`` frames, ``groundTruth_i.txt`` / ``groundTruth_v.txt``
corner boxes. The layout and its conventions are described in ``rgbt``, which reads all the RGB-T benchmarks and
lists this layout's roots too (one walk for the three)."""
from __future__ import annotations

from workbench.core.data.rgbt import GTOT as _LAYOUT

NAME = _LAYOUT.name
probe = _LAYOUT.probe
open = _LAYOUT.open  # noqa: A001 - the layout protocol's verb
sequence_name = _LAYOUT.sequence_name
