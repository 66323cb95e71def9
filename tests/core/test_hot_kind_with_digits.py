"""The HOT mosaic kind is a folder-name word; a year or number stuck to it ('NIR2023', 'HSI-NIR2', 'rednir_v2')
still names it, as the path hint that makes the folder HOT takes it ('nir2023' was read as a 4x4 VIS
mosaic of a 5x5 camera: 16 scrambled bands)."""
import numpy as np
import pytest


@pytest.mark.parametrize("kind_dir, n", [("NIR2023", 5), ("HSI-NIR2", 5), ("VIS2022", 4), ("RedNIR1", 4)])
def test_kind_word_with_digits(tmp_path, kind_dir, n):
    import cv2

    from workbench.core.data import hot

    frames = tmp_path / kind_dir / "car" / "HSI"
    frames.mkdir(parents=True)
    cube = np.arange(6 * 8 * n * n, dtype=np.uint16).reshape(6, 8, n * n) * 7 + 100
    if kind_dir.startswith("RedNIR"):
        cube[..., -1] = 0  # RedNIR's empty filter position
    cv2.imwrite(str(frames / "0001.png"), hot.cube2x(cube))
    s = hot.open(tmp_path / kind_dir / "car")
    assert s.meta["mosaic"] == n
    np.testing.assert_array_equal(s.frame(0), cube[..., :-1] if kind_dir.startswith("RedNIR") else cube)
