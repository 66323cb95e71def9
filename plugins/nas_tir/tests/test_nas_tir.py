"""nas_tir: search space, partial channels, bi-level search job, derivation, retraining, tracker."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.helpers import shared

torch = pytest.importorskip("torch")

from workbench.core.errors import DataError, WorkbenchError  # noqa: E402
from workbench.core.jobs import JobContext  # noqa: E402
from workbench_nas_tir import PLUGIN, NASTIRConfig  # noqa: E402
from workbench_nas_tir.cells import MixedOp, channel_shuffle, edge_list, n_edges  # noqa: E402
from workbench_nas_tir.genotype import derive, derive_cell, load, save, validate  # noqa: E402
from workbench_nas_tir.model import (ArchSpec, DerivedNetwork, SearchNetwork,  # noqa: E402
                                               reduction_positions, trainable_params)
from workbench_nas_tir.ops import PRIMITIVES, make_op  # noqa: E402

TINY = dict(cells=2, width=4, dims=8, reductions=1, crop=16)


pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def tiny_bank():
    from workbench_nas_tir.data import build_bank

    return build_bank([], synthetic=2, frames_per_id=6, crop=16, synth_frames=30)


def test_eight_operations_keep_shape_and_reduce():
    assert len(PRIMITIVES) == 8 and PRIMITIVES[0] == "none"
    x = torch.randn(2, 8, 12, 12)
    for name in PRIMITIVES:
        assert make_op(name, 8, 1, True)(x).shape == x.shape, name
        assert make_op(name, 8, 2, True)(x).shape == (2, 8, 6, 6), name
    assert torch.count_nonzero(make_op("none", 8, 1, True)(x)) == 0
    assert torch.equal(make_op("skip_connect", 8, 1, True)(x), x)
    with pytest.raises(ValueError):
        make_op("conv_7x7", 8, 1, True)


def test_edges_and_alpha_shapes():
    assert n_edges("single") == 10 and n_edges("dual") == 14
    assert edge_list("dual")[:5] == [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2)]
    for kind, e in (("single", 10), ("dual", 14)):
        net = SearchNetwork(ArchSpec(cell=kind, **{k: v for k, v in TINY.items() if k != "crop"}), seed=0)
        assert tuple(net.alpha_normal.shape) == (e, 8) and tuple(net.alpha_reduce.shape) == (e, 8)
        assert len(net.arch_parameters()) == 2  # shared by type: one matrix per cell type


def test_paper_configuration_16_cells_12_normal_4_reduction():
    assert reduction_positions(16, 4) == [3, 6, 9, 12]
    spec = ArchSpec(cell="dual", cells=16, width=16, dims=512)
    assert spec.reductions == 4
    net = SearchNetwork(spec, seed=0)
    kinds = [c.reduction for c in net.cells]
    assert kinds.count(True) == 4 and kinds.count(False) == 12
    assert net.head[1].out_channels == 512


def test_partial_channels_route_a_quarter_and_shuffle():
    mo = MixedOp(16, 1, partial=True, k=4)
    convs = [m for m in mo.modules() if isinstance(m, torch.nn.Conv2d)]
    assert convs and all(m.in_channels == 4 for m in convs)  # 1/4 of 16 channels
    full = MixedOp(16, 1, partial=False)
    assert all(m.in_channels == 16 for m in full.modules() if isinstance(m, torch.nn.Conv2d))
    x = torch.randn(2, 16, 8, 8)
    w = torch.zeros(8)
    w[PRIMITIVES.index("none")] = 1.0  # the candidates output zero: only the bypassed 3/4 survive
    mo.eval()
    y = mo(x, w)
    assert y.shape == x.shape
    nonzero = (y.abs().sum(dim=(0, 2, 3)) > 0).sum().item()
    assert nonzero == 12
    # the shuffle interleaves: bypassed channel 4 (first of the rest) lands at position 1, not 4
    assert torch.allclose(y[:, 1], x[:, 4])
    z = torch.arange(8.0).view(1, 8, 1, 1)
    assert channel_shuffle(z, 4).flatten().tolist() == [0, 2, 4, 6, 1, 3, 5, 7]
    assert MixedOp(16, 2, partial=True)(x, torch.softmax(torch.randn(8), 0)).shape == (2, 16, 4, 4)


def test_search_network_gradients_reach_alpha_and_weights():
    net = SearchNetwork(ArchSpec(cell="dual", n_classes=3, **{k: v for k, v in TINY.items() if k != "crop"}), seed=1)
    logits, emb = net(torch.randn(4, 1, 16, 16))
    assert logits.shape == (4, 3) and emb.shape == (4, 8)
    logits.sum().backward()
    assert net.alpha_normal.grad is not None and net.alpha_normal.grad.abs().sum() > 0
    assert net.alpha_reduce.grad.abs().sum() > 0
    ids = {id(p) for p in net.arch_parameters()}
    assert not any(id(p) in ids for p in net.weight_parameters())


def test_derivation_keeps_strongest_edges_excluding_none():
    e = n_edges("dual")
    w = np.full((e, 8), 0.01)
    w[:, 0] = 0.9  # 'none' dominates everywhere, yet must never be chosen
    # node 0 (edges 0, 1): both inputs kept (it has only two)
    w[0, PRIMITIVES.index("sep_conv_3x3")] = 0.5
    w[1, PRIMITIVES.index("skip_connect")] = 0.2
    # node 1 (edges 2, 3, 4 from s0, s1, n0): strongest from s1 and n0
    w[3, PRIMITIVES.index("dil_conv_5x5")] = 0.4
    w[4, PRIMITIVES.index("max_pool_3x3")] = 0.3
    w[2, PRIMITIVES.index("avg_pool_3x3")] = 0.1
    nodes = derive_cell(w, "dual")
    assert nodes[0] == [("sep_conv_3x3", 0), ("skip_connect", 1)]
    assert nodes[1] == [("dil_conv_5x5", 1), ("max_pool_3x3", 2)]
    assert all(op != "none" for node in nodes for op, _ in node)
    single = derive_cell(np.random.default_rng(0).random((10, 8)), "single")
    assert all(len(n) == 1 for n in single)
    with pytest.raises(ValueError):
        derive_cell(np.zeros((10, 8)), "dual")


def test_genotype_json_roundtrip_and_validation(tmp_path):
    rng = np.random.default_rng(0)
    g = derive(rng.normal(size=(14, 8)), rng.normal(size=(14, 8)), "dual")
    p = save(tmp_path / "g.json", g)
    g2 = load(p)
    assert g2["normal"] == g["normal"] and np.allclose(np.sum(g2["alpha_normal"], axis=1), 1.0, atol=1e-4)
    bad = dict(g, normal=g["normal"][:3])
    with pytest.raises(DataError):
        validate(bad)
    bad = json.loads(json.dumps(g))
    bad["reduce"][0][0][0] = "none"
    with pytest.raises(DataError):
        validate(bad)
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(DataError):
        load(tmp_path / "x.json")


def test_derived_networks_single_and_dual_count():
    from workbench.core.evaluation.complexity import measure

    rng = np.random.default_rng(0)
    counts = {}
    for kind, e in (("single", 10), ("dual", 14)):
        g = derive(rng.normal(size=(e, 8)), rng.normal(size=(e, 8)), kind)
        net = DerivedNetwork(ArchSpec(cell=kind, cells=4, width=4, dims=16), g)
        _, emb = net(torch.randn(2, 1, 32, 32))
        assert emb.shape == (2, 16)
        counts[kind] = measure(net, (1, 1, 32, 32))
        assert counts[kind].params == trainable_params(net) > 0
    assert counts["dual"].params > counts["single"].params  # two kept edges per node instead of one


def test_losses():
    from workbench_nas_tir.losses import CenterLoss, batch_hard_triplet, joint_loss

    labels = torch.tensor([0, 0, 1, 1])
    far = torch.tensor([[0.0, 0], [0.1, 0], [10, 0], [10.1, 0]])
    assert float(batch_hard_triplet(far, labels, 0.3)) == 0.0
    mixed = torch.tensor([[0.0, 0], [5, 0], [0.2, 0], [5.1, 0]])
    # anchor 0: hardest positive 5.0, hardest negative 0.2 -> 0.3 + 5 - 0.2
    assert float(batch_hard_triplet(mixed, labels, 0.3)) == pytest.approx((5.1 + 5.1 + 5.1 + 5.1) / 4, abs=0.1)
    c = CenterLoss(2, 2)
    with torch.no_grad():
        c.centers.copy_(torch.tensor([[0.0, 0], [10, 0]]))
    assert float(c(far, labels).detach()) == pytest.approx(0.5 * (0 + 0.01 + 0 + 0.01) / 4, abs=1e-5)
    total, parts = joint_loss(torch.zeros(4, 2), far, labels, c, 0.3, 0.5)
    assert set(parts) == {"cls", "triplet", "center"}
    assert float(total.detach()) == pytest.approx(parts["cls"] + parts["triplet"] + 0.5 * parts["center"], rel=1e-5)


def test_crop_bank_halves_and_batches(tiny_bank):
    from workbench_nas_tir.data import augment, sample_batch

    b = tiny_bank
    assert b.n_ids == 4 and b.crops.shape[1:] == (16, 16)
    assert np.allclose(b.crops.mean(axis=(1, 2)), 0, atol=1e-3)  # standardized
    a, h = b.halves(0)
    assert len(a.crops) + len(h.crops) == len(b.crops)
    assert set(a.labels) == set(h.labels) == set(range(4))
    x, y = sample_batch(b, 3, 4, np.random.default_rng(0))
    assert x.shape == (12, 1, 16, 16) and len(set(y)) == 3 and all((y == k).sum() == 4 for k in set(y))
    rng = np.random.default_rng(1)
    assert augment(b.crops[0], rng, True, 2, 1.0).shape == (16, 16)
    assert np.array_equal(augment(b.crops[0], rng, False, 0, 0.0, invert=1.0), -b.crops[0])  # polarity flip


def test_real_sequences_give_crops():
    from workbench_nas_tir.data import build_bank, real_tracking_dirs

    root = shared("tracking")
    real = [d for d in real_tracking_dirs(str(root)) if d.name in ("vottir2016_horse", "otb_crossing")]
    if not real:
        pytest.skip("the TIR sequences are not present")
    b = build_bank(real, synthetic=0, frames_per_id=5, crop=16)
    assert b.n_ids == len(real) and len(b.crops) == 5 * len(real)
    assert np.isfinite(b.crops).all()


def _tiny_search_cfg(**kw):
    from workbench_nas_tir.search import SearchConfig

    base = dict(cell="dual", epochs=2, steps_per_epoch=1, m=2, n=2, real=False, synthetic=2, frames_per_id=6,
                live_every=1, **TINY)
    return SearchConfig(**{**base, **kw})


def test_search_saves_every_epoch_and_resumes_identically(tmp_path, tiny_bank):
    from workbench_nas_tir.search import run_search, search_events

    cfg = _tiny_search_cfg()
    ev = run_search(JobContext(), cfg, tmp_path / "a", bank=tiny_bank)
    assert ev["kind"] == "done"
    hist = json.loads((tmp_path / "a" / "alpha_history.json").read_text())
    assert [h["epoch"] for h in hist["epochs"]] == [0, 1, 2]
    assert np.array(hist["epochs"][2]["alpha_normal"]).shape == (14, 8)
    assert validate(json.loads((tmp_path / "a" / "genotype.json").read_text()))
    # one epoch, stop, resume for the second: the same alpha as the uninterrupted search
    one = _tiny_search_cfg(epochs=1)
    run_search(JobContext(), one, tmp_path / "b", bank=tiny_bank)
    kinds = [e["kind"] for e in search_events(cfg, tmp_path / "b", JobContext(), resume=True, bank=tiny_bank)]
    assert kinds[0] == "start" and kinds[-1] == "done" and kinds.count("epoch") == 1
    hb = json.loads((tmp_path / "b" / "alpha_history.json").read_text())
    assert [h["epoch"] for h in hb["epochs"]] == [0, 1, 2]
    assert np.allclose(hb["epochs"][2]["raw_normal"], hist["epochs"][2]["raw_normal"], atol=1e-5)
    assert not np.allclose(hist["epochs"][2]["raw_normal"], hist["epochs"][0]["raw_normal"])  # alpha moved
    with pytest.raises(WorkbenchError):  # a different architecture cannot resume this checkpoint
        run_search(JobContext(), _tiny_search_cfg(width=8, epochs=3), tmp_path / "b", resume=True, bank=tiny_bank)


def test_search_cancel_keeps_last_epoch(tmp_path, tiny_bank):
    from workbench_nas_tir.search import search_events

    ctx = JobContext()
    seen = []
    for ev in search_events(_tiny_search_cfg(epochs=3), tmp_path, ctx, bank=tiny_bank):
        seen.append(ev["kind"])
        if ev["kind"] == "epoch":
            ctx.cancel()
    assert seen[-1] == "cancelled" and seen.count("epoch") == 1
    assert len(json.loads((tmp_path / "alpha_history.json").read_text())["epochs"]) == 2


def test_retrain_export_and_track(tmp_path, tiny_bank):
    from workbench.core.data.synthetic import demo_sequence
    from workbench.core.runs import run_tracker
    from workbench_nas_tir.train import RetrainConfig, load_backbone, train_events
    from workbench_nas_tir.tracker import make_tracker

    rng = np.random.default_rng(0)
    g = derive(rng.normal(size=(14, 8)), rng.normal(size=(14, 8)), "dual")
    cfg = RetrainConfig(epochs=1, steps_per_epoch=2, m=2, n=2, **TINY)
    evs = list(train_events(cfg, g, tmp_path, JobContext(), bank=tiny_bank, val_bank=tiny_bank))
    assert evs[-1]["kind"] == "done"
    ep = [e for e in evs if e["kind"] == "epoch"][0]
    assert {"cls", "triplet", "center", "val_rank1", "val_mAP"} <= set(ep)
    net, g2, arch, extra = load_backbone(tmp_path / "weights.pt")
    assert net.classifier is None and g2["normal"] == g["normal"]
    tr = make_tracker(NASTIRConfig(weights=str(tmp_path / "weights.pt"), init_iters=3), "cpu")
    seq = demo_sequence(frames=6, width=160, height=128)
    run = run_tracker(tr, seq, keep_maps=True)
    assert np.isfinite(run.boxes).all()
    layer = run.maps[3]["response"]
    assert layer.data.ndim == 2 and layer.region is not None and layer.region[2] > 0
    assert tr.layer == 1 and tr.stride == 2  # default: the last cell (one reduction in TINY)
    head = make_tracker(NASTIRConfig(weights=str(tmp_path / "weights.pt"), feature_layer=-1, init_iters=2), "cpu")
    assert head.stride == 2 and head.layer == -1
    head.initialize(seq.frame(0), seq.gt_box(0))
    assert np.isfinite(list(head.track(seq.frame(1)).box)).all()
    with pytest.raises(WorkbenchError):
        make_tracker(NASTIRConfig(weights=str(tmp_path / "weights.pt"), feature_layer=5), "cpu")


def test_tracker_missing_weights_is_a_user_error(tmp_path):
    from workbench_nas_tir.tracker import make_tracker

    with pytest.raises(WorkbenchError):
        make_tracker(NASTIRConfig(weights=str(tmp_path / "none.pt")), "cpu")


def test_plugin_description():
    assert PLUGIN.kind == "tracker" and set(PLUGIN.commands) == {"search", "train"}
    assert PLUGIN.inspectors
    from workbench.core.registry import resolve

    for ref in PLUGIN.commands.values():
        assert callable(resolve(ref))


def test_commands_search_then_train(tmp_path, capsys):
    from workbench_nas_tir.train import load_backbone
    from workbench_nas_tir.train import main as train_main
    from workbench_nas_tir.search import main as search_main

    tiny = ["--cells", "2", "--width", "4", "--dims", "8", "--reductions", "1", "--crop", "16", "--m", "2", "--n", "2",
            "--synthetic", "2", "--frames-per-id", "4", "--epochs", "1", "--steps-per-epoch", "1"]
    assert search_main(["--out", str(tmp_path / "s"), "--no-real", *tiny]) == 0
    assert (tmp_path / "s" / "genotype.json").is_file()
    assert train_main(["--genotype", str(tmp_path / "s" / "genotype.json"), "--out", str(tmp_path / "r"),
                       "--val-synthetic", "1", *tiny]) == 0
    net, g, arch, _ = load_backbone(tmp_path / "r" / "weights.pt")
    assert arch["cells"] == 2 and g["cell"] == "dual"
    with pytest.raises(DataError):
        train_main(["--genotype", str(tmp_path / "missing.json"), "--out", str(tmp_path / "x")])


def test_shipped_weights_track_the_demo():
    from workbench.core.data.synthetic import demo_sequence
    from workbench.core.evaluation.ope import evaluate_sequence
    from workbench.core.runs import run_tracker
    from workbench_nas_tir import default_weights
    from workbench_nas_tir.tracker import make_tracker

    if not Path(default_weights()).is_file():
        pytest.skip("no shipped weights in plugins/nas_tir/workbench_nas_tir/weights")
    seq = demo_sequence(frames=40, seed=7)
    run = run_tracker(make_tracker(NASTIRConfig(), "cpu"), seq)
    c = evaluate_sequence(run.boxes, seq.groundtruth)
    assert c.precision_20 > 0.9 and c.success_auc > 0.4


def test_target_polarity_from_the_first_box():
    from workbench_nas_tir.tracker import target_polarity

    img = np.full((60, 80), 100.0, np.float32)
    img[20:40, 30:40] = 180.0  # warm target (white-hot)
    assert target_polarity(img, (30, 20, 10, 20)) == 1.0
    assert target_polarity(-img, (30, 20, 10, 20)) == -1.0
    assert target_polarity(255 - img, (30, 20, 10, 20)) == -1.0
    # a box at the frame's corner still has a ring on two sides
    img2 = np.full((60, 80), 50.0, np.float32)
    img2[:15, :10] = 10.0
    assert target_polarity(img2, (0, 0, 10, 15)) == -1.0
    # a box covering the whole frame has no ring: keep the frames as they are
    assert target_polarity(img2, (0, 0, 80, 60)) == 1.0


def _isoluminant_frame():
    """A purple target on an olive ring of the same luma (OpenCV's RGB weights): grey by luma loses it."""
    rng = np.random.default_rng(0)
    img = np.empty((60, 80, 3), np.float32)
    img[:] = (110.0, 120.0, 40.0)
    img[20:40, 30:40] = (150.0, 70.0, 190.0)
    img += rng.normal(0, 3, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def _box_contrast(gray, box):
    from workbench_nas_tir.tracker import _box_and_ring

    inner, ring = _box_and_ring(gray.shape, box)
    return (gray[inner].mean() - gray[ring].mean()) / gray[inner | ring].std()


def test_contrast_projection_keeps_an_isoluminant_colour_target():
    from workbench.core.preprocess import to_gray_float32
    from workbench_nas_tir.tracker import contrast_projection, project_colour

    img, box = _isoluminant_frame(), (30, 20, 10, 20)
    assert abs(_box_contrast(to_gray_float32(img), box)) < 0.3  # luma: target and ring alike
    w = contrast_projection(img, box)
    assert w is not None and abs(np.abs(w).sum() - 1) < 1e-5
    assert _box_contrast(project_colour(img, w), box) > 1.5  # projected: the target stands out bright
    # a darker-than-ring colour target comes out bright too (no polarity flip needed)
    assert _box_contrast(project_colour(255 - img, contrast_projection(255 - img, box)), box) > 1.5
    # grey stored as RGB: equal weights, i.e. luma up to scale (and the sign that makes the target bright)
    g = np.repeat(to_gray_float32(img)[..., None], 3, axis=2)
    wg = contrast_projection(g, box)
    assert np.allclose(np.abs(wg), 1 / 3, atol=1e-3) and len(set(np.sign(wg))) == 1
    # single-channel frames are left to to_gray_float32
    assert np.array_equal(project_colour(img[..., 0], w), img[..., 0].astype(np.float32))


def test_tracker_colour_setting_decides_the_grey_image():
    from workbench_nas_tir import default_weights
    from workbench_nas_tir.tracker import make_tracker

    if not Path(default_weights()).is_file():
        pytest.skip("no shipped weights in plugins/nas_tir/workbench_nas_tir/weights")
    img, box = _isoluminant_frame(), (30, 20, 10, 20)
    luma = make_tracker(NASTIRConfig(colour="luma"), "cpu")
    luma.initialize(img, box)
    assert luma.colour_w is None and NASTIRConfig().colour == "contrast"
    con = make_tracker(NASTIRConfig(colour="contrast"), "cpu")
    con.initialize(img, box)
    assert con.colour_w is not None and con.sign == 1.0
    assert _box_contrast(con._gray(img), box) > 1.5
    out = con.track(img)
    assert np.isfinite(list(out.box)).all()
    con.initialize(img[..., 1], box)  # a grey frame: no projection
    assert con.colour_w is None


def _inverted(seq):
    from workbench.core.data.sequence import ArrayFrames, Sequence

    return Sequence(name=seq.name + "_black", frames=ArrayFrames(len(seq), lambda i: 65535 - seq.frame(i)),
                    modality="ir16", groundtruth=seq.groundtruth, attributes={}, meta={})


def test_shipped_weights_track_black_hot_as_white_hot():
    """Black-hot frames (the demo with its polarity inverted): the first box decides the polarity, so
    the tracker sees the white-hot target it was trained on; forced to keep the polarity it fails."""
    from workbench.core.data.synthetic import demo_sequence
    from workbench.core.evaluation.ope import evaluate_sequence
    from workbench.core.runs import run_tracker
    from workbench_nas_tir import default_weights
    from workbench_nas_tir.tracker import make_tracker

    if not Path(default_weights()).is_file():
        pytest.skip("no shipped weights in plugins/nas_tir/workbench_nas_tir/weights")
    seq = _inverted(demo_sequence(frames=40, seed=7))
    tr = make_tracker(NASTIRConfig(), "cpu")
    c = evaluate_sequence(run_tracker(tr, seq).boxes, seq.groundtruth)
    assert tr.sign == -1.0
    assert c.precision_20 > 0.9 and c.success_auc > 0.5
    kept = make_tracker(NASTIRConfig(polarity="keep"), "cpu")
    ck = evaluate_sequence(run_tracker(kept, seq).boxes, seq.groundtruth)
    assert kept.sign == 1.0 and ck.success_auc < c.success_auc


def test_feature_scale_filter_finds_the_size_change():
    """Initialise on a demo frame, then show the same frame with the box 12 % too small / too large:
    the scale filter must ask for a larger / smaller box."""
    from workbench.core.data.synthetic import demo_sequence
    from workbench_nas_tir import default_weights
    from workbench.core.preprocess import to_gray_float32 as to_gray_float
    from workbench_nas_tir.tracker import make_tracker

    if not Path(default_weights()).is_file():
        pytest.skip("no shipped weights in plugins/nas_tir/workbench_nas_tir/weights")
    seq = demo_sequence(frames=5, seed=7)
    tr = make_tracker(NASTIRConfig(scale_filter=15, scales=1), "cpu")
    tr.initialize(seq.frame(0), seq.gt_box(0))
    assert tr.scale_filter is not None and tr.scale_filter.n == 15
    img = to_gray_float(seq.frame(0)) * tr.sign
    x, y, w, h = seq.gt_box(0)
    cx, cy = x + w / 2, y + h / 2
    assert tr.scale_filter.estimate(img, cx, cy, w / 1.12, h / 1.12) > 1.04
    assert tr.scale_filter.estimate(img, cx, cy, w * 1.12, h * 1.12) < 1 / 1.04
    assert abs(tr.scale_filter.estimate(img, cx, cy, w, h) - 1.0) < 0.02
    out = tr.track(seq.frame(1))
    assert np.isfinite(list(out.box)).all()


def test_aspect_filter_finds_the_width_height_change():
    """Initialise on a demo frame, then ask with a box 7 % too narrow and too tall (same area): the aspect
    filter must ask for a wider box, and the reverse; a tracker with it on changes its box's width : height
    while one without keeps the first frame's."""
    from workbench.core.data.synthetic import demo_sequence
    from workbench_nas_tir import default_weights
    from workbench.core.preprocess import to_gray_float32 as to_gray_float
    from workbench_nas_tir.tracker import make_tracker

    if not Path(default_weights()).is_file():
        pytest.skip("no shipped weights in plugins/nas_tir/workbench_nas_tir/weights")
    seq = demo_sequence(frames=12, seed=7)
    tr = make_tracker(NASTIRConfig(aspect_filter=17), "cpu")
    tr.initialize(seq.frame(0), seq.gt_box(0))
    assert tr.aspect_filter is not None and tr.aspect_filter.n == 17 and tr.scale_filter is None
    img = to_gray_float(seq.frame(0)) * tr.sign
    x, y, w, h = seq.gt_box(0)
    cx, cy = x + w / 2, y + h / 2
    assert tr.aspect_filter.estimate(img, cx, cy, w / 1.07, h * 1.07) > 1.05
    assert tr.aspect_filter.estimate(img, cx, cy, w * 1.07, h / 1.07) < 1 / 1.05
    assert abs(tr.aspect_filter.estimate(img, cx, cy, w, h) - 1.0) < 0.03
    off = make_tracker(NASTIRConfig(), "cpu")
    off.initialize(seq.frame(0), seq.gt_box(0))
    for i in range(1, 12):
        a, b = tr.track(seq.frame(i)).box, off.track(seq.frame(i)).box
        assert np.isfinite(list(a)).all()
    assert abs(b.w / b.h - w / h) < 1e-6  # off: the first aspect ratio, exactly as before the option
    assert 0.25 <= (a.w / a.h) / (w / h) <= 4.0


def test_pooled_neck_keeps_the_embedding_spread():
    """The BN after the average pooling: every embedding dimension has unit spread over a training batch
    (with the BN on the map the pooled embedding nearly vanishes); the state dict has the same layout."""
    g = derive(np.random.default_rng(0).normal(size=(14, 8)), np.random.default_rng(1).normal(size=(14, 8)), "dual")
    kw = dict(cell="dual", cells=2, width=4, dims=8, reductions=1, n_classes=3)
    torch.manual_seed(0)
    pooled = DerivedNetwork(ArchSpec(neck="pooled", **kw), g).train()
    mapped = DerivedNetwork(ArchSpec(neck="map", **kw), g).train()
    assert pooled.state_dict().keys() == mapped.state_dict().keys()
    x = torch.randn(16, 1, 16, 16)
    with torch.no_grad():
        e_p = pooled(x)[1]
        e_m = mapped(x)[1]
    assert float(e_p.std(0).mean()) > 0.9
    assert float(e_m.std(0).mean()) < 0.5 * float(e_p.std(0).mean())
    assert pooled.features(x).shape == (16, 8, 8, 8)
    with pytest.raises(ValueError):
        ArchSpec(neck="other", **kw)


@pytest.mark.skipif(not __import__("torch").cuda.is_available(), reason="needs a CUDA GPU (none on this machine)")
def test_tracker_on_cuda_matches_the_cpu():
    """The online classifier's labels, weights and cosine window live on the features' device (a CPU
    label beside CUDA scores crashed the first frame on a GPU); boxes agree with the CPU's."""
    from workbench.core.data.synthetic import demo_sequence
    from workbench.core.runs import run_tracker

    seq = demo_sequence(frames=20, width=160, height=128)
    cpu = run_tracker(PLUGIN.create(device="cpu"), seq)
    gpu = run_tracker(PLUGIN.create(device="cuda"), seq)
    assert np.allclose(cpu.boxes, gpu.boxes, atol=1.0), np.abs(cpu.boxes - gpu.boxes).max()


def test_hog_weight_adds_gradient_channels_with_their_share_of_the_energy():
    """``hog_weight`` w: the classifier's features are the network's channels plus 9 HOG channels of the same
    crops, each part at unit mean energy per element weighted 1 - w : w; w = 0 leaves the network's alone."""
    from workbench_nas_tir import default_weights
    from workbench_nas_tir.tracker import make_tracker

    import cv2

    if not Path(default_weights()).is_file():
        pytest.skip("no shipped weights in plugins/nas_tir/workbench_nas_tir/weights")
    rng = np.random.default_rng(3)
    img = cv2.GaussianBlur(rng.uniform(0, 255, (120, 160)).astype(np.float32), (0, 0), 2)
    box = (60, 40, 24, 30)
    plain = make_tracker(NASTIRConfig(hog_weight=0.0), "cpu")
    assert plain.hog is None and NASTIRConfig().hog_weight == 0.25
    mixed = make_tracker(NASTIRConfig(hog_weight=0.36), "cpu")
    crops = [mixed._crop(img, 72, 55, 150.0)]
    f0, f1 = plain._features(crops), mixed._features(crops)
    c = f0.shape[1]
    assert f1.shape[1] == c + 9 and f1.shape[-2:] == f0.shape[-2:]
    assert torch.allclose(f1[:, :c], f0 * 0.8, atol=1e-5)  # sqrt(1 - 0.36)
    assert abs(float(f1[:, c:].pow(2).mean()) - 0.36) < 1e-3
    assert float(f1[:, c:].mean(dim=(2, 3)).abs().max()) < 1e-5  # centred per channel, as the network's part
    mixed.initialize(img, box)  # the filter and the samples take the extra channels
    assert mixed.filter.shape[1] == c + 9
    out = mixed.track(img)
    assert abs(out.box[0] - box[0]) < 4 and abs(out.box[1] - box[1]) < 4
    # named as the settings form / `--set hog_weight=` name it, with the bounds --set refuses it by
    said = r"^plugin 'nas_tir': setting 'hog_weight' must lie in 0.0..0.9; got 1.0$"
    with pytest.raises(Exception, match=said):
        make_tracker(NASTIRConfig(hog_weight=1.0), "cpu")
    from workbench_nas_tir import PLUGIN

    with pytest.raises(Exception, match=said):
        PLUGIN.make_config({"hog_weight": "1.0"})
