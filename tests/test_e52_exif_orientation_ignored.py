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


def _call(text: str, start: int) -> str:
    """The call opening at ``start`` (its name to its closing parenthesis), over as many lines as it takes."""
    depth = 0
    for k in range(text.index("(", start), len(text)):
        depth += {"(": 1, ")": -1}.get(text[k], 0)
        if depth == 0:
            return text[start:k + 1]
    return text[start:]


def test_every_image_decode_ignores_the_tag_alike():
    """Frames, images and masks agree only while every decode takes the same flag: OpenCV's colour / gray reads
    (its default) turn a tagged image, IMREAD_UNCHANGED does not. Every cv2 image read in the package and the
    plugins (imread, imdecode and their -multi kinds, whole calls however they wrap) passes IMREAD_UNCHANGED;
    Pillow opens images only for their headers: a ``with Image.open(..) as im`` that reads the size, the page
    count or the EXIF block, never the pixels."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [p for d in ("workbench", "plugins") for p in (root / d).rglob("*.py") if "tests" not in p.parts]
    calls, opens, pixels = [], [], []
    for p in files:
        text = p.read_text(encoding="utf-8")
        for m in re.finditer(r"cv2\.im(?:read|decode)\w*\(", text):
            calls.append((p.name, _call(text, m.start())))
        for m in re.finditer(r"Image\.open\(", text):
            opens.append(p.name)
            line_end = text.find("\n", m.start())
            head = re.match(r"[^\n]*\)\s+as\s+(\w+):", text[m.start():line_end + 1])
            if head is None:  # not a with-block: what it does with the image cannot be followed here
                pixels.append((p.name, text[m.start():line_end]))
                continue
            body = []
            for line in text[line_end + 1:].split("\n"):
                if line.strip() and len(line) - len(line.lstrip(" ")) <= _indent_of(text, m.start()):
                    break
                body.append(line)
            name = head.group(1)
            body = re.sub(rf"getattr\({name}, \"(\w+)\"", rf"{name}.\1", "\n".join(body))  # (getattr(im, "n_frames", 1))
            for use in re.finditer(rf"\b{name}\b(\.\w+)?", body):
                if use.group(1) not in (".size", ".n_frames", ".getexif"):
                    pixels.append((p.name, use.group(0)))
    names = {c.split("(")[0] for _n, c in calls}
    assert len(calls) >= 5 and {"cv2.imdecode", "cv2.imreadmulti", "cv2.imdecodemulti"} <= names  # (the scan finds them)
    assert all("IMREAD_UNCHANGED" in call for _name, call in calls), calls
    assert set(opens) == {"exif.py", "images.py", "image.py"}  # EXIF, sizes, a TIFF's page count
    assert pixels == []


def _indent_of(text: str, at: int) -> int:
    """The indent of the line holding ``at``."""
    line = text[text.rfind("\n", 0, at) + 1:at]
    return len(line) - len(line.lstrip(" "))
