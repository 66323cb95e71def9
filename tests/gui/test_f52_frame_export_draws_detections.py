"""Found exporting a figure of a detection run (F, session 52): File > Export > Current frame with overlays drew the
trackers' boxes and the groundtruth only: a detector's points and boxes, and a segmenter's mask and target boxes,
shown on the frame, were not in the PNG. The export draws them as the viewer shows them, named in the legend."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.gui import style

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def _near(img: np.ndarray, color: str, tol: int = 40) -> np.ndarray:
    c = np.array([int(color[k:k + 2], 16) for k in (1, 3, 5)])
    return np.abs(img.astype(int) - c).sum(axis=2) < tol


def test_the_frame_export_draws_the_detections_shown(qtbot, method_window, tmp_path):
    import cv2

    from workbench.core.methods import DetectOutput
    from workbench.core.results import RunInfo, update_manifest, write_detections

    w = method_window
    path = save_irseq(make_sequence(seed=3, frames=4, width=64, height=48), tmp_path / "irdata" / "synth_a")
    folder = RunInfo("pacedet", kind="detector", variant="default", dataset="irdata").folder(
        tmp_path / "workspace" / "results")
    out = DetectOutput(np.array([[40.0, 30.0]]), np.array([0.9]), boxes=np.array([[37.0, 27.0, 6.0, 6.0]]))
    write_detections(folder / "synth_a.csv", [(i, out) for i in range(4)])
    update_manifest(folder, {"method": "pacedet", "kind": "detector", "variant": "default"}, "synth_a",
                    {"frames": 4, "start_frame": 0, "frames_done": 4, "completed": True, "finished": "t"})
    assert w.open_path(path)
    qtbot.waitUntil(lambda: w.detections is not None, timeout=10000)
    w.set_frame(1)
    w.refresh_overlays()
    png = w.export_frame(tmp_path / "frame.png")
    img = cv2.cvtColor(cv2.imread(str(png)), cv2.COLOR_BGR2RGB)
    k = img.shape[1] // 64  # small frames are drawn larger
    assert k > 1
    around = _near(img, style.DETECT_COLOR)[(30 - 8) * k:(30 + 8) * k, (40 - 8) * k:(40 + 8) * k]
    assert around.sum() > 10 * k  # its point and box, where the viewer draws them
    assert not _near(img, style.DETECT_COLOR)[: 20 * k, 50 * k:].any()  # and nowhere else but the legend


def test_a_mask_and_its_targets_are_drawn_under_the_boxes():
    from workbench.gui.frame_export import Marks, compose

    frame = np.full((48, 64, 3), 60, np.uint8)
    mask = np.zeros((48, 64), np.uint8)
    mask[10:14, 20:24] = 1
    img = compose(frame, {}, None, None, 0.5, marks=Marks(mask, 1.0, ((20.0, 10.0, 4.0, 4.0),),
                                                           legend=(("seg", style.TARGET_COLOR),)), scale=4)
    assert _near(img, style.MASK_COLOR, 10)[11 * 4:13 * 4, 21 * 4:23 * 4].all()  # the target's pixels tinted
    assert _near(img, style.TARGET_COLOR)[9 * 4:9 * 4 + 4, 20 * 4:24 * 4].any()  # its box one pixel outside
    assert not _near(img, style.MASK_COLOR, 10)[30 * 4:, :].any()
