"""Found in the L3 pass: a sequence opened with nothing segmented or detected, the Targets dock said "No
segmentation yet: select a segmenter in Methods and run it." also with the detector selected over DAUB
frames, whose detections are what the dock lists there. It names both kinds now."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo


def test_targets_dock_before_any_run_names_segmenters_and_detectors(window, tmp_path):
    w = window
    assert w.open_path(write_demo(tmp_path, frames=3, width=40, height=32, name="tiny"))
    text = w.targets.summary.text()
    assert "segmenter" in text and "detector" in text, text
