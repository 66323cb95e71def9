"""seq_irst leave-one-sequence-out selection: recording groups, per-channel normalisation, implanted
targets in real backgrounds, strong augmentation, and a tiny end-to-end LOSO run."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from workbench.core.data.irseq import INTERFERENCE, TARGET, IRSequence, Label, save_irseq  # noqa: E402
from workbench.core.data.irseq_synth import implant, make_sequence, smooth_path, temporal_noise  # noqa: E402
from workbench.core.data.sequence import ArrayFrames  # noqa: E402
from workbench_seq_irst.differential import CLIP_SIGMA, INPUT_SCALE, normalize  # noqa: E402
from workbench_seq_irst.loso import discover, folds, group_of, summarise  # noqa: E402

from tests.helpers import save_daub, shared  # noqa: E402


def _tiny(path: Path, seed: int, n: int = 6, size: int = 48, daub: bool = False) -> Path:
    seq = make_sequence(seed, width=size, height=size, frames=n, flicker_rate=0)
    save_daub(seq, path) if daub else save_irseq(seq, path)
    return path


def test_group_rule_keeps_daub_recordings_together(tmp_path):
    def g(rel):  # a DAUB sequence folder (the rule reads its anno_xy.txt)
        (tmp_path / rel).mkdir(parents=True, exist_ok=True)
        (tmp_path / rel / "anno_xy.txt").write_text("1\t1\n")
        return group_of(tmp_path / rel, Path(rel).name)

    assert g("daub/sequence1") == g("daub/sequence3") == "daub_1-2-3"
    assert g("daub/sequence4") == g("daub/sequence8")
    assert g("daub/sequence9") == g("daub/sequence10")
    assert g("daub/sequence12") == "daub_12"
    assert g("daub/sequence1") != g("daub/sequence12")
    assert g("tensoristd_sky/easy4") == g("tensoristd_sky/easy6")


def test_loso_folds_never_put_a_group_on_both_sides(tmp_path):
    for name, seed in (("sequence1", 1), ("sequence2", 2), ("sequence4", 3), ("sequence8", 4), ("sequence12", 5)):
        _tiny(tmp_path / "daub" / name, seed, n=4, size=16, daub=True)
    for name, seed in (("easy4", 6), ("easy6", 7)):
        _tiny(tmp_path / "sky" / name, seed, n=4, size=16)
    groups = discover([tmp_path / "daub", tmp_path / "sky"])
    assert len(groups) == 4 and sorted(len(v) for v in groups.values()) == [1, 2, 2, 2]
    every = {p for ps in groups.values() for p in ps}
    fs = folds(groups)
    assert len(fs) == len(groups)
    for g, held, train in fs:
        held_groups = {group_of(p, p.name) for p in held}
        train_groups = {group_of(p, p.name) for p in train}
        assert held_groups == {g} and g not in train_groups
        assert set(held) | set(train) == every and not set(held) & set(train)


def test_loso_groups_of_the_real_daub_sequences():
    daub = shared("irst/daub")
    groups = discover([daub])
    assert len(groups) >= 2
    for g, held, train in folds(groups):
        assert not {group_of(p, p.name) for p in train} & {group_of(p, p.name) for p in held}
    names = {p.name: g for g, ps in groups.items() for p in ps}
    if "sequence1" in names and "sequence12" in names:
        assert names["sequence1"] != names["sequence12"]


def test_channel_normalisation_is_exact():
    # channel k alternates +-a_k around 0: median 0, MAD a_k, so sigma_k = 1.4826 a_k exactly
    a = np.array([2.0, 5.0, 40.0], np.float32)
    sign = np.where((np.indices((64, 64)).sum(0) % 2) == 0, 1.0, -1.0).astype(np.float32)
    G = a[:, None, None] * sign[None]
    G[1, 10, 10] = 300.0  # one bright pixel (a target): moves neither median nor MAD
    x = normalize(G, mode="channel")
    for k in range(3):
        want = np.clip(G[k] / (1.4826 * a[k]), -CLIP_SIGMA, CLIP_SIGMA) * INPUT_SCALE
        np.testing.assert_allclose(x[k], want, rtol=1e-5)
    assert x[1, 10, 10] == pytest.approx(CLIP_SIGMA * INPUT_SCALE)  # clipped at 16 sigma
    # one shared sigma ("frame") leaves the channels on different scales
    xf = normalize(G, mode="frame")
    assert abs(xf[0, 0, 0]) < abs(xf[2, 0, 0]) / 5
    assert abs(x[0, 0, 0]) == pytest.approx(abs(x[2, 0, 0]), rel=1e-5)
    with pytest.raises(ValueError):
        normalize(G, mode="sequence-ish")


def test_normalisation_mode_travels_with_the_weights():
    from workbench_seq_irst.detector import SeqIRSTDetector
    from workbench_seq_irst.model import build_model, model_from_state_dict

    old = build_model().state_dict()
    assert "input_norm" not in old and model_from_state_dict(old).input_norm_mode == "frame"
    m = model_from_state_dict(build_model(norm="channel").state_dict())
    assert m.input_norm_mode == "channel"
    assert SeqIRSTDetector(m).norm == "channel"


def _flat(n=8, H=40, W=50, value=1000, dtype=np.uint16, labels=None):
    return IRSequence("flat", ArrayFrames(n, lambda i: np.full((H, W), value, dtype)),
                      labels or [[] for _ in range(n)])


def test_implant_puts_the_requested_target_at_the_requested_places():
    n = 8
    pos = np.column_stack([10.0 + 3 * np.arange(n), 12.0 + 2 * np.arange(n)])
    own = [[Label(i, 45.0, 35.0, 3, 3, TARGET)] for i in range(n)]
    s = implant(_flat(n, labels=own), seed=0, snr=4.0, sigma=2.0, positions=pos, noise_sigma=5.0)
    amp = 4.0 * 5.0
    for i in range(n):
        f = s.frame(i).astype(np.float64) - 1000.0
        x, y = int(pos[i, 0]), int(pos[i, 1])
        assert f[y, x] == pytest.approx(amp, abs=0.5)  # peak = SNR x noise sigma (rounded to counts)
        assert f[y, x + 2] == pytest.approx(amp * np.exp(-4 / 8), abs=0.5)  # Gaussian, sigma 2 px
        assert f[y + 3, x] == pytest.approx(amp * np.exp(-9 / 8), abs=0.5)
        assert np.unravel_index(np.argmax(f), f.shape) == (y, x)
        assert f[0:3, 40:50].max() == 0  # nothing far away
        tg = [lab for lab in s.labels[i] if lab.cls == TARGET]
        assert len(tg) == 2 and (tg[0].cx, tg[0].cy) == (45.0, 35.0)  # the sequence's own label kept
        assert (tg[1].cx, tg[1].cy) == (pos[i, 0], pos[i, 1]) and tg[1].w == pytest.approx(2.355 * 2.0)
    assert s.meta["implant"]["snr"] == 4.0 and s.meta["implant"]["sigma"] == 2.0
    assert s.frame(0).dtype == np.uint16


def test_implant_draws_a_smooth_path_away_from_real_targets_and_measures_noise():
    rng = np.random.default_rng(3)
    noise = [rng.normal(100, 3.0, (64, 64)) for _ in range(10)]
    own = [[Label(i, 32.0, 32.0, 3, 3, TARGET)] for i in range(10)]
    seq = IRSequence("n", ArrayFrames(10, lambda i: np.clip(np.round(noise[i]), 0, 255).astype(np.uint8)), own)
    assert temporal_noise(seq) == pytest.approx(3.0, rel=0.12)
    s = implant(seq, seed=5, snr=(2.0, 6.0), sigma=(1.5, 3.0))
    im = s.meta["implant"]
    assert 2.0 <= im["snr"] <= 6.0 and 1.5 <= im["sigma"] <= 3.0
    p = np.array(im["positions"])
    steps = np.hypot(*np.diff(p, axis=0).T)
    assert np.all(steps <= 2.0 + 1e-9) and np.all(steps > 0.3)  # moving, at most the top speed
    assert np.all(np.hypot(p[:, 0] - 32, p[:, 1] - 32) >= 12)  # clear of the real target
    assert all(len(labs) == 2 for labs in s.labels)
    path = smooth_path(np.random.default_rng(0), 30, 100, 80, margin=8)
    assert path[:, 0].min() >= 8 and path[:, 0].max() <= 100 - 9 and path[:, 1].max() <= 80 - 9


def test_strong_augmentation_keeps_labels_on_the_target():
    from workbench_seq_irst.crops import augment

    x = np.zeros((3, 16, 16), np.float32)
    x[:, 3, 11] = 2.0
    moved = set()
    for seed in range(24):
        y, labs = augment(x, [(11, 3, 2, 4, TARGET)], np.random.default_rng(seed), "strong")
        cx, cy = int(labs[0][0]), int(labs[0][1])
        a = np.abs(y[0])
        assert np.unravel_index(np.argmax(a), a.shape) == (cy, cx)
        moved.add((cx, cy))
        assert np.abs(y).max() <= CLIP_SIGMA * INPUT_SCALE
    assert len(moved) >= 4  # flips and rotations reach several of the 8 symmetric places


def test_hard_negative_mining_turns_false_alarms_into_interference():
    from workbench_seq_irst.loso import hard_negatives
    from workbench_seq_irst.model import Detection

    class Fake:
        def run(self, seq, frames=None):
            return [[Detection(10.0, 10.0, 3, 3, 0.9, TARGET, i), Detection(30.0, 20.0, 3, 3, 0.8, TARGET, i)]
                    for i in range(len(seq))]

    own = [[Label(i, 10.5, 10.0, 3, 3, TARGET)] for i in range(4)]
    seq = _flat(4, labels=own)
    mined, fa, miss = hard_negatives(Fake(), [(seq, [0, 2])])
    assert fa == 2 and miss == 0
    labs = mined[0][0].labels
    assert [lab.cls for lab in labs[0]] == [TARGET, INTERFERENCE] and (labs[0][1].cx, labs[0][1].cy) == (30.0, 20.0)
    assert labs[1] == own[1]  # frames not mined stay as they were
    assert seq.labels[0] == own[0]  # the input's labels are untouched


def test_summary_mean_and_spread():
    s = summarise({"a": {"f1": 0.5, "precision": 0.5, "recall": 0.5, "tp": 1, "fp": 1, "fn": 1},
                   "b": {"f1": 0.7, "precision": 1.0, "recall": 0.5, "tp": 3, "fp": 0, "fn": 3}})
    assert s["mean_f1"] == pytest.approx(0.6) and s["std_f1"] == pytest.approx(np.std([0.5, 0.7], ddof=1))
    assert s["pooled"]["tp"] == 4 and s["pooled"]["precision"] == pytest.approx(0.8)


def test_tiny_end_to_end_loso_writes_the_json(tmp_path):
    from workbench_seq_irst.command import main as train_main  # what `workbench train seq_irst` runs

    _tiny(tmp_path / "a" / "seqA", 21, n=8, size=64)
    _tiny(tmp_path / "b" / "seqB", 22, n=8, size=64)
    out = tmp_path / "loso"
    argv = ["--loso", "--root", str(tmp_path / "a"), "--root", str(tmp_path / "b"), "--out", str(out),
            "--epochs", "2", "--mine-epochs", "1", "--crop", "32", "--synthetic", "0", "--implant", "1", "--implant-sigma", "1,2",
            "--every", "2", "--batch-size", "8", "--norm", "channel", "--aug", "strong", "--threads", "1"]
    assert train_main(argv) == 0
    rep = json.loads((out / "loso.json").read_text())
    assert set(rep["folds"]) == {"a", "b"} and rep["summary"]["folds"] == 2
    for g, r in rep["folds"].items():
        assert 0.0 <= r["f1"] <= 1.0 and r["tp"] + r["fn"] == 8  # every frame of the held-out sequence scored
        assert not set(r["held_out"]) & set(r["trained_on"])
        assert (out / f"fold_{g}" / "weights.pt").is_file()
        assert (out / f"fold_{g}" / "stage2" / "best_weights.pt").is_file()  # the mining round ran
    assert rep["recipe"]["norm"] == "channel" and "--loso" in rep["command"]
    mtime = (out / "fold_a" / "result.json").stat().st_mtime
    assert train_main(argv) == 0  # resumable: finished folds are read back, not retrained
    assert (out / "fold_a" / "result.json").stat().st_mtime == mtime
    # the post-processing sweep over the same fold weights reproduces each fold's own scoring (0.5, no rule)
    assert train_main(["--loso", "--root", str(tmp_path / "a"), "--root", str(tmp_path / "b"), "--out", str(out),
                       "--sweep"]) == 0
    sw = json.loads((out / "sweep.json").read_text())
    for g, r in rep["folds"].items():
        assert sw["counts"]["0.50/0.0"][g] == [r["tp"], r["fp"], r["fn"]]
    assert set(sw["nested"]["folds"]) == {"a", "b"} and 0.0 <= sw["nested"]["mean_f1"] <= 1.0
    # the trajectory confirmation's sweep: every setting of its grid, each fold's own counts under confirm()
    assert train_main(["--loso", "--root", str(tmp_path / "a"), "--root", str(tmp_path / "b"), "--out", str(out),
                       "--sweep-tracks", "--rescore", "t"]) == 0
    st = json.loads((out / "sweep_tracks_t.json").read_text())
    from workbench_seq_irst.tracks import GRID, GRID_RELATIVE

    assert len(st["counts"]) == len(GRID) * len(GRID_RELATIVE) and st["test_scales"] == [1.0]
    key = f"{GRID[0].key}/0.0"  # floor 0.05, 1 point, mean 0.15, no fill: close to the detections >= 0.15
    for g in rep["folds"]:
        tp, fp, fn = st["counts"][key][g]
        assert tp + fn == 8  # one labelled target per frame of the held-out sequence
    assert set(st["nested"]["folds"]) == {"a", "b"} and "pooled_f1" in st["nested"]
    # one fold's weights only: no nested choice to make (was numpy's 'Mean of empty slice' and a NaN figure)
    from workbench.core.errors import WorkbenchError

    (out / "fold_b" / "weights.pt").rename(out / "fold_b" / "weights.pt.away")
    with pytest.raises(WorkbenchError, match="at least two"):
        train_main(["--loso", "--root", str(tmp_path / "a"), "--root", str(tmp_path / "b"), "--out", str(out),
                    "--sweep"])
