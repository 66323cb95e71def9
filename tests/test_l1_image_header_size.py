"""An image whose header declares more pixels than OpenCV decodes (L1 fuzz sweep): cv2.imdecode raises instead
of returning None, and `workbench run` printed that cv2.error's traceback and exited 1. It is one DataError
naming the file and what to do now."""
from __future__ import annotations

import struct
import zlib

import cv2
import numpy as np
import pytest

from workbench.core.data.images import read_image
from workbench.core.errors import DataError


def test_a_png_declaring_60000x60000_is_a_data_error(tmp_path):
    path = tmp_path / "0003.png"
    ok, buf = cv2.imencode(".png", np.zeros((8, 8), np.uint8))
    b = bytearray(buf.tobytes())
    b[16:24] = struct.pack(">II", 60000, 60000)  # IHDR width, height
    b[29:33] = struct.pack(">I", zlib.crc32(bytes(b[12:29])))  # the chunk's CRC, so the header is valid
    path.write_bytes(bytes(b))
    with pytest.raises(DataError, match="declares more pixels than OpenCV decodes") as e:
        read_image(path)
    assert e.value.path == path
