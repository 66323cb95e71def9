"""LW-IRSTNet: size as the paper, post-processing, segmenter, ONNX back ends, commands, shipped weights."""
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.complexity import measure
from workbench.core.training import CheckpointError
from workbench_lw_irstnet import PLUGIN, LWIRSTNetConfig, default_weights
from workbench_lw_irstnet.model import LWIRSTNet
from workbench_lw_irstnet.postprocess import cluster, filter_indices, postprocess

from tests.helpers import SHARED_DATA  # noqa: E402

SIRST = SHARED_DATA / "irst" / "sirst"
SIRST_V2 = SHARED_DATA / "irst" / "sirst_v2"
# measured with the shipped weights by `workbench segment` on SIRST-V2 (recordings none of the weights saw; all
# of SIRST v1 train + val is training data since stage 7): see weights/PROVENANCE.md
SHIPPED_V2_MIOU_FLOOR = 0.38  # measured 0.4261 (stage 7, default tta flip); margin for other CPUs / versions


pytestmark = pytest.mark.usefixtures("one_thread")


def _random_model(seed=0):
    """An untrained net with non-trivial BN statistics and PReLU slopes (so back-end checks mean something)."""
    torch.manual_seed(seed)
    m = LWIRSTNet()
    g = torch.Generator().manual_seed(seed)
    for mod in m.modules():
        if isinstance(mod, torch.nn.BatchNorm2d):
            mod.running_mean.copy_(torch.rand(mod.num_features, generator=g) - 0.5)
            mod.running_var.copy_(torch.rand(mod.num_features, generator=g) + 0.5)
        if isinstance(mod, torch.nn.PReLU):
            mod.weight.data.fill_(float(torch.rand(1, generator=g)) * 0.5)
    return m.eval()


def test_params_and_flops_match_the_paper():
    cx = measure(LWIRSTNet(), (1, 3, 256, 256), "thop")
    assert cx.params == pytest.approx(0.16e6, rel=0.05)
    assert cx.params == pytest.approx(0.1632e6, rel=0.005)  # Table II: 0.1632 M
    assert cx.ops == pytest.approx(303e6, rel=0.05)
    assert cx.ops == pytest.approx(303.53e6, rel=0.01)  # Table II: 303.53 M


def test_output_sizes_and_architecture():
    m = LWIRSTNet().eval()
    with torch.no_grad():
        assert m(torch.zeros(1, 3, 256, 256)).shape == (1, 1, 256, 256)
        assert m(torch.zeros(2, 3, 240, 320)).shape == (2, 1, 240, 320)
    convs = [x for x in m.modules() if isinstance(x, (torch.nn.Conv2d, torch.nn.ConvTranspose2d))]
    assert all(c.bias is None for c in convs)  # no biases anywhere
    asym = [c for c in convs if c.kernel_size in ((7, 1), (1, 7))]
    assert len(asym) == 8  # one 7x1 + 1x7 pair in each of the 4 DAAA modules
    dil = sorted(c.dilation[0] for c in convs if c.dilation[0] > 1)
    assert dil == [2, 2, 4, 4, 8, 8, 16, 16]
    assert sum(isinstance(x, torch.nn.ConvTranspose2d) for x in m.modules()) == 3


def test_clustering_and_feature_filter():
    logits = np.full((20, 30), -5.0)
    logits[2:4, 2:4] = 3.0  # 4 px square
    logits[10, 10:16] = 2.0  # 6 px horizontal line, aspect 6
    logits[15, 25] = 1.0  # 1 px
    logits[16, 26] = 1.0  # diagonal neighbour: same target (8-connected)
    comps = cluster(logits > 0, logits)
    assert sorted(t.pixels for t in comps.targets) == [2, 4, 6]
    sq = next(t for t in comps.targets if t.pixels == 4)
    assert sq.centroid == pytest.approx((2.5, 2.5)) and sq.box == (2, 2, 2, 2) and sq.aspect_ratio == 1.0
    assert sq.score == pytest.approx(3.0)
    line = next(t for t in comps.targets if t.pixels == 6)
    assert line.aspect_ratio == pytest.approx(6.0)
    keep = filter_indices(comps.targets, min_pixels=2, max_pixels=5)
    assert sorted(comps.targets[i].pixels for i in keep) == [2, 4]
    keep = filter_indices(comps.targets, min_aspect=0.5, max_aspect=2.0)
    assert sorted(comps.targets[i].pixels for i in keep) == [2, 4]
    mask, kept, all_c = postprocess(logits, 0.0, min_pixels=3, max_pixels=100, min_aspect=0.0, max_aspect=10)
    assert mask.sum() == 10 and len(kept) == 2 and len(all_c.targets) == 3
    mask, kept, _ = postprocess(logits, 1.5)  # higher threshold drops the 1-logit pair
    assert mask.sum() == 10


def test_segmenter_native_dtypes_padding_and_refilter(monkeypatch):
    from workbench_lw_irstnet.segmenter import LWIRSTNetSegmenter

    seg = LWIRSTNetSegmenter(LWIRSTNetConfig(weights=""), "cpu", model=_random_model())
    calls = {"n": 0}
    orig = seg.model.forward

    def counted(x):
        calls["n"] += 1
        assert x.shape[2] % 8 == 0 and x.shape[3] % 8 == 0
        return orig(x)

    monkeypatch.setattr(seg.model, "forward", counted)
    rng = np.random.default_rng(0)
    for frame in (rng.integers(0, 255, (97, 135), dtype=np.uint8),
                  rng.integers(0, 65535, (61, 83), dtype=np.uint16),
                  rng.integers(0, 255, (50, 70, 3), dtype=np.uint8),
                  rng.integers(0, 255, (50, 70, 4), dtype=np.uint8)):
        out = seg.predict(frame)
        assert out.saliency.shape == out.mask.shape == frame.shape[:2]
        assert out.saliency.dtype == np.float32 and 0 <= out.saliency.min() and out.saliency.max() <= 1
        assert seg.last_logits.shape == frame.shape[:2]
    n = calls["n"]
    all_t = seg.refilter(threshold=float(np.median(seg.last_logits)))  # about half the pixels
    few = seg.refilter(min_pixels=10 ** 6)
    assert few.targets == [] and not few.mask.any()
    assert calls["n"] == n  # no network run for re-thresholding / re-filtering
    assert all_t.mask.any()


def test_pickle_weights_are_refused(tmp_path):
    from workbench_lw_irstnet.segmenter import load_model

    bad = tmp_path / "bad.pt"
    torch.save({"model": LWIRSTNet().state_dict(), "cfg": LWIRSTNetConfig()}, bad)
    with pytest.raises(CheckpointError, match="bad.pt.*pickle"):
        load_model(bad)
    with pytest.raises(WorkbenchError, match="not found"):
        load_model(tmp_path / "none.pt")


def _backend_check(model, inputs, tmp_path, absolute=True):
    """Same logits within 1e-4: absolute for the untrained net (logits of order 1); for trained
    weights, whose logits reach several hundred, within 1e-4 x max(1, |logit|), and the same masks."""
    from workbench_lw_irstnet.export import compare_backends, export_onnx

    path = export_onnx(model, tmp_path / "lw.onnx")
    diff = compare_backends(model, path, inputs, threads=1)
    for k in ("onnxruntime", "opencv"):
        assert diff[k]["max_scaled"] < 1e-4, diff
        assert diff[k]["mask_pixels_differ"] == 0, diff
        if absolute:
            assert diff[k]["max_abs"] < 1e-4, diff
    return diff


def test_onnx_backends_agree_on_generated_images(tmp_path):
    rng = np.random.default_rng(0)
    inputs = [rng.standard_normal((1, 3, h, w)).astype(np.float32) for h, w in ((256, 256), (96, 136), (240, 320))]
    _backend_check(_random_model(), inputs, tmp_path)


def test_onnx_backends_agree_on_real_sirst(tmp_path):
    if not (SIRST / "images").is_dir():
        pytest.skip(f"real SIRST not present at {SIRST}")
    from workbench.core.data.sirst import open_sirst
    from workbench_lw_irstnet.segmenter import load_model, pad_chw

    shipped = Path(default_weights()).is_file()
    model = load_model(default_weights()) if shipped else _random_model()
    ds = open_sirst(SIRST, "val.txt")
    inputs = [pad_chw(ds.sample(i)[1])[0][None] for i in (0, 20, 40, 60)]
    _backend_check(model, inputs, tmp_path, absolute=not shipped)


def _tiny_dataset(root: Path, n=8, size=(40, 48)):
    rng = np.random.default_rng(1)
    for d in ("images", "masks", "splits"):
        (root / d).mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(n):
        img = (rng.normal(60, 8, size)).clip(0, 255).astype(np.uint8)
        m = np.zeros(size, np.uint8)
        y, x = rng.integers(5, size[0] - 5), rng.integers(5, size[1] - 5)
        cv2.circle(img, (int(x), int(y)), 2, 230, -1)
        cv2.circle(m, (int(x), int(y)), 2, 255, -1)
        cv2.imwrite(str(root / "images" / f"t{i}.png"), img)
        cv2.imwrite(str(root / "masks" / f"t{i}_pixels0.png"), m)
        names.append(f"t{i}")
    (root / "splits" / "train.txt").write_text("\n".join(names[:6]))
    (root / "splits" / "val.txt").write_text("\n".join(names[6:]))
    return root


def test_train_resume_segment_export_commands(tmp_path):
    import json

    from workbench_lw_irstnet import evaluate, export, train

    data = _tiny_dataset(tmp_path / "data")
    out = tmp_path / "run"
    base = ["--data", str(data), "--split", "train.txt", "--val-split", "val.txt", "--batch-size", "3",
            "--crop", "32", "--threads", "1", "--out", str(out)]
    assert train.main(base + ["--epochs", "1", "--ema", "0.99"]) == 0
    assert train.main(base + ["--epochs", "2", "--ema", "0.99", "--resume", str(out / "last.pt")]) == 0
    hist = json.loads((out / "history.json").read_text())
    assert [h["epoch"] for h in hist["history"]] == [1, 2]
    assert {"miou", "niou", "pd", "fa_e6", "loss", "raw_miou"} <= set(hist["history"][-1])
    assert (out / "ema_weights.pt").is_file()
    with pytest.raises(WorkbenchError, match="--ema"):
        train.main(base + ["--epochs", "1", "--ema", "1.5"])
    w = out / "best_weights.pt"
    assert w.is_file()
    js = tmp_path / "eval.json"
    assert evaluate.main(["--dataset", str(data), "--split", "val.txt", "--weights", str(w), "--json", str(js),
                          "--plots", str(tmp_path / "plots"), "--views", str(tmp_path / "views"),
                          "--out", str(tmp_path / "masks")]) == 0
    from workbench.core.results import read_manifest, read_masks

    run = next((tmp_path / "masks" / "data" / "lw_irstnet").glob("custom-*"))  # trained weights: not the default
    masks = read_masks(run / "val")
    assert len(masks) == 2 and all(m.dtype == bool for m in masks.values())
    man = read_manifest(run)
    assert man["weights_sha256"] and man["kind"] == "segmenter" and man["sequences"]["val"]["frames"] == 2
    res = json.loads(js.read_text())
    for k in ("miou", "niou", "f1", "precision", "recall", "pd", "fa", "auc", "params", "flops", "fps"):
        assert k in res, k
    assert res["params"] == 163236
    for fmt in ("png", "svg", "pdf"):
        assert (tmp_path / "plots" / f"roc.{fmt}").stat().st_size > 0
        assert (tmp_path / "plots" / f"pd_fa.{fmt}").stat().st_size > 0
    pdfa = (tmp_path / "plots" / "pd_fa.csv").read_text().splitlines()
    assert pdfa[0] == "threshold,logit,pd,fa,fa_e6" and len(pdfa) == 32
    k0 = res["pd_fa"]["thresholds"].index(0.5)  # logit 0: the operating point
    assert len(res["pd_fa"]["pd"]) == 31 and res["pd_fa"]["pd"][k0] == res["pd"]
    assert len(list((tmp_path / "views").glob("*.png"))) == 2
    onnx = tmp_path / "lw.onnx"
    assert export.main(["--onnx", str(onnx), "--weights", str(w)]) == 0 and onnx.stat().st_size > 100_000
    assert export.main(["--onnx", str(tmp_path / "f.onnx"), "--weights", str(w), "--fixed", "64", "--check"]) == 0


def test_detection_view_colours():
    from workbench_lw_irstnet.evaluate import CORRECT, FALSE_ALARM, MISSED, detection_view

    img = np.zeros((20, 20), np.uint8)
    gt = np.zeros((20, 20), bool)
    gt[3:5, 3:5] = True  # detected
    gt[15, 15] = True  # missed
    pred = np.zeros_like(gt)
    pred[3:5, 3:5] = True
    pred[10, 2:4] = True  # false alarm
    v = detection_view(img, pred, gt, alpha=1.0, boxes=False)
    assert v.shape == (20, 20, 3) and v.dtype == np.uint8
    assert tuple(v[3, 3]) == CORRECT and tuple(v[15, 15]) == MISSED and tuple(v[10, 2]) == FALSE_ALARM
    assert tuple(v[0, 0]) == (0, 0, 0)


def test_plugin_description_is_light():
    assert PLUGIN.kind == "segmenter" and PLUGIN.uses_torch
    assert set(PLUGIN.commands) == {"train", "export", "segment", "import"}
    cfg = PLUGIN.make_config({"threshold": "0.5", "invert": "true", "min_pixels": "2"})
    assert cfg.threshold == 0.5 and cfg.invert is True and cfg.min_pixels == 2


def test_shipped_weights_segment_unseen_recordings(monkeypatch):
    w = Path(default_weights())
    if not w.is_file():
        pytest.skip(f"shipped weights not present at {w}")
    if not (SIRST_V2 / "images").is_dir():
        pytest.skip(f"real SIRST-V2 not present at {SIRST_V2}")
    from workbench.core.data.sirst import open_sirst
    from workbench.core.evaluation import segmentation
    from workbench.core.evaluation.segmentation import SegmentationMetrics

    # the Pd-Fa curve (connected components at each of its 31 thresholds) is not asserted here and was
    # 40 % of this test's time; mIoU and Pd come from the operating point's counts, which update still
    # makes (tests/core/test_segmentation_metrics.py checks the curve)
    monkeypatch.setattr(segmentation, "pdfa_add", lambda *a, **k: None)
    seg = PLUGIN.create(PLUGIN.default_config(), "cpu")
    ds = open_sirst(SIRST_V2)
    acc = SegmentationMetrics()
    for i in range(len(ds)):
        img = ds.image(i)
        seg.predict(img)
        acc.update(seg.last_logits, ds.mask(i, img.shape[:2]))
    rep = acc.report()
    assert rep.miou > SHIPPED_V2_MIOU_FLOOR, rep.as_dict()
    assert rep.pd > 0.85, rep.as_dict()  # measured 0.904 (47 of 52 targets)


def test_segmenter_follows_the_protocol_and_publishes_logits():
    from workbench.core.data.sequence import ArrayFrames, Sequence
    from workbench.core.loops import iter_segment
    from workbench.core.methods import Segmenter
    from workbench_lw_irstnet import LWIRSTNetConfig
    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.segmenter import LWIRSTNetSegmenter

    seg = LWIRSTNetSegmenter(LWIRSTNetConfig(weights=""), "cpu", model=LWIRSTNet())
    assert isinstance(seg, Segmenter) and PLUGIN.has("refilter")
    seq = Sequence("s", ArrayFrames(2, lambda i: np.full((24, 40), 10 * i, np.uint8)), "gray")
    outs = dict(iter_segment(seg, seq))
    assert sorted(outs) == [0, 1] and outs[1].maps["logits"].data.shape == (24, 40)
    np.testing.assert_array_equal(outs[1].maps["logits"].data, seg.last_logits)


def test_segment_command_on_images_without_masks(tmp_path, capsys):
    """An analyst's own images (no masks, no labels; sizes may differ): masks and pictures written, the
    targets found listed, nothing scored; the images/ sub-folder of such a folder is found too."""
    import json

    from workbench.core.results import read_manifest, read_masks
    from workbench_lw_irstnet import evaluate

    data = _tiny_dataset(tmp_path / "data")
    plain = tmp_path / "mine" / "images"
    plain.mkdir(parents=True)
    for i, p in enumerate(sorted((data / "images").glob("*.png"))[:3]):
        img = cv2.imread(str(p), cv2.IMREAD_GRAYSCALE)
        cv2.imwrite(str(plain / p.name), img if i != 1 else cv2.resize(img, (64, 52)))  # one of another size
    assert evaluate.is_plain_images(tmp_path / "mine") and not evaluate.is_plain_images(data)
    js = tmp_path / "plain.json"
    assert evaluate.main(["--dataset", str(tmp_path / "mine"), "--json", str(js), "--out", str(tmp_path / "masks"),
                          "--views", str(tmp_path / "views"), "--device", "cpu", "--threads", "1"]) == 0
    assert "nothing scored" in capsys.readouterr().out
    res = json.loads(js.read_text())
    assert res["scored"] is False and res["images"] == 3 and [p["name"] for p in res["per_image"]] == ["t0", "t1", "t2"]
    assert res["targets"] == sum(len(p["targets"]) for p in res["per_image"])
    run = next((tmp_path / "masks").rglob("manifest.json")).parent
    masks = read_masks(run / "mine")  # the sequence's name: the folder the images were found in
    assert sorted(masks) == ["t0", "t1", "t2"] and masks["t1"].shape == (52, 64)
    assert read_manifest(run)["sequences"]["mine"]["frames"] == 3
    assert len(list((tmp_path / "views").glob("*.png"))) == 3
