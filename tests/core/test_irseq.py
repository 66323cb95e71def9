"""Readers for sequential IR frames with per-frame labels, and the dim-target sequence generator."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core.data.irseq import (DAUB_DEFAULT_SIZE, INTERFERENCE, TARGET, Label, list_irseq, open_irseq,
                                       probe, read_labels, save_irseq, write_labels)
from workbench.core.data.irseq_synth import SynthSpec, SynthScene, make_sequence, noisy_labels
from workbench.core.errors import DataError

DAUB = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "irst" / "daub"


def test_generator_is_deterministic_and_has_both_classes():
    a, b, c = make_sequence(3, frames=12), make_sequence(3, frames=12), make_sequence(4, frames=12)
    assert np.array_equal(a.frame(5), b.frame(5))
    assert not np.array_equal(a.frame(5), c.frame(5))
    assert a.labels == b.labels
    classes = {lab.cls for lab in a.all_labels()}
    assert classes == {TARGET, INTERFERENCE}
    sizes = [lab.w for lab in a.all_labels() if lab.cls == TARGET]
    assert sizes and all(1.0 <= s <= 9.0 for s in sizes)


@pytest.mark.parametrize("depth,dtype", [(8, np.uint8), (16, np.uint16)])
def test_generator_depth_and_dim_target(depth, dtype):
    scene = SynthScene(SynthSpec(seed=1, frames=10, depth=depth, snr=(3.0, 3.0), target_size=(3, 3), flicker_rate=0))
    seq = scene.sequence()
    f = seq.frame(4).astype(np.float64)
    assert seq.frame(4).dtype == dtype
    lab = seq.labels[4][0]
    x, y = int(round(lab.cx)), int(round(lab.cy))
    ring = np.concatenate([f[y - 6, x - 6:x + 7], f[y + 6, x - 6:x + 7]])
    noise = scene.spec.noise * scene.scale
    # dim: a few noise sigmas above the local background, not a bright blob
    assert 1.0 * noise < f[y - 1:y + 2, x - 1:x + 2].max() - np.median(ring) < 10 * noise + 3 * ring.std()


def test_platform_moves_the_background():
    seq = make_sequence(2, frames=30, platform_speed=1.0, flicker_rate=0)
    a, b = seq.frame(0).astype(float), seq.frame(29).astype(float)
    assert np.abs(a - b).mean() > 0.5


def test_labels_roundtrip_and_errors(tmp_path):
    labs = [[Label(0, 10.5, 12.25, 3, 3, TARGET)], [], [Label(2, 1, 2, 1, 1, INTERFERENCE), Label(2, 5, 6, 2, 2, 0)]]
    f = write_labels(tmp_path / "labels.csv", labs)
    back = read_labels(f, 3)
    assert back == labs
    bad = tmp_path / "bad.csv"
    bad.write_text("frame,cx,cy,w,h,class\n0,1,2,3,3,target\n1,1,2,3,plane\n")
    with pytest.raises(DataError, match="line 3"):
        read_labels(bad, 5)
    bad.write_text("0,1,2,3,3,aircraft\n")
    with pytest.raises(DataError, match="unknown class"):
        read_labels(bad, 5)
    bad.write_text("9,1,2,3,3,target\n")
    with pytest.raises(DataError, match="out of range"):
        read_labels(bad, 5)


def test_16bit_folder_roundtrip(tmp_path):
    seq = make_sequence(5, frames=6, depth=16, width=64, height=48)
    out = save_irseq(seq, tmp_path / "s16")
    assert probe(out) and list_irseq(tmp_path) == [out]
    back = open_irseq(out)
    assert back.frame(3).dtype == np.uint16
    assert np.array_equal(back.frame(3), seq.frame(3))
    assert back.labels == [[lab.moved(cx=round(lab.cx, 2), cy=round(lab.cy, 2), w=round(lab.w, 2), h=round(lab.h, 2))
                            for lab in fr] for fr in seq.labels]
    s = back.to_sequence()
    assert s.modality == "ir16" and s.groundtruth.shape == (6, 4)


def test_daub_layout_tolerates_trailing_tabs_and_short_files(tmp_path):
    d = tmp_path / "sequence7"
    (d / "frames").mkdir(parents=True)
    for i in range(4):
        cv2.imwrite(str(d / "frames" / f"{i + 1:04d}.png"), np.full((32, 32), 80, np.uint8))
    (d / "anno_xy.txt").write_text("10\t12\t\n11\t12\t\n12\t13")
    seq = open_irseq(d)
    assert seq.meta["layout"] == "daub" and len(seq) == 4
    assert seq.labels[0] == [Label(0, 10.0, 12.0, DAUB_DEFAULT_SIZE, DAUB_DEFAULT_SIZE, TARGET)]
    assert seq.labels[3] == [] and "3 label lines for 4 frames" in seq.meta["warnings"][0]
    (d / "anno_xy.txt").write_text("10 12 7\n")
    with pytest.raises(DataError, match="line 1"):
        open_irseq(d)


def test_daub_blank_line_and_point_outside_the_frame_are_warned(tmp_path):
    """Both still read as before (no target / a target to miss), with a warning naming the file and line."""
    d = tmp_path / "sequence8"
    (d / "frames").mkdir(parents=True)
    for i in range(5):
        cv2.imwrite(str(d / "frames" / f"{i + 1:04d}.png"), np.full((32, 40), 80, np.uint8))
    anno = d / "anno_xy.txt"
    anno.write_text("10\t12\n\n12\t13\n50\t10\n-3\t5\n")
    seq = open_irseq(d)
    assert seq.labels[1] == [] and seq.labels[3][0].cx == 50 and seq.labels[4][0].cx == -3
    assert seq.meta["warnings"] == [
        f"{anno}: 1 blank line(s) inside the list (first: line 2), read as frames without target",
        f"{anno}: 2 point(s) outside the 40x32 frame (first: line 4: (50, 10)), scored as missed targets"]
    anno.write_text("10\t12\n11\t12\n12\t13\n39\t31\n0\t0\n\n\n")  # trailing blank lines: no warning
    assert open_irseq(d).meta["warnings"] == []


def test_video_with_labels(tmp_path):
    seq = make_sequence(6, frames=8, width=64, height=48)
    path = tmp_path / "clip.avi"
    vw = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for i in range(len(seq)):
        vw.write(cv2.cvtColor(seq.frame(i), cv2.COLOR_GRAY2BGR))
    vw.release()
    write_labels(tmp_path / "clip.labels.csv", seq.labels)
    v = open_irseq(path)
    assert len(v) == 8 and v.frame(2).ndim == 2 and v.labelled
    assert len(v.all_labels()) == len(seq.all_labels())
    assert np.abs(v.frame(2).astype(int) - seq.frame(2)).mean() < 6  # MJPG is lossy


def test_noisy_labels_make_the_four_errors():
    seq = make_sequence(8, frames=60)
    noisy = noisy_labels(seq, 0, shift=0.2, wrong_class=0.2, missed=0.2, spurious=0.3)
    n_true = len(seq.all_labels())
    n_noisy = sum(len(f) for f in noisy)
    assert n_noisy != n_true
    moved = sum(1 for a, b in zip(seq.labels, noisy) for la in b if la not in a)
    assert moved > 0


@pytest.mark.skipif(not DAUB.is_dir(), reason="real DAUB sequences not present in ../shared/data/irst/daub")
def test_real_daub_sequences():
    seqs = [open_irseq(p) for p in list_irseq(DAUB / "sequence1") + list_irseq(DAUB / "sequence12")]
    assert len(seqs) == 2
    for s in seqs:
        assert len(s) == 100 and s.frame(0).dtype == np.uint8 and s.frame(0).shape == (256, 256)
        assert all(len(fr) == 1 for fr in s.labels)
        lab = s.labels[0][0]
        f = s.frame(0).astype(float)
        x, y = int(lab.cx), int(lab.cy)
        # the annotated centre is brighter than its surroundings (a real target, 0-based x = column)
        assert f[y - 1:y + 2, x - 1:x + 2].max() > np.median(f[y - 8:y + 9, x - 8:x + 9]) + 20


# --- the irseq / yolo layouts of open_sequence and open_DATASET ---------------------------------------
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.mark.skipif(not (DAUB / "sequence4").is_dir(), reason="DAUB data not present")
@pytest.mark.parametrize("sub", ["", "frames"])
def test_open_sequence_reads_daub_points(sub):
    from workbench.core.data import open_sequence

    seq = open_sequence(DAUB / "sequence4" / sub)
    assert seq.name == "sequence4" and len(seq) == 100
    pts = seq.meta["point_labels"]
    assert len(pts) == 100 and all(len(p) == 1 for p in pts)
    own = open_irseq(DAUB / "sequence4")
    assert pts[7][0] == (own.labels[7][0].cx, own.labels[7][0].cy, TARGET)
    box = seq.gt_box(7)
    # the label is the target pixel's index: its box is centred on that pixel's centre, half a pixel on (core boxes:
    # pixel i spans i ... i + 1)
    assert box is not None and np.isclose(box.x + box.w / 2, own.labels[7][0].cx + 0.5)
    assert "points" in seq.tags()


@pytest.mark.skipif(not DAUB.is_dir(), reason="DAUB data not present")
def test_open_dataset_lists_daub_sequences():
    from workbench.core.data import open_dataset

    entries = open_dataset(DAUB, errors="collect")
    names = [e.name for e in entries]
    assert {"sequence1", "sequence4", "sequence9", "sequence12"} <= set(names)
    assert all(e.layout == "irseq" and e.frames == 100 and e.error is None for e in entries)


def test_open_sequence_labels_csv_and_frames_folder(tmp_path):
    from workbench.core.data import open_dataset, open_sequence
    from workbench.core.data.irseq_synth import make_sequence

    save_irseq(make_sequence(2, frames=6), tmp_path / "mine")
    for p in (tmp_path / "mine", tmp_path / "mine" / "frames"):
        seq = open_sequence(p)
        assert seq.name == "mine" and len(seq) == 6 and seq.meta["point_labels"] is not None
    [entry] = open_dataset(tmp_path / "mine" / "frames")
    assert entry.name == "mine" and entry.layout == "irseq"


@pytest.mark.parametrize("rel,n", [("irst/ist_a", 47), ("tir/anti_uav_ir", 342)])
def test_open_sequence_reads_yolo_boxes_as_points(rel, n):
    from workbench.core.data import open_sequence

    path = SHARED / rel
    if not path.is_dir():
        pytest.skip("data not present")
    seq = open_sequence(path)
    assert len(seq) == n and seq.meta["layout"] == "yolo"
    h, w = seq.frame(0).shape[:2]
    first = next(i for i, p in enumerate(seq.meta["point_labels"]) if p)
    cls, cx, cy, bw, bh = (path / "labels" / (sorted((path / "images").iterdir())[first].stem + ".txt")) \
        .read_text().split("\n")[0].split()
    cx_px, cy_px, _ = seq.meta["point_labels"][first][0]
    assert np.isclose(cx_px, float(cx) * w) and np.isclose(cy_px, float(cy) * h)
    x, y, bw_px, bh_px, c = seq.meta["boxes"][first][0]
    assert np.isclose(bw_px, float(bw) * w) and c == int(cls)
