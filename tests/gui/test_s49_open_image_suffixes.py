"""The window's File > Open kept its own list of image suffixes, without .pgm / .ppm / .webp that the core's readers
take: a single .webp or .pgm image was handed to the video reader and refused. One list now, the core's."""
import cv2
import numpy as np
import pytest


@pytest.mark.parametrize("suffix", [".webp", ".pgm"])
def test_a_single_image_of_every_suffix_the_readers_take_opens(tmp_path, suffix):
    from workbench.gui.controllers.sequence import VIDEO_FILTER, read_path

    img = (np.arange(48 * 40) % 251).astype(np.uint8).reshape(40, 48)
    path = tmp_path / f"frame{suffix}"
    assert cv2.imwrite(str(path), img)
    kind, (seq, first, _rng) = read_path(path)
    assert kind == "sequence" and len(seq) == 1 and first.shape[:2] == (40, 48)
    assert f"*{suffix}" in VIDEO_FILTER.split(";;")[1]
