"""Float frames with NaN / inf pixels (L1 fuzz sweep): radiometric thermal TIFF exports mark dead or saturated
pixels so. A folder of them (and a multi-page TIFF) used to hand the NaN to the tracker, whose box then stayed
at the first one on every frame with only numpy's RuntimeWarnings; the readers repair such a frame as the cube
readers do (the frame minimum) and say so, naming the file."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from workbench.core.data import open_sequence
from workbench.core.errors import DataWarning


def _frame(i: int) -> np.ndarray:
    a = np.full((24, 32), 300.0, np.float32)
    a[8:14, 6 + 2 * i:12 + 2 * i] = 310.0
    a[0:3, 0:3] = np.nan
    a[20, 30] = np.inf
    return a


def test_a_folder_of_float_tiffs_with_nan_reads_finite_and_names_the_file(tmp_path):
    folder = tmp_path / "seq"
    folder.mkdir()
    for i in range(3):
        Image.fromarray(_frame(i)).save(folder / f"{i + 1:04d}.tif")
    seq = open_sequence(folder)
    with pytest.warns(DataWarning, match=r"0002\.tif \(frame 1\): 10 of 768 values are NaN or infinite"):
        f = seq.frame(1)
    assert f.dtype == np.float32 and np.isfinite(f).all() and f[0, 0] == 300.0


def test_a_float_tiff_stack_with_nan_reads_finite(tmp_path):
    pages = [Image.fromarray(_frame(i)) for i in range(3)]
    path = tmp_path / "stack.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:])
    seq = open_sequence(path)
    with pytest.warns(DataWarning, match="stack.tif, frame 2"):
        frames = [seq.frame(i) for i in range(3)]
    assert len(frames) == 3 and all(np.isfinite(f).all() for f in frames)


def test_a_sirst_set_of_float_images_with_nan_reads_finite(tmp_path):
    """``segment`` scored such a set 0 everywhere (the network's output NaN) with only a RuntimeWarning."""
    import cv2

    from workbench.core.data.sirst import open_sirst

    (tmp_path / "images").mkdir()
    (tmp_path / "masks").mkdir()
    for i in range(2):
        Image.fromarray(_frame(i)).save(tmp_path / "images" / f"im{i}.tif")
        cv2.imwrite(str(tmp_path / "masks" / f"im{i}_pixels0.png"), np.zeros((24, 32), np.uint8))
    ds = open_sirst(tmp_path)
    with pytest.warns(DataWarning, match=r"im1\.tif \(frame 1\)"):
        img = ds.image(1)
    assert np.isfinite(img).all()
