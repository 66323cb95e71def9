"""LW-IRSTNet ``--backgrounds``: frames of other recordings as target-free negatives, their labelled
objects inpainted, on the training side only."""
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core.errors import DataError, WorkbenchError

pytestmark = pytest.mark.usefixtures("one_thread")

SIZE = (64, 80)


def _noise(rng):
    return rng.normal(90, 6, SIZE).clip(0, 255).astype(np.uint8)


def _daub(root: Path, n=4, seed=0):
    """A DAUB folder: each frame a point target (disc r 2) at its label, and frame 1 an extended object
    (15 x 7 px) whose label sits 6 px off its centre, as real point labels of extended aircraft do."""
    rng = np.random.default_rng(seed)
    (root / "frames").mkdir(parents=True)
    lines, objects = [], []
    for i in range(n):
        img = _noise(rng)
        cx, cy = 20 + 8 * i, 30
        if i == 1:
            cv2.rectangle(img, (cx - 7, cy - 3), (cx + 7, cy + 3), 250, -1)
            lines.append(f"{cx - 6}\t{cy + 1}\n")
            objects.append((slice(cy - 3, cy + 4), slice(cx - 7, cx + 8)))
        else:
            cv2.circle(img, (cx, cy), 2, 250, -1)
            lines.append(f"{cx}\t{cy}\n")
            objects.append((slice(cy - 2, cy + 3), slice(cx - 2, cx + 3)))
        cv2.imwrite(str(root / "frames" / f"{i + 1:04d}.png"), img)
    (root / "anno_xy.txt").write_text("".join(lines))
    return root, objects


def _yolo(root: Path, seed=1):
    """A YOLO-labelled set: a boxed bright drone, an empty label (no drone), and an image without a
    label file (it may hold an unlabelled drone: skipped)."""
    rng = np.random.default_rng(seed)
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    img = _noise(rng)
    img[20:26, 40:50] = 240
    h, w = SIZE
    cv2.imwrite(str(root / "images" / "a.png"), img)
    (root / "labels" / "a.txt").write_text(f"0 {45 / w} {23 / h} {10 / w} {6 / h}\n")
    cv2.imwrite(str(root / "images" / "b.png"), _noise(rng))
    (root / "labels" / "b.txt").write_text("")
    hidden = _noise(rng)
    hidden[10:14, 10:14] = 250
    cv2.imwrite(str(root / "images" / "c.png"), hidden)
    return root


def test_backgrounds_remove_every_labelled_object_and_keep_the_rest(tmp_path):
    from workbench.core.data.sirst import to_input
    from workbench_lw_irstnet.backgrounds import load_backgrounds

    daub, objects = _daub(tmp_path / "daub" / "seq1")
    yolo = _yolo(tmp_path / "drones")
    logs = []
    xs, ms, names = load_backgrounds([tmp_path / "daub", yolo], per_sequence=10, log=logs.append)
    assert names == [f"daub/seq1#{i}" for i in range(4)] + ["drones/drones#0", "drones/drones#1"]
    assert "1 skipped" in logs[-1]  # c.png: no label file
    assert all(m.shape == SIZE and not m.any() for m in ms)
    frames = sorted((daub / "frames").glob("*.png"))
    for i, (x, obj) in enumerate(zip(xs[:4], objects)):
        raw = to_input(cv2.imread(str(frames[i]), cv2.IMREAD_GRAYSCALE), 3)
        assert raw[0][obj].max() > raw[0].mean() + 5 * raw[0].std() / 2  # the object was there ...
        assert x[0][obj].max() < raw[0].mean() + 4 * 6 / 255 / 0.2  # ... and is gone (within 4 noise sigmas)
        changed = np.abs(x - raw).max(axis=0) > 1e-6
        ys, xs_ = np.nonzero(changed)
        assert ys.max() - ys.min() < 40 and xs_.max() - xs_.min() < 40  # only around the label
    a = to_input(cv2.imread(str(yolo / "images" / "a.png"), cv2.IMREAD_GRAYSCALE), 3)
    assert a[0, 20:26, 40:50].min() > 1.5 and xs[4][0, 20:26, 40:50].max() < a[0].mean() + 0.5
    b = to_input(cv2.imread(str(yolo / "images" / "b.png"), cv2.IMREAD_GRAYSCALE), 3)
    np.testing.assert_array_equal(xs[5], b)  # an empty label: nothing to remove, taken as it is
    # every frame of a root skipped, or nothing there: an error naming the root, not a silent run without them
    only_hidden = tmp_path / "hidden"
    (only_hidden / "images").mkdir(parents=True)
    (only_hidden / "labels").mkdir()
    cv2.imwrite(str(only_hidden / "images" / "c.png"), _noise(np.random.default_rng(2)))
    cv2.imwrite(str(only_hidden / "images" / "d.png"), _noise(np.random.default_rng(3)))
    (only_hidden / "labels" / "d.txt").write_text("0 0.5 0.5 0.9 0.9\n")  # mostly target: skipped too
    with pytest.raises(DataError, match="hidden.*skipped"):
        load_backgrounds([only_hidden])
    with pytest.raises(WorkbenchError, match="bg-frames"):
        load_backgrounds([yolo], per_sequence=0)
    # a SIRST-style mask set: its masks are removed (grown), an image without a mask is skipped
    ms_root = tmp_path / "masked"
    (ms_root / "images").mkdir(parents=True)
    (ms_root / "masks").mkdir()
    rng = np.random.default_rng(4)
    for name, has_mask in (("a1", True), ("a2", False)):
        img = _noise(rng)
        img[30:34, 50:56] = 250
        cv2.imwrite(str(ms_root / "images" / f"{name}.png"), img)
        if has_mask:
            mk = np.zeros(SIZE, np.uint8)
            mk[30:34, 50:56] = 255
            cv2.imwrite(str(ms_root / "masks" / f"{name}_pixels0.png"), mk)
    logs = []
    mx, _, mnames = load_backgrounds([ms_root], log=logs.append)
    assert mnames == ["masked/masked#0"] and "1 skipped" in logs[-1]
    assert mx[0][0, 30:34, 50:56].max() < mx[0][0].mean() + 0.5
    # a tracking sequence: a NaN groundtruth row (absent or not labelled) is skipped, a box is removed
    from workbench.core.data.detect import open_sequence
    from workbench_lw_irstnet.backgrounds import known_targets

    otb = tmp_path / "otbseq"
    (otb / "img").mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(otb / "img" / f"{i + 1:04d}.jpg"), _noise(rng))
    (otb / "groundtruth_rect.txt").write_text("11,21,10,8\nNaN,NaN,NaN,NaN\n11,21,10,8\n")
    seq = open_sequence(otb)
    assert known_targets(seq, 1, seq.frame(1)) is None
    k = known_targets(seq, 0, seq.frame(0))
    assert k[20:28, 10:20].all() and k.sum() == (8 + 6) * (10 + 6)  # the box grown by 3 px each side


def test_backgrounds_join_the_training_side_only(tmp_path):
    """A training and a cross-validation with ``--backgrounds``: the frames are trained on (the log and the
    history say how many), never validated or held out."""
    from test_lw_irstnet_cv import _set
    from workbench_lw_irstnet import command, train

    _daub(tmp_path / "bg" / "seq1")
    data = _set(tmp_path / "sirst", [f"t{i}" for i in range(6)])
    (data / "splits" / "val.txt").write_text("t4\nt5")
    (data / "splits" / "train.txt").write_text("t0\nt1\nt2\nt3")
    assert train.main(["--data", str(data), "--epochs", "1", "--batch-size", "2", "--crop", "32", "--threads", "1",
                       "--backgrounds", str(tmp_path / "bg"), "--aug", "paste", "--out", str(tmp_path / "run")]) == 0
    log = (tmp_path / "run" / "train_log.txt").read_text()
    assert "train 8 images (4 of them backgrounds), val 2 images" in log
    hist = json.loads((tmp_path / "run" / "history.json").read_text())
    bgx = hist["extra"]["backgrounds"]
    assert (bgx["roots"], bgx["frames"], len(bgx["names_sha1"])) == ([str(tmp_path / "bg")], 4, 40)
    (data / "splits" / "trainval.txt").write_text("\n".join(f"t{i}" for i in range(6)))
    assert command.main(["--data", str(data), "--cv", "2", "--epochs", "1", "--batch-size", "2", "--crop", "32",
                         "--threads", "1", "--backgrounds", str(tmp_path / "bg"), "--aug", "paste",
                         "--out", str(tmp_path / "cv")]) == 0
    cv = json.loads((tmp_path / "cv" / "cv.json").read_text())
    assert cv["recipe"]["backgrounds"] == [str(tmp_path / "bg")]
    for f in cv["folds"]:
        assert f["val_images"] == 3 and not any("seq1" in n for n in f["held_out"])
        fh = json.loads((tmp_path / "cv" / f"fold_{f['fold']}" / "history.json").read_text())
        assert fh["extra"]["train_images"] == 3 + 4 and fh["extra"]["backgrounds"]["frames"] == 4
    # resuming with other backgrounds (or none) than the checkpoint's is refused: the data would change silently
    with pytest.raises(WorkbenchError, match="trained with backgrounds"):
        train.main(["--data", str(data), "--epochs", "2", "--batch-size", "2", "--crop", "32", "--threads", "1",
                    "--aug", "paste", "--resume", str(tmp_path / "run" / "last.pt"), "--out", str(tmp_path / "run")])
    _daub(tmp_path / "bg" / "seq2", n=2)
    with pytest.raises(WorkbenchError, match="other backgrounds"):
        train.main(["--data", str(data), "--epochs", "2", "--batch-size", "2", "--crop", "32", "--threads", "1",
                    "--aug", "paste", "--backgrounds", str(tmp_path / "bg"), "--resume", str(tmp_path / "run" / "last.pt"),
                    "--out", str(tmp_path / "run")])
    with pytest.raises(WorkbenchError, match="--backgrounds .*nowhere"):
        train.check_args(train.parser().parse_args(["--data", str(data), "--out", "x", "--backgrounds",
                                                    str(tmp_path / "nowhere")]))


def test_background_crops_always_carry_pasted_targets(tmp_path):
    """A background frame's crop always gets pasted targets (its mask is never empty), a labelled image's
    about half the time, the same on the host and the device path; backgrounds without ``paste`` are
    refused before anything is read."""
    from test_lw_irstnet_cv import _spots
    from workbench_lw_irstnet import train
    from workbench_lw_irstnet.augment import DeviceBatches, TargetBank

    xs, ms = map(list, zip(*[_spots(seed=s) for s in range(2)]))
    bank = TargetBank(xs, ms)
    bg = [np.random.default_rng(5).normal(0, 0.05, (3, 80, 96)).astype(np.float32)]
    allx, allm = xs + bg, ms + [np.zeros((80, 96), bool)]
    host = train.make_batches(allx, allm, 3, 48, 0, (1.0, 1.0), True, ("paste",), bank, None, 2)
    dev = DeviceBatches(allx, allm, 3, 48, 0, (1.0, 1.0), True, ("paste",), "cpu", bank, None, 2)
    plain = train.make_batches(allx, allm, 3, 48, 0, (1.0, 1.0), True, ("paste",), bank, None)  # none a background
    got_bg, plain_empty = 0, 0
    for epoch in range(12):
        order = np.random.default_rng([0, epoch]).permutation(3)
        (hx, hm), = host(epoch)
        (dx, dm), = dev(epoch)
        (_, pm), = plain(epoch)
        np.testing.assert_array_equal(hm.numpy(), dm.numpy())
        j = int(np.flatnonzero(order == 2)[0])  # where the background sits in the batch
        assert hm[j].sum() > 0  # always a pasted target: never an empty mask
        got_bg += 1
        plain_empty += int(pm[j].sum() == 0)
    assert got_bg == 12 and plain_empty >= 3  # treated as a labelled image, it is often left empty
    # run_training hands the data paths the index where the backgrounds start (5 images, then 4 backgrounds)
    from test_lw_irstnet_cv import _set

    bgroot = tmp_path / "bg"
    _daub(bgroot / "seq1")
    data = _set(tmp_path / "sirst", [f"t{i}" for i in range(5)])
    seen = {}
    real = train.make_batches

    def spy(xs_, ms_, *a, **k):
        seen["n"], seen["first"] = len(xs_), a[-1]
        return real(xs_, ms_, *a, **k)

    train.make_batches = spy
    try:
        assert train.main(["--data", str(data), "--val-split", "", "--epochs", "1", "--batch-size", "2", "--crop",
                           "32", "--threads", "1", "--aug", "paste", "--backgrounds", str(bgroot),
                           "--out", str(tmp_path / "spy")]) == 0
    finally:
        train.make_batches = real
    assert seen == {"n": 9, "first": 5}
    with pytest.raises(WorkbenchError, match="needs --aug paste"):
        train.run_training(None, train.parser().parse_args(["--data", "x", "--out", str(tmp_path / "never"),
                                                           "--backgrounds", str(tmp_path)]),
                           log=lambda m: None, data=(xs, ms, [], []))


def test_batch_softiou_does_not_reward_empty_predictions_on_empty_crops():
    """``--loss softiou-batch``: an all-background prediction on a batch of one target crop and one empty
    crop scores about 0.47 per crop (the empty one "perfect") but about 0.94 over the batch; false positives
    on the empty crop raise the batch loss in proportion. Backgrounds still need paste with it."""
    import torch

    from workbench_lw_irstnet import train

    t = torch.zeros((2, 1, 16, 16))
    t[0, 0, 4:8, 4:8] = 1.0
    nothing = torch.full((2, 1, 16, 16), -30.0)
    assert float(train.soft_iou_loss(nothing, t)) == pytest.approx((1 - 1 / 17) / 2, abs=1e-4)  # the empty crop scores 0
    assert float(train.soft_iou_loss(nothing, t, per_crop=False)) == pytest.approx(1.0, abs=0.07)
    hit = nothing.clone()
    hit[0, 0, 4:8, 4:8] = 30.0
    fp = hit.clone()
    fp[1, 0, :4, :4] = 30.0  # 16 false-positive pixels on the empty crop
    b_hit, b_fp = (float(train.soft_iou_loss(x, t, per_crop=False)) for x in (hit, fp))
    assert b_hit < 0.07 and b_fp == pytest.approx(1 - 17 / 33, abs=0.01)
    args = train.parser().parse_args(["--data", "x", "--out", "y", "--loss", "softiou-batch", "--backgrounds", "z"])
    assert args.loss == "softiou-batch"
    with pytest.raises(WorkbenchError, match="needs --aug paste"):  # plain negatives collapsed a fold under it too
        train.run_training(None, args, log=lambda m: None, data=([np.zeros((3, 8, 8), np.float32)],
                                                                 [np.zeros((8, 8), bool)], [], []))
