"""Reading single images in their native dtype, with errors that name the file."""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path, PurePath

import cv2
import numpy as np

from workbench.core.atomic import atomic_write_bytes
from workbench.core.data.exif import warn_orientation
from workbench.core.data.frame_path_list import FramePaths
from workbench.core.data.stderr_capture import Fd2Capture, pass_on
from workbench.core.errors import DataError, one_line, warn_data
from workbench.core.jobs import steps

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".pgm", ".ppm", ".webp")


def is_image(path: Path) -> bool:
    return _is_image_name(path.name)


def _stem_suffix(name: str) -> tuple[str, str]:
    """``Path(name).stem`` and ``.suffix``, split from the string as pathlib splits them."""
    i = name.rfind(".")
    return (name[:i], name[i:]) if 0 < i < len(name) - 1 else (name, "")


def _is_image_name(name: str) -> bool:
    return _stem_suffix(name)[1].lower() in IMAGE_SUFFIXES and not name.startswith(".")


def _entry_is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:  # (as Path.is_file: a file that cannot be looked at is not listed)
        return False


def one_per_name(paths) -> tuple[list[Path] | FramePaths, list[str]]:
    """Each image name once, in the order of ``paths``: of ``Misc_53.png`` and ``Misc_53.jpg`` (a converted copy left in
    the folder) the file ``sirst.find_image`` picks for the name (the first suffix of ``IMAGE_SUFFIXES``), and a
    one-line warning naming the others (``[]`` when there are none): both were read, one image scored and trained
    on twice. Here, the lowest layer, so that every image-set reader (SIRST, masks, YOLO, sequences, a plain folder)
    and every tracking layout's frames folder (OTB, LaSOT, VOT, GOT-10k, UAV123, UAVDT, VisDrone, Anti-UAV)
    applies the one rule. ``paths`` given as ``FramePaths`` come back as ``FramePaths`` (no ``Path`` per file when
    every name is once: a 20,000-frame folder is listed on the GUI thread too)."""
    frames = paths if isinstance(paths, FramePaths) else FramePaths(paths)
    stems = [os.path.splitext(os.path.basename(s))[0] for s in frames._s]
    if len(set(stems)) == len(stems):
        return (paths if isinstance(paths, FramePaths) else list(frames)), []
    rank = {s: i for i, s in enumerate(IMAGE_SUFFIXES)}
    by_name: dict[str, list[Path]] = {}
    for p in frames:
        by_name.setdefault(p.stem, []).append(p)
    kept, twice = [], []
    for ps in by_name.values():
        ps.sort(key=lambda p: (rank.get(p.suffix.lower(), len(rank)), p.suffix != p.suffix.lower()))
        kept.append(ps[0])
        if len(ps) > 1:
            twice.append(ps)
    first = twice[0]
    said = [f"{first[0].parent}: {len(twice)} image name(s) with more than one file (first {first[0].stem}: "
            f"{', '.join(p.name for p in first)}); each read once, {first[0].name} for that one"]
    return (FramePaths(kept) if isinstance(paths, FramePaths) else kept), said


def list_frames(folder: Path) -> tuple[FramePaths, list[str]]:
    """A frames (or images) folder's image files in natural frame order, each name once: ``one_per_name`` of
    ``list_images``, (the frames, the one-line warning naming a name held in more than one file: ``[]`` when there is
    none). What every reader of such a folder lists it with (the tracking layouts' frames, image sets, sequences)."""
    return one_per_name(list_images(folder))


def list_images(folder: Path) -> FramePaths:
    """Image files of a folder in natural frame order (numeric part first, then name), as ``FramePaths``
    (a ``Path`` each when indexed or iterated).

    One directory read: the entries' types come with it (no stat per file) and the order is taken from the
    names; a LaSOT or long thermal sequence has 2,000-20,000 frames, and a pathlib object, a stat and a
    name parse per file were ~70 us a frame, a second and a half to open a 20,000-frame folder (and every
    sequence of a dataset root listed). The sort keys are strings and the files stay strings: a key of
    tuples in a list and a ``Path`` per file were 100,000 objects for 20,000 files, which the collector
    walked (on the GUI thread too) while the folder was listed."""
    with os.scandir(folder) as it:
        paths = [e.path for e in it if _is_image_name(e.name) and _entry_is_file(e)]
    paths.sort(key=_path_key)
    return FramePaths(paths)


def has_image(folder: Path) -> bool:
    """Whether the folder holds an image file: the listing stops at the first one (probes ask this of every
    candidate folder; ``list_images`` reads, sorts and wraps the whole folder)."""
    with os.scandir(folder) as it:
        return any(_is_image_name(e.name) and _entry_is_file(e) for e in it)


_DIGITS = re.compile(r"(\d+)")


def natural_key(path: Path) -> str:
    """A sort key of a file name (the last part of ``path``) in natural order: numeric parts by value,
    text parts without case, a name that ends where the other goes on with a number first."""
    return _name_key(path.name if isinstance(path, PurePath) else Path(path).name)


def subfolders(folder) -> list[Path]:
    """The folders in ``folder`` (hidden ones left out) in natural order of their names (``natural_key``: Seq2 before
    Seq10), in one directory read; [] where it cannot be read. The one listing of the sequence sets' readers."""
    try:
        with os.scandir(folder) as it:
            found = [Path(e.path) for e in it if not e.name.startswith(".") and e.is_dir()]
    except OSError:
        return []
    return sorted(found, key=natural_key)


def _path_key(path: str) -> str:
    return _name_key(os.path.basename(path))


def _name_key(name: str) -> str:
    # One string, compared as the list of tagged parts it stands for: each part tagged (\x01: text, \x02:
    # number), text closed by \x00 (no file name holds it), a number as its digit count (3 digits) and its
    # digits without leading zeros, so text sorts before a number where one name ends and the other goes on
    # ('Girl' against 'Girl2': OTB-100's Girl / Girl2, Bolt / Bolt2, once a TypeError that took down every
    # reader of the folder) and numbers by value. isdecimal, not isdigit: the characters \d matches
    stem, suffix = _stem_suffix(name)
    out = []
    for p in _DIGITS.split(stem) + [suffix]:
        if p.isdecimal():
            d = str(int(p))
            out.append(f"\x02{len(d):03d}{d}")
        else:
            out.append(f"\x01{p.lower()}\x00")
    return "".join(out)


def read_image(path: str | Path) -> np.ndarray:
    """An image as numpy: 2-D for gray (uint8 / uint16 kept), (H, W, 3) RGB for colour.

    Alpha is dropped; palette images come out as their RGB colours (OpenCV expands them).
    A 3-channel image whose channels are all equal stays 3-channel: callers decide.
    Pixels in their stored order: an EXIF orientation tag (a phone's JPEG) is ignored, as masks and groundtruth
    are drawn on the stored pixels; frames, images and masks are all read here, so they agree. The first file
    read of each folder is checked for a non-identity tag, which is said (``exif``).
    """
    path = Path(path)
    if not path.exists():
        raise DataError(path, "image file is missing")
    try:
        data = np.fromfile(str(path), dtype=np.uint8)  # fromfile + imdecode copes with non-ASCII paths
    except OSError as exc:  # no permission, a folder of the name: was the system's PermissionError out of a reader
        raise DataError(path, f"image file cannot be read: {exc.strerror or exc}") from None
    if data.size == 0:
        raise DataError(path, "image file is empty")
    warn_orientation(path, data)
    with decoder_messages() as said:
        try:
            img = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
        except cv2.error as exc:
            # OpenCV asserts instead of returning None for a header that declares more pixels than it
            # decodes (CV_IO_MAX_IMAGE_PIXELS, 2^30): a damaged header, or a truly huge image
            if "MAX_IMAGE_PIXELS" in str(exc):
                raise DataError(path, "not readable: its header declares more pixels than OpenCV decodes (2^30): "
                                      "a damaged header, or set OPENCV_IO_MAX_IMAGE_PIXELS to allow it") from None
            raise DataError(path, f"not a readable image (the decoder failed: {one_line(str(exc), 120)})") from None
    complaint = _complaint(said)
    if img is None:
        raise DataError(path, "not a readable image (corrupt or unsupported format)"
                              + (f": {complaint}" if complaint else ""))
    if complaint:
        if _harmless(complaint, data.size):
            warn_data(f"{path}: decoded with a warning: {complaint}")
        else:
            # libjpeg hands back an image for a damaged stream, grey or scrambled below the damage:
            # tracking on it would be silently wrong
            raise DataError(path, f"image data is damaged ({complaint})")
    if img.ndim == 3:
        if img.shape[2] == 4:
            img = img[:, :, :3]
        if img.shape[2] == 3:
            img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        elif img.shape[2] == 1:
            img = img[:, :, 0]
    return img


# Decoder lines that are noise (metadata quirks of intact images): swallowed, never shown.
_NOISE = ("iCCP:", "sRGB:", "cHRM:", "gAMA:", "known incorrect sRGB profile", "TIFFReadDirectory",
          "Unknown field with tag", "TIFFFetchNormalTag", "ASCII value for tag", "incorrect count for field")
_DAMAGE_WORDS = ("corrupt", "premature end", "invalid", "bad huffman", "error", "warning", "unexpected",
                 "truncated", "crc", "bogus", "suspension", "not a jpeg", "damaged")

# "[ERROR:0@0.023] global grfmt_png.cpp:296 readHeader IHDR chunk shall be first. ...": group 1 the codec
_CV_LOG = re.compile(r"^\[\s*(?:ERROR|WARN|INFO)[^\]]*\]\s*(?:global\s+)?grfmt_(\w+)\.cpp(?::\d+)?\s+(?:\w+\s+)?")



@contextmanager
def decoder_messages():
    """Collect what C decoders (libjpeg, libpng, libtiff) print on the process's stderr meanwhile.

    They write straight to file descriptor 2, with no file name, before any message of ours; the
    descriptor is pointed at a scratch file for the decode (``stderr_capture``, shared with the video
    reader) and the text handed back as a list of lines. Lines that are no decoder's (another thread
    writing meanwhile) go back to stderr. Where descriptor 2 cannot be redirected the decode runs as it is.
    """
    said: list[str] = []
    cap = Fd2Capture()
    try:
        with cap:
            yield said
    finally:
        other = []
        for raw in cap.written():
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            cv = _CV_LOG.match(line)
            if cv:  # OpenCV's own codec log line: its message, without the log prefix and source line
                line = f"{cv.group(1).upper()} decoder: {line[cv.end():].strip()}"
            low = line.lower()
            if not line.strip():
                continue
            if any(w in line for w in _NOISE):
                continue
            if cv or any(w in low for w in _DAMAGE_WORDS) or low.startswith(("libpng", "libjpeg", "jpeg")):
                said.append(line.strip())
            else:
                other.append(raw)
        pass_on(other)


def _complaint(said: list[str]) -> str:
    """The decoder's lines as one phrase (repeats once)."""
    seen: list[str] = []
    for line in said:
        if line not in seen:
            seen.append(line)
    return "; ".join(seen[:2]) + (f" (and {len(seen) - 2} more)" if len(seen) > 2 else "")


def _harmless(complaint: str, size: int) -> bool:
    """Only libjpeg's 'N extraneous bytes before marker', and only for a few bytes: some cameras pad
    their files so, with every pixel intact; a scrambled stream ends the same way with hundreds."""
    import re

    parts = [c for c in complaint.split("; ") if c]
    for c in parts:
        m = re.search(r"(\d+) extraneous bytes before marker", c)
        if m is None or int(m.group(1)) > max(64, size // 100):
            return False
    return bool(parts)


def image_size(path: str | Path) -> tuple[int, int] | None:
    """(width, height) of an image file from its header alone (Pillow opens lazily: a few hundred bytes,
    ~30 us a file against a millisecond and more to decode it), or None where the header does not say
    (damaged, unknown format, no Pillow): the frame's read then says what is wrong with it. Sizes as
    ``read_image`` decodes them (OpenCV's unchanged read ignores EXIF orientation, as this does)."""
    try:
        from PIL import Image  # matplotlib's dependency

        with Image.open(path) as im:
            w, h = im.size
    except Exception:  # noqa: BLE001 - no Pillow, or a header it cannot read: unknown
        return None
    return (int(w), int(h)) if w > 0 and h > 0 else None


def image_sizes(paths) -> list[tuple[int, int] | None]:
    """``image_size`` of each file, in order; on a job's worker (``jobs.reporting``: the window opening a
    folder of images) with its progress per file and its Cancel."""
    return [image_size(p) for p in steps(paths, "reading image headers")]


def describe_sizes(sizes, most: int = 3) -> str:
    """``640x512 (285 frames), 512x512 (57 frames)``: the sizes of a set of frames, commonest first
    (unknown ones left out), the ``most`` commonest named and the rest counted."""
    from collections import Counter

    common = Counter(s for s in sizes if s is not None).most_common()
    shown = common if len(common) <= most + 1 else common[:most]
    text = ", ".join(f"{w}x{h} ({n} frame{'s' if n != 1 else ''})" for (w, h), n in shown)
    rest = common[len(shown):]
    if rest:
        text += f" and {len(rest)} other sizes ({sum(n for _s, n in rest)} frames)"
    return text


def modality_of(img: np.ndarray) -> str:
    if img.ndim == 2:
        return "ir16" if img.dtype == np.uint16 else "gray"
    if img.ndim == 3 and img.shape[2] == 3:
        return "rgb"
    return "hsi"


def write_image(path: str | Path, img: np.ndarray) -> None:
    """Write PNG/JPEG atomically (``atomic.atomic_write_bytes``: the user's permissions, no temporary file left,
    a full disk named); accepts RGB (H, W, 3) or gray, uint8 or uint16."""
    path = Path(path)
    out = img
    if img.ndim == 3 and img.shape[2] == 3:
        out = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    ok, buf = cv2.imencode(path.suffix or ".png", out)
    if not ok:
        raise DataError(path, "could not encode image")
    atomic_write_bytes(path, buf.tobytes())
