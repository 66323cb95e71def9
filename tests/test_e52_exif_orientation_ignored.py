"""Images are read in their stored pixel order (OpenCV's IMREAD_UNCHANGED ignores an EXIF orientation tag), the
order masks and groundtruth are drawn in: a phone's JPEG tagged 'turn 90°' is shown so, not turned, and its mask
and boxes still fit it. That went unsaid: a user whose photo viewer shows the frame turned saw it otherwise here
without a word. A file with a non-identity tag is now said once per folder (a sequence, a set's images)."""
from __future__ import annotations

import io
import warnings

import numpy as np
import pytest

PIL = pytest.importorskip("PIL.Image", reason="Pillow writes (and the reader reads) the EXIF block here")

from workbench.core.errors import DataWarning  # noqa: E402


def _jpeg(path, orientation: int, h: int = 40, w: int = 60) -> np.ndarray:
    """A (h, w) gray JPEG, a bright 10x10 block at its stored top left, tagged with ``orientation``."""
    a = np.full((h, w), 20, np.uint8)
    a[2:12, 3:13] = 250
    exif = PIL.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    PIL.fromarray(a).save(buf, "JPEG", quality=95, exif=exif.tobytes())
    path.write_bytes(buf.getvalue())
    return a


def _said(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn()
    return out, [str(w.message) for w in caught if issubclass(w.category, DataWarning) and "EXIF" in str(w.message)]


def test_a_tagged_sequence_is_read_as_stored_and_said_once(tmp_path):
    from workbench.core.data import open_sequence

    for name in ("clip", "other"):
        img = tmp_path / name / "img"
        img.mkdir(parents=True)
        for i in range(3):
            _jpeg(img / f"{i + 1:04d}.jpg", 6)
        (tmp_path / name / "groundtruth_rect.txt").write_text("4,3,10,10\n" * 3)
    (seq, frames), said = _said(lambda: (seq := open_sequence(tmp_path / "clip"),
                                         [seq.frames.read(i) for i in range(len(seq))]))
    assert all(f.shape[:2] == (40, 60) for f in frames)  # stored order, not turned to 60x40
    assert frames[0][5, 6] > 200  # the block where the groundtruth box says, at the stored top left
    assert len(said) == 1, said  # once for the sequence, not once a frame
    assert said[0].startswith(str(tmp_path / "clip" / "img" / "0001.jpg") + ": its EXIF orientation tag (6: ")
    assert said[0].endswith("turns it 90° clockwise) is ignored: read in stored pixel order, as masks and "
                            "groundtruth are drawn; not said again for this folder")
    _, again = _said(lambda: seq.frames.read(2))
    assert again == []
    _, said2 = _said(lambda: open_sequence(tmp_path / "other").frames.read(0))
    assert len(said2) == 1 and said2[0].startswith(str(tmp_path / "other"))  # another sequence is told of its own


def test_a_tagged_image_and_its_mask_agree(tmp_path):
    from workbench.core.data.images import write_image
    from workbench.core.data.sirst import open_sirst

    (tmp_path / "images").mkdir()
    (tmp_path / "masks").mkdir()
    stored = _jpeg(tmp_path / "images" / "phone_1.jpg", 8)
    mask = np.where(stored > 128, 255, 0).astype(np.uint8)  # drawn on the stored pixels, as the field's are
    write_image(tmp_path / "masks" / "phone_1_pixels0.png", mask)
    ds = open_sirst(tmp_path)
    (img, _x, m), said = _said(lambda: ds.sample(0))
    assert img.shape[:2] == m.shape == (40, 60)
    assert not ds.warnings  # no "mask differs from image; resized" (the image turned, its mask not)
    assert m[img > 128].all() and not m[img < 64].any()  # the target where the image shows it
    assert len(said) == 1 and "phone_1.jpg: its EXIF orientation tag (8: " in said[0]


def test_an_identity_tag_or_none_is_not_said(tmp_path):
    from workbench.core.data.exif import orientation
    from workbench.core.data.images import read_image, write_image

    _jpeg(tmp_path / "up.jpg", 1)
    write_image(tmp_path / "plain.png", np.zeros((8, 8), np.uint8))
    _, said = _said(lambda: (read_image(tmp_path / "up.jpg"), read_image(tmp_path / "plain.png")))
    assert said == []
    assert orientation((tmp_path / "up.jpg").read_bytes()) == 1
    assert orientation((tmp_path / "plain.png").read_bytes()) is None
    _jpeg(tmp_path / "turned.jpg", 3)
    assert orientation(np.fromfile(tmp_path / "turned.jpg", np.uint8)) == 3


def test_every_image_decode_ignores_the_tag_alike():
    """Frames, images and masks agree only while every decode takes the same flag: OpenCV's colour / gray reads
    (its default) turn a tagged image, IMREAD_UNCHANGED does not. Every cv2 image read in the package and the
    plugins passes IMREAD_UNCHANGED; Pillow opens images only for their headers (sizes, the tag)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [p for d in ("workbench", "plugins") for p in (root / d).rglob("*.py") if "tests" not in p.parts]
    calls, pillow = [], []
    for p in files:
        text = p.read_text(encoding="utf-8")
        for m in re.finditer(r"cv2\.(imread|imdecode|imreadmulti)\(", text):
            line = text[m.start():text.find("\n", m.start())]
            calls.append((p.name, line))
        if "Image.open(" in text:
            pillow.append(p.name)
    assert len(calls) >= 5  # (the scan finds them)
    assert all("IMREAD_UNCHANGED" in line for _name, line in calls), calls
    assert sorted(set(pillow)) == ["exif.py", "images.py"]
