"""LW-IRSTNet selection without leaks: folds, the --cv / --final commands, the device data path,
box-scored external test sets."""
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from workbench.core.errors import WorkbenchError

pytestmark = pytest.mark.usefixtures("one_thread")


def _set(root: Path, names, size=(40, 48), seed=1, split="train.txt"):
    """A SIRST-style folder: one bright disc per image, its mask beside it."""
    rng = np.random.default_rng(seed)
    for d in ("images", "masks", "splits"):
        (root / d).mkdir(parents=True, exist_ok=True)
    for name in names:
        img = rng.normal(60, 8, size).clip(0, 255).astype(np.uint8)
        m = np.zeros(size, np.uint8)
        y, x = int(rng.integers(5, size[0] - 5)), int(rng.integers(5, size[1] - 5))
        cv2.circle(img, (x, y), 2, 230, -1)
        cv2.circle(m, (x, y), 2, 255, -1)
        cv2.imwrite(str(root / "images" / f"{name}.png"), img)
        cv2.imwrite(str(root / "masks" / f"{name}_pixels0.png"), m)
    (root / "splits" / split).write_text("\n".join(names))
    return root


V2_NAMES = ["S20210303_S3_1", "S20210303_S3_9", "S20210303_S3_17", "S20210527_S4_3", "S20210527_S4_26",
            "S20210527_S7_3", "S20210527_S7_33", "foo-00112"]


def test_folds_partition_by_image_and_keep_recordings_whole():
    from workbench_lw_irstnet.cv import make_folds, recording_group

    assert recording_group("S20210527_S4_114") == "S20210527_S4"
    assert recording_group("Misc_12") == "Misc_12" and recording_group("foo-00112") == "foo-00112"
    names = [f"Misc_{i}" for i in range(20)] + V2_NAMES
    groups = [recording_group(n) for n in names]
    folds = make_folds(groups, 4, seed=0)
    assert len(folds) == len(names) and set(folds) == {0, 1, 2, 3}  # every image in exactly one fold
    for g in set(groups):
        assert len({f for f, gg in zip(folds, groups) if gg == g}) == 1, g  # a recording is never split
    sizes = [folds.count(k) for k in range(4)]
    assert max(sizes) - min(sizes) <= 3  # the largest group has 3 images
    assert make_folds(groups, 4, seed=0) == folds  # fixed seed: the same folds
    assert make_folds(groups, 4, seed=1) != folds
    with pytest.raises(WorkbenchError, match="cannot be split"):
        make_folds(["a", "a", "b"], 3)


def test_cv_command_writes_per_fold_and_mean_figures_and_resumes(tmp_path, capsys):
    from workbench_lw_irstnet import command

    data = _set(tmp_path / "sirst", [f"t{i}" for i in range(6)])
    extra = _set(tmp_path / "v2", V2_NAMES, seed=2)
    out = tmp_path / "cv"
    argv = ["--cv", "3", "--data", str(data), "--split", "train.txt", "--extra", str(extra), "--epochs", "1",
            "--batch-size", "2", "--crop", "32", "--threads", "1", "--out", str(out)]
    assert command.main(argv) == 0
    cv = json.loads((out / "cv.json").read_text())
    assert cv["k"] == 3 and cv["complete"] and len(cv["folds"]) == 3
    assert cv["pool"]["images"] == 14 and cv["pool"]["groups"] == 6 + 4  # 3 recordings of several frames + foo-00112
    held = [n for f in cv["folds"] for n in f["held_out"]]
    assert len(held) == len(set(held)) == 14  # the folds partition the pool
    for f in cv["folds"]:
        assert f["train_images"] + f["val_images"] == 14 and f["val_images"] == len(f["held_out"])
        assert f["epoch"] == 1 and (out / f"fold_{f['fold']}" / "last.pt").is_file()
        recs = {n.split("/", 1)[1].rsplit("_", 1)[0] for n in f["held_out"] if n.startswith("v2/S")}
        for other in cv["folds"]:
            if other is not f:  # no recording on both sides
                assert not recs & {n.split("/", 1)[1].rsplit("_", 1)[0] for n in other["held_out"]
                                   if n.startswith("v2/S")}
    for m in ("miou", "niou", "f1", "pd", "fa_e6"):
        vals = [f[m] for f in cv["folds"]]
        assert cv["mean"][m] == pytest.approx(np.mean(vals)) and cv["std"][m] == pytest.approx(np.std(vals, ddof=1))
    assert "mean ± std" in capsys.readouterr().out
    # resumable per fold: scored folds are skipped, a missing one is redone
    (out / "fold_1" / "score.json").unlink()
    before = (out / "fold_0" / "score.json").read_text()
    assert command.main(argv) == 0
    second = (out / "cv_log.txt").read_text().split("workbench train lw_irstnet --cv")[-1]
    assert "fold 0: already scored" in second and "fold 2: already scored" in second
    assert "fold 1: train" in second and "fold 0: train" not in second
    assert (out / "fold_0" / "score.json").read_text() == before
    assert json.loads((out / "cv.json").read_text())["complete"]


def test_final_trains_on_all_images_without_selection(tmp_path):
    from workbench.core.training import load_weights
    from workbench_lw_irstnet import command
    from workbench_lw_irstnet.model import LWIRSTNet

    data = _set(tmp_path / "sirst", [f"t{i}" for i in range(6)])
    extra = _set(tmp_path / "v2", V2_NAMES[:4], seed=2)
    out = tmp_path / "final"
    assert command.main(["--final", "--data", str(data), "--split", "train.txt", "--extra", str(extra),
                       "--epochs", "2", "--batch-size", "2", "--crop", "32", "--threads", "1", "--ema", "0.9",
                       "--out", str(out)]) == 0
    info = json.loads((out / "final.json").read_text())
    assert info["images"] == 10 and len(set(info["names"])) == 10 and info["epochs"] == 2
    assert info["selection"] == "none" and info["weights"] == "ema"
    hist = json.loads((out / "history.json").read_text())["history"]
    assert [h["epoch"] for h in hist] == [1, 2] and not any("miou" in h for h in hist)  # nothing validated
    load_weights(out / "final_weights.pt", LWIRSTNet())
    with pytest.raises(WorkbenchError, match="separate runs"):
        command.main(["--final", "--cv", "2", "--data", str(data), "--epochs", "1", "--out", str(out)])


def _blocks(h=90, w=130, seed=0):
    """An image of flat blocks and its mask as a function of the image (blocks above a level)."""
    rng = np.random.default_rng(seed)
    lv = rng.uniform(-2, 2, (h // 10 + 1, w // 10 + 1)).astype(np.float32)
    img = np.kron(lv, np.ones((10, 10), np.float32))[:h, :w]
    return np.stack([img, img * 0.5, -img]), img > 0.7


def test_device_augmentation_keeps_masks_aligned():
    from workbench_lw_irstnet.augment import DeviceBatches, augment

    crop = 64
    xs, ms = zip(*[_blocks(seed=s) for s in range(3)], _blocks(50, 40, 9))  # one image smaller than the crop
    # scale, dihedral and free rotation: the mask must stay the image's function wherever the image is flat
    db = DeviceBatches(list(xs), list(ms), 4, crop, 0, (0.7, 1.4), True, ("dihedral", "rotate"), "cpu")
    agree, n = 0.0, 0
    for epoch in range(3):
        for img, msk in db(epoch):
            assert img.shape == (4, 3, crop, crop) and msk.shape == (4, 1, crop, crop)
            assert set(torch.unique(msk).tolist()) <= {0.0, 1.0}
            a = img[:, 0].numpy()
            flat = np.abs(cv2.Laplacian(a.transpose(1, 2, 0), cv2.CV_32F)).transpose(2, 0, 1) < 1e-5
            assert np.allclose(img[:, 1].numpy(), 0.5 * a, atol=1e-5) and np.allclose(img[:, 2].numpy(), -a, atol=1e-5)
            agree += ((a > 0.7) == (msk[:, 0].numpy() > 0))[flat].mean()
            n += 1
    assert agree / n > 0.99
    # scale 1, no rotation: exact pixel copies, the same crops as the CPU path from the same seed
    db1 = DeviceBatches(list(xs), list(ms), 1, crop, 0, (1.0, 1.0), True, ("dihedral",), "cpu")
    for seed in range(6):
        r1, r2 = np.random.default_rng(seed), np.random.default_rng(seed)
        i = seed % 4
        ci, cm = augment(xs[i], ms[i], crop, r1, (1.0, 1.0), True, ("dihedral",))
        gi, gm = db1.warp([i], db1.params(r2, [i]))
        np.testing.assert_allclose(gi[0].numpy(), ci, atol=1e-4)
        np.testing.assert_array_equal(gm[0, 0].numpy(), cm)
        assert np.array_equal(cm > 0, ci[0] > 0.7)


def test_cpu_augment_default_stream_is_unchanged():
    """The extras draw nothing when off: the default recipe gives the samples it always gave."""
    from workbench_lw_irstnet.augment import augment

    x, m = _blocks(120, 150)
    a = augment(x, m, 64, np.random.default_rng(5))
    b = augment(x, m, 64, np.random.default_rng(5), (0.8, 1.25), True, ())
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    c = augment(x, m, 64, np.random.default_rng(5), (0.8, 1.25), True, ("contrast", "noise", "polarity"))
    assert c[0].shape == a[0].shape and not np.array_equal(a[0], c[0])
    with pytest.raises(WorkbenchError, match="unknown augmentation"):
        from workbench_lw_irstnet.augment import check_augs
        check_augs(["zoom"])


def test_device_data_path_runs_through_the_training_on_cpu(tmp_path):
    """The GPU data path end to end (``--data-path device`` forces it on the CPU): same epoch layout."""
    from workbench_lw_irstnet import train

    data = _set(tmp_path / "sirst", [f"t{i}" for i in range(7)])
    runs = {}
    for path in ("host", "device"):
        out = tmp_path / path
        assert train.main(["--data", str(data), "--split", "train.txt", "--val-split", "", "--epochs", "1",
                           "--batch-size", "3", "--crop", "32", "--threads", "1", "--data-path", path,
                           "--aug", "dihedral", "rotate", "contrast", "noise", "--out", str(out)]) == 0
        runs[path] = json.loads((out / "history.json").read_text())["history"][0]
        assert ("cached on cpu" in (out / "train_log.txt").read_text()) == (path == "device")
    assert np.isfinite(runs["device"]["loss"]) and 0 < runs["device"]["loss"] <= 1
    assert runs["device"]["loss"] == pytest.approx(runs["host"]["loss"], abs=0.05)  # same crops, same init


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_one_cuda_epoch_with_the_device_data_path(tmp_path):
    from workbench_lw_irstnet import train

    data = _set(tmp_path / "sirst", [f"t{i}" for i in range(8)])
    (data / "splits" / "val.txt").write_text("t6\nt7")
    out = tmp_path / "run"
    assert train.main(["--data", str(data), "--split", "train.txt", "--val-split", "val.txt", "--epochs", "1",
                       "--batch-size", "4", "--crop", "32", "--device", "cuda", "--aug", "dihedral", "rotate",
                       "--out", str(out)]) == 0
    log = (out / "train_log.txt").read_text()
    assert "cached on cuda" in log
    assert "miou" in json.loads((out / "history.json").read_text())["history"][0]


def test_box_labelled_set_scores_pd_and_fa_only(tmp_path):
    from workbench_lw_irstnet.evaluate import evaluate_boxes, is_box_dataset, match_boxes

    root = tmp_path / "ist"
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    img = np.full((40, 60), 30, np.uint8)
    cv2.imwrite(str(root / "images" / "000001.png"), img)
    # two boxes: one where the fake net fires (centre 20, 10), one it misses
    (root / "labels" / "000001.txt").write_text("1 0.3333 0.25 0.1 0.1\n1 0.8 0.8 0.05 0.05\n")
    assert is_box_dataset(root)

    def logits(frame):
        out = np.full(frame.shape[:2], -5.0, np.float32)
        out[9:12, 19:22] = 5.0  # 9 px on the first box
        out[30:32, 5:7] = 5.0  # 4 px false alarm
        return out

    r = evaluate_boxes(None, root, logits)
    assert r["pd"] == 0.5 and r["targets"] == 2 and r["miou"] is None
    assert r["fa"] == pytest.approx(4 / (40 * 60))
    # the Pd-Fa curve: both blobs score 5, so above logit 5 nothing, below it the operating point's figures
    from workbench.core.evaluation.segmentation import PDFA_LOGITS

    c = r["pd_fa"]
    for t, pd_, fa in zip(PDFA_LOGITS, c["pd"], c["fa"]):
        if t >= 5:
            assert (pd_, fa) == (0.0, 0.0), t
        elif t >= -5:  # (below -5 the whole background is one component)
            assert (pd_, fa) == (0.5, pytest.approx(4 / 2400)), t
    pred = np.zeros((10, 10), bool)
    pred[0, 0] = True
    assert match_boxes(pred, np.array([[5.0, 5.0, 2.0, 2.0]]))["matched"] == 0  # 5 px from the box: too far
    assert match_boxes(pred, np.array([[2.0, 2.0, 2.0, 2.0]]))["matched"] == 1  # 2 px: within the margin
    # an image set of mixed sizes (Anti-UAV's 640x512 and 512x512 frames) is scored image by image, each box
    # in its own image's pixels (it was refused: "every frame of a sequence must match")
    cv2.imwrite(str(root / "images" / "000002.png"), np.full((60, 40), 30, np.uint8))
    (root / "labels" / "000002.txt").write_text("1 0.5 0.1667 0.15 0.1\n")  # centre (20, 10): where the net fires
    r = evaluate_boxes(None, root, logits)
    assert r["images"] == 2 and r["targets"] == 3 and r["matched"] == 2
    assert r["fa"] == pytest.approx(8 / (2 * 2400))


def test_box_labels_are_checked_by_the_core_reader(tmp_path):
    """The label files go through the core's YOLO reader: a damaged one is an error naming the file and
    line before anything is segmented; an image without a label file is not scored, with a warning."""
    from workbench.core.errors import DataError
    from workbench_lw_irstnet.evaluate import evaluate_boxes

    root = tmp_path / "ist"
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    for name in ("000001", "000002"):
        cv2.imwrite(str(root / "images" / f"{name}.png"), np.full((40, 60), 30, np.uint8))
    (root / "labels" / "000001.txt").write_text("1 0.3333 0.25 0.1 0.1\n")

    def logits(frame):
        out = np.full(frame.shape[:2], -5.0, np.float32)
        out[9:12, 19:22] = 5.0  # on the box of 000001
        out[30:32, 5:7] = 5.0  # 4 px false alarm in each image
        return out

    r = evaluate_boxes(None, root, logits)  # 000002 has no label file: not scored, not a false alarm
    assert r["images"] == 1 and r["pd"] == 1.0 and r["fa"] == pytest.approx(4 / (40 * 60))
    assert len(r["warnings"]) == 1 and "000002.txt" in r["warnings"][0] and "not scored" in r["warnings"][0]
    for bad, problem in (("1 1.7 0.5 0.1 0.1", "not normalised"), ("1 nan 0.5 0.1 0.1", "not a finite number"),
                         ("1 200 150 6 8", "not normalised"), ("1 0.5 0.5 0.1", "class cx cy w h"),
                         ("1 0.5 0.5 -0.1 0.1", "not normalised")):
        (root / "labels" / "000002.txt").write_text(f"1 0.5 0.5 0.1 0.1\n{bad}\n")
        with pytest.raises(DataError, match=problem) as exc:
            evaluate_boxes(None, root, lambda f: pytest.fail("segmented before the labels were checked"))
        assert exc.value.path == root / "labels" / "000002.txt" and exc.value.line == 2


def dark_target_sets(root: Path, n: int = 3) -> tuple[Path, Path]:
    """The same black-hot images (a dark 3x3 target on a bright background) labelled twice: a SIRST-style
    folder (masks) and an IST-A-style one (YOLO boxes)."""
    rng = np.random.default_rng(0)
    masks, boxes = root / "masks_set", root / "boxes_set"
    for d in (masks / "images", masks / "masks", boxes / "images", boxes / "labels"):
        d.mkdir(parents=True)
    for k in range(n):
        img = rng.normal(190, 4, (64, 80)).clip(0, 255).astype(np.uint8)
        img[20 + k:23 + k, 30:33] = 5
        m = np.zeros(img.shape, np.uint8)
        m[20 + k:23 + k, 30:33] = 255
        for d in (masks, boxes):
            cv2.imwrite(str(d / "images" / f"{k:06d}.png"), img)
        cv2.imwrite(str(masks / "masks" / f"{k:06d}.png"), m)
        (boxes / "labels" / f"{k:06d}.txt").write_text(f"0 {31.5 / 80:.5f} {(21.5 + k) / 64:.5f} {3 / 80:.5f} {3 / 64:.5f}\n")
    return masks, boxes


def test_segment_inverts_box_labelled_sets_as_mask_sets(tmp_path):
    """``segment --invert`` (black-hot data) reaches the network on a box-labelled set as on a mask-labelled one:
    the same images score the same Pd / Fa and per-image matches by either labelling, with and without it
    (the shipped weights find the dark targets only when inverted)."""
    from workbench_lw_irstnet import evaluate

    masks, boxes = dark_target_sets(tmp_path)
    for invert in (False, True):
        got = {}
        for name, root in (("masks", masks), ("boxes", boxes)):
            js = tmp_path / f"{name}_{invert}.json"
            assert evaluate.main(["--dataset", str(root), "--device", "cpu", "--json", str(js)]
                                 + (["--invert"] if invert else [])) == 0
            got[name] = json.loads(js.read_text())
        assert got["boxes"]["pd"] == got["masks"]["pd"] == (1.0 if invert else 0.0), (invert, got)
        assert got["boxes"]["fa"] == got["masks"]["fa"] == 0.0
        assert [r["matched"] for r in got["boxes"]["per_image"]] == [r["matched"] for r in got["masks"]["per_image"]]


def _spots(h=80, w=96, seed=0, n=2):
    """A noisy background with ``n`` Gaussian spots (amplitude 3) and their masks (value > 1)."""
    rng = np.random.default_rng(seed)
    bg = rng.normal(0, 0.05, (h, w)).astype(np.float32) + np.linspace(-1, 1, w, dtype=np.float32)[None]
    yy, xx = np.mgrid[:h, :w]
    spot = np.zeros((h, w), np.float32)
    for k in range(n):
        cy, cx = 15 + 45 * k % (h - 30), 20 + 37 * k % (w - 40)
        spot += 3.0 * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * 1.5 ** 2))
    img = bg + spot
    return np.stack([img, img, img]), spot > 1.0


def test_paste_bank_and_samples():
    """``paste``: one bank entry per labelled component, carrying its contrast over the local background;
    a pasted sample gains target pixels exactly where the image gained the spot, never over a target it
    had, and the host and device paths paste the same targets at the same places."""
    from workbench_lw_irstnet.augment import PASTE_GAIN, DeviceBatches, TargetBank, augment

    xs, ms = zip(*[_spots(seed=s) for s in range(3)])
    bank = TargetBank(xs, ms)
    assert len(bank) == 6 and bank.owner == [0, 0, 1, 1, 2, 2]
    for a, m in zip(bank.adds, bank.masks):
        assert a.shape[1:] == m.shape and m.sum() == ms[0].sum() // 2
        assert 2.5 < a[0][m].max() < 3.2  # the spot's own amplitude; the slope of the background is removed
        assert np.abs(a[0][0]).max() < 0.05 and np.abs(a[0][:, 0]).max() < 0.05  # feathered to nothing at the edge
    crop, pasted = 48, 0
    for seed in range(40):
        i = seed % 3
        plain = augment(xs[i], ms[i], crop, np.random.default_rng(seed), (1.0, 1.0), True, ())
        x, m = augment(xs[i], ms[i], crop, np.random.default_rng(seed), (1.0, 1.0), True, ("paste",), bank, i)
        assert np.array_equal(m[plain[1] > 0], plain[1][plain[1] > 0])  # own targets kept
        new = (m > 0) & (plain[1] == 0)
        gain = x[0] - plain[0][0]
        if new.any():
            pasted += 1
            assert gain[new].max() > 2.5 * PASTE_GAIN[0]  # the spot is there, bright, where the mask says
            assert np.abs(gain[plain[1] > 0]).max(initial=0.0) < 1e-6  # nothing added on top of a target it had
        else:
            assert np.abs(gain).max() < 1e-6
        # the device path (forced onto the CPU) pastes the same targets at the same places
        db = DeviceBatches(list(xs), list(ms), 1, crop, 0, (1.0, 1.0), True, ("paste",), "cpu", bank)
        gi, gm = db.warp([i], db.params(np.random.default_rng(seed), [i]))
        np.testing.assert_allclose(gi[0].numpy(), x, atol=1e-4)
        np.testing.assert_array_equal(gm[0, 0].numpy(), m)
    assert 10 <= pasted <= 30  # about half the samples (probability 0.5)
    with pytest.raises(WorkbenchError, match="no labelled target"):
        from workbench_lw_irstnet import train
        train.run_training(None, train.parser().parse_args(["--data", "x", "--out", "/tmp/_never", "--aug", "paste",
                                                           "--epochs", "1", "--batch-size", "1"]),
                           log=lambda m: None, data=([xs[0]], [np.zeros_like(ms[0])], [], []))


def test_hard_false_alarm_mining_and_crops(tmp_path):
    """``hard``: the miner keeps the network's predicted components that touch no target (never the ones on
    a target), and a crop drawn with them covers one about half the time, the same on both data paths."""
    from workbench_lw_irstnet import train
    from workbench_lw_irstnet.augment import HARD_P, DeviceBatches, FalseAlarmMiner, augment

    h, w = 120, 160
    x = np.zeros((3, h, w), np.float32)
    m = np.zeros((h, w), bool)
    m[20:24, 30:34] = True  # the target
    x[:, 20:24, 30:34] = 3.0
    x[:, 90:95, 120:126] = 2.0  # bright clutter, no label

    class Bright(torch.nn.Module):  # "segments" every bright pixel
        def forward(self, t):
            return t[:, :1] - 1.0

    miner = FalseAlarmMiner([x], [m])
    net = Bright().train()
    miner.mine(net, 0)
    assert net.training  # put back as it was
    assert miner.points[0].shape == (1, 2) and np.allclose(miner.points[0][0], (92, 122.5))
    assert not miner.due(3) and miner.due(5) and miner.counts == [1]
    crop, covered = 48, 0
    db = DeviceBatches([x], [m], 1, crop, 0, (1.0, 1.0), True, ("hard",), "cpu", miner=miner)
    for seed in range(40):
        ci, cm = augment(x, m, crop, np.random.default_rng(seed), (1.0, 1.0), True, ("hard",), None, 0,
                         miner.points[0])
        covered += bool((ci[0] > 1.5).sum() >= 16 and cm.sum() == 0)  # the clutter, not the target
        gi, gm = db.warp([0], db.params(np.random.default_rng(seed), [0]))
        np.testing.assert_array_equal(gm[0, 0].numpy(), cm)
    assert 40 * HARD_P * 0.5 <= covered <= 40  # about half, plus the crops that fall on it anyway
    # end to end: a training with --aug hard mines before its first epoch
    data = _set(tmp_path / "sirst", [f"t{i}" for i in range(4)])
    assert train.main(["--data", str(data), "--split", "train.txt", "--val-split", "", "--epochs", "1",
                       "--batch-size", "2", "--crop", "32", "--threads", "1", "--aug", "hard", "paste",
                       "--out", str(tmp_path / "run")]) == 0
    log = (tmp_path / "run" / "train_log.txt").read_text() if (tmp_path / "run" / "train_log.txt").is_file() else ""
    assert "false alarms mined" in log, log[-500:]


def test_segment_command_on_a_box_set_keeps_split_views_and_masks(tmp_path):
    """``workbench segment --model lw_irstnet`` on a box-labelled set honours ``--split`` (it scored every
    image), writes ``--views`` pictures and ``--out`` masks (it wrote two empty folders), as for mask sets."""
    from workbench_lw_irstnet import evaluate

    root = tmp_path / "boxes"
    for d in ("images", "labels", "splits"):
        (root / d).mkdir(parents=True)
    rng = np.random.default_rng(0)
    for name in ("a", "b", "c"):
        img = rng.normal(60, 5, (40, 60)).clip(0, 255).astype(np.uint8)
        img[18:21, 28:31] = 250
        cv2.imwrite(str(root / "images" / f"{name}.png"), img)
        (root / "labels" / f"{name}.txt").write_text("0 0.4917 0.4875 0.05 0.075\n")
    (root / "splits" / "sub.txt").write_text("c\na\n")
    out, views, js = tmp_path / "out", tmp_path / "views", tmp_path / "r.json"
    assert evaluate.main(["--dataset", str(root), "--split", "sub.txt", "--views", str(views), "--out", str(out),
                          "--json", str(js), "--threads", "1"]) == 0
    r = json.loads(js.read_text())
    assert r["images"] == 2 and r["targets"] == 2 and r["split"].endswith("sub.txt")
    assert sorted(p.name for p in views.glob("*.png")) == ["a.png", "c.png"]
    masks = sorted(out.rglob("*.png"))
    assert [p.name for p in masks] == ["a.png", "c.png"] and all(p.parent.name == "sub" for p in masks)
    assert cv2.imread(str(masks[0]), cv2.IMREAD_UNCHANGED).shape[:2] == (40, 60)
    assert list(out.rglob("manifest.json"))
