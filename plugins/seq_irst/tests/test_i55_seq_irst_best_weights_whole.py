"""Training with a weight average (--ema) keeps the average as best_weights.pt by copying ema_weights.pt over it.
That was shutil.copyfile straight onto best_weights.pt: a full disk mid-copy truncated the weights a
run had kept and left half a file, and said "[Errno 28] No space left on device" naming no file. Now the copy is
whole or not at all (atomic.atomic_copy): the best_weights.pt already there is as it was, and the error names it."""
from __future__ import annotations

import pytest

from tests.helpers import full_disk

torch = pytest.importorskip("torch")


def test_full_disk_while_keeping_the_average_leaves_best_weights_whole(tmp_path, monkeypatch):
    from workbench.core.data.irseq_synth import make_sequences
    from workbench.core.errors import WorkbenchError
    from workbench.core.jobs import JobContext
    from workbench_seq_irst.train import TrainSettings, train

    best = tmp_path / "best_weights.pt"
    best.write_bytes(b"weights kept by an earlier run" * 50)
    before = best.read_bytes()

    full_disk(monkeypatch, tmp_path, room=64)  # the copy's writes (os.write) fill the disk after 64 bytes
    data = [(s, None) for s in make_sequences(1, seed=0, width=48, height=48, frames=6)]
    st = TrainSettings(crop=16, epochs=1, batch_size=8, select="last", ema=0.9)
    with pytest.raises(WorkbenchError) as e:
        train(JobContext(), data, [], st, tmp_path, log=lambda _m: None)
    assert str(best) in str(e.value) and "No space left" in str(e.value)
    assert best.read_bytes() == before
    assert (tmp_path / "ema_weights.pt").is_file()  # the average itself is kept, to copy once there is room
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_zero_epoch_iteration_copies_its_start_weights_whole(tmp_path, monkeypatch):
    """An iteration of 0 epochs keeps the weights it starts from as its best_weights.pt (a copy): a full disk
    leaves the file already there (a cancelled try's) as it was, and the error names it."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.jobs import JobContext
    from workbench_seq_irst.project import Project
    from workbench_seq_irst.workflow import train_iteration

    pr = Project.create(tmp_path / "proj")
    init = pr.root / "runs" / "init" / "weights.pt"
    init.parent.mkdir(parents=True)
    init.write_bytes(b"start weights" * 40)
    pr.settings["init_weights"] = "runs/init/weights.pt"
    pr.save()
    best = pr.run_dir(1) / "best_weights.pt"
    best.parent.mkdir(parents=True)
    best.write_bytes(b"a cancelled try's best" * 10)

    full_disk(monkeypatch, best.parent, room=30)
    from workbench_seq_irst.train import TrainSettings

    with pytest.raises(WorkbenchError) as e:
        train_iteration(JobContext(), pr, TrainSettings(crop=16, epochs=0), log=lambda _m: None)
    assert str(best) in str(e.value) and "No space left" in str(e.value)
    assert best.read_bytes() == b"a cancelled try's best" * 10
    assert sorted(p.name for p in best.parent.iterdir()) == ["best_weights.pt"]
    assert pr.iterations == []
