"""The network's input layouts: crop sizes and crop -> array conversions that the tracker and the
back ends' int8 calibration (runtime.py) both use, kept apart so neither imports the other."""
from __future__ import annotations

import numpy as np

Z_SIZE = 127  # template crop side, pixels


def nchw(img: np.ndarray) -> np.ndarray:
    """(1, 3, H, W) float32 in 0..1 from an (H, W) grey or (H, W, 3) crop in 0..255."""
    if img.ndim == 2:
        return np.ascontiguousarray(np.broadcast_to((img * (1 / 255.0))[None, None], (1, 3, *img.shape)),
                                    dtype=np.float32)
    return np.ascontiguousarray(img.transpose(2, 0, 1)[None], dtype=np.float32) * np.float32(1 / 255.0)


def search_input(img: np.ndarray) -> np.ndarray:
    """The search branch's input: (1, 1, H, W) for a grey crop (the back ends' one-channel conv1,
    ``runtime.grey_input``), (1, 3, H, W) for a colour one; float32 in 0..1."""
    if img.ndim == 2:
        return (img * np.float32(1 / 255.0)).astype(np.float32, copy=False)[None, None]
    return nchw(img)
