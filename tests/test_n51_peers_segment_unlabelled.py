"""The segmentation peers take an analyst's own images (no masks, no labels) as LW-IRSTNet's segment does.

`workbench segment --model tophat --dataset unl` (a folder of PNGs) said "unl: not a SIRST-style dataset: no
images/ folder" where `--model lw_irstnet` segmented it: the unlabelled path lived in the LW plugin. It is the
core's now (``core.segment_plain``): masks in the core's layout (--out), pictures (--views), the targets per image
(--json), nothing scored."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from workbench.baselines import classic_irst


def _frame(seed: int, blob: bool) -> np.ndarray:
    rng = np.random.default_rng(seed)
    img = rng.normal(60, 3, (48, 64)).clip(0, 255).astype(np.uint8)
    if blob:  # a small bright target, well above the noise
        cv2.circle(img, (20 + seed, 24), 2, 250, -1)
    return img


def _folder(tmp_path, n=3):
    root = tmp_path / "unl"
    root.mkdir()
    for i in range(n):
        cv2.imwrite(str(root / f"f{i}.png"), _frame(i, blob=i > 0))
    return root


def test_tophat_segments_a_folder_of_images_without_labels(tmp_path):
    root = _folder(tmp_path)
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    out, views, js = tmp_path / "res", tmp_path / "views", tmp_path / "t.json"
    assert classic_irst.segment_tophat(["--dataset", str(root), "--out", str(out), "--views", str(views),
                                        "--json", str(js)]) == 0
    r = json.loads(js.read_text())
    assert r["scored"] is False and r["method"] == "tophat" and r["images"] == 3
    found = {p["name"]: p["targets"] for p in r["per_image"]}
    assert set(found) == {"f0", "f1", "f2"}
    for name in ("f1", "f2"):  # the blob found where it was drawn
        assert any(abs(t["x"] - (20 + int(name[1]))) < 2 and abs(t["y"] - 24) < 2 for t in found[name]), found[name]
    masks = sorted((out / "unl" / "tophat").rglob("*.png"))
    assert [m.stem for m in masks] == ["f0", "f1", "f2"]
    assert cv2.imread(str(masks[1]), cv2.IMREAD_UNCHANGED).shape == (48, 64)
    assert list((out / "unl" / "tophat").glob("*/manifest.json"))
    assert sorted(p.stem for p in views.glob("*.png")) == ["f0", "f1", "f2"]
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before  # the user's images untouched


def test_mpcm_segments_a_video(tmp_path):
    path = tmp_path / "clip.avi"
    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48), isColor=False)
    if not w.isOpened():
        pytest.skip("OpenCV here writes no MJPG .avi")
    for i in range(4):
        w.write(_frame(i, blob=True))
    w.release()
    js = tmp_path / "m.json"
    assert classic_irst.segment_mpcm(["--dataset", str(path), "--json", str(js)]) == 0
    r = json.loads(js.read_text())
    assert r["scored"] is False and r["method"] == "mpcm" and r["images"] == 4
    from workbench.core.options import OptionError

    video = path.read_bytes()
    with pytest.raises(OptionError, match="--json"):  # the video itself, --force or not: never written over
        classic_irst.segment_mpcm(["--dataset", str(path), "--json", str(path), "--force"])
    assert path.read_bytes() == video


def test_out_on_a_labelled_set_is_refused_by_its_flag(tmp_path):
    from workbench.core.options import OptionError

    root = tmp_path / "set"
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    cv2.imwrite(str(root / "images" / "a.png"), _frame(1, True))
    cv2.imwrite(str(root / "masks" / "a.png"), np.zeros((48, 64), np.uint8))
    with pytest.raises(OptionError, match="--out"):
        classic_irst.segment_tophat(["--dataset", str(root), "--out", str(tmp_path / "res")])
    assert not (tmp_path / "res").exists()


def test_views_in_the_images_folder_refused(tmp_path):
    from workbench.core.errors import WorkbenchError

    root = _folder(tmp_path)
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    with pytest.raises(WorkbenchError, match="--views"):
        classic_irst.segment_tophat(["--dataset", str(root), "--views", str(root), "--force"])
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before
