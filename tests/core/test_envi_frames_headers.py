"""A folder of ENVI frames: every later frame's header is held to frame 1's, not only its size. A frame of
another data type was read as its own (a float32 frame among int16 ones mid-run); other wavelengths were
dropped without a word (frame 1's used)."""
from __future__ import annotations

import re

import numpy as np
import pytest

from workbench.core.data import cube
from workbench.core.errors import DataError


def _frames(t: int = 3) -> list[np.ndarray]:
    y, x, b = np.mgrid[0:6, 0:7, 0:4]
    return [(100 + 20 * y + 3 * x + 7 * b + 10 * k).astype(np.int16) for k in range(t)]


def _folder(tmp_path, wavelengths=(450.0, 550.0, 650.0, 750.0)):
    from workbench.core.data.hsi_convert import write_envi_frames

    folder = write_envi_frames(tmp_path / "seq", _frames(), wavelengths=np.asarray(wavelengths))
    return folder, sorted(folder.glob("*.hdr"))


def test_a_frame_of_another_data_type_is_refused_naming_it(tmp_path):
    folder, hdrs = _folder(tmp_path)
    img = hdrs[2].with_suffix(".img")
    img.write_bytes(np.fromfile(img, dtype="<i2").astype("<f4").tobytes())
    hdrs[2].write_text(re.sub(r"data type = \d+", "data type = 4", hdrs[2].read_text()))
    with pytest.raises(DataError, match=r"frame is float32 \(data type = 4\) but frame0001.hdr is int16") as e:
        cube.open(folder)
    assert e.value.path == hdrs[2]


def test_other_wavelengths_in_a_later_frame_are_said(tmp_path):
    folder, hdrs = _folder(tmp_path)
    hdrs[1].write_text(hdrs[1].read_text().replace("450", "460"))
    s = cube.open(folder)
    np.testing.assert_allclose(s.meta["wavelengths"], [450, 550, 650, 750])  # frame 1's, as before
    said = [w for w in s.meta.get("warnings") or [] if "other wavelengths" in w]
    assert len(said) == 1 and "(frame0002.hdr) list other wavelengths than frame0001.hdr" in said[0], said


def test_frames_that_agree_open_without_a_word(tmp_path):
    folder, _ = _folder(tmp_path)
    s = cube.open(folder)
    assert len(s) == 3 and not s.meta.get("warnings")
    np.testing.assert_array_equal(s.frame(2), _frames()[2])
