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


def test_a_run_renamed_by_save_again_keeps_its_speed_row_and_maps_under_its_new_name(window, tmp_path,
                                                                                      monkeypatch):
    """Track › Save again wrote a run beside a later run of its tracker, which renamed it (fake → its folder's
    listed name): its speed stayed under the old name in ``last_fps``, its Layers row came back ticked (hidden
    before) and the map choices of the Layers dock and the Response map inspector went to another run."""
    from PySide6.QtCore import Qt

    from .conftest import spin
    from .test_f7_56_save_again_said_of_its_own_run import _fail_once, _open, _run, _save_again

    w = window
    w.quiet_errors = True
    _open(w, tmp_path)
    _run(w, "fake_b")  # another run listed before it (the lists fell back to their first row: this one)
    _fail_once(monkeypatch)
    _run(w, "fake")
    first = w.live["fake"]
    assert first.save_failed and w.last_fps["fake"] == first.fps
    _run(w, "fake")  # the disk freed: run again, written where the first was to be
    (second,) = [r for r in w.live.values() if r is not first and r.method == "fake"]
    assert first.label == "fake" and second.label != "fake"
    # the first run hidden, its map chosen in the Layers dock and in the Response map inspector
    w.layers.runs.findItems("fake", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Unchecked)
    w.layers.select_map("fake", "response")
    inspector = w.response_inspector
    inspector.tracker.setCurrentText("fake")
    assert inspector.tracker.currentText() == "fake" and w.layers.selected_map() == ("fake", "response")
    w.maps_at("fake", 3)  # asked for now (the map budget keeps it)
    _save_again(w, first)
    assert spin(lambda: first.label != "fake", 5)
    new = first.label
    assert w.live.get(new) is first and "fake" not in w.live
    assert "fake" not in w.last_fps and w.last_fps[new] == first.fps
    assert "fake" not in w.tracking.maps_asked and new in w.tracking.maps_asked
    assert w.layers.hidden() == {new}
    assert w.layers.selected_map() == (new, "response")
    assert inspector.tracker.currentText() == new
    assert w.maps_at(new, 3)  # its maps, under its new name


def test_a_renamed_run_whose_map_is_shown_keeps_its_maps_over_the_map_budget(window, tmp_path, monkeypatch):
    """The Layers dock renamed the run's row first: ``setText`` redrew the overlays (``itemChanged``) while its map
    choice still named the old label, which no run had any more, so over the map budget the run whose map was shown
    had its maps dropped in its rename, and the map budget noted the old label as shown again (reviewer R2)."""
    from .conftest import spin
    from .test_f7_56_save_again_said_of_its_own_run import _fail_once, _open, _run

    w = window
    w.quiet_errors = True
    _open(w, tmp_path)
    _run(w, "fake_b")
    _fail_once(monkeypatch)
    _run(w, "fake")
    first = w.live["fake"]
    _run(w, "fake")  # written where the first was to be: Save again renames the first
    w.layers.select_map("fake", "response")
    w.map_budget.limit = 1  # every run's maps but the shown one's go
    w.refresh_overlays()
    w.tracking.maps_asked.clear()  # none asked for lately: only the map choice keeps the first's maps
    assert first.maps, "the shown run keeps its maps before its rename"
    dropped = []
    fit = w.map_budget.fit

    def noted_fit(runs, keep=()):
        got = fit(runs, keep)
        dropped.extend(k for k, _b, _f in got)
        return got

    monkeypatch.setattr(w.map_budget, "fit", noted_fit)
    changed = []
    w.layers.sigChanged.connect(lambda: changed.append(w.layers.selected_map()))
    w.tracking.save_again_action().trigger()
    assert spin(lambda: not first.saving and first.saved_to is not None and not w.busy, 20)
    new = first.label
    assert new != "fake" and w.live.get(new) is first
    assert new not in dropped and "fake" not in dropped, dropped
    assert w.layers.selected_map() == (new, "response")
    assert "fake" not in w.map_budget._shown and new in w.map_budget._shown
    # redrawn under its new name only (the row's rename redrew with the map choice on the old name, no run's)
    assert changed and set(changed) == {(new, "response")}, changed
