"""Point labels sized from the frame (``label_size``) and scale augmentation (``crops.build_crops(scales=)``)."""
from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from workbench.core.data.irseq import DAUB_DEFAULT_SIZE, INTERFERENCE, TARGET, IRSequence, Label  # noqa: E402
from workbench.core.data.sequence import ArrayFrames  # noqa: E402
from workbench_seq_irst.label_size import estimate_size, with_estimated_sizes  # noqa: E402


def _frame(blobs=(), size=(96, 80), bg=60.0, noise=2.0, seed=0) -> np.ndarray:
    """A noisy flat background with Gaussian spots (cx, cy, sigma_x, sigma_y, peak)."""
    W, H = size
    rng = np.random.default_rng(seed)
    f = bg + rng.normal(0, noise, (H, W))
    yy, xx = np.mgrid[0:H, 0:W]
    for cx, cy, sx, sy, peak in blobs:
        f += peak * np.exp(-0.5 * (((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2))
    return np.clip(f, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("sx,sy", [(1.0, 1.0), (2.0, 2.0), (3.0, 4.5)])
def test_a_gaussian_spot_measures_its_full_width_at_half_maximum(sx, sy):
    f = _frame([(40.0, 30.0, sx, sy, 80.0)])
    w, h, cx, cy = estimate_size(f, 40, 30)
    # the pixels at or above half the peak span 2.355 sigma, give or take a pixel of sampling
    assert w == pytest.approx(2.355 * sx, abs=1.2)
    assert h == pytest.approx(2.355 * sy, abs=1.2)
    assert (cx, cy) == pytest.approx((40.0, 30.0), abs=0.3)


def test_the_centroid_of_an_offset_label_is_the_spots_centre_and_the_size_is_clamped():
    f = _frame([(41.3, 28.8, 2.5, 2.5, 90.0)])
    w, h, cx, cy = estimate_size(f, 40, 30)  # the point label is 1-2 px off the spot
    assert (cx, cy) == pytest.approx((41.3, 28.8), abs=0.3)
    big = _frame([(48.0, 40.0, 6.0, 6.0, 120.0)])  # FWHM 14 px
    assert estimate_size(big, 48, 40, radius=30)[:2] == pytest.approx((14.1, 14.1), abs=1.2)
    assert estimate_size(big, 48, 40, radius=30, max_px=10)[:2] == (10.0, 10.0)


def test_a_dark_target_is_measured_and_a_flat_background_gives_no_estimate():
    dark = _frame([(30.0, 30.0, 2.0, 2.0, -50.0)], bg=150.0)
    w, h, _, _ = estimate_size(dark, 30, 30)
    assert w == pytest.approx(4.7, abs=1.2) and h == pytest.approx(4.7, abs=1.2)
    for seed in range(5):
        assert estimate_size(_frame(seed=seed), 40, 30) is None
    assert estimate_size(np.full((50, 50), 77, np.uint8), 25, 25) is None  # no texture at all


def test_with_estimated_sizes_sizes_point_labels_only_and_keeps_the_fallback():
    frames = np.stack([_frame([(40.0, 30.0, 3.0, 4.0, 80.0)], seed=1), _frame(seed=2)])
    labels = [[Label(0, 40.0, 30.0), Label(0, 10.0, 10.0, 3.0, 3.0, INTERFERENCE), Label(0, 70.0, 60.0, 5.0, 7.0)],
              [Label(1, 40.0, 30.0)]]
    s = IRSequence("blob", ArrayFrames.from_array(frames), labels)
    out, st = with_estimated_sizes(s)
    a, inter, sized = out.labels[0]
    assert a.w == pytest.approx(2.355 * 3, abs=1.2) and a.h == pytest.approx(2.355 * 4, abs=1.2)
    assert (a.cx, a.cy) == (40.0, 30.0)  # "estimate" keeps the labelled centre
    assert inter == labels[0][1] and sized == labels[0][2]  # not point labels: untouched
    assert out.labels[1][0] == labels[1][0] and out.labels[1][0].w == DAUB_DEFAULT_SIZE  # nothing there: 3x3
    assert st == {"labels": 2, "estimated": 1, "fallback": 1, "median_w": a.w, "median_h": a.h}
    assert s.labels[0][0].w == DAUB_DEFAULT_SIZE  # the input sequence is not changed
    floored, _ = with_estimated_sizes(s, min_px=8.0)
    assert (floored.labels[0][0].w, floored.labels[0][0].h) == (8.0, max(a.h, 8.0))
    moved, _ = with_estimated_sizes(s, centre=True)
    assert moved.labels[0][0].cx == pytest.approx(40.0, abs=0.3) and moved.labels[0][0].w == a.w


def test_scaled_crops_carry_scaled_labels_on_the_resized_input():
    from workbench.core.data.irseq_synth import make_sequence
    from workbench_seq_irst.crops import SCALE_SUFFIX, build_crops, scaled_input
    from workbench_seq_irst.differential import FrameCache

    s = make_sequence(5, width=96, height=80, frames=6, flicker_rate=0)
    plain = build_crops([(s, None)], 16, 1.0, 0)
    assert build_crops([(s, None)], 16, 1.0, 0, scales=(1.0,)).labels == plain.labels  # scale 1: no extra crop
    cs = build_crops([(s, None)], 16, 1.0, 0, scales=(2.0, 0.5))
    ntarget = sum(1 for labs in s.labels for lab in labs if lab.cls == TARGET)
    for sc in (2.0, 0.5):
        ks = [k for k, o in enumerate(cs.origin) if o[0] == f"{s.name}{SCALE_SUFFIX}{sc:g}"]
        assert len(ks) == ntarget > 0
        k = ks[0]
        _, i, x0, y0 = cs.origin[k]
        g = scaled_input(s, FrameCache(s), i, "past", "frame", sc)
        assert g.shape[-2:] == (round(80 * sc), round(96 * sc))
        np.testing.assert_array_equal(cs.x[k], g[:, y0:y0 + 16, x0:x0 + 16].astype(np.float16))
        full = [lab for lab in s.labels[i] if lab.cls == TARGET]
        got = [lab for lab in cs.labels[k] if lab[4] == TARGET]
        want = [((f.cx + 0.5) * sc - 0.5 - x0, (f.cy + 0.5) * sc - 0.5 - y0, max(f.w * sc, 1.0)) for f in full]
        assert any(g_[:3] == pytest.approx(w_) for g_ in got for w_ in want)
    assert cs.frames == plain.frames == len(s)


def test_loso_parses_label_size_and_scales(monkeypatch, tmp_path):
    from workbench_seq_irst import loso

    seen = {}
    monkeypatch.setattr(loso, "run_loso", lambda roots, out, recipe, *a, **k: seen.setdefault("r", recipe) and {
        "folds": {}, "summary": loso.summarise({})})
    monkeypatch.setattr(loso, "format_table", lambda rep: "")
    loso.main(["--root", str(tmp_path), "--out", str(tmp_path / "o"), "--label-size", "centroid", "--scales", "1,2",
               "--label-min", "3"])
    assert seen["r"].label_size == "centroid" and seen["r"].scales == (2.0,) and seen["r"].label_min == 3.0
    assert loso.Recipe().label_size == "point" and loso.Recipe().scales == ()  # defaults unchanged
    with pytest.raises(Exception):
        loso.main(["--root", str(tmp_path), "--out", str(tmp_path / "o"), "--scales", "x"])


def test_scale_negatives_add_interference_and_background_crops_at_the_other_scale():
    from workbench.core.data.irseq import INTERFERENCE, Label
    from workbench.core.data.irseq_synth import make_sequence
    from workbench_seq_irst.crops import SCALE_SUFFIX, build_crops

    s = make_sequence(5, width=96, height=80, frames=6, flicker_rate=0)
    for i, labs in enumerate(s.labels):  # a mined false alarm on every frame, far from the targets
        labs.append(Label(frame=i, cx=10.0, cy=10.0, w=3.0, h=3.0, cls=INTERFERENCE))
    name = f"{s.name}{SCALE_SUFFIX}2"
    only = build_crops([(s, None)], 16, 1.0, 0, scales=(2.0,))
    neg = build_crops([(s, None)], 16, 1.0, 0, scales=(2.0,), scale_negatives=True)
    ntarget = sum(1 for labs in s.labels for lab in labs if lab.cls == TARGET)
    assert sum(o[0] == name for o in only.origin) == ntarget
    ks = [k for k, o in enumerate(neg.origin) if o[0] == name]
    # per frame: its targets, one interference crop, and bg_ratio x targets background crops
    assert len(ks) == 2 * ntarget + len(s)
    with_inter = [k for k in ks if any(lab[4] == INTERFERENCE for lab in neg.labels[k])]
    without_target = [k for k in ks if not any(lab[4] == TARGET for lab in neg.labels[k])]
    assert len(with_inter) >= len(s) and len(without_target) >= ntarget
    # as many crops at scale 1 either way
    assert sum(o[0] == s.name for o in neg.origin) == sum(o[0] == s.name for o in only.origin)
