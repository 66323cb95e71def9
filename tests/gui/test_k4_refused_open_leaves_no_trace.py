"""A refused open (K4): its "Cannot open: …" stayed in ``last_error`` after the next open succeeded (a script
read the old refusal as the new open's); and a sequence whose first frame cannot be read (a script's, or a
file damaged since the opener's read) raised halfway through ``set_sequence``, after the open sequence's runs
were dropped, leaving the window on a sequence it never showed. Now the next open clears the refusal, and the
unreadable first frame is refused before anything of the open sequence goes."""
from __future__ import annotations

import numpy as np


def _good(root, name):
    import cv2

    img = root / name / "img"
    img.mkdir(parents=True)
    for i in range(4):
        cv2.imwrite(str(img / f"{i + 1:04d}.png"), np.full((24, 32), 40 + 10 * i, np.uint8))
    (root / name / "groundtruth_rect.txt").write_text("\n".join(["5,5,8,8"] * 4))
    return root / name


def test_next_open_clears_the_refusal_and_a_refused_open_keeps_the_runs(qtbot, window, messages, tmp_path):
    from workbench.core.data.sequence import ArrayFrames, Sequence

    w = window
    assert w.open_path(_good(tmp_path, "first"))
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    runs = dict(w.tracking.live)
    assert "fake" in runs

    assert not w.open_path(tmp_path / "nowhere")
    assert w.last_error.startswith("Cannot open:") and "nowhere" in w.last_error
    assert w.sequence.name == "first" and w.tracking.live == runs

    def unreadable(i):
        raise OSError(f"frame {i + 1}: truncated file")

    broken = Sequence("broken", ArrayFrames(3, unreadable), "gray", path=tmp_path / "broken")
    assert w.set_sequence(broken, tmp_path / "broken") is False  # raised OSError before
    assert "broken" in w.last_error and "first frame cannot be read" in w.last_error, w.last_error
    assert w.sequence.name == "first" and w.tracking.live == runs  # its runs were dropped
    assert w._raw is not None and w.windowTitle().startswith("first")

    assert w.open_path(_good(tmp_path, "walker"))
    assert w.last_error is None  # was the refusal above
    assert "Cannot open" not in w.statusBar().currentMessage()
    assert w.sequence.name == "walker"
