"""Raw thermal frames are mostly 12- or 14-bit in uint16: their hot pixels sit at the sensor's top (4095 / 16383),
not at 65535. ``preprocess.stuck_pixels`` takes a frame whose maximum is 2^k - 1 (k = 12, 14, 16), held only by
groups of at most ``STUCK_CLUSTER`` pixels, as stuck there too; a real target below that top, a saturated target
larger than the cluster, and a frame whose maximum is no sensor's top are left as they were."""
import numpy as np
import pytest

from workbench.baselines.classic_irst import make_tophat
from workbench.core.data.sirst import scale_unit
from workbench.core.preprocess import stuck_pixels, without_stuck_pixels


def _frame(bits, seed=0, shape=(64, 80), level=3000, noise=20.0):
    rng = np.random.default_rng(seed)
    img = np.clip(rng.normal(level * (2 ** bits - 1) / 16383, noise, shape), 1, 2 ** bits - 2).astype(np.uint16)
    img[29:32, 39:42] += 400  # a 3 x 3 target centred at (y 30, x 40)
    return img


def _hot(img, top, seed=1, hot=20):
    """``img`` with ``hot`` lone pixels and a pair at ``top`` in rows 0-19 (away from the target) and 3 dead at 0."""
    rng = np.random.default_rng(seed)
    out = img.copy()
    for _ in range(hot):
        out[int(rng.integers(0, 20)), int(rng.integers(0, 78))] = top
    out[5, 60:62] = top  # a stuck pair
    out[50, 5] = out[60, 70] = out[55, 20] = 0
    return out


def _found(img, y=30, x=40):
    out = make_tophat(None).predict(img)
    return any(abs(t.centroid[0] - x) <= 2 and abs(t.centroid[1] - y) <= 2 for t in out.targets)


@pytest.mark.parametrize("bits", [14, 12])
def test_hot_pixels_at_a_sensors_top_set_no_level(bits):
    top = 2 ** bits - 1
    clean = _frame(bits)
    img = _hot(clean, top)
    mask = stuck_pixels(img)
    assert mask is not None and np.array_equal(mask, (img == top) | (img == 0))
    fixed = without_stuck_pixels(img)
    assert fixed.dtype == np.uint16 and int(fixed.max()) == int(clean.max()) and int(fixed.min()) > 0
    assert np.array_equal(fixed[25:36, 35:46], clean[25:36, 35:46])
    assert scale_unit(img)[30, 40] > 0.8  # was 0.035 at 14 bit: the hot pixels were the stretch's top
    assert _found(img), f"tophat: the target under hot pixels at {top} not found"


def test_14_bit_guarantees_kept():
    clean = _frame(14, seed=4)
    assert stuck_pixels(clean) is None and without_stuck_pixels(clean) is clean  # max 3000-ish: no sensor's top
    sat = clean.copy()
    sat[10:12, 10:12] = 16383  # a saturated 2 x 2 target: four together at the top is no stuck pixel
    assert stuck_pixels(sat) is None and without_stuck_pixels(sat) is sat
    point = _hot(clean, 16383, seed=5)
    point[45, 60] = 12000  # a real 1-px target, bright, below the sensor's top: never touched
    fixed = without_stuck_pixels(point)
    assert fixed[45, 60] == 12000 and scale_unit(point)[45, 60] == 1.0
    # a lone pixel that is the frame's maximum but no sensor's top (16382) is a target, not a stuck pixel
    near_top = clean.copy()
    near_top[45, 60] = 16382
    assert stuck_pixels(near_top) is None
    # 8-bit frames are never changed, whatever their top
    im8 = np.full((20, 20), 40, np.uint8)
    im8[3, 3] = 255
    assert stuck_pixels(im8) is None
