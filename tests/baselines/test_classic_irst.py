"""The classic IR small-target peers (white top-hat, MPCM): they find a small hot spot, respect polarity and the
size filter, publish logits whose 0 is the adaptive threshold, and score from the command line on mask and box sets."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from workbench.baselines.classic_irst import (MPCMConfig, TopHatConfig, make_mpcm, make_tophat, mpcm_map,
                                              parse_scales, to_gray_unit)


def _scene(seed=0, h=64, w=80, spot=(30, 20), value=200.0, dtype=np.uint8):
    rng = np.random.default_rng(seed)
    bg = cv2.GaussianBlur(rng.normal(80, 20, (h, w)), (0, 0), 6) + rng.normal(0, 1.0, (h, w))
    img = bg.copy()
    x, y = spot
    img[y - 1:y + 2, x - 1:x + 2] = value
    return img.clip(0, np.iinfo(dtype).max).astype(dtype)


@pytest.mark.parametrize("make", [make_tophat, make_mpcm])
def test_a_hot_spot_is_found_as_one_target(make):
    seg = make(None)
    out = seg.predict(_scene())
    assert len(out.targets) == 1
    cx, cy = out.targets[0].centroid
    assert abs(cx - 30) <= 1 and abs(cy - 20) <= 1
    lg = out.maps["logits"].data
    assert lg.shape == (64, 80) and lg[20, 30] > 0 and (out.mask == (lg > 0)).all()
    assert out.saliency.min() >= 0 and out.saliency.max() <= 1


@pytest.mark.parametrize("make,cfg", [(make_tophat, TopHatConfig), (make_mpcm, MPCMConfig)])
def test_polarity_size_filter_16_bit_and_flat_frames(make, cfg):
    dark = _scene(value=0.0)
    # a cold spot is no bright target (an adaptive threshold still passes the frame's strongest noise) ...
    assert all(abs(t.centroid[0] - 30) > 3 or abs(t.centroid[1] - 20) > 3 for t in make(cfg()).predict(dark).targets)
    found = make(cfg(polarity="dark")).predict(dark).targets  # ... but a dark one
    assert len(found) == 1 and abs(found[0].centroid[0] - 30) <= 1
    assert not make(cfg(min_pixels=50)).predict(_scene()).targets  # 9 px: under the size filter
    hot16 = _scene(value=60000.0, dtype=np.uint16)
    assert len(make(cfg()).predict(hot16).targets) == 1
    flat = make(cfg()).predict(np.full((32, 32), 7, np.uint8))
    assert not flat.targets and not flat.mask.any()


def test_mpcm_is_zero_on_a_ramp_and_positive_on_a_spot():
    g = np.tile(np.linspace(0, 1, 50, dtype=np.float32), (40, 1))
    assert mpcm_map(g, [3, 5]).max() == pytest.approx(0.0, abs=1e-6)  # one side is brighter: no contrast
    g[20, 25] = 2.0
    assert mpcm_map(g, [3, 5])[20, 25] > 0
    assert to_gray_unit(np.array([[0, 10]], np.uint16), "dark").tolist() == [[1.0, 0.0]]


def test_scales_setting_is_checked():
    from workbench.core.errors import WorkbenchError

    assert parse_scales("3, 5,9") == [3, 5, 9]
    for bad in ("4", "3,x", ""):
        with pytest.raises(WorkbenchError, match="odd patch sizes"):
            make_mpcm(MPCMConfig(scales=bad))


def test_segment_command_on_a_mask_set_and_a_box_set(tmp_path, capsys):
    from workbench.cli import main

    sirst = tmp_path / "sirst"
    (sirst / "images").mkdir(parents=True)
    (sirst / "masks").mkdir()
    ist = tmp_path / "ist"
    (ist / "images").mkdir(parents=True)
    (ist / "labels").mkdir()
    for k in range(3):
        img = _scene(seed=k, spot=(20 + 10 * k, 30))
        cv2.imwrite(str(sirst / "images" / f"im{k}.png"), img)
        cv2.imwrite(str(ist / "images" / f"im{k}.png"), img)
        m = np.zeros(img.shape, np.uint8)
        m[29:32, 19 + 10 * k:22 + 10 * k] = 255
        cv2.imwrite(str(sirst / "masks" / f"im{k}_pixels0.png"), m)
        (ist / "labels" / f"im{k}.txt").write_text(f"0 {(20.5 + 10 * k) / 80:.5f} {30.5 / 64:.5f} {4 / 80:.5f} {4 / 64:.5f}\n")
    js = tmp_path / "m.json"
    assert main(["segment", "--model", "mpcm", "--dataset", str(sirst), "--set", "k=8", "--json", str(js)]) == 0
    r = json.loads(js.read_text())
    assert r["pd"] == 1.0 and r["targets"] == 3 and r["miou"] > 0.3 and r["settings"]["k"] == 8.0
    assert len(r["pd_fa"]["pd"]) == 31
    jb = tmp_path / "b.json"
    assert main(["segment", "--model", "tophat", "--dataset", str(ist), "--json", str(jb)]) == 0
    b = json.loads(jb.read_text())
    assert b["pd"] == 1.0 and b["miou"] is None and "box-scored" in capsys.readouterr().out
    assert main(["segment", "--model", "tophat", "--dataset", str(ist), "--set", "k=-1"]) == 2  # refused ...
    assert "setting 'k' must lie in 0.0..50.0" in capsys.readouterr().err  # ... with the reason


def test_segment_command_keeps_the_split_of_a_box_set(tmp_path, capsys):
    """--split on a box-labelled set (images/ + YOLO labels/) was silently ignored: every image was scored.
    Now only the images the split names are (a name in splits/ or a path, as for mask sets), a name without
    an image is said, and a split naming none of them is refused naming the file."""
    from workbench.cli import main

    ist = tmp_path / "ist"
    (ist / "images").mkdir(parents=True)
    (ist / "labels").mkdir()
    (ist / "splits").mkdir()
    for k in range(4):
        cv2.imwrite(str(ist / "images" / f"im{k}.png"), _scene(seed=k, spot=(20 + 10 * k, 30)))
        (ist / "labels" / f"im{k}.txt").write_text(f"0 {(20.5 + 10 * k) / 80:.5f} {30.5 / 64:.5f} {4 / 80:.5f} {4 / 64:.5f}\n")
    (ist / "splits" / "test.txt").write_text("im3\nim1.png\nim9\n")
    jb = tmp_path / "b.json"
    assert main(["segment", "--model", "tophat", "--dataset", str(ist), "--split", "test", "--json", str(jb)]) == 0
    b = json.loads(jb.read_text())
    assert b["images"] == 2 and b["targets"] == 2 and [r["name"] for r in b["per_image"]] == ["im3", "im1"]
    assert b["split"] == str(ist / "splits" / "test.txt")
    assert "1 of 3 names have no image" in capsys.readouterr().out
    none = tmp_path / "none.txt"
    none.write_text("a\nb\n")
    assert main(["segment", "--model", "mpcm", "--dataset", str(ist), "--split", str(none)]) == 2
    assert f"{none}: names none of the images" in capsys.readouterr().err


def test_peers_benchmark_puts_every_segmenter_in_one_table(monkeypatch, capsys):
    """`workbench bench irst_peers --quick` without real data: every installed segmenter on the same generated
    images, with the ratio to the best classic peer (that peer's own ratio is 1)."""
    from workbench.core import bench

    monkeypatch.delenv("WORKBENCH_BENCH_DATA", raising=False)
    mod = bench.load("irst_peers")
    res = mod.run(quick=True)
    rows = {r["method"]: r for r in res["rows"]}
    assert {"tophat", "mpcm"} <= set(rows) and not res["real_data"]
    best = rows["tophat"]["vs_best_peer"]
    assert best in ("tophat", "mpcm") and rows[best]["miou_ratio"] == pytest.approx(1.0)
    for r in rows.values():
        assert r["images"] == 6 and 0 <= r["miou"] <= 1 and r["fps"] > 0
    assert "vs peer" in capsys.readouterr().out
