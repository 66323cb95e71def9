"""File › Export (QA walk, F2): the entries for segmentations, targets and detections were enabled with nothing
to export, on a tracking sequence too (the targets' asked for a file first and refused after: "Frame N has
no targets"); they are greyed with the reason in their tooltip. Exported masks were named by 0-based index
(000033.png for the frame the window calls 34; the frame export is 1-based): an image set's masks are named
as its images (Misc_34.png), a sequence's by the 1-based frame number."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def paced(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()), (1280, 720))


def test_result_exports_greyed_with_the_reason(qtbot, paced, tmp_path, messages, monkeypatch):
    w = paced
    assert w.open_path(save_irseq(make_sequence(seed=3, frames=6, width=64, height=48), tmp_path / "seq"))
    ex = w.exporter
    assert not ex.act_targets.isEnabled() and ex.act_targets.toolTip().startswith("Frame 1 has no targets")
    assert not ex.act_masks.isEnabled() and not ex.act_detections.isEnabled()
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    ex.export_dialog("targets")  # refused before a file is asked for
    assert not asked and messages[-1][1:] == ("Nothing to export", "Frame 1 has no targets: segment or detect it first.")
    w.methods.select("paceseg")
    assert w.run_selected()
    assert ex.act_targets.isEnabled() and ex.act_masks.isEnabled() and not ex.act_detections.isEnabled()
    w.set_frame(3)
    assert not ex.act_targets.isEnabled() and ex.act_targets.toolTip().startswith("Frame 4 has no targets")


def test_exported_masks_are_named_as_the_window_names_the_frames(tmp_path):
    import numpy as np

    from workbench.core.data.sequence import ArrayFrames, ImageFiles, Sequence
    from workbench.core.methods import SegOutput
    from workbench.gui.controllers.export import mask_names, write_segmentation
    from workbench.gui.controllers.sequence import CountedFrames
    from workbench.gui.runner import LockedFrames

    video = Sequence("v", ArrayFrames.from_array(np.zeros((40, 8, 8), np.uint8)))
    assert mask_names(video, [0, 33]) == {0: "000001", 33: "000034"}  # 1-based, as the frame export
    files = [tmp_path / f"Misc_{k}.png" for k in (1, 2, 34)]
    images = Sequence("sirst", CountedFrames(LockedFrames(ImageFiles(files))), uniform=False)
    names = mask_names(images, [2])
    assert names == {2: "Misc_34"}  # an image set: the image's own name
    mask = np.zeros((8, 8), bool)
    out = write_segmentation(tmp_path / "out", "sirst", {2: SegOutput(mask.astype(np.float32), mask, [])}, names)
    assert out[0] == tmp_path / "out" / "sirst" / "masks" / "Misc_34.png" and out[0].is_file()
