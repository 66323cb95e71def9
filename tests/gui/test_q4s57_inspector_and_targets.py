"""Two things a user read wrong (session 57, Q4):

* The NAS alphas inspector's status line said "search failed: Cancelled" for a search cancelled before its first
  epoch (while its crops were cut) or let go, beside its bar reading "cancelled".
* A Targets row's click centred the view on the target's raw pixel index, half a pixel up and left of where the
  view draws it (its box, the detector's cross: the pixel's centre at index + 0.5, ``irseq.point_box``)."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest


class _Line:
    def __init__(self):
        self.text = ""

    def setText(self, text):
        self.text = text


class _Bar:
    def __init__(self):
        self.format, self.value = "cutting the training crops…", 310

    def setFormat(self, text):
        self.format = text

    def setValue(self, v):
        self.value = v

    def minimum(self):
        return 0


def test_a_search_cancelled_before_its_first_epoch_is_not_said_failed():
    pytest.importorskip("torch")
    from workbench.core.errors import Cancelled
    from workbench_nas_tir.inspector import NASInspector

    fake = SimpleNamespace(status=_Line(), progress=_Bar(), history=[], search_dir="/ws/nas/search-3")
    NASInspector._on_error(fake, Cancelled())
    assert fake.progress.format == "cancelled"
    assert fake.status.text == "search cancelled before its first epoch: nothing new saved in /ws/nas/search-3"
    # let go after its start (the history of epoch 0 and 2 more): said as the search's own cancelled end says it
    fake = SimpleNamespace(status=_Line(), progress=_Bar(), history=[{}, {}, {}], search_dir="/ws/nas/search-3")
    NASInspector._on_error(fake, Cancelled())
    assert fake.status.text == "search cancelled; 2 epochs saved in /ws/nas/search-3"
    assert "failed" not in fake.status.text


def test_a_target_row_centres_the_view_where_the_target_is_drawn(qtbot):
    from workbench.core.methods import targets_from_mask
    from workbench.gui.targets_dock import TargetsDock

    mask = np.zeros((40, 50), bool)
    mask[20, 10] = True  # one pixel: column 10, row 20, drawn as the box (10, 20, 1, 1) around pixel 10 ... 11
    targets = targets_from_mask(mask)
    dock = TargetsDock()
    qtbot.addWidget(dock)
    dock.set_targets(targets)
    got = []
    dock.sigCentre.connect(lambda x, y, box: got.append((x, y, box)))
    dock._on_click(0, 1)
    x, y, box = got[0]
    bx, by, bw, bh = box
    assert (x, y) == (bx + bw / 2, by + bh / 2) == (10.5, 20.5)
