"""The test-time input pyramid (``SeqIRSTConfig.scales``, ``workbench detect --test-scales``, ``loso
--test-scales`` / ``--rescore``): every scale of the differential input scored, detections mapped back to
the frame and merged across scales; scale 1 alone is the detector as it was."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from seq_irst_standins import StrideOneNet  # noqa: E402

from workbench.core.data.irseq import save_irseq  # noqa: E402
from workbench.core.data.irseq_synth import make_sequence  # noqa: E402
from workbench.core.errors import WorkbenchError  # noqa: E402
from workbench_seq_irst import SeqIRSTConfig  # noqa: E402
from workbench_seq_irst.detector import (SeqIRSTDetector, merge_scales, parse_scales, resize_input,  # noqa: E402
                                         to_frame)
from workbench_seq_irst.differential import INPUT_SCALE, normalize  # noqa: E402
from workbench_seq_irst.model import Detection  # noqa: E402


class BlobNet(StrideOneNet):
    """A stand-in network with a known scale preference: grid stride 1; a cell fires where the 3x3 minimum
    of channel 0 of the normalised input exceeds 4 noise sigmas, i.e. only on spots at least 3x3 px wide,
    scoring by the 3x3 mean there (one peak per spot). A 2x2 px target is too small for it at scale 1 and
    wide enough at scale 2."""

    def forward(self, x):
        c = x[:, :1]
        ero = -torch.nn.functional.max_pool2d(-c, 3, stride=1, padding=1)[:, 0]  # 3x3 minimum
        mean3 = torch.nn.functional.avg_pool2d(c, 3, stride=1, padding=1)[:, 0]
        hit = ero > 4.0 * INPUT_SCALE
        b, _, h, w = x.shape
        out = torch.zeros(b, 7, h, w)
        out[:, 0:2] = -0.5  # centre = the cell's pixel (decode: (x + 0.5 + dx) * stride)
        out[:, 4] = torch.where(hit, 2.0 * mean3 - 1.0, torch.full_like(mean3, -10.0))  # confidence
        out[:, 5] = 10.0  # target
        out[:, 6] = -10.0
        return out


SMALL = (20.5, 30.5)  # centre of a 2x2 px target (pixels 20-21, 30-31): only the scale-2 pass sees it
BIG = (46.0, 12.0)  # centre of a 5x5 px target (pixels 44-48, 10-14): both passes see it


def _input(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    G = rng.normal(0, 1, (3, 64, 64)).astype(np.float32)
    G[:, 30:32, 20:22] += 6.0  # in noise sigmas, below the input's clip at every scale
    G[:, 10:15, 44:49] += 7.0
    G[:, 11:14, 45:48] += 2.0  # its brightest 3x3 in the middle
    return G


def _near(dets, xy, r=1.0):
    return [d for d in dets if np.hypot(d.cx - xy[0], d.cy - xy[1]) <= r]


def test_parse_scales():
    assert parse_scales("1") == (1.0,) and parse_scales("") == (1.0,) and parse_scales(None) == (1.0,)
    assert parse_scales("1,2") == (1.0, 2.0) and parse_scales(" 1, 0.5 ,1") == (1.0, 0.5)
    assert parse_scales((1, 2)) == (1.0, 2.0)
    for bad in ("0", "1,x", "9", "-1"):
        with pytest.raises(WorkbenchError):
            parse_scales(bad)


def test_to_frame_inverts_the_training_crops_scale_mapping():
    from workbench.core.data.irseq import TARGET, Label
    from workbench_seq_irst.crops import scale_label

    for s in (2.0, 0.5, 3.0):
        lab = scale_label(Label(0, 17.0, 9.5, 3.0, 3.0, TARGET), s)
        d = to_frame(Detection(lab.cx, lab.cy, lab.w, lab.h, 0.9, 0, 4), s)
        assert (d.cx, d.cy, d.w, d.h) == pytest.approx((17.0, 9.5, 3.0, 3.0))
        assert (d.score, d.cls, d.frame) == (0.9, 0, 4)
    d = Detection(5.0, 6.0, 2.0, 2.0, 0.5, 1, 3)
    assert to_frame(d, 1.0) is d


def test_merge_keeps_the_stronger_of_two_scales_and_never_merges_within_a_scale():
    a1 = Detection(10.0, 10.0, 3, 3, 0.6, 0, 0)
    a2 = Detection(12.0, 13.0, 6, 6, 0.8, 0, 0)  # 3.6 px from a1, another scale, stronger
    b1 = Detection(30.0, 30.0, 3, 3, 0.7, 0, 0)
    b1b = Detection(31.0, 30.0, 3, 3, 0.65, 0, 0)  # same scale as b1, 1 px away: the decoding's business
    far = Detection(50.0, 10.0, 3, 3, 0.3, 0, 0)  # 9.x px from everything of the other scale
    got = merge_scales([[a1, b1, b1b], [a2, far]], radius=6.0)
    assert got == [a2, b1, b1b, far]  # best first; a1 merged into a2
    assert merge_scales([[a1], [a2]], radius=3.0) == [a2, a1]  # 3.6 px > 3: two targets
    assert merge_scales([[a1, b1]], radius=6.0) == [b1, a1]


def test_merge_can_take_the_finest_levels_centre():
    coarse = Detection(14.0, 10.0, 6, 6, 0.9, 1, 2)  # scale 0.5 level: stronger, 4 px off, "interference"
    fine = Detection(10.0, 10.0, 3, 3, 0.6, 0, 2)  # scale 1 level: weaker, on the target, "target"
    other = Detection(40.0, 40.0, 3, 3, 0.5, 0, 2)
    got = merge_scales([[fine, other], [coarse]], 6.0, "finest", (1.0, 0.5))
    assert [(d.cx, d.cy, d.w, d.score, d.cls) for d in got] == [(10.0, 10.0, 3, 0.9, 0), (40.0, 40.0, 3, 0.5, 0)]
    assert merge_scales([[fine, other], [coarse]], 6.0) == [coarse, other]
    # a coarser level never moves a finer level's detection
    assert merge_scales([[coarse], [fine]], 6.0, "finest", (1.0, 2.0))[0].cx == 10.0
    assert merge_scales([[fine], [coarse]], 6.0, "finest", (2.0, 1.0))[0].cx == 10.0
    assert merge_scales([[fine], [coarse]], 6.0, "finest", (1.0, 2.0))[0].cx == 14.0
    with pytest.raises(WorkbenchError):
        merge_scales([[fine]], 6.0, "middle")


def test_pyramid_finds_a_target_only_the_scale_2_pass_sees_in_frame_coordinates_once():
    G = _input()
    one = SeqIRSTDetector(BlobNet(), "cpu", threshold=0.25)
    two = SeqIRSTDetector(BlobNet(), "cpu", threshold=0.25, scales="1,2")
    assert one.scales == (1.0,) and two.scales == (1.0, 2.0) and two.merge_px == 6.0  # 2 x match_px

    d1, raw1 = one.detect_differential(G)
    assert _near(d1, BIG) and not _near(d1, SMALL, 4.0)  # scale 1 misses the 2x2 target
    assert raw1.shape[-2:] == (64, 64)

    d2, raw2 = two.detect_differential(G)
    small = _near(d2, SMALL)
    assert len(small) == 1  # found, in frame coordinates (at scale 2 it sits at (41.5, 61.5))
    assert not _near(d2, (2 * SMALL[0] + 0.5, 2 * SMALL[1] + 0.5), 3.0)
    assert len(_near(d2, BIG, 6.0)) == 1  # both scales see the big one: it is reported once
    for i, a in enumerate(d2):  # no two detections of the merged list within the merge radius
        for b in d2[i + 1:]:
            assert np.hypot(a.cx - b.cx, a.cy - b.cy) > two.merge_px
    assert raw2.shape[-2:] == (64, 64) and two.last_scale == 1.0  # maps / refinement keep the scale-1 output

    # the scale-2 pass alone: the small target is there, the big one too (mapped back near its centre)
    only2 = SeqIRSTDetector(BlobNet(), "cpu", threshold=0.25, scales="2")
    d, raw = only2.detect_differential(G)
    assert _near(d, SMALL) and _near(d, BIG, 2.0) and raw.shape[-2:] == (128, 128) and only2.last_scale == 2.0


def test_one_scale_is_the_detector_as_it_was():
    from workbench_seq_irst.model import build_model

    torch.manual_seed(0)
    m = build_model()
    G = _input(3)
    det = SeqIRSTDetector(m, "cpu", threshold=0.0, relative=0.5)
    new, raw = det.detect_differential(G)
    old, raw_old = det.detect_input(normalize(G, mode=det.norm))
    assert [(d.cx, d.cy, d.score) for d in new] == [(d.cx, d.cy, d.score) for d in old]
    assert np.array_equal(raw, raw_old)
    assert SeqIRSTConfig().scales == "1"  # shipped default: off


def test_resize_input_sizes_and_interpolation():
    G = _input()
    assert resize_input(G, 1.0) is G
    up, down = resize_input(G, 2.0), resize_input(G, 0.5)
    assert up.shape == (3, 128, 128) and down.shape == (3, 32, 32)
    assert down[0].mean() == pytest.approx(G[0].mean(), rel=1e-4)  # area averaging keeps the mean


def test_frame_level_call_and_maps_extent_follow_the_level():
    seq = make_sequence(7, frames=6, width=64, height=48)
    det = SeqIRSTDetector(BlobNet(), "cpu", threshold=0.25, scales="2")
    out = det.detect_frames([seq.frame(i) for i in (4, 3, 2, 1)], 4)
    x, y, w, h = out.maps["confidence"].region
    assert (x, y, w, h) == (0.0, 0.0, 64.0, 48.0)  # the scale-2 grid drawn over the frame it came from
    for p in out.points:
        assert 0 <= p[0] < 64 and 0 <= p[1] < 48


def test_config_reaches_the_detector(tmp_path):
    from workbench.core.training import save_weights
    from workbench_seq_irst.detector import make_detector
    from workbench_seq_irst.model import build_model

    w = save_weights(tmp_path / "w.pt", build_model())
    det = make_detector(SeqIRSTConfig(weights=str(w), scales="1,2", merge_px=4.0))
    assert det.scales == (1.0, 2.0) and det.merge_px == 4.0
    det = make_detector(SeqIRSTConfig(weights=str(w)))
    assert det.scales == (1.0,) and det.merge_px == 6.0


def test_detect_command_takes_test_scales(tmp_path):
    from workbench.core.training import save_weights
    from workbench_seq_irst.detector import main
    from workbench_seq_irst.model import build_model

    torch.manual_seed(1)
    w = save_weights(tmp_path / "w.pt", build_model())
    seq = save_irseq(make_sequence(11, frames=6, width=48, height=40), tmp_path / "s")
    for sc in ("1", "1,2"):
        out = tmp_path / f"r{sc}.json"
        assert main(["--sequence", str(seq), "--weights", str(w), "--device", "cpu", "--threshold", "0.05",
                     "--test-scales", sc, "--json", str(out)]) == 0
        rep = json.loads(out.read_text())
        assert rep["test_scales"] == [float(v) for v in sc.split(",")] and rep["per_sequence"]
    with pytest.raises(WorkbenchError):
        main(["--sequence", str(seq), "--weights", str(w), "--device", "cpu", "--test-scales", "0"])


def test_loso_scores_with_the_pyramid_and_rescores_saved_fold_weights(tmp_path, monkeypatch):
    from workbench.core.training import save_weights
    from workbench_seq_irst import loso
    from workbench_seq_irst.model import build_model

    for g, seed in (("a", 31), ("b", 32)):
        save_irseq(make_sequence(seed, width=48, height=48, frames=6, flicker_rate=0), tmp_path / g / f"seq{g}")
    torch.manual_seed(2)
    w = save_weights(tmp_path / "w.pt", build_model())

    def fake_train(train_paths, recipe, out, *a, **k):  # the fold's "training": copy fixed weights
        out.mkdir(parents=True, exist_ok=True)
        (out / "weights.pt").write_bytes(Path(w).read_bytes())
        return out / "weights.pt"

    monkeypatch.setattr(loso, "train_fold", fake_train)
    roots = [tmp_path / "a", tmp_path / "b"]
    rep = loso.run_loso(roots, tmp_path / "run", loso.Recipe(threshold=0.05, test_scales=(1.0, 2.0)),
                        log=lambda m: None)
    assert list(rep["recipe"]["test_scales"]) == [1.0, 2.0]
    direct = loso.score(w, [tmp_path / "a" / "seqa"], 0.05, scales=(1.0, 2.0))
    assert [rep["folds"]["a"][k] for k in ("tp", "fp", "fn")] == [direct[k] for k in ("tp", "fp", "fn")]
    # the same fold weights scored again, without and with the pyramid, from the command line
    base = ["--root", str(roots[0]), "--root", str(roots[1]), "--out", str(tmp_path / "run"), "--score-threshold",
            "0.05"]
    assert loso.main(base + ["--rescore", "x1"]) == 0
    assert loso.main(base + ["--rescore", "x12", "--test-scales", "1,2"]) == 0
    r1 = json.loads((tmp_path / "run" / "rescore_x1.json").read_text())
    r12 = json.loads((tmp_path / "run" / "rescore_x12.json").read_text())
    assert r1["scoring"]["test_scales"] == [1.0] and r12["scoring"]["test_scales"] == [1.0, 2.0]
    for g in ("a", "b"):
        assert [r12["folds"][g][k] for k in ("tp", "fp", "fn")] == [rep["folds"][g][k] for k in ("tp", "fp", "fn")]
        assert r1["folds"][g]["tp"] + r1["folds"][g]["fn"] == 6  # every frame of the held-out sequence
    single = loso.score(w, [tmp_path / "b" / "seqb"], 0.05)
    assert [r1["folds"]["b"][k] for k in ("tp", "fp", "fn")] == [single[k] for k in ("tp", "fp", "fn")]
    with pytest.raises(WorkbenchError):
        loso.main(["--root", str(roots[0]), "--root", str(roots[1]), "--out", str(tmp_path / "none"),
                   "--rescore", "x"])


def test_settings_form_shows_the_pyramid(qtbot):
    from workbench.gui.config_form import ConfigForm

    form = ConfigForm(SeqIRSTConfig)
    qtbot.addWidget(form)
    assert {"scales", "merge_px"} <= set(form.field_names())
    assert form.values()["scales"] == "1"
    form.set_values({"scales": "1,2"})
    assert SeqIRSTConfig(**form.values()).scales == "1,2"
