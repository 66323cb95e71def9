"""`workbench train seq_irst --resume` over other data than the run was started on: refused, naming both. It
continued on the other sequences (same names, same recipe) and finished with exit 0: one history over two data
sets, nothing on record. Tiny generated sequences saved as files."""
from types import SimpleNamespace

import pytest

from workbench.core.errors import WorkbenchError


def _saved(root, seed):
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence

    return save_irseq(make_sequence(seed, width=16, height=16, frames=4, flicker_rate=0), root / "seq")


def _argv(data, out, *extra):
    return ["--data", str(data), "--crop", "16", "--batch-size", "4", "--epochs", "1", "--device", "cpu",
            "--threads", "1", "--out", str(out), *extra]


def test_resume_over_other_data_is_refused_and_an_old_checkpoint_resumes_with_a_note(tmp_path):
    import torch

    from workbench_seq_irst import train

    a, b = _saved(tmp_path / "a", 1), _saved(tmp_path / "b", 2)
    out = tmp_path / "run"
    assert train.main(_argv(a, out)) == 0
    kept = (out / "last.pt").read_bytes()
    with pytest.raises(WorkbenchError, match=r"last\.pt: this training was started on other data \(.*a[/\\]seq: 1 "
                                             r"sequence, 4 frames\) than this run's \(.*b[/\\]seq: .*resume it with "
                                             r"the data it was started on .*or give another --out"):
        train.main(_argv(b, out, "--epochs", "2", "--resume"))
    assert (out / "last.pt").read_bytes() == kept
    # the same data resumes
    assert train.main(_argv(a, out, "--epochs", "2", "--resume")) == 0
    # a checkpoint from before fingerprints: resumed, said in the log
    ck = torch.load(out / "last.pt", weights_only=True)
    del ck["extra"]["data"]
    torch.save(ck, out / "last.pt")
    assert train.main(_argv(b, out, "--epochs", "3", "--resume")) == 0
    assert "written before training data were fingerprinted" in (out / "train_log.txt").read_text()
    assert torch.load(out / "last.pt", weights_only=True)["extra"]["data"]["sha256"]  # recorded from then on


def test_the_project_workflow_sets_a_cancelled_run_over_another_training_set_aside(tmp_path):
    """The window's Train again resumed a cancelled iteration whatever the training set had become; the resume
    now refuses other data, so the iteration starts afresh (as with other settings) and keeps the old run."""
    from workbench_seq_irst.fingerprint import data_fingerprint
    from workbench_seq_irst.runs import open_seq
    from workbench_seq_irst.train import TrainSettings
    from workbench_seq_irst.workflow import set_aside_other_recipe

    a, b = open_seq(_saved(tmp_path / "a", 1)), open_seq(_saved(tmp_path / "b", 2))
    out = tmp_path / "proj" / "runs" / "iter_1"
    out.mkdir(parents=True)
    import torch

    settings = TrainSettings()
    from workbench_seq_irst.train import recipe_of

    torch.save({"format": "workbench-checkpoint/1", "model": {}, "optimizer": {}, "epoch": 1, "history": [],
                "extra": {"recipe": recipe_of(settings), "backbone": settings.backbone,
                          "data": data_fingerprint([(a, None)])}}, out / "last.pt")
    project = SimpleNamespace(root=tmp_path / "proj")
    changed, aside, ck = set_aside_other_recipe(project, out, settings, lambda m: None, [(a, None)])
    assert (changed, aside) == ([], None) and ck is not None
    changed, aside, ck = set_aside_other_recipe(project, out, settings, lambda m: None, [(b, None)])
    assert changed == ["the training set (labels or frames)"] and aside is not None and ck is None
    assert (aside / "last.pt").is_file() and not out.exists()
