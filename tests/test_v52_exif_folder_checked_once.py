"""Every TIFF frame read ran Pillow's getexif on a whole copy of the file (1.8 ms on a 2.6 ms decode), and every
frame of a folder was checked again after its first: playback ~70 % slower. The first file read of a folder is now
checked (and said, where tagged), the rest not; a TIFF's tag is read from its first IFD, not by Pillow."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

PIL = pytest.importorskip("PIL.Image", reason="Pillow writes the tagged TIFF here")

from workbench.core.data import exif  # noqa: E402
from workbench.core.errors import DataWarning  # noqa: E402


def _tiff(path, orientation: int | None) -> None:
    a = np.arange(24 * 32, dtype=np.uint16).reshape(24, 32) * 50
    im = PIL.fromarray(a)
    info = {274: orientation} if orientation is not None else {}
    im.save(path, "TIFF", tiffinfo=info)


def _said(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in caught if issubclass(w.category, DataWarning) and "EXIF" in str(w.message)]


def test_a_folders_later_frames_are_not_checked_again(tmp_path, monkeypatch):
    from workbench.core.data.images import read_image

    for i in range(4):
        _tiff(tmp_path / f"{i:04d}.tif", None)
    calls = []
    real = exif.orientation
    monkeypatch.setattr(exif, "orientation", lambda data: calls.append(1) or real(data))
    frames = [read_image(tmp_path / f"{i:04d}.tif") for i in range(4)]
    assert all(f.shape == (24, 32) for f in frames)
    assert len(calls) == 1  # the first frame only, not one parse a frame


def test_a_tagged_tiff_is_still_said_and_read_without_pillow(tmp_path, monkeypatch):
    from workbench.core.data.images import read_image

    (tmp_path / "clip").mkdir()
    _tiff(tmp_path / "clip" / "0001.tif", 6)
    _tiff(tmp_path / "clip" / "0002.tif", 6)
    _tiff(tmp_path / "up.tif", 1)
    data = np.fromfile(tmp_path / "clip" / "0001.tif", np.uint8)

    def no_pillow(*_a, **_k):
        raise AssertionError("Pillow opened a TIFF for its tag")

    monkeypatch.setattr(PIL, "open", no_pillow)
    assert exif.orientation(data) == 6
    assert exif.orientation((tmp_path / "up.tif").read_bytes()) == 1
    said = _said(lambda: [read_image(tmp_path / "clip" / f"000{i}.tif") for i in (1, 2)])
    assert len(said) == 1 and said[0].startswith(str(tmp_path / "clip" / "0001.tif") + ": its EXIF orientation tag "
                                                 "(6: a photo viewer turns it 90° clockwise) is ignored")


def test_a_tiff_without_the_tag_or_cut_short_has_none(tmp_path):
    import cv2

    cv2.imwrite(str(tmp_path / "cv.tif"), np.zeros((16, 16), np.uint16))  # OpenCV's writer: no orientation tag
    data = (tmp_path / "cv.tif").read_bytes()
    assert exif.orientation(data) is None
    assert exif.orientation(data[:8]) is None  # the IFD offset points past the end
    assert exif.orientation(b"MM\x00*\x00\x00\x00\x08\x00\x01" + b"\x01\x12\x00\x03\x00\x00\x00\x01\x00\x03\x00\x00"
                            + b"\x00\x00\x00\x00") == 3  # a big-endian IFD: one entry, tag 274 = 3
