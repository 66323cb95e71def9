"""A run over LSOTB-TIR's training XML recorded its boxes as "0-based, as the dataset's groundtruth file" in its
manifest, where the reader says the XML's base is not published (the boxes are written back unshifted): the manifest
says "unshifted" with the reader's words; a dataset whose reader says 0-based (or says nothing) keeps "0-based"."""
from __future__ import annotations

import json

import numpy as np

from workbench.core.boxes import Box
from workbench.core.data import detect
from workbench.core.results import MANIFEST, convention_text
from workbench.core.runs import run_tracker


class _Still:
    """Keeps its first box: enough for a run to save."""
    name = "still"

    def initialize(self, frame, box):
        self.box = box

    def track(self, frame):
        from workbench.core.methods import TrackOutput

        return TrackOutput(self.box, 1.0)


def _lsotb(tmp_path):
    from workbench.core.data.images import write_image

    frames = tmp_path / "TrainingData" / "TIR_training_003" / "boat_002"
    ann = tmp_path / "Annotations" / "TIR_training_003" / "boat_002"
    frames.mkdir(parents=True)
    ann.mkdir(parents=True)
    for k in range(3):
        write_image(frames / f"{k + 1:08d}.jpg", np.full((50, 60), 40, np.uint8))
        (ann / f"{k + 1:08d}.xml").write_text(
            "<annotation><object><trackid>0</trackid><name>boat</name><bndbox><xmin>7</xmin><ymin>9</ymin>"
            "<xmax>20</xmax><ymax>18</ymax></bndbox></object></annotation>")
    return detect.open_sequence(frames)


def test_lsotb_training_run_is_not_said_0_based(tmp_path):
    seq = _lsotb(tmp_path)
    res = run_tracker(_Still(), seq, Box(7, 9, 13, 9))
    path = res.save(tmp_path / "out")
    entry = json.loads((path.parent / MANIFEST).read_text())["sequences"][seq.name]
    assert entry["box_offset"] == 0
    said = entry["box_convention"]
    assert not said.startswith("0-based") and said.startswith("unshifted"), said
    assert "LSOTB-TIR training XML" in said, said


def test_known_conventions_kept():
    assert convention_text(1).startswith("1-based")
    assert convention_text(0, "0-based (VOT)").startswith("0-based")
    assert convention_text(0).startswith("0-based")  # a reader that says nothing: its boxes are read as 0-based
