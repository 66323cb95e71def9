"""LSOTB-TIR's training set as published (``TrainingData/<subset>/<video>/*.jpg`` beside ``Annotations/<subset>/<video>/
*.xml``, ImageNet-VID-style XML a frame), on a generated mimic. Before, the download's root held "no sequences"."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import detect
from workbench.core.errors import DataError


def _xml(objects, w=80, h=60):
    objs = "".join(f"<object><trackid>{t}</trackid><name>car</name><bndbox><xmax>{x1}</xmax><xmin>{x0}</xmin>"
                   f"<ymax>{y1}</ymax><ymin>{y0}</ymin></bndbox><occluded>0</occluded></object>"
                   for t, (x0, y0, x1, y1) in objects)
    return f"<annotation><size><width>{w}</width><height>{h}</height></size>{objs}</annotation>"


def _video(root, subset, name, boxes, skip_xml=()):
    from workbench.core.data.images import write_image

    frames = root / "TrainingData" / subset / name
    ann = root / "Annotations" / subset / name
    frames.mkdir(parents=True)
    ann.mkdir(parents=True)
    for k, objs in enumerate(boxes):
        write_image(frames / f"{k + 1:08d}.jpg", np.full((60, 80), 30 + k, np.uint8))
        if k not in skip_xml:
            (ann / f"{k + 1:08d}.xml").write_text(_xml(objs))
    return frames


def test_download_root_lists_videos_with_their_boxes(tmp_path):
    root = tmp_path / "LSOTB-TIR_TrainingData"
    _video(root, "TIR_training_001", "car_001", [[(0, (10, 20, 24, 30))], [(0, (12, 20, 26, 31))], []])
    _video(root, "TIR_training_002", "bird_003", [[(0, (5, 5, 9, 8))]] * 2)
    entries = detect.open_dataset(root)
    assert [(e.name, e.layout) for e in entries] == [("bird_003", "lsotb"), ("car_001", "lsotb")]
    seq = detect.open_sequence(root / "TrainingData" / "TIR_training_001" / "car_001")
    np.testing.assert_allclose(seq.groundtruth[:2], [[10, 20, 14, 10], [12, 20, 14, 11]])
    assert np.isnan(seq.groundtruth[2]).all()  # a file without an object: no target
    assert seq.meta["subset"] == "TIR_training_001" and seq.meta["split"] == "train"
    assert seq.meta["warnings"] == []
    # one subset folder lists its own videos
    assert [e.name for e in detect.open_dataset(root / "TrainingData" / "TIR_training_002")] == ["bird_003"]


def test_missing_files_and_several_objects_are_said(tmp_path):
    root = tmp_path / "LSOTB"
    path = _video(root, "TIR_training_001", "crowd_001",
                  [[(1, (30, 30, 40, 40)), (0, (1, 2, 5, 9))], [(0, (1, 2, 5, 9))], [(0, (1, 2, 5, 9))]], skip_xml=(2,))
    seq = detect.open_sequence(path)
    np.testing.assert_allclose(seq.groundtruth[0], [1, 2, 4, 7])  # trackid 0, not the first listed
    assert np.isnan(seq.groundtruth[2]).all()
    said = " ".join(seq.meta["warnings"])
    assert "no annotation for 1 of 3 frames (first 00000003.jpg)" in said and "lowest trackid" in said


def test_a_broken_xml_names_the_file(tmp_path):
    root = tmp_path / "LSOTB"
    path = _video(root, "TIR_training_001", "dog_001", [[(0, (1, 2, 5, 9))]] * 2)
    bad = root / "Annotations" / "TIR_training_001" / "dog_001" / "00000002.xml"
    bad.write_text("<annotation><object>")
    with pytest.raises(DataError) as err:
        detect.open_sequence(path)
    assert str(bad) in str(err.value)
