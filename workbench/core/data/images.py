"""Reading single images in their native dtype, with errors that name the file."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from workbench.core.errors import DataError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".pgm", ".ppm")


def is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith(".")


def list_images(folder: Path) -> list[Path]:
    """Image files of a folder in natural frame order (numeric part first, then name)."""
    files = [p for p in Path(folder).iterdir() if p.is_file() and is_image(p)]
    return sorted(files, key=natural_key)


def natural_key(path: Path):
    import re

    parts = re.split(r"(\d+)", path.stem)
    return [int(p) if p.isdigit() else p.lower() for p in parts] + [path.suffix.lower()]


def read_image(path: str | Path) -> np.ndarray:
    """An image as numpy: 2-D for gray (uint8 / uint16 kept), (H, W, 3) RGB for colour.

    Alpha is dropped; palette images come out as their RGB colours (OpenCV expands them).
    A 3-channel image whose channels are all equal stays 3-channel: callers decide.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(path, "image file is missing")
    data = np.fromfile(str(path), dtype=np.uint8)  # fromfile + imdecode copes with non-ASCII paths
    if data.size == 0:
        raise DataError(path, "image file is empty")
    img = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if img is None:
        raise DataError(path, "not a readable image (corrupt or unsupported format)")
    if img.ndim == 3:
        if img.shape[2] == 4:
            img = img[:, :, :3]
        if img.shape[2] == 3:
            img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        elif img.shape[2] == 1:
            img = img[:, :, 0]
    return img


def modality_of(img: np.ndarray) -> str:
    if img.ndim == 2:
        return "ir16" if img.dtype == np.uint16 else "gray"
    if img.ndim == 3 and img.shape[2] == 3:
        return "rgb"
    return "hsi"


def write_image(path: str | Path, img: np.ndarray) -> None:
    """Write PNG/JPEG atomically; accepts RGB (H, W, 3) or gray, uint8 or uint16."""
    import os
    import tempfile

    path = Path(path)
    out = img
    if img.ndim == 3 and img.shape[2] == 3:
        out = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    ok, buf = cv2.imencode(path.suffix or ".png", out)
    if not ok:
        raise DataError(path, "could not encode image")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(buf.tobytes())
    os.replace(tmp, path)
