"""SIRST-style reader: generated folders with every quirk, and the real SIRST v1 when present."""
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from workbench.core.data.sirst import open_sirst, read_split, to_input
from workbench.core.errors import DataError

SIRST = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "irst" / "sirst"


def _make(root: Path) -> Path:
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    (root / "splits").mkdir()
    rng = np.random.default_rng(0)
    g = rng.integers(0, 255, (24, 32), dtype=np.uint8)
    cv2.imwrite(str(root / "images" / "gray.png"), g)
    cv2.imwrite(str(root / "images" / "rgb.png"), np.dstack([g, g, g]))
    cv2.imwrite(str(root / "images" / "rgba.png"), np.dstack([g, g, g, np.full_like(g, 255)]))
    Image.fromarray(g, "L").convert("P").save(root / "images" / "pal.png")
    cv2.imwrite(str(root / "images" / "ir16.png"), (g.astype(np.uint16) * 200 + 1000))
    m = np.zeros((24, 32), np.uint8)
    m[10:12, 5:7] = 255
    for n in ("gray", "rgb", "rgba", "ir16"):
        cv2.imwrite(str(root / "masks" / f"{n}_pixels0.png"), m)
    cv2.imwrite(str(root / "masks" / "pal.png"), cv2.resize(m, (64, 48), interpolation=cv2.INTER_NEAREST))  # wrong size
    cv2.imwrite(str(root / "images" / "nomask.png"), g)
    (root / "splits" / "train.txt").write_text("gray.png\nrgb\nrgba\npal\nir16\nnomask\nmissing\n")
    return root


def test_generated_layout_and_quirks(tmp_path):
    ds = open_sirst(_make(tmp_path / "s"), "train.txt")
    assert ds.names == ["gray", "rgb", "rgba", "pal", "ir16"]
    assert any("nomask" in w and "skipped" in w for w in ds.warnings)
    assert any("missing" in w and "no image" in w for w in ds.warnings)
    for i in range(len(ds)):
        img, x, m = ds.sample(i)
        assert x.shape == (3, 24, 32) and x.dtype == np.float32
        assert m.shape == (24, 32) and m.dtype == bool and m.sum() == 4
    assert any("pal_pixels0" in w or "pal.png" in w for w in ds.warnings)
    assert any("resized with nearest neighbour" in w for w in ds.warnings)
    # gray, RGB, RGBA and palette storage of the same picture give the same network input
    x0 = ds.sample(0)[1]
    for i in (1, 2, 3):
        np.testing.assert_allclose(ds.sample(i)[1], x0, atol=1e-6)
    assert ds.image(4).dtype == np.uint16


def test_to_input_inversion_and_channels():
    g = np.array([[0, 255]], np.uint8)
    a = to_input(g)
    b = to_input(255 - g, invert=True)
    np.testing.assert_allclose(a, b, atol=1e-6)
    assert to_input(g, channels=1).shape == (1, 1, 2)
    ir = np.array([[1000, 3000], [2000, 60000]], np.uint16)
    x = to_input(ir)
    assert np.isfinite(x).all() and x.shape == (3, 2, 2)


def test_errors_name_the_path(tmp_path):
    with pytest.raises(DataError, match="no images/"):
        open_sirst(tmp_path)
    root = _make(tmp_path / "s")
    with pytest.raises(DataError, match="not found"):
        open_sirst(root, "nosuch.txt")
    assert read_split(root / "splits" / "train.txt")[:2] == ["gray", "rgb"]


def test_split_lines_that_name_no_possible_file_are_skipped_with_a_warning(tmp_path):
    """A damaged split file (a 400-character line, a NUL byte) is not a traceback (found by the long fuzz
    sweep, seed 20261205: ``OSError: File name too long`` from the image lookup)."""
    for sub in ("images", "masks", "splits"):
        (tmp_path / sub).mkdir()
    cv2.imwrite(str(tmp_path / "images" / "a.png"), np.zeros((8, 8), np.uint8))
    cv2.imwrite(str(tmp_path / "masks" / "a.png"), np.zeros((8, 8), np.uint8))
    (tmp_path / "splits" / "train.txt").write_text("a\n" + "9" * 400 + "\nb\x00c\n")
    ds = open_sirst(tmp_path, "train.txt")
    assert [it.name for it in ds.items] == ["a"]
    assert len(ds.warnings) == 2 and all("no image" in w for w in ds.warnings)


def test_binary_split_file_is_not_a_text_file(tmp_path):
    """It used to read as replacement characters and end in "no image with a mask found"."""
    root = _make(tmp_path / "s")
    (root / "splits" / "val.txt").write_bytes(bytes(range(256)))
    with pytest.raises(DataError, match="not a text file") as e:
        open_sirst(root, "val")
    assert e.value.path == root / "splits" / "val.txt"


def test_real_sirst_splits():
    if not (SIRST / "images").is_dir():
        pytest.skip(f"real SIRST not present at {SIRST}")
    tr = open_sirst(SIRST, "train.txt")
    va = open_sirst(SIRST, "val.txt")
    assert len(tr) == 256 and len(va) == 85
    assert not set(tr.names) & set(va.names)
    for i in (0, len(va) - 1):
        img, x, m = va.sample(i)
        assert x.shape[1:] == img.shape[:2] == m.shape and m.any()


def test_16_bit_stretch_keeps_the_brightest_pixels_a_small_target_is_made_of():
    """Small targets are an image's brightest pixels: a 16-bit frame is stretched up to its 4th-brightest
    pixel, not clipped at a percentile (which flattened the 9 pixels of this target, more than 0.5 % of
    the image), and a few stuck pixels do not squeeze the rest of the frame to black."""
    from workbench.core.data.sirst import scale_unit

    rng = np.random.default_rng(0)
    img = rng.normal(1000, 10, (32, 32))
    img[14:17, 14:17] = 1200 + 40 * np.arange(9).reshape(3, 3)  # a graded 3x3 target, peak 1520
    img[2, 3] = img[30, 28] = 65535  # two stuck pixels
    f = scale_unit(np.clip(img, 0, 65535).astype(np.uint16))
    target = f[14:17, 14:17]
    # its profile survives: its 4 brightest at 1.0 (the stuck pixels are replaced by their neighbours' median
    # first, preprocess.without_stuck_pixels, so they do not take 2 of the 3 pixels the stretch lets go)
    assert len(np.unique(np.round(target, 4))) >= 6
    assert target.min() > 0.4 and float(np.median(f)) < 0.2  # the stuck pixels set no level
    assert f.max() <= 1.0 and f.min() >= 0.0
    flat = scale_unit(np.full((8, 8), 700, np.uint16))
    assert np.all(np.isfinite(flat))
