"""A single image file as a one-frame sequence (a SIRST image, a snapshot), groundtruth from a
``<stem>.txt`` box file beside it when present.

A multi-page TIFF (a thermal camera's recording saved as one 16-bit stack) is a sequence of its pages,
one frame each, read page by page; its ``<stem>.txt`` then holds one box per page."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.core.data.groundtruth import read_boxes, with_box_warnings
from workbench.core.data.images import is_image, modality_of
from workbench.core.data.sequence import ImageFiles, Sequence
from workbench.core.errors import DataError

NAME = "image"


def probe(path: Path) -> bool:
    return Path(path).is_file() and is_image(Path(path))


def tiff_pages(path: Path) -> int:
    """How many pages a TIFF file holds (1 for any other file, or when the count cannot be read)."""
    if Path(path).suffix.lower() not in (".tif", ".tiff"):
        return 1
    import cv2

    from workbench.core.data.images import _complaint, decoder_messages

    with decoder_messages() as said:
        try:
            n = int(cv2.imcount(str(path), cv2.IMREAD_UNCHANGED))
        except cv2.error:
            n = 0
    if n > 0 and said:  # a truncated stack: libtiff stops at the damaged directory, its pages after it were lost
        raise DataError(path, f"image data is damaged ({_complaint(said)}); the pages after the damage cannot be "
                              "counted")
    if n == 0 and not str(path).isascii():
        # OpenCV on Windows opens no non-ASCII path by name (0, as an unreadable file): a stack under a Chinese
        # folder was read as its first page alone, without a word. Pillow walks its pages' directories
        try:
            from PIL import Image

            with Image.open(path) as im:
                n = int(getattr(im, "n_frames", 1))
        except Exception:  # noqa: BLE001 - no Pillow, or a file it cannot read: one image, as before
            n = 1
    return max(1, n)


class TiffPages:
    """The pages of a multi-page TIFF as frames (native dtype, RGB order), decoded a block of pages at a
    time. OpenCV reaches page i by reading the i directories before it (0.1 ms each): decoded one page a
    call, page 3000 of a stack took 0.33 s and a run over all its pages minutes; blocks of ``BLOCK_BYTES``
    (at most ``BLOCK_PAGES`` pages, aligned so that stepping back stays in the block) pay that once a block."""

    BLOCK_BYTES = 64 << 20
    BLOCK_PAGES = 256

    def __init__(self, path: Path, n: int):
        import threading

        self.path = Path(path)
        self._n = n
        self._per_block = 1  # until a page's size is known
        self._block: tuple[int, list] = (0, [])
        self._lock = threading.Lock()
        self._finite = None  # a FiniteFrames, made at the first float page (NaN / inf pixels repaired, said)

    def __len__(self) -> int:
        return self._n

    def _decode(self, start: int, count: int) -> list[np.ndarray]:
        import cv2

        try:
            ok, pages = cv2.imreadmulti(str(self.path), start=start, count=count, flags=cv2.IMREAD_UNCHANGED)
        except cv2.error:
            ok, pages = False, []
        if not ok and not str(self.path).isascii():  # (Windows: no non-ASCII path by name, see tiff_pages)
            try:  # mapped, not read: only the pages decoded are read from the disk
                buf = np.memmap(self.path, dtype=np.uint8, mode="r")
                ok, pages = cv2.imdecodemulti(buf, cv2.IMREAD_UNCHANGED, range=[start, start + count])
                del buf  # (an open map keeps the file from being moved or removed on Windows)
            except (cv2.error, OSError, ValueError):
                ok, pages = False, []
        out = []
        for img in (pages if ok else []):
            if img.ndim == 3:
                img = img[:, :, 0] if img.shape[2] == 1 else cv2.cvtColor(img[:, :, :3], cv2.COLOR_BGR2RGB)
            out.append(img)
        return out

    def page(self, i: int) -> np.ndarray | None:
        """Page ``i`` alone (no block decoded, none kept), or None when it cannot be read."""
        got = self._decode(i, 1)
        return got[0] if got else None

    def read(self, i: int) -> np.ndarray:
        if not 0 <= i < self._n:
            raise IndexError(f"page {i} out of range ({self._n} pages)")
        with self._lock:
            start, pages = self._block
            if not start <= i < start + len(pages):
                start = i // self._per_block * self._per_block
                pages = self._decode(start, min(self._per_block, self._n - start))
                self._block = (start, pages)
                if pages and self._per_block == 1:
                    self._per_block = max(1, min(self.BLOCK_PAGES, self.BLOCK_BYTES // max(1, pages[0].nbytes)))
            if i - start >= len(pages):
                raise DataError(self.path, f"page {i + 1} of its {self._n} pages cannot be read")
            img = pages[i - start].copy()  # the block stays as decoded whatever the caller does with it
        from workbench.core.data.finite import finite_frame

        return finite_frame(self, img, i, self.path)


def open(path: Path) -> Sequence:  # noqa: A001 - the layout protocol's verb
    path = Path(path)
    pages = tiff_pages(path)
    src = ImageFiles([path]) if pages == 1 else TiffPages(path, pages)
    first = src.read(0)  # reads (and validates) the file now: a corrupt image fails on opening
    note = None
    second = src.page(1) if pages > 1 else None  # one page, not a block: a listing opens every stack
    if second is not None and second.shape != first.shape:
        # pages of other sizes after the first: a still image's reduced-resolution copies (GeoTIFF overviews,
        # a thumbnail), not a recording; as frames the second stopped a run ('frame 1 is 40x32 but ...')
        note = (f"{path}: {pages - 1} more TIFF page(s) of another size (overviews / thumbnail?) not read: "
                f"one image")
        src, pages = ImageFiles([path]), 1
    box_file = path.with_suffix(".txt")
    gt = read_boxes(box_file, expect_rows=pages) if box_file.is_file() else None
    meta = with_box_warnings({"layout": NAME, "groundtruth_file": str(box_file) if gt is not None else None},
                             gt, box_file, first.shape[1], first.shape[0])
    if pages > 1:
        meta["tiff_pages"] = pages
    mosaic = _hot_mosaic_said(path, first)
    for line in (note, mosaic):
        if line:
            meta["warnings"] = list(meta.get("warnings") or []) + [line]
    return Sequence(name=path.stem, frames=src, modality=modality_of(first), groundtruth=gt, path=path, meta=meta)


def _hot_mosaic_said(path: Path, first) -> str | None:
    """The warning for one frame of a HOT video's mosaic folder (``HSI/0001.png``) opened by itself: it was shown as
    a gray 16-bit image of the raw filter mosaic, checkered, with no word of the cube it is; None for any other."""
    from workbench.core.data import hot

    if path.suffix.lower() != ".png" or np.ndim(first) != 2 or not hot._hinted(path.parent):
        return None
    try:
        frames = hot.frame_folder(path.parent)
    except OSError:
        return None
    if frames != path.parent:
        return None
    kind = hot.mosaic_kind(frames)
    n = hot.MOSAIC[kind]
    bands = n * n - (kind == "rednir")  # (RedNIR's empty filter position dropped)
    video = frames.parent if frames.name.lower() in hot.MOSAIC_FOLDERS else frames
    return (f"{path}: one raw {n}x{n} mosaic frame of the HOT video {video.name!r}, shown as one gray image; open "
            f"{video} for its hyperspectral cubes ({bands}-band, {first.shape[1] // n}x{first.shape[0] // n})")
