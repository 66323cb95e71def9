"""A folder of WebP frames (OpenCV decodes them) was refused as 'no images, video or known dataset layout found'
although it holds nothing but images; it opens as a sequence."""
import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")


def test_webp_frames_open_as_a_sequence(tmp_path):
    from workbench.core.data.detect import open_sequence

    img = tmp_path / "img"
    img.mkdir()
    for i in range(3):
        frame = np.zeros((24, 32, 3), np.uint8)
        frame[5:9, 10 + i:14 + i] = (0, 0, 255)  # red in BGR
        if not cv2.imwrite(str(img / f"{i + 1:04d}.webp"), frame, [cv2.IMWRITE_WEBP_QUALITY, 101]):
            pytest.skip("this OpenCV writes no WebP")
    (tmp_path / "groundtruth.txt").write_text("10,5,4,4\n11,5,4,4\n12,5,4,4\n")
    seq = open_sequence(tmp_path)
    assert len(seq) == 3 and seq.modality == "rgb"
    f = seq.frame(2)
    assert f.shape == (24, 32, 3) and tuple(f[6, 13]) == (255, 0, 0)  # RGB, lossless
