"""Found opening the demo with 25 saved runs (J1): every run's IoU and centre error against the groundtruth
were computed for the Timeline on the GUI thread as the sequence opened (10-20 ms), the dock often a tab
behind another, and again on each update of the runs (a map read, a live run's tick) for saved runs that had
not changed. They are made when the dock reads them (the curve shown, drawn; the value under the cursor alone
for the readout), the same numbers; a saved run's curves are kept while it stays."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.boxes import center_error, iou
from workbench.core.data.synthetic import write_demo
from workbench.core.results import write_boxes
from workbench.gui import settings as wsettings
from workbench.gui.controllers import tracking


@pytest.fixture
def saved(tmp_path):
    seq = write_demo(tmp_path, frames=8, width=64, height=48, name="short")
    gt = np.loadtxt(seq / "groundtruth_rect.txt", delimiter=",")
    for k, dx in enumerate((1.0, 4.0)):
        boxes = gt + [dx, 1.0, 0.0, 0.0]
        boxes[5 + k] = np.nan  # a frame lost
        write_boxes(wsettings.results_dir() / f"old{k}" / "short.txt", boxes)
    return seq


def _eager(w, name: str) -> dict:
    """The curves as the window computed them before, all at once."""
    gt, boxes = w.sequence.groundtruth, w.live[name].boxes
    ok = np.all(np.isfinite(boxes), axis=1) & np.all(np.isfinite(gt), axis=1)
    out = {}
    for key, f in (("iou", iou), ("error", center_error)):
        v = np.full(len(gt), np.nan)
        v[ok] = f(boxes[ok], gt[ok])
        out[key] = v
    return out


def test_timeline_curves_made_when_read_and_kept_for_saved_runs(qtbot, window, saved, monkeypatch):
    w = window
    whole = []  # (measure, rows) of each call on more than one frame
    for name, f in (("iou", iou), ("center_error", center_error)):
        monkeypatch.setattr(tracking, name, lambda a, b, _f=f, _n=name: (
            whole.append((_n, len(a))) if len(a) > 1 else None, _f(a, b))[1])
    w.timeline.hide()
    assert w.open_path(saved)
    assert sorted(w.live) == ["old0", "old1"]
    w.set_frame(3)
    qtbot.waitUntil(lambda: not w.tracking.reading_maps and not w.scoring.running, timeout=10000)
    assert whole == []  # nothing computed for a dock not on screen
    hidden_readout = w.timeline.readout.text()  # its values under the cursor alone
    w.timeline.show()
    w.timeline.raise_()
    qtbot.waitUntil(lambda: not w.timeline._stale, timeout=5000)
    assert [m for m, _rows in whole] == ["iou", "iou"]  # the curve shown, each run once; not the centre error
    series = dict(w.timeline._series)
    w.tracking.runs_changed()  # nothing of the saved runs changed: their curves are not made again
    assert all(w.timeline._series[k] is s for k, s in series.items()) and len(whole) == 2
    want = {n: _eager(w, n)["iou"][3] for n in ("old0", "old1")}
    assert hidden_readout == f"frame 4: old0 {want['old0']:.3f}, old1 {want['old1']:.3f}"
    for name in ("old0", "old1"):
        want = _eager(w, name)
        for key in ("iou", "error"):
            np.testing.assert_array_equal(w.timeline._series[name][key], want[key])
    # the readout of a curve made reads it
    assert w.timeline.show_metric("tracking", "error")
    w.set_frame(4)
    want = {n: _eager(w, n)["error"][4] for n in ("old0", "old1")}
    assert w.timeline.readout.text() == f"frame 5: old0 {want['old0']:.1f}px, old1 {want['old1']:.1f}px"
