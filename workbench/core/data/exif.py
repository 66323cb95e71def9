"""The EXIF orientation tag of an image file, and the one warning the image reader gives for it.

Images are read in their stored pixel order: ``images.read_image`` decodes with OpenCV's ``IMREAD_UNCHANGED``,
which ignores the tag (OpenCV's imread documentation: "IMREAD_UNCHANGED ... Ignore EXIF orientation"; its
colour and gray reads turn the image). That is the order the field's masks and groundtruth are drawn in: the
SIRST / IRSTD loaders open images and masks with Pillow, which does not turn them either, masks are PNGs without
the tag, and tracking groundtruth is in the frames' pixels. A phone's JPEG with a tag is shown by a photo viewer
turned, by us as stored. The first file read of a folder (a sequence's frames, a set's images) is checked, and said
where it carries one; the folder's other files are not looked at again (a frame's check would otherwise cost as much
as its decode: Pillow parsed a whole copy of every TIFF)."""
from __future__ import annotations

import io
import threading

import numpy as np

# what a photo viewer does to the stored pixels for each non-identity value (TIFF / EXIF tag 0x0112)
TURNS = {
    2: "mirrors it left to right", 3: "turns it 180°", 4: "mirrors it top to bottom",
    5: "mirrors it along its main diagonal", 6: "turns it 90° clockwise", 7: "mirrors it along its other diagonal",
    8: "turns it 90° counter-clockwise",
}
_TAG = 0x0112
_HEAD = 1 << 16  # a JPEG's EXIF segment comes first; a PNG's eXIf chunk before its image data
_checked: set[str] = set()  # the folders whose first file read was checked (and said, where tagged)
_lock = threading.Lock()


def orientation(data: np.ndarray | bytes) -> int | None:
    """The EXIF orientation value (1-8) of the encoded image ``data``, None where it has none or it cannot be read
    (no Pillow, a header Pillow does not know). A TIFF's tag is read from its first IFD here, with no copy of the
    file; Pillow is asked only when the head holds an EXIF block: a plain PNG frame costs one walk of its chunks."""
    head = data[:_HEAD].tobytes() if isinstance(data, np.ndarray) else bytes(data[:_HEAD])
    if head[:4] in _TIFF:
        return _tiff_orientation(memoryview(data).cast("B"), "little" if head[:2] == b"II" else "big")
    if not _may_have_exif(head):
        return None
    try:
        from PIL import Image  # matplotlib's dependency

        with Image.open(io.BytesIO(bytes(data))) as im:
            value = im.getexif().get(_TAG)
    except Exception:  # noqa: BLE001 - no Pillow, or a header it cannot read: the decode says what is wrong
        return None
    return int(value) if isinstance(value, int) else None


_TIFF = (b"II*\x00", b"MM\x00*")


def _tiff_orientation(buf: memoryview, order: str) -> int | None:
    """Tag 0x0112 of a TIFF's first IFD (a SHORT), None where it has none or the IFD is cut short (the decode says
    what is wrong with the file)."""
    def number(at: int, size: int) -> int | None:
        return int.from_bytes(buf[at:at + size], order) if at + size <= len(buf) else None

    ifd = number(4, 4)
    count = number(ifd, 2) if ifd is not None else None
    if count is None:
        return None
    for k in range(count):
        entry = ifd + 2 + 12 * k
        tag = number(entry, 2)
        if tag is None or tag > _TAG:  # the entries are in ascending tag order
            return None
        if tag == _TAG:
            return number(entry + 8, 2) if number(entry + 2, 2) == 3 else None
    return None


def _may_have_exif(head: bytes) -> bool:
    """Whether the file whose first bytes are ``head`` has an EXIF block before its image data (a JPEG's APP1
    "Exif" segment, a PNG's eXIf chunk, a WebP's EXIF chunk) or is a TIFF: its segments walked, a few steps (a
    search of 64 KiB for "Exif" took 60 us a frame)."""
    if head[:2] == b"\xff\xd8":  # JPEG: marker segments up to the scan
        i = 2
        while i + 4 <= len(head) and head[i] == 0xFF:
            marker = head[i + 1]
            if marker == 0xFF:  # a fill byte
                i += 1
                continue
            if marker in (0xDA, 0xD9):  # start of scan, end of image
                return False
            if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
                i += 2
                continue
            if marker == 0xE1 and head[i + 4:i + 10] == b"Exif\x00\x00":
                return True
            i += 2 + int.from_bytes(head[i + 2:i + 4], "big")
        return False
    if head[:8] == b"\x89PNG\r\n\x1a\n":  # PNG: chunks up to the image data
        i = 8
        while i + 8 <= len(head):
            kind = head[i + 4:i + 8]
            if kind == b"eXIf":
                return True
            if kind in (b"IDAT", b"IEND"):
                return False
            i += 12 + int.from_bytes(head[i:i + 4], "big")
        return False
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        i = 12
        while i + 8 <= len(head):
            if head[i:i + 4] == b"EXIF":
                return True
            size = int.from_bytes(head[i + 4:i + 8], "little")
            i += 8 + size + (size & 1)
        return False
    return head[:4] in _TIFF  # TIFF: the tag is one of the file's own


def warn_orientation(path, data: np.ndarray | bytes) -> None:
    """Say (a data warning) that ``path``'s orientation tag is ignored where it is the first file read of its
    folder and has a non-identity one; the folder's later files are not checked."""
    from pathlib import Path

    folder = str(Path(path).absolute().parent)
    with _lock:
        if folder in _checked:
            return
        _checked.add(folder)
    value = orientation(data)
    if value not in TURNS:
        return
    from workbench.core.errors import warn_data

    warn_data(f"{_ignored(path, value)}; not said again for this folder", paths=(folder,))


def _ignored(path, value: int) -> str:
    return (f"{path}: its EXIF orientation tag ({value}: a photo viewer {TURNS[value]}) is ignored: read in stored "
            "pixel order, as masks and groundtruth are drawn")


def orientation_note(path) -> str | None:
    """What the window says of a sequence whose first frame file ``path`` carries a non-identity tag (the reader's
    notes, ``meta["warnings"]``: the window does not show Python's warnings), None otherwise."""
    import os

    try:
        with open(os.fspath(path), "rb") as f:
            head = f.read(_HEAD)
            value = orientation(head + f.read()) if _may_have_exif(head) else None
    except OSError:
        return None
    return _ignored(path, value) if value in TURNS else None
