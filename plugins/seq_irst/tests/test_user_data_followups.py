"""A user's own data in `workbench train seq_irst`: LOSO's sequences follow train's rule for videos without
labels, and a damaged --init is said before the crop set is cut (tiny generated files)."""
from __future__ import annotations

from pathlib import Path

import pytest

from seq_irst_user_files import labelled_sequence as _labelled, unlabelled_video as _video

from workbench.core.errors import DataWarning, WorkbenchError


def test_loso_leaves_out_videos_without_labels(tmp_path):
    """`train seq_irst --loso --root R` listed a video without labels as a sequence of its group: trained on as
    frames without any target, or held out and scored with nothing. Now the rule of `train --data`: left out
    with a warning beside labelled sequences, a root of such videos alone refused naming the video."""
    from workbench_seq_irst.loso import discover

    a, b = tmp_path / "a", tmp_path / "b"
    _labelled(a / "seq1")
    _video(a / "clip.avi")
    _labelled(b / "seq2", seed=2)
    with pytest.warns(DataWarning, match=r"left out, clip\.avi has no labels"):
        groups = discover([a, b])
    assert groups == {"a": [a / "seq1"], "b": [b / "seq2"]}

    only = tmp_path / "c"
    _video(only / "other.avi")
    with pytest.raises(WorkbenchError, match=r"no labelled sequence here: other\.avi has no labels"):
        discover([b, only])


def _train_args(data, out, *more):
    return ["--data", str(data), "--epochs", "1", "--batch-size", "4", "--crop", "16", "--threads", "1",
            "--device", "cpu", "--out", str(out), *more]


@pytest.fixture
def cuts(monkeypatch):
    """The crop sets `train` cut (build_crops' calls), passed through."""
    import workbench_seq_irst.crops as crops_mod

    calls, real = [], crops_mod.build_crops
    monkeypatch.setattr(crops_mod, "build_crops", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


@pytest.mark.parametrize("which", ["missing", "empty", "other network"])
def test_a_bad_init_is_said_before_the_crop_set_is_cut(tmp_path, cuts, which):
    """`train seq_irst --init W` read W after every training frame had been cut into crops (minutes on real
    sequences): a missing, damaged or other network's file is now said first (as --resume's network was)."""
    import torch

    from workbench_seq_irst.train import main

    seq = _labelled(tmp_path / "s")
    w = {"missing": tmp_path / "nosuch.pt", "empty": tmp_path / "empty.pt", "other network": tmp_path / "other.pt"}[which]
    if which == "empty":
        w.write_bytes(b"")
    elif which == "other network":
        torch.save({"model": {"x": torch.zeros(1)}}, w)
    with pytest.raises(WorkbenchError) as err:
        main(_train_args(seq, tmp_path / "out", "--init", str(w)))
    assert str(w) in str(err.value)
    assert cuts == []


def test_init_and_resume_read_their_file_once(tmp_path, cuts, monkeypatch):
    """A valid --init still trains from it; --resume's last.pt was read twice (the recipe check in main, the
    network check in train()): once now."""
    import workbench.core.training.checkpoints as ckpts
    from workbench_seq_irst.train import main

    seq = _labelled(tmp_path / "s")
    out = tmp_path / "out"
    assert main(_train_args(seq, tmp_path / "first")) == 0
    reads, real = [], ckpts.load_file
    monkeypatch.setattr(ckpts, "load_file", lambda path, *a, **k: reads.append(Path(path).name) or real(path, *a, **k))
    assert main(_train_args(seq, out, "--init", str(tmp_path / "first" / "best_weights.pt"))) == 0
    assert reads == ["best_weights.pt"] and "starting from" in (out / "train_log.txt").read_text()
    reads.clear()
    assert main(_train_args(seq, out, "--epochs", "2", "--resume")) == 0
    assert reads == ["last.pt"] and "resuming after epoch 1" in (out / "train_log.txt").read_text()
    assert len(cuts) == 3
