"""seq_irst: differential input, detector, loss, crops (Table 1), metrics, refinement, mining, commands."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from workbench.core.data.irseq import INTERFERENCE, TARGET, Label, open_irseq, save_irseq  # noqa: E402
from workbench.core.data.irseq_synth import make_sequence  # noqa: E402
from workbench_seq_irst.differential import differential, frame_indices, normalize  # noqa: E402
from workbench_seq_irst.metrics import match_frame, score_sequence  # noqa: E402
from workbench_seq_irst.model import (Detection, build_model, cell_loss, decode,  # noqa: E402
                                              detection_loss, encode, model_from_state_dict)

from tests.helpers import SHARED_DATA  # noqa: E402

DAUB = SHARED_DATA / "irst" / "daub"


def test_plugin_description():
    from workbench.core.registry import default_registry

    p = default_registry(reload=True).get("seq_irst")
    assert p.kind == "detector" and set(p.commands) == {"train", "detect"}
    assert p.panel.endswith("panel:SeqIRSTPanel")


def test_differential_is_signed_in_native_counts():
    f = [np.full((4, 5), v, np.uint16) for v in (100, 60000, 90, 100)]
    g = differential(f)
    assert g.shape == (3, 4, 5) and g.dtype == np.float32
    assert g[0, 0, 0] == 100 - 60000 and g[1, 0, 0] == 10 and g[2, 0, 0] == 0  # no uint wrap-around
    with pytest.raises(ValueError):
        differential(f[:3])
    assert frame_indices(10, 20, "past") == [10, 9, 8, 7]
    assert frame_indices(1, 20, "past") == [1, 2, 3, 4]  # no three predecessors: the next frames
    assert frame_indices(19, 20, "future") == [19, 18, 17, 16]
    assert frame_indices(0, 2) == [0, 1, 1, 1]
    x8 = normalize(differential([np.full((8, 8), v, np.uint8) for v in (10, 10, 10, 10)]))
    assert np.all(x8 == 0)


def test_differential_makes_a_mover_stand_out_of_clouds():
    seq = make_sequence(11, frames=8, snr=(4, 4), target_size=(3, 3), flicker_rate=0)
    from workbench_seq_irst.differential import differential_at

    g = normalize(differential_at(seq, 5))
    lab = seq.labels[5][0]
    x, y = int(round(lab.cx)), int(round(lab.cy))
    assert g[2, y - 1:y + 2, x - 1:x + 2].max() > 2.5 * np.abs(g[2]).mean() + 0.3


def test_model_is_fully_convolutional_and_darknet19_constructible():
    m = build_model("darknet19_tiny").eval()
    with torch.no_grad():
        for h, w in ((16, 16), (64, 64), (128, 160)):
            assert m(torch.zeros(1, 3, h, w)).shape == (1, 7, h // 4, w // 4)
    full = build_model("darknet19").eval()
    assert sum(p.numel() for p in full.parameters()) > 19e6  # DarkNet-19's 18 conv layers (~20 M)
    with torch.no_grad():
        assert full(torch.zeros(1, 3, 32, 32)).shape == (1, 7, 4, 4)
    assert model_from_state_dict(full.state_dict()).stride == 8
    assert model_from_state_dict(m.state_dict()).backbone_name == "darknet19_tiny"


def test_encode_decode_roundtrip():
    labs = [[(10.3, 21.7, 3.0, 5.0, TARGET), (40.0, 8.0, 1.0, 1.0, INTERFERENCE)]]
    enc = encode(labs, (8, 16), 4)
    out = np.full((7, 8, 16), -10.0)
    out[0:4] = enc.reg[0].numpy()
    out[4] = np.where(enc.pos[0].numpy(), 10.0, -10.0)
    out[5:7] = np.where(enc.cls[0].numpy() > 0, 10.0, -10.0)
    dets = decode(out, 4, 0.5)
    got = sorted((round(d.cx, 3), round(d.cy, 3), round(d.w, 3), round(d.h, 3), d.cls) for d in dets)
    assert got == sorted((round(a, 3), round(b, 3), round(c, 3), round(d, 3), e) for a, b, c, d, e in labs[0])


def test_loss_parts_and_training_steps_reduce_it():
    torch.manual_seed(0)
    m = build_model()
    x = torch.randn(4, 3, 32, 32) * 0.1
    labs = [[(12.0, 14.0, 3.0, 3.0, TARGET)], [(5.0, 25.0, 1.0, 1.0, INTERFERENCE)], [], [(30.0, 2.0, 2.0, 2.0, 0)]]
    for b, ls in enumerate(labs):
        for (cx, cy, *_r) in ls:
            x[b, :, int(cy) - 1:int(cy) + 2, int(cx) - 1:int(cx) + 2] += 2.0
    enc = encode(labs, (8, 8), 4)
    loss0, parts = detection_loss(m(x), enc, a=1.0, b=1.0)
    assert set(parts) == {"loc", "conf", "cls"} and all(v > 0 for v in parts.values())
    only_loc, _ = detection_loss(m(x), enc, a=1.0, b=0.0)
    assert abs(float(only_loc.detach()) - parts["loc"]) < 1e-5
    opt = torch.optim.Adam(m.parameters(), 1e-2)
    for _ in range(10):
        opt.zero_grad()
        loss, _ = detection_loss(m(x), enc)
        loss.backward()
        opt.step()
    assert float(loss.detach()) < 0.6 * float(loss0.detach())


def test_cell_loss_ranks_a_displaced_label_higher():
    enc = encode([[(10.0, 10.0, 3.0, 3.0, TARGET)]], (8, 8), 4)
    out = np.full((7, 8, 8), -8.0)
    out[0:4] = enc.reg[0].numpy()
    out[4][enc.pos[0].numpy()] = 8.0
    out[5][enc.pos[0].numpy()] = 8.0
    good = cell_loss(out, 10.0, 10.0, 3, 3, TARGET, 4)
    moved = cell_loss(out, 22.0, 10.0, 3, 3, TARGET, 4)
    wrong_class = cell_loss(out, 10.0, 10.0, 3, 3, INTERFERENCE, 4)
    background = cell_loss(out, 10.0, 10.0, 3, 3, None, 4)
    assert good < 0.1 and moved > 5 and wrong_class > 10 and background > 5


def test_metrics_matching_rule():
    labs = [Label(0, 10, 10), Label(0, 50, 50), Label(0, 80, 80, cls=INTERFERENCE)]
    dets = [Detection(12.0, 10.0, 3, 3, 0.9, 0), Detection(10.5, 10.5, 3, 3, 0.8, 0),
            Detection(80, 80, 1, 1, 0.9, 1), Detection(53.1, 50, 3, 3, 0.7, 0)]
    c, md, ml = match_frame(dets, labs, 3.0)
    # the best-scored detection takes the label (2 px), the second one near it is an FP, the one 3.1 px
    # from the other label is an FP, interference counts neither way
    assert (c.tp, c.fp, c.fn) == (1, 2, 1) and md == [0]
    c2, _, _ = match_frame(dets, labs, 3.2)
    assert (c2.tp, c2.fp, c2.fn) == (2, 1, 0)
    tot = score_sequence([dets, []], [labs, [Label(1, 5, 5)]], 3.0)
    assert (tot.tp, tot.fp, tot.fn, tot.frames) == (1, 2, 2, 2)
    assert abs(tot.precision - 1 / 3) < 1e-9 and abs(tot.recall - 1 / 3) < 1e-9 and abs(tot.f1 - 1 / 3) < 1e-9


def test_table1_and_crops():
    from workbench_seq_irst.crops import build_crops, proportion_table

    rows = proportion_table()
    got = [round(r["proportion_permille"], 4) for r in rows]
    assert got == [0.0275, 1.4062, 2.1973, 8.7891, 35.1562]  # the paper's 0.0275 / 1.4 / 2.2 / 8.8 / 35.2 per mille
    assert rows[0]["bytes"] == 640 * 512 * 4 * 2 and rows[1]["size"] == "80x80x4"
    seq = make_sequence(12, frames=10, width=160, height=128)
    props = {}
    for size in (80, 16):
        cs = build_crops([(seq, None)], size, bg_ratio=1.0, seed=0)
        assert all(x.shape == (3, size, size) for x in cs.x)
        n_t = sum(1 for fr in seq.labels for lab in fr if lab.cls == TARGET)
        with_target = [labs for labs in cs.labels if any(la[4] == TARGET for la in labs)]
        assert len(with_target) >= n_t
        for labs in cs.labels:
            for (cx, cy, *_r) in labs:
                assert 0 <= cx < size and 0 <= cy < size
        props[size] = cs.target_proportion
    full = build_crops([(seq, None)], 0)
    assert len(full) == 10 and full.x[0].shape == (3, 128, 160)
    assert props[16] > props[80] > full.target_proportion


def test_review_queue_actions_and_atomic_save(tmp_path):
    from workbench_seq_irst.project import Project
    from workbench_seq_irst.refine import ReviewItem, ReviewQueue, oracle_review

    seq = make_sequence(13, frames=6, width=64, height=48)
    path = save_irseq(seq, tmp_path / "data" / "s")
    original = (path / "labels.csv").read_text()
    pr = Project.create(tmp_path / "proj")
    name = pr.add_sequence(path, "train")
    s = pr.sequence(name)
    t0 = [la for la in s.labels[0] if la.cls == TARGET][0]
    items = [ReviewItem(name, 0, "label", t0, loss=3.0),
             ReviewItem(name, 1, "label", s.labels[1][0], loss=2.0),
             ReviewItem(name, 2, "unlabelled", Label(2, 30, 30, 3, 3, TARGET), loss=1.0)]
    q = ReviewQueue(items, {name: s.labels})
    q.move(0, t0.cx + 2, t0.cy)
    q.delete(1)
    q.accept(2)
    q.reclass(2, INTERFERENCE)  # a second decision replaces the first
    assert q.pending() == []
    q.save(pr, "r1")
    back = pr.sequence(name)
    assert any(abs(la.cx - (t0.cx + 2)) < 0.01 for la in back.labels[0])
    assert len(back.labels[1]) == len(s.labels[1]) - 1
    assert [la.cls for la in back.labels[2] if la.cx == 30] == [INTERFERENCE]
    assert (path / "labels.csv").read_text() == original  # the sequence's own file is never written
    assert pr.original_labels(name) == s.labels
    assert json.loads((pr.root / "review" / "r1.json").read_text())["pending"] == 0
    # the oracle moves a displaced label back
    lab = back.labels[0][0]
    q2 = ReviewQueue([ReviewItem(name, 0, "label", lab, loss=1.0)], {name: back.labels})
    oracle_review(q2, {name: seq.labels})
    assert q2.items[0].status in ("move", "accept")


def test_mining_candidates():
    from workbench_seq_irst.mining import candidates, link, trajectory_labels

    dets = [[Detection(10 + 2 * t, 20, 3, 3, 0.9, 0, t)] if t != 5 else [] for t in range(10)]
    dets[7].append(Detection(60, 60, 3, 3, 0.8, 0, 7))  # alone: a false alarm
    trs = link(dets, max_step=4, max_gap=2, min_len=3)
    assert len(trs) == 1 and trs[0].first == 0 and trs[0].last == 9
    items = candidates("s", dets, trs, neighbour_px=8)
    miss = [it for it in items if it.kind == "miss"]
    fa = [it for it in items if it.kind == "false_alarm"]
    assert [it.frame for it in miss] == [5] and abs(miss[0].label.cx - 20) < 1e-6
    assert [(it.frame, it.label.cx) for it in fa] == [(7, 60)] and fa[0].label.cls == INTERFERENCE
    pseudo = trajectory_labels(10, trs)
    assert len(pseudo[4]) == 1 and pseudo[5] == []


def test_iteration_table_plot(tmp_path):
    from workbench_seq_irst.mining import format_table, plot_table

    rows = [{"iteration": 1, "epochs": 4, "images": 100, "precision": 0.5, "recall": 0.4, "f1": 0.44},
            {"iteration": 2, "epochs": 2, "images": 120, "precision": 0.6, "recall": 0.5, "f1": 0.55}]
    assert "55.00" in format_table(rows)
    plot_table(rows, tmp_path / "it.png")
    assert (tmp_path / "it.png").stat().st_size > 1000


def test_train_and_detect_commands(tmp_path):
    from workbench_seq_irst import detector as detect, train

    out = tmp_path / "run"
    rc = train.main(["--synthetic", "1", "--synthetic-val", "1", "--synthetic-size", "64x48", "--synthetic-frames",
                     "6", "--crop", "16", "--epochs", "1", "--batch-size", "16", "--device", "cpu", "--out", str(out)])
    assert rc == 0 and (out / "last.pt").is_file() and (out / "best_weights.pt").is_file()
    hist = json.loads((out / "history.json").read_text())["history"]
    assert {"precision", "recall", "f1", "loss"} <= set(hist[0])
    seq = save_irseq(make_sequence(77, frames=6, width=64, height=48, depth=16), tmp_path / "s16")
    rc = detect.main(["--sequence", str(seq), "--weights", str(out / "best_weights.pt"), "--json",
                      str(tmp_path / "d.json"), "--device", "cpu", "--threshold", "0.05", "--out", str(tmp_path / "o")])
    rep = json.loads((tmp_path / "d.json").read_text())
    from workbench.core.results import read_detections, read_manifest

    run = next((tmp_path / "o").glob("*/seq_irst/*"))
    assert run.name.startswith("custom-")  # other weights and threshold than the defaults: its own variant
    dets = read_detections(run / "s16.csv", n_frames=6)
    assert sum(len(d) for d in dets.values()) == rep["per_sequence"]["s16"]["tp"] + rep["per_sequence"]["s16"]["fp"]
    assert read_manifest(run)["weights_sha256"]
    assert rc == 0 and {"precision", "recall", "f1", "fps"} <= set(rep) and rep["fps"] > 0
    assert rep["per_sequence"]["s16"]["frames"] == 6
    # resume continues where it stopped (with the run's recipe: its --batch-size 16, not the default)
    rc = train.main(["--synthetic", "1", "--synthetic-size", "64x48", "--synthetic-frames", "6", "--crop", "16",
                     "--epochs", "2", "--batch-size", "16", "--device", "cpu", "--out", str(out), "--resume"])
    assert len(json.loads((out / "history.json").read_text())["history"]) == 2
    from workbench.core.errors import WorkbenchError

    with pytest.raises(WorkbenchError, match="missing"):
        detect.main(["--sequence", str(seq), "--weights", str(tmp_path / "nope.pt")])


def test_workflow_two_iterations(tmp_path):
    from workbench_seq_irst.train import TrainSettings
    from workbench_seq_irst.workflow import run_iterations, setup_synthetic_project

    pr, truth = setup_synthetic_project(tmp_path / "p", 1, 1, 1, width=48, height=32, frames=6)
    rows = run_iterations(pr, TrainSettings(crop=16, batch_size=16, threshold=0.05), 2, 1, 1, truth, log=lambda m: None)
    assert [r["iteration"] for r in rows] == [1, 2]
    assert (pr.root / "review" / "iter_2_refine.json").is_file()
    assert pr.entry("mined_00").get("mined_at") == 1


def test_shipped_weights_or_skip():
    from workbench_seq_irst import default_weights
    from workbench_seq_irst.detector import load_detector

    if not Path(default_weights()).is_file():
        pytest.skip("no shipped weights in plugins/seq_irst/workbench_seq_irst/weights")
    det = load_detector(default_weights())
    seq = make_sequence(4242, frames=8, width=96, height=80)
    per = det.run(seq)
    assert len(per) == 8


@pytest.mark.skipif(not DAUB.is_dir(), reason="real DAUB sequences not present in ../shared/data/irst/daub")
def test_real_daub_through_the_detector_api():
    from workbench_seq_irst.detector import SeqIRSTDetector, evaluate

    seq = open_irseq(DAUB / "sequence12")
    det = SeqIRSTDetector(build_model(), "cpu", threshold=0.0)
    rep, dets = evaluate(det, [seq], frames={seq.name: [10, 11]})
    assert rep["per_sequence"]["sequence12"]["frames"] == 2
    assert len(det.detect([seq.frame(i) for i in (11, 10, 9, 8)])) > 0


def test_real_project_split_init_iteration_and_train_from_project(tmp_path):
    from workbench.core.training import save_weights
    from workbench_seq_irst import train
    from workbench_seq_irst.train import TrainSettings
    from workbench_seq_irst.workflow import run_iterations, setup_real_project

    path = save_irseq(make_sequence(31, frames=8, width=48, height=32), tmp_path / "real")
    w0 = save_weights(tmp_path / "w0.pt", build_model())
    pr, truth = setup_real_project(tmp_path / "p", [path], slice(0, 5), slice(5, 8), init=w0)
    pr.settings["init_weights"] = str(w0)  # absolute: root / abs == abs
    pr.save()
    assert pr.train_set()[0][1] == [0, 1, 2, 3, 4] and pr.val_frames() == {"real_val": [5, 6, 7]}
    rows = run_iterations(pr, TrainSettings(crop=16, batch_size=16, threshold=0.05), 2, 0, 1, truth, log=lambda m: None)
    assert rows[0]["epochs"] == 0 and rows[1]["epochs"] == 1 and rows[0]["images"] == 5
    out = tmp_path / "from_project"
    assert train.main(["--project", str(pr.root), "--crop", "16", "--epochs", "1", "--device", "cpu",
                       "--out", str(out)]) == 0
    assert (out / "best_weights.pt").is_file()


def test_detector_follows_the_protocol_and_matches_the_direct_call():
    from workbench.core.loops import iter_detect
    from workbench.core.methods import Detector
    from workbench_seq_irst.detector import SeqIRSTDetector, detections_of

    det = SeqIRSTDetector(build_model(), "cpu", threshold=0.0)
    assert isinstance(det, Detector)
    seq = make_sequence(5, frames=6, width=64, height=48)
    for i, out in iter_detect(det, seq, frames=[0, 4]):
        direct = det.detect([seq.frame(j) for j in frame_indices(i, len(seq))], i)
        got = detections_of(out, i)
        assert [(d.cx, d.cy, d.cls) for d in got] == [(d.cx, d.cy, d.cls) for d in direct]
        assert "confidence" in out.maps and np.isfinite(out.seconds)


def test_detector_and_train_modules_do_not_import_each_other():
    import ast

    import workbench_seq_irst

    pkg = Path(workbench_seq_irst.__file__).parent
    for a, b in (("detector", "train"),):
        tree = ast.parse((pkg / f"{a}.py").read_text())
        mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert f"workbench_seq_irst.{b}" not in mods
