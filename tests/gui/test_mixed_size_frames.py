"""An image folder whose frames differ in size (the Anti-UAV thermal frames mix 640x512 and 512x512) in
the window: dragging the frame slider shows every frame at its own size with its boxes in its own
pixels (it popped one 'Cannot read frame' box per frame of the other size), a tracker is refused up
front in one message naming the folder and both sizes, the video export pads each frame to the largest
size and says so; and frames that really cannot be read cost one message box, not one per frame."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.core.test_mixed_sizes import ANTI_UAV, SIZES, plain_folder, yolo_set


def _drag(qtbot, window, values):
    """The slider moved through ``values`` as a drag does (pressed, one value at a time, released)."""
    s = window.slider
    s.setSliderDown(True)
    for v in values:
        s.setValue(v)
    s.setSliderDown(False)


def _boxes(messages):
    return [m for m in messages if m[0] in ("critical", "warning")]


def test_dragging_through_frames_of_two_sizes_shows_each_at_its_own_size_and_the_video_pads_them(qtbot, window,
                                                                                                 messages, tmp_path):
    # the plain folder, then the YOLO set, then the YOLO set's video, in one window (a window each cost more than
    # the checks)
    for make in (plain_folder, yolo_set):
        _dragging_shows_each_frame_at_its_own_size(qtbot, window, messages, tmp_path, make)
    _video_export_pads_frames_of_two_sizes_and_says_so(window, messages, tmp_path)


def _dragging_shows_each_frame_at_its_own_size(qtbot, window, messages, tmp_path, make):
    root = make(tmp_path / f"set_{make.__name__}")
    assert window.open_path(root)
    assert window.sequence.name == root.name, (window.sequence.name, root)
    n = len(SIZES)
    _drag(qtbot, window, list(range(n)) + list(range(n - 1, -1, -1)))
    assert not _boxes(messages), messages
    for k, (w, h) in enumerate(SIZES):
        window.set_frame(k)
        assert window.frame_index == k
        assert window.view._shape == (h, w)
        assert window.sequences.raw.shape[:2] == (h, w)
        # the view is fitted to this frame: all of it in sight, not the other size's range
        (x0, x1), (y0, y1) = window.view.vb.viewRange()
        assert x0 <= 0 and x1 >= w and y0 <= 0 and y1 >= h and min(x1 - x0 - w, y1 - y0 - h) < 0.2 * max(w, h)
        assert f"{w}x{h}" in window.frame_label.text()
        if make is yolo_set and k != 2:  # the box in the frame's own pixels (it was in frame 0's)
            r = window.view.gt_item.rect()
            assert window.view.gt_item.isVisible()
            assert np.allclose([r.x(), r.y(), r.width(), r.height()], [0.45 * w, 0.45 * h, 0.1 * w, 0.1 * h])
    assert not _boxes(messages), messages
    window.grab().save(str(tmp_path / f"mixed_{make.__name__}.png"))
    if os.environ.get("WORKBENCH_SHOTS"):
        window.grab().save(str(Path(os.environ["WORKBENCH_SHOTS"]) / f"mixed_{make.__name__}.png"))


def test_a_tracker_over_frames_of_two_sizes_is_refused_up_front_once(qtbot, window, messages, tmp_path):
    root = yolo_set(tmp_path / "set")
    assert window.open_path(root)
    window.methods.set_checked(["fake"])
    assert not window.run_selected(None)
    shown = _boxes(messages)
    assert len(shown) == 1, messages
    text = shown[0][2]
    assert str(root) in text and "64x48" in text and "40x40" in text and "Traceback" not in text
    assert not window.busy and not window.runner.running
    # from a frame where the rest is of one size it runs
    seq_sizes = window.sequence.frame_sizes()
    assert seq_sizes[5:] == [SIZES[5]]
    window.set_frame(5)
    window.sequences.start_from_here()
    assert window.run_selected(None)
    qtbot.waitUntil(lambda: not window.runner.running, timeout=20000)
    assert len(_boxes(messages)) == 1, messages


def _video_export_pads_frames_of_two_sizes_and_says_so(window, messages, tmp_path):
    """(The YOLO set of the drag check above open.)"""
    import cv2

    assert window.sequence.name == "set_yolo_set" and len(window.sequence) == len(SIZES)
    assert window.exporter.export_video(tmp_path / "v.mp4")
    assert window.exporter.wait(60)
    path = tmp_path / "v.mp4" if (tmp_path / "v.mp4").exists() else tmp_path / "v.avi"
    cap = cv2.VideoCapture(str(path))
    n = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    cap.release()
    assert n == len(SIZES)
    assert not _boxes(messages), messages
    status = window.statusBar().currentMessage()
    assert "Exported" in status and "padded" in status and "64x48" in status, status


def test_unreadable_frames_while_dragging_cost_one_message_box(qtbot, window, messages, tmp_path):
    root = plain_folder(tmp_path / "set", sizes=[SIZES[0]] * 8)
    for k in (3, 4, 5):
        (root / f"{k + 1:04d}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # damaged
    assert window.open_path(root)
    _drag(qtbot, window, range(8))
    _drag(qtbot, window, range(7, -1, -1))
    shown = _boxes(messages)
    assert len(shown) == 1, messages
    assert shown[0][1] == "Cannot read frame" and "0004.png" in shown[0][2]
    # the later ones are said on the status bar, each naming its file
    window.set_frame(2)
    window.set_frame(5)
    assert len(_boxes(messages)) == 1
    assert "0006.png" in window.statusBar().currentMessage()
    assert window.frame_index == 2  # the frame shown before stays
    # another sequence: its first unreadable frame is told in a box again
    other = plain_folder(tmp_path / "other", sizes=[SIZES[0]] * 3)
    (other / "0002.png").write_bytes(b"not a png")
    assert window.open_path(other)
    window.set_frame(1)
    assert len(_boxes(messages)) == 2 and "0002.png" in _boxes(messages)[-1][2]


@pytest.mark.skipif(not ANTI_UAV.is_dir(), reason="Anti-UAV data not present")
def test_anti_uav_frames_drag_without_message_boxes(qtbot, window, messages, tmp_path):
    assert window.open_path(ANTI_UAV)
    sizes = window.sequence.frame_sizes()
    odd = next(i for i, s in enumerate(sizes) if s != sizes[0])
    _drag(qtbot, window, range(odd - 5, odd + 25))
    assert not _boxes(messages), messages
    window.set_frame(odd)
    assert window.view._shape == (512, 512) and "512x512" in window.frame_label.text()
    if os.environ.get("WORKBENCH_SHOTS"):
        window.grab().save(str(Path(os.environ["WORKBENCH_SHOTS"]) / "anti_uav_odd.png"))


class _PointDetector:
    """Reports each frame's centre; ``span`` frames per window (2: the frame and the one before it)."""

    name = "centre"
    modalities = ("gray", "rgb", "ir16")

    def __init__(self, span):
        self.span = span

    def window(self, index, n):
        return [index] + ([max(index - 1, 0)] if self.span > 1 else [])

    def detect_frames(self, frames, index):
        from workbench.core.methods import DetectOutput

        h, w = frames[0].shape[:2]
        if self.span > 1:
            np.subtract(frames[0].astype(float), frames[1].astype(float))  # as a differential detector does
        return DetectOutput(np.array([[w / 2, h / 2]]), np.array([0.9]), np.array([[w / 2 - 2, h / 2 - 2, 4.0, 4.0]]),
                            np.array([0]), ("target", "interference"))


@pytest.fixture
def det_window(qtbot, messages):
    from workbench.core.registry import Plugin

    from .conftest import make_registry, shown_window

    reg = make_registry()
    reg.add(Plugin("centre1", "detector", lambda cfg, device: _PointDetector(1), title="Centre (one frame)"))
    reg.add(Plugin("centre2", "detector", lambda cfg, device: _PointDetector(2), title="Centre (two frames)"))
    yield from shown_window(qtbot, reg)


def test_detectors_over_frames_of_two_sizes(qtbot, det_window, messages, tmp_path):
    """A one-frame detector runs over the set, each frame's points in its own pixels (scored against the
    labels: all hits); one that reads neighbouring frames together is refused before its first frame in
    one message naming the folder, the frames and both sizes (numpy's broadcast error, before)."""
    w = det_window
    root = yolo_set(tmp_path / "set")
    assert w.open_path(root)
    assert w.detection.run("centre1")
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    r = w.detection.result
    assert r.status == "done" and len(r.outputs) == len(SIZES), (r.status, r.error)
    assert r.scores["fn"] == 0 and r.scores["tp"] == len(SIZES) - 1  # frame 3 has no target
    assert not _boxes(messages), messages
    assert w.detection.run("centre2")
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    shown = _boxes(messages)
    assert len(shown) == 1, messages
    text = shown[0][2]
    assert str(root) in text and "64x48" in text and "40x40" in text and "frame 4" in text
    assert "broadcast" not in text and "Traceback" not in text
