"""A user's own sequences for `workbench train seq_irst`: a video without labels is not training data, and
what the readers say of the labels reaches the training's log (tiny generated files)."""
from __future__ import annotations

import pytest

from seq_irst_user_files import labelled_sequence as _labelled, unlabelled_video as _video

from workbench.core.errors import DataWarning, WorkbenchError


def test_unlabelled_video_is_refused_as_training_data(tmp_path):
    """`--data clip.avi` without clip.labels.csv trained on it as frames without any target (every crop a
    background), without a word; `detect` still takes it (detected, not scored)."""
    from workbench_seq_irst.sequences import open_many

    clip = _video(tmp_path / "clip.avi")
    with pytest.raises(WorkbenchError, match=r"clip\.avi: no labelled sequence here: clip\.avi has no labels "
                                             r"\(a video's are <stem>\.labels\.csv"):
        open_many([str(clip)])
    assert len(open_many([str(clip)], labelled_only=False)) == 1

    root = tmp_path / "root"
    _labelled(root / "seq1")
    _video(root / "b.avi")
    with pytest.warns(DataWarning, match=r"left out, b\.avi has no labels"):
        seqs = open_many([str(root)])
    assert [s.name for s in seqs] == ["seq1"]


def test_train_logs_what_the_readers_said(tmp_path, monkeypatch):
    """A label centred outside the frame (scored as a miss, trained as nothing) was said by `detect` and
    not by `train`."""
    from types import SimpleNamespace

    import workbench_seq_irst.train as train_mod

    class Crops(list):
        frames = 0

    def fake_train(ctx, dataset, val, settings, out, *a, ready=None, **k):
        out.mkdir(parents=True, exist_ok=True)  # as train() does once its checks pass, then its log opens
        ready()
        return SimpleNamespace(best_epoch=0, best_value=None, history=[], cancelled=False), Crops(), None

    # the training itself is not what is checked here: its log's head is
    monkeypatch.setattr(train_mod, "train", fake_train)
    import workbench.core.device as device

    monkeypatch.setattr(device, "resolve_device", lambda name: "cpu")  # no torch import for a log's head
    main = train_mod.main
    seq = _labelled(tmp_path / "s")
    (seq / "labels.csv").write_text((seq / "labels.csv").read_text() + "2,40,3,3,3,target\n")
    main(["--data", str(seq), "--epochs", "1", "--batch-size", "4", "--crop", "16", "--threads", "1",
          "--device", "cpu", "--out", str(tmp_path / "out")])
    log = (tmp_path / "out" / "train_log.txt").read_text()
    assert "warning: " in log and "outside the 16x16 frame" in log and "labels.csv" in log
