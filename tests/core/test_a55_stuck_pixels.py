"""Stuck (hot / dead) pixels of raw 16-bit frames set no level: ``preprocess.without_stuck_pixels`` before the
stretches of the IR small-target methods (``sirst.scale_unit``: LW-IRSTNet's input and the segment pictures; the
classic segmenters' ``to_gray_unit``). 8-bit input and 16-bit frames without stuck pixels give what they gave."""
import numpy as np

from workbench.baselines.classic_irst import make_mpcm, make_tophat, to_gray_unit
from workbench.core.data.sirst import HOT_PIXELS, scale_unit
from workbench.core.preprocess import percentile_levels, stretch_unit, stuck_pixels, without_stuck_pixels


def _before_scale_unit(img):  # sirst.scale_unit as it was (the bit-identical reference)
    if img.dtype == np.uint8:
        return img.astype(np.float32) / 255.0
    f = img.astype(np.float32)
    lo = percentile_levels(f, 0.5, 99.5, step=1)[0]
    flat = f[np.isfinite(f)].ravel()
    k = min(HOT_PIXELS + 1, flat.size)
    hi = float(np.partition(flat, flat.size - k)[flat.size - k])
    if hi <= lo:
        lo, hi = float(np.nanmin(f)), float(np.nanmax(f))
    return stretch_unit(f, lo, hi, min_span=1e-6)


def _before_gray_unit(f):  # classic_irst.to_gray_unit as it was (gray, bright)
    f = f.astype(np.float32)
    lo, hi = float(f.min()), float(f.max())
    return (f - lo) / (hi - lo)


def _frame(seed=0, shape=(64, 80), level=3000, noise=20.0):
    rng = np.random.default_rng(seed)
    return np.clip(rng.normal(level, noise, shape), 1, 65534).astype(np.uint16)


def _with_stuck(img, seed=1, hot=20, dead=3, away=None):
    """``img`` with ``hot`` pixels at 65535, a stuck pair and ``dead`` at 0, none within 4 px of ``away``."""
    rng = np.random.default_rng(seed)
    out = img.copy()
    h, w = img.shape
    where = []
    while len(where) < hot + dead:
        y, x = int(rng.integers(0, h)), int(rng.integers(0, w - 1))
        if away is None or not away[max(0, y - 4):y + 5, max(0, x - 4):x + 6].any():
            where.append((y, x))
    for i, (y, x) in enumerate(where):
        out[y, x] = 65535 if i < hot else 0
    out[where[0][0], where[0][1] + 1] = 65535  # a stuck pair
    return out


def _near(shape, points):
    m = np.zeros(shape, bool)
    for y, x in points:
        m[y, x] = True
    return m


def _target(img, cy=30, cx=40, r=1, rise=400):
    out = img.copy()
    out[cy - r:cy + r + 1, cx - r:cx + r + 1] += np.uint16(rise)
    return out


def test_8_bit_and_clean_16_bit_give_what_they_gave():
    rng = np.random.default_rng(3)
    im8 = rng.integers(20, 200, (50, 60)).astype(np.uint8)
    im8[3, 3], im8[40, 7] = 255, 0  # lone extremes of an 8-bit image are its own (a target, a shadow): kept
    assert stuck_pixels(im8) is None and without_stuck_pixels(im8) is im8
    assert np.array_equal(scale_unit(im8), _before_scale_unit(im8))
    assert np.array_equal(to_gray_unit(im8), _before_gray_unit(im8))
    clean = _target(_frame())
    clean[10:12, 10:12] = 65535  # a saturated 2x2 target: four at the top, together, is no stuck pixel
    assert stuck_pixels(clean) is None and without_stuck_pixels(clean) is clean
    assert np.array_equal(scale_unit(clean), _before_scale_unit(clean))
    assert np.array_equal(to_gray_unit(clean), _before_gray_unit(clean))
    assert stuck_pixels(np.array([[0, 10]], np.uint16)) is None  # half a tiny image at 0 is its content


def test_stuck_pixels_set_no_level_and_the_target_is_found():
    clean = _target(_frame())
    img = _with_stuck(clean, away=_near(clean.shape, [(30, 40)]))
    fixed = without_stuck_pixels(img)
    assert fixed.dtype == img.dtype and img.max() == 65535 and img.min() == 0
    assert int(fixed.max()) == int(clean.max()) and fixed.min() > 2000  # each replaced by its neighbours' median
    assert np.array_equal(fixed[28:33, 38:43], clean[28:33, 38:43])
    f = scale_unit(img)
    assert f[30, 40] > 0.8 and float(np.median(f)) < 0.6  # was ~0: the stuck pixels were the stretch's top
    for seg in (make_tophat(None), make_mpcm(None)):
        out = seg.predict(img)
        near = [t for t in out.targets if abs(t.centroid[0] - 40) <= 2 and abs(t.centroid[1] - 30) <= 2]
        assert near, f"{seg.name}: the target under 23 stuck pixels not found"
        assert not out.mask[img == 65535].any() and not out.mask[img == 0].any()  # nor a stuck pixel called one


def test_a_real_one_pixel_target_below_the_top_survives():
    clean = _frame(seed=5)
    clean[20, 25] = 30000  # a real 1-px point target, bright, not at the dtype's top
    img = _with_stuck(clean, seed=6, away=_near(clean.shape, [(20, 25)]))
    fixed = without_stuck_pixels(img)
    assert fixed[20, 25] == 30000
    assert scale_unit(img)[20, 25] == 1.0
    out = make_tophat(None).predict(img)
    assert any(abs(t.centroid[0] - 25) <= 1 and abs(t.centroid[1] - 20) <= 1 for t in out.targets)


def test_colour_16_bit_each_channel():
    img = _with_stuck(_target(_frame(seed=8)), seed=9)
    rgb = np.dstack([img, img, img])
    assert np.array_equal(without_stuck_pixels(rgb), np.dstack([without_stuck_pixels(img)] * 3))


def test_a_real_sirst_image_in_16_bit_with_stuck_pixels():
    from tests.helpers import shared
    from workbench.core.data.sirst import open_sirst

    ds = open_sirst(shared("irst/sirst"), "trainval")
    i = ds.names.index("Misc_181")
    im8, mask = ds.image(i), ds.mask(i)
    g8 = im8 if im8.ndim == 2 else im8[:, :, :3].mean(axis=2)
    v = (g8.astype(np.float64) * 90 + 4000).astype(np.uint16)
    hot = _with_stuck(v, seed=11, hot=15, dead=3, away=mask)
    f = scale_unit(hot)
    assert float(f[mask].max()) > 0.9  # stretched as without the stuck pixels (was ~0.06)
    assert np.allclose(f[mask], scale_unit(v)[mask], atol=0.01)
    out = make_tophat(None).predict(hot)
    assert out.mask[mask].any(), "tophat: the SIRST target under stuck pixels not found"
