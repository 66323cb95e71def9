"""A run folder whose ``manifest.json`` is a folder (it was skipped: the run was read as one without a manifest,
other boxes and no word) or not UTF-8 text (Python's codec message); and a YOLO box-labelled set of float images
with NaN pixels (not repaired there, unlike the SIRST reader): each said, naming the file."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import DataError
from workbench.core.results import read_manifest


def test_manifest_that_is_a_folder_or_not_utf8_is_refused_by_name(tmp_path, capsys):
    run = tmp_path / "res" / "data" / "kcf" / "default"
    run.mkdir(parents=True)
    (run / "manifest.json").mkdir()
    with pytest.raises(DataError, match="folder where the run's manifest"):
        read_manifest(run)
    seq = write_demo(tmp_path / "data", frames=6, width=64, height=48)
    (run / f"{seq.name}.txt").write_text("1,2,3,4\n" * 6)
    assert main(["eval", str(tmp_path / "res"), "--dataset", str(seq)]) == 2
    assert "manifest.json" in capsys.readouterr().err
    (run / "manifest.json").rmdir()
    (run / "manifest.json").write_bytes(b'{"sequences": {"\xff"}}')
    with pytest.raises(DataError, match="byte 17 is not UTF-8") as err:
        read_manifest(run)
    assert "codec" not in str(err.value) and "manifest.json" in str(err.value)


def test_float_box_labelled_images_with_nan_pixels_are_repaired_and_said(tmp_path, recwarn):
    from workbench.core.evaluation.irst_boxes import BoxSet

    (tmp_path / "images").mkdir()
    (tmp_path / "labels").mkdir()
    img = np.full((16, 16), 0.25, np.float32)
    img[3, 4] = np.nan
    cv2.imwrite(str(tmp_path / "images" / "a.tiff"), img)
    (tmp_path / "labels" / "a.txt").write_text("0 0.5 0.5 0.25 0.25\n")
    s = BoxSet(tmp_path)
    out = s.image(0)
    assert np.isfinite(out).all() and out[3, 4] == pytest.approx(0.25)
    assert any("a.tiff" in str(w.message) and "NaN" in str(w.message) for w in recwarn), [str(w.message) for w in recwarn]
