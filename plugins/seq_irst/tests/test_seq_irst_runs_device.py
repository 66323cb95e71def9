"""seq_irst on YOLO frame folders cut into runs (Anti-UAV layout) and the device data path of training."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
cv2 = pytest.importorskip("cv2")

from workbench.core.data.irseq_synth import make_sequence  # noqa: E402
from workbench_seq_irst.crops import build_crops  # noqa: E402
from workbench_seq_irst.loso import discover, folds  # noqa: E402
from workbench_seq_irst.runs import list_runs, open_seq, split_runs  # noqa: E402
from workbench_seq_irst.train import (device_batches_supported, make_batches,  # noqa: E402
                                      make_device_batches)


def _yolo(root: Path, numbers, size=(40, 32), empty=()) -> Path:
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    W, H = size
    for k, n in enumerate(numbers):
        img = np.full((H, W, 3), 40 + k, np.uint8)
        cv2.imwrite(str(root / "images" / f"{n:06d}.png"), img)
        text = "" if n in empty else f"0 {(10 + k) / W:.6f} {12 / H:.6f} {6 / W:.6f} {4 / H:.6f}\n"
        (root / "labels" / f"{n:06d}.txt").write_text(text)
    return root


def test_yolo_runs_split_at_gaps_and_join_the_rotation_as_one_group(tmp_path):
    assert [len(r) for r in split_runs([Path(f"{n:06d}.jpg") for n in (81, 82, 83, 181, 182, 300)])] == [3, 2, 1]
    root = _yolo(tmp_path / "uav", [81, 82, 83, 84, 181, 182, 183, 184, 185], empty=(183,))
    runs = list_runs(root)
    assert [p.name for p in runs] == ["run_000081-000084", "run_000181-000185"]
    s = open_seq(runs[1])
    assert len(s) == 5 and s.labelled and s.frame(0).shape == (32, 40)
    lab = s.labels[0][0]
    assert (lab.frame, round(lab.cx, 3), round(lab.cy, 3), round(lab.w, 3), round(lab.h, 3)) == (0, 14.0, 12.0, 6.0, 4.0)  # image 000181 is the 5th written (cx 10 + 4)
    assert s.labels[2] == []  # an empty label file: a frame without target (its detections are false alarms)
    assert s.frame(0)[0, 0] == 44  # the run's first image, not the folder's
    groups = discover([root])
    assert list(groups) == ["uav"] and len(groups["uav"]) == 2
    from workbench_seq_irst.sequences import open_many

    assert [q.name for q in open_many([root])] == ["run_000081-000084", "run_000181-000185"]
    assert len(folds({"a": [1], "uav": runs})) == 2


def test_yolo_runs_split_where_the_frame_size_changes_and_read_labels_at_their_size(tmp_path):
    """Consecutive numbers of two sizes are two recordings: two runs, each box read in its own image's size
    (the labels of the second size used to be read in the first frame's size)."""
    root = _yolo(tmp_path / "a", [1, 2, 3], size=(40, 32))
    big = _yolo(tmp_path / "b", [4, 5, 6], size=(80, 64))
    for sub in ("images", "labels"):
        for f in (big / sub).iterdir():
            f.rename(root / sub / f.name)
    runs = list_runs(root)
    assert [p.name for p in runs] == ["run_000001-000003", "run_000004-000006"]
    s = open_seq(runs[1])
    assert len(s) == 3 and s.frame(0).shape == (64, 80)
    lab = s.labels[0][0]  # written as (10 / 80, 12 / 64, 6 / 80, 4 / 64): x 10, y 12, 6 x 4 px at 80 x 64
    assert (round(lab.cx, 3), round(lab.cy, 3), round(lab.w, 3), round(lab.h, 3)) == (10.0, 12.0, 6.0, 4.0)


def _crops():
    seqs = [make_sequence(seed, width=64, height=48, frames=8, flicker_rate=0) for seed in (1, 2)]
    return build_crops([(s, None) for s in seqs], 16, 1.0, 0)


def test_device_data_path_gives_the_host_paths_batches():
    cs = _crops()
    assert device_batches_supported(cs, "flip") and not device_batches_supported(cs, "strong")
    host, dev = make_batches(cs, 8, 3, "flip"), make_device_batches(cs, 8, 3, "cpu")
    for epoch in (0, 1):
        a, b = host(epoch), dev(epoch)
        assert len(a) == len(b)
        for (xa, la), (xb, lb) in zip(a, b):
            assert xb.dtype == torch.float32 and xa.shape == xb.shape
            assert torch.equal(xa, xb)
            assert la == lb


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU (none on this machine)")
def test_device_data_path_on_cuda_equals_host():
    cs = _crops()
    host, dev = make_batches(cs, 8, 3, "flip"), make_device_batches(cs, 8, 3, "cuda")
    for (xa, la), (xb, lb) in zip(host(0), dev(0)):
        assert xb.device.type == "cuda"
        assert torch.equal(xa, xb.cpu()) and la == lb


def test_weight_average_is_what_training_keeps(tmp_path):
    from workbench.core.data.irseq_synth import make_sequences
    from workbench.core.jobs import JobContext
    from workbench.core.training.checkpoints import load_checkpoint
    from workbench_seq_irst.train import TrainSettings, train

    data = [(s, None) for s in make_sequences(1, seed=0, width=48, height=48, frames=6)]
    st = TrainSettings(crop=16, epochs=1, batch_size=8, select="last", ema=0.9, data_path="device")
    train(JobContext(), data, [], st, tmp_path, log=lambda _m: None)  # device path on the CPU: same batches
    kept, avg = (load_checkpoint(tmp_path / n)["model"] for n in ("best_weights.pt", "ema_weights.pt"))
    assert all(torch.equal(kept[k], avg[k]) for k in avg)


def test_half_scale_crops_carry_halved_labels_on_the_downsampled_input():
    from workbench_seq_irst.crops import HALF_SUFFIX, half_scale_input
    from workbench_seq_irst.differential import FrameCache

    s = make_sequence(5, width=96, height=80, frames=6, flicker_rate=0)
    plain = build_crops([(s, None)], 16, 1.0, 0)
    cs = build_crops([(s, None)], 16, 1.0, 0, half_scale=True)
    halves = [k for k, o in enumerate(cs.origin) if o[0].endswith(HALF_SUFFIX)]
    assert len(halves) == sum(1 for labs in s.labels for lab in labs if lab.cls == 0) > 0
    assert cs.frames == plain.frames == len(s)  # a half-scale crop is not another frame
    k = halves[0]
    _, i, x0, y0 = cs.origin[k]
    gh = half_scale_input(s, FrameCache(s), i, "past", "frame")
    np.testing.assert_array_equal(cs.x[k], gh[:, y0:y0 + 16, x0:x0 + 16].astype(np.float16))
    full = [lab for lab in s.labels[i] if lab.cls == 0][0]
    cx, cy, w, h, c = cs.labels[k][0]
    assert (cx + x0, cy + y0) == pytest.approx(((full.cx - 0.5) / 2, (full.cy - 0.5) / 2))
    assert w == pytest.approx(max(full.w / 2, 1.0)) and c == 0
