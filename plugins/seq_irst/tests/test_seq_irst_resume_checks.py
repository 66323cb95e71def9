"""`workbench train seq_irst --resume` that cannot continue: one line, nothing overwritten. Generated data."""
import pytest

from workbench.core.errors import WorkbenchError


def _argv(out, *extra):
    return ["--synthetic", "1", "--synthetic-size", "64x48", "--synthetic-frames", "6", "--crop", "16",
            "--epochs", "1", "--device", "cpu", "--threads", "1", "--out", str(out), *extra]


def test_resume_of_another_backbone_or_a_missing_checkpoint_is_refused(tmp_path):
    from workbench_seq_irst import train

    out = tmp_path / "run"
    assert train.main(_argv(out)) == 0
    kept = (out / "last.pt").read_bytes()
    # darknet19 on a darknet19_tiny checkpoint: torch's size-mismatch list in a traceback
    with pytest.raises(WorkbenchError, match=r"last\.pt: the checkpoint's weights do not fit SeqIRSTNet.*--backbone"):
        train.main(_argv(out, "--epochs", "2", "--backbone", "darknet19", "--resume"))
    assert (out / "last.pt").read_bytes() == kept
    # --resume into a folder without last.pt (a mistyped --out) trained from scratch without a word; rerunning
    # one command with --resume stays the way to continue, so it starts, and says so
    assert train.main(_argv(tmp_path / "typo", "--resume")) == 0
    assert "--resume: no " in (tmp_path / "typo" / "train_log.txt").read_text()
