"""The box-labelled IRST set (``evaluation.irst_boxes.BoxSet``) repairs a float image's NaN / inf pixels as the
other readers do, through the one ``data.finite.finite_frame`` (each reader had its own copy of it)."""
import numpy as np
import pytest
from PIL import Image

from workbench.core.errors import DataWarning


def test_a_box_set_of_float_images_with_nan_reads_finite_and_names_the_file(tmp_path):
    from workbench.core.evaluation.irst_boxes import BoxSet

    (tmp_path / "images").mkdir()
    (tmp_path / "labels").mkdir()
    for i in range(2):
        a = np.full((12, 16), 5.0 + i, np.float32)
        a[3, 4] = np.nan if i else 7.0
        Image.fromarray(a).save(tmp_path / "images" / f"im{i}.tif")
        (tmp_path / "labels" / f"im{i}.txt").write_text("0 0.5 0.5 0.25 0.25\n")
    ds = BoxSet(tmp_path)
    assert ds.image(0).dtype.kind == "f" and ds.image(0)[3, 4] == 7.0
    with pytest.warns(DataWarning, match=r"im1\.tif \(frame 1\): 1 of 192 values are NaN or infinite"):
        img = ds.image(1)
    assert np.isfinite(img).all() and img[3, 4] == 6.0
