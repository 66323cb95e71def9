"""LSOTB-TIR's training XML boxes are read as written (``x = xmin``, ``w = xmax - xmin``) and a tracker's boxes on
them are written back in the same numbers: whether the XML counts pixels from 0 or 1 is not published, so neither
is shifted, and its convention is not said to be 0-based."""
from __future__ import annotations

import numpy as np

from workbench.core.data import detect
from workbench.core.results import file_box_offset, read_result_boxes, write_boxes


def test_results_come_back_in_the_xmls_numbers(tmp_path):
    from workbench.core.data.images import write_image

    frames = tmp_path / "TrainingData" / "TIR_training_003" / "boat_002"
    ann = tmp_path / "Annotations" / "TIR_training_003" / "boat_002"
    frames.mkdir(parents=True)
    ann.mkdir(parents=True)
    for k in range(2):
        write_image(frames / f"{k + 1:08d}.jpg", np.full((50, 60), 40, np.uint8))
        (ann / f"{k + 1:08d}.xml").write_text(
            "<annotation><object><trackid>0</trackid><name>boat</name><bndbox><xmin>7</xmin><ymin>9</ymin>"
            f"<xmax>{20 + k}</xmax><ymax>18</ymax></bndbox></object></annotation>")
    seq = detect.open_sequence(frames)
    np.testing.assert_allclose(seq.groundtruth, [[7, 9, 13, 9], [7, 9, 14, 9]])
    assert file_box_offset(seq) == 0
    assert "0-based" not in seq.meta["box_convention"].split("(")[0]
    out = write_boxes(tmp_path / "boat_002.txt", seq.groundtruth, file_box_offset(seq))
    np.testing.assert_allclose(read_result_boxes(out), [[7, 9, 13, 9], [7, 9, 14, 9]])
