"""preprocess.py against the copies it replaced: each ``_old_*`` below is the code as it stood in its
caller before the move (pairs, sirst, opencv_peers, spectral_color, the NAS-TIR / HA-Net crops), and
the new functions must give bit-identical arrays on generated frames of every dtype and on a real one."""
import cv2
import numpy as np
import pytest

from workbench.core import preprocess as pp
from workbench.core import spectral_color
from workbench.core.data.sirst import scale_unit


def _frames():
    rng = np.random.default_rng(7)
    g16 = (rng.normal(3000, 400, (96, 130))).clip(0, 65535).astype(np.uint16)
    f32 = rng.normal(0.3, 2.0, (70, 90)).astype(np.float32)
    nanf = f32.copy()
    nanf[3:9, 4:20] = np.nan
    return {
        "u8": rng.integers(0, 256, (60, 80), dtype=np.uint8),
        "u16": g16,
        "flat16": np.full((40, 50), 1234, np.uint16),
        "f32": f32,
        "unit": rng.random((50, 40)).astype(np.float32),
        "rgb8": rng.integers(0, 256, (60, 80, 3), dtype=np.uint8),
        "rgba8": rng.integers(0, 256, (60, 80, 4), dtype=np.uint8),
        "rgb16": rng.integers(0, 4096, (60, 80, 3)).astype(np.uint16),
        "cube": rng.random((40, 50, 16)).astype(np.float32) * 900,
        "nancube": np.where(rng.random((40, 50, 16)) < 0.01, np.nan, rng.random((40, 50, 16))).astype(np.float32),
        "one_band": rng.integers(0, 60000, (30, 40, 1)).astype(np.uint16),
    }


FRAMES = _frames()


def _same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape and a.dtype == b.dtype
    assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f")


# --- the old copies --------------------------------------------------------------------------------

def _old_frame_to_float(frame, lo_pct=0.5, hi_pct=99.5, region=None):  # training/pairs.py
    f = np.asarray(frame)
    if f.ndim == 3 and f.shape[2] > 4:
        k = f.shape[2]
        bands = [k // 6, k // 2, (5 * k) // 6]
    elif f.ndim == 3 and f.shape[2] == 4:
        bands = [0, 1, 2]
    else:
        bands = None

    def pick(a):
        return a if bands is None else a[:, :, bands]

    part = pick(f if region is None else f[region[1]:region[3], region[0]:region[2]])
    if part.dtype == np.uint8:
        out = part.astype(np.float32)
    else:
        sub = pick(f[::4, ::4]).astype(np.float32)
        lo, hi = np.percentile(sub, [lo_pct, hi_pct])
        out = (part.astype(np.float32) - lo) * (255.0 / max(float(hi - lo), 1e-6))
        np.clip(out, 0, 255, out=out)
    if out.ndim == 3 and out.shape[2] == 1:
        out = out[:, :, 0]
    return np.ascontiguousarray(out, dtype=np.float32)


def _old_scale_unit(img):  # data/sirst.py
    if img.dtype == np.uint8:
        return img.astype(np.float32) / 255.0
    if img.dtype == np.bool_:
        return img.astype(np.float32)
    f = img.astype(np.float32)
    if img.dtype == np.uint16 or not (0.0 <= float(np.nanmin(f)) and float(np.nanmax(f)) <= 1.0):
        lo, hi = np.percentile(f, (0.5, 99.5))
        if hi <= lo:
            lo, hi = float(f.min()), float(f.max())
        f = (f - lo) / max(hi - lo, 1e-6)
    return np.clip(f, 0.0, 1.0)


def _old_stretch8(gray, low, high):  # baselines/opencv_peers.py
    lo, hi = np.percentile(gray[::4, ::4], (low, high))
    if not hi > lo:
        hi = lo + 1.0
    scale = 255.0 / (hi - lo)
    return cv2.convertScaleAbs(gray.astype(np.float32), alpha=scale, beta=-lo * scale)


def _old_to_bgr8(frame, low=1.0, high=99.0):
    if frame.ndim == 3:
        img = frame if frame.dtype == np.uint8 else _old_stretch8(cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY), low, high)
        if img.ndim == 3:
            return cv2.cvtColor(img, cv2.COLOR_RGB2BGR if img.shape[2] == 3 else cv2.COLOR_RGBA2BGR)
        return cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    img = frame if frame.dtype == np.uint8 else _old_stretch8(frame, low, high)
    return cv2.cvtColor(np.ascontiguousarray(img), cv2.COLOR_GRAY2BGR)


def _old_percentile_levels(img, low=0.5, high=99.5, per_band=True):  # spectral_color.py
    a = np.asarray(img)
    step = max(1, int(np.sqrt(a.shape[0] * a.shape[1] / 65536)))
    sub = a[::step, ::step].astype(np.float32)
    if sub.ndim == 2:
        sub = sub[:, :, None]
    flat = sub.reshape(-1, sub.shape[-1])
    if per_band:
        lo, hi = np.nanpercentile(flat, [low, high], axis=0)
    else:
        lo, hi = (np.full(flat.shape[1], v) for v in np.nanpercentile(flat, [low, high]))
    hi = np.where(hi <= lo, lo + 1.0, hi)
    return lo.astype(np.float32), hi.astype(np.float32)


def _old_stretch(img, low=0.5, high=99.5, per_band=True, levels=None):
    a = np.asarray(img, dtype=np.float32)
    lo, hi = levels if levels is not None else _old_percentile_levels(a, low, high, per_band)
    if a.ndim == 2:
        lo, hi = np.ravel(lo)[0], np.ravel(hi)[0]
    return np.clip((a - lo) / (hi - lo), 0.0, 1.0)


def _old_frame_scale(frame):  # hanet crops.py
    sub = np.asarray(frame)[::4, ::4].astype(np.float32)
    v = float(np.percentile(sub, 99)) if sub.size else 1.0
    return v if v > 0 else 1.0


def _old_to_gray_float(frame):  # nas_tir data.py
    f = np.asarray(frame)
    if f.ndim == 3:
        if f.shape[2] == 1:
            f = f[:, :, 0]
        else:
            f = cv2.cvtColor(f[:, :, :3].astype(np.float32), cv2.COLOR_RGB2GRAY)
    return f.astype(np.float32)


def _old_pair_crop(image, cx, cy, side, out, fill=None):  # training/pairs.py
    k = out / side
    m = np.array([[k, 0, (out - 1) / 2.0 - cx * k], [0, k, (out - 1) / 2.0 - cy * k]], dtype=np.float64)
    if fill is None:
        fill = image.reshape(-1, image.shape[-1]).mean(0) if image.ndim == 3 else float(image.mean())
    border = tuple(float(v) for v in np.atleast_1d(fill))
    return cv2.warpAffine(image, m, (out, out), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border)


def _old_crop_square(img, cx, cy, side, out):  # nas_tir data.py
    s = out / max(side, 1e-3)
    m = np.array([[s, 0, out / 2 - s * cx], [0, s, out / 2 - s * cy]], dtype=np.float32)
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR
    return cv2.warpAffine(img, m, (out, out), flags=interp, borderMode=cv2.BORDER_REPLICATE)


def _old_hanet_crop(frame, cx, cy, side, out):  # hanet crops.py
    s = out / side
    m = np.float32([[s, 0, out / 2 - cx * s], [0, s, out / 2 - cy * s]])
    f = frame if frame.ndim == 3 else frame[:, :, None]
    c = cv2.warpAffine(f, m, (out, out), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    if c.ndim == 2:
        c = c[:, :, None]
    return c.astype(np.float32, copy=False)


# --- the checks ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(FRAMES))
def test_frame_to_float_and_rgb_match_the_pair_sampler(name):
    f = FRAMES[name]
    _same(pp.frame_to_float(f), _old_frame_to_float(f))
    _same(pp.frame_to_float(f, 2.0, 97.0), _old_frame_to_float(f, 2.0, 97.0))
    _same(pp.frame_to_float(f, region=(3, 5, 25, 30)), _old_frame_to_float(f, region=(3, 5, 25, 30)))
    old = _old_frame_to_float(f)
    _same(pp.frame_to_rgb(f), np.ascontiguousarray(np.repeat(old[:, :, None], 3, 2) if old.ndim == 2 else old))


@pytest.mark.parametrize("name", ["u8", "unit", "rgb8", "rgba8"])
def test_scale_unit_matches_the_sirst_copy(name):
    # 16-bit and out-of-range float images are stretched up to their 4th-brightest pixel since 2026-12-05, not
    # to the 99.5th percentile (a deliberate change, tests/core/test_sirst.py); 8-bit and unit floats as before
    f = FRAMES[name]
    _same(scale_unit(f), _old_scale_unit(f))


@pytest.mark.parametrize("name", ["u8", "u16", "flat16", "rgb8", "rgba8", "rgb16"])
def test_to_bgr8_matches_the_opencv_copy(name):
    from workbench.baselines.opencv_peers import to_bgr8

    f = FRAMES[name]
    for lo, hi in ((1.0, 99.0), (5.0, 90.0)):
        _same(to_bgr8(f, lo, hi), _old_to_bgr8(f, lo, hi))
    old = _old_to_bgr8(f)
    _same(pp.to_rgb_uint8(f), np.ascontiguousarray(old[:, :, ::-1]))


@pytest.mark.parametrize("name", ["u16", "flat16", "f32", "rgb16", "cube", "nancube", "one_band"])
@pytest.mark.parametrize("per_band", [True, False])
def test_spectral_levels_and_stretch_match(name, per_band):
    f = FRAMES[name]
    for a, b in zip(spectral_color.percentile_levels(f, 1.0, 98.0, per_band), _old_percentile_levels(f, 1.0, 98.0, per_band)):
        _same(a, b)
    _same(spectral_color.stretch(f, 1.0, 98.0, per_band), _old_stretch(f, 1.0, 98.0, per_band))


def test_spectral_auto_step_on_a_large_frame():
    f = np.random.default_rng(1).integers(0, 60000, (700, 900)).astype(np.uint16)  # step 3
    for a, b in zip(spectral_color.percentile_levels(f), _old_percentile_levels(f)):
        _same(a, b)


@pytest.mark.parametrize("name", ["u8", "u16", "f32", "rgb16", "cube", "one_band"])
def test_frame_scale_and_gray_match_the_plugin_copies(name):
    from workbench_hanet.crops import frame_scale

    f = FRAMES[name]
    assert frame_scale(f) == _old_frame_scale(f)
    _same(pp.to_gray_float32(f if f.ndim == 2 or f.shape[2] in (1, 3, 4) else f[:, :, :3]),
          _old_to_gray_float(f if f.ndim == 2 or f.shape[2] in (1, 3, 4) else f[:, :, :3]))


GEOM = [(40.3, 30.7, 55.2, 127), (3.0, 80.0, 20.0, 64), (-10.0, 5.5, 300.0, 47), (64.9, 47.1, 0.6, 31)]


@pytest.mark.parametrize("cx,cy,side,out", GEOM)
def test_crops_match_the_three_copies(cx, cy, side, out):
    from workbench_hanet.crops import crop as hanet_crop
    from workbench_nas_tir.data import crop_square

    for name in ("u16", "f32", "rgb8", "cube"):
        f = FRAMES[name]
        img = _old_frame_to_float(f)
        _same(pp.crop(img, cx, cy, side, out), _old_pair_crop(img, cx, cy, side, out))
        _same(pp.crop(img, cx, cy, side, out, 17.0), _old_pair_crop(img, cx, cy, side, out, 17.0))
        g = _old_to_gray_float(img) if img.ndim == 3 else img
        _same(crop_square(g, cx, cy, side, out), _old_crop_square(g, cx, cy, side, out))
        c = f.astype(np.float32)
        _same(hanet_crop(c, cx, cy, side, out), _old_hanet_crop(c, cx, cy, side, out))
    # the square crop of a tiny side clamps it instead of dividing by zero
    _same(crop_square(FRAMES["f32"], 10.0, 10.0, 0.0, 8), _old_crop_square(FRAMES["f32"], 10.0, 10.0, 0.0, 8))


def test_rectangular_crop_and_bad_options():
    f = FRAMES["f32"]
    r = pp.crop(f, 40.0, 30.0, (60.0, 30.0), (32, 16), fill=pp.REPLICATE)
    assert r.shape == (16, 32)
    # a square given as a pair is the square
    _same(pp.crop(f, 40.0, 30.0, (20.0, 20.0), (16, 16)), pp.crop(f, 40.0, 30.0, 20.0, 16))
    with pytest.raises(ValueError):
        pp.crop(f, 1, 1, 4, 4, grid="centre")
    with pytest.raises(ValueError):
        pp.crop(f, 1, 1, 4, 4, fill="wrap")


def test_on_a_real_frame():
    from tests.helpers import shared
    from workbench.core.data import open_sequence

    seq = open_sequence(shared("tracking/vottir2016_crowd"))
    f = seq.frame(0)
    for g in (f, (f.astype(np.uint16) * 200 + 37)):
        _same(pp.frame_to_float(g), _old_frame_to_float(g))
        if g.dtype == np.uint8:  # 16-bit: stretched to its 4th-brightest pixel since 2026-12-05 (test_sirst.py)
            _same(scale_unit(g), _old_scale_unit(g))
        _same(pp.crop(_old_frame_to_float(g), 100.2, 80.9, 77.0, 127), _old_pair_crop(_old_frame_to_float(g), 100.2, 80.9, 77.0, 127))
        gg = _old_to_gray_float(g)
        from workbench_nas_tir.data import crop_square
        _same(crop_square(gg, 100.2, 80.9, 177.0, 95), _old_crop_square(gg, 100.2, 80.9, 177.0, 95))
        if g.ndim == 2 or g.shape[2] in (3, 4):
            from workbench.baselines.opencv_peers import to_bgr8
            _same(to_bgr8(g), _old_to_bgr8(g))



def test_crop_of_a_cube_with_more_bands_than_opencv_takes():
    """A cube of more bands than OpenCV's warpAffine wraps (128 in OpenCV 5) is cropped in groups of
    bands, each band as a 16-band cube's crop gives it: HA-Net on the 198-band Jasper Ridge cube
    raised cv2.error ('invalid count (198, must be in [1, 128])')."""
    from workbench_hanet.crops import crop as hanet_crop

    rng = np.random.default_rng(3)
    cube = (rng.random((30, 40, 198)) * 1000).astype(np.float32)
    for cx, cy, side, out in [(20.3, 10.7, 25.0, 17), (-5.0, 28.0, 40.0, 16)]:
        for grid in ("edge", "pixel"):
            got = pp.crop(cube, cx, cy, side, out, fill=pp.REPLICATE, grid=grid)
            want = np.concatenate([pp.crop(np.ascontiguousarray(cube[:, :, b:b + 18]), cx, cy, side, out,
                                           fill=pp.REPLICATE, grid=grid) for b in range(0, 198, 18)], axis=2)
            _same(got, want)
        got = hanet_crop(cube, cx, cy, side, out)
        assert got.shape == (out, out, 198) and np.isfinite(got).all()


def test_constant_fill_reaches_every_band():
    """A constant border fills every band of a cube: OpenCV's border value holds 4 numbers, so a 16-band
    cube's crop left bands 1-3, 5-7, ... at 0 with a scalar fill and refused a per-band one ("longer than
    4"). Inside the frame nothing changes; images of up to 4 channels keep OpenCV's own behaviour."""
    from workbench.core import preprocess as pp

    rng = np.random.default_rng(0)
    cube = rng.uniform(10, 20, (30, 40, 16)).astype(np.float32)
    per_band = np.arange(16, dtype=np.float32) + 100
    for fill, want in ((7.0, np.full(16, 7.0)), (per_band, per_band), (None, cube.reshape(-1, 16).mean(0))):
        c = pp.crop(cube, 5.0, 5.0, 24, 24, fill=fill)  # the window's top-left leaves the frame
        np.testing.assert_allclose(c[0, 0], want, rtol=1e-5)
        ref = np.stack([pp.crop(np.ascontiguousarray(cube[:, :, [b, b, b]]), 5.0, 5.0, 24, 24,
                                fill=float(want[b]))[:, :, 0] for b in range(16)], axis=2)  # channel 0: the fill
        np.testing.assert_allclose(c, ref, rtol=1e-4, atol=1e-3)  # band by band, as 3-channel crops give it
    u8 = rng.integers(0, 255, (20, 20, 6), dtype=np.uint8)
    c8 = pp.crop(u8, 2.0, 2.0, 16, 16, fill=200)
    assert c8.dtype == np.uint8 and (c8[0, 0] == 200).all()
