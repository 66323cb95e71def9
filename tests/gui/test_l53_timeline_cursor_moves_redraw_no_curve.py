"""The timeline's cursor moves at every frame shown (30 times a second while a run is followed); each move stroked
every curve of the runs again (1.6 px antialiased, 2,000 points each: seven runs took 74 ms a repaint, 31 s of the
GUI thread over one KCF run of a 2,000-frame sequence). The curves are drawn once and copied while they stay as
they are; a curve whose values change is drawn again."""
from __future__ import annotations

import numpy as np

from workbench.core.data.sequence import ArrayFrames, Sequence
from workbench.gui.timeline import TimelineCurve

N = 2000


def _series(shift: float = 0.0) -> dict:
    t = np.arange(N, dtype=float)
    return {f"run{k}": {"iou": np.clip(0.5 + 0.4 * np.sin(t / (40 + 7 * k)) + shift, 0, 1),
                        "score": np.full(N, 0.5), "error": np.full(N, 3.0)} for k in range(3)}


def test_cursor_moves_repaint_no_curve_but_new_values_do(qtbot, window, monkeypatch):
    w = window
    painted = []
    paint = TimelineCurve.paint

    def counted(self, *args):
        painted.append(self)
        return paint(self, *args)

    monkeypatch.setattr(TimelineCurve, "paint", counted)
    seq = Sequence("long", ArrayFrames(N, lambda i: np.full((24, 32), i % 256, np.uint8)), "gray")
    assert w.sequences.set_sequence(seq)
    tl = w.timeline
    tl.show()
    tl.raise_()
    qtbot.waitUntil(tl.on_screen, timeout=5000)
    tl.set_series(_series(), {f"run{k}": c for k, c in enumerate(("#ff0000", "#00ff00", "#0000ff"))})
    qtbot.waitUntil(lambda: len(tl._curves.items) == 3 and not tl._stale, timeout=5000)
    viewport = tl.plot.viewport()
    viewport.repaint()
    assert len(painted) >= 3, "the curves were never drawn: nothing to compare with"

    painted.clear()
    for i in range(100, 1900, 90):  # the cursor crosses every curve
        tl.set_frame(i)
        viewport.repaint()
    assert tl.cursor.value() == 1810
    assert not painted, f"moving the cursor stroked the curves again ({len(painted)} curve paints)"

    tl.set_series(_series(shift=-0.3), {f"run{k}": c for k, c in enumerate(("#ff0000", "#00ff00", "#0000ff"))})
    qtbot.waitUntil(lambda: not tl._stale, timeout=5000)
    viewport.repaint()
    assert len(set(map(id, painted))) == 3, "curves whose values changed were not drawn again"
