"""Found in the G pass: at 1366x768 a run's end line ("Run finished: kcf: 348 frames, 115 fps on CPU; saved to
/home/…/results/tracking/kcf/default; kcf: maps response: 347 frames, 651.4 KB … saved to …") was cut where the
status bar's labels begin: the run's folder and the maps' figures were gone (only the tooltip had them). The
status bar now draws its message with its paths cut in their middle; the text and the tooltip keep it whole."""
from __future__ import annotations

import re

import pytest

from .conftest import make_registry, shown_window

DEEP = "/home/analyst/.local/share/workbench/workspace/projects/thermal_horse_study/results/tracking"


@pytest.fixture
def laptop(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1366, 768))


def test_run_end_line_keeps_its_figures(laptop, qtbot):
    w = laptop
    sb = w.statusBar()
    w.show_run_ended("done", f"kcf: 348 frames, 115 fps on CPU; saved to {DEEP}/kcf/default.")
    w.show_after_run_end(f"kcf: maps response: 347 frames, 651.4 KB (1.9 KB a frame) saved to "
                         f"{DEEP}/kcf/default/vottir2016_horse_maps.npz", 10000)
    full = sb.currentMessage()
    assert full.startswith(f"Run finished: kcf: 348 frames, 115 fps on CPU; saved to {DEEP}/kcf/default;")
    assert sb.toolTip() == full  # the whole line, as before
    for size in ((1366, 768), (1280, 720)):
        w.resize(*size)
        qtbot.waitUntil(lambda: w.width() == size[0])
        room = sb.message_rect()
        assert 0 < room.right() < min(lab.x() for lab in (w.frame_label, w.zoom_label, w.fps_label) if lab.isVisible())
        shown = sb.shown_message()
        assert sb.fontMetrics().horizontalAdvance(shown) <= room.width(), (size, shown)
        # the figures whole, the paths cut in their middle (their last names kept)
        assert re.match(r"Run finished: kcf: 348 frames, 115 fps on CPU; saved to (/home/)?…/(\S+/)?default; "
                        r"kcf: maps response: 347 frames, 651\.4 KB \(1\.9 KB a frame\) saved to (/home/)?…/", shown), shown
        assert DEEP not in shown
        assert sb.currentMessage() == full and sb.toolTip() == full
        assert not sb.grab().isNull()  # drawn (its own paint) without an error
    # a message that fits is drawn as it is
    sb.showMessage("Opened /data/horse (348 frames)")
    assert sb.shown_message() == "Opened /data/horse (348 frames)"
