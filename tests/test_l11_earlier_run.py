"""``workbench.core.training.earlier_run``: whose run an --out folder's last.pt is (the five plugins each had a
copy). Also the one helper their tests use to leave another command's checkpoint in a folder."""
import torch


def last_checkpoint(folder, model: dict, extra: dict | None = None, log: str | None = None):
    """A tiny training checkpoint ``folder/last.pt`` (and ``train_log.txt`` beside it when ``log``), as another
    command leaves one; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    torch.save({"format": "workbench-checkpoint/1", "model": model, "optimizer": {}, "epoch": 1, "history": [],
                "extra": extra or {}}, folder / "last.pt")
    if log is not None:
        (folder / "train_log.txt").write_text(log)
    return folder


def test_the_run_is_named_by_its_command_its_log_or_its_weights(tmp_path):
    import pytest

    from workbench.core.errors import WorkbenchError
    from workbench.core.training.earlier_run import other_run, refuse_other_run

    def never(_ck):
        return False

    said = last_checkpoint(tmp_path / "a", {"w": torch.zeros(1)}, {"command": "workbench search nas_tir --out a"})
    assert other_run(said / "last.pt", "train nas_tir", never) == "a `workbench search nas_tir` run's checkpoint"
    assert other_run(said / "last.pt", "search nas_tir", never) is None
    logged = last_checkpoint(tmp_path / "b", {"w": torch.zeros(1)}, log="# 12:00 workbench train hanet --data x\n")
    assert other_run(logged / "last.pt", "train seq_irst", never) == "a `workbench train hanet` run's checkpoint"
    bare = last_checkpoint(tmp_path / "c", {"x.w": torch.zeros(1), "y": torch.zeros(1)})
    assert other_run(bare / "last.pt", "train hanet", never) == "another network's checkpoint (2 weights, the " \
                                                                "first 'x.w')"
    assert other_run(bare / "last.pt", "train hanet", lambda ck: "x.w" in ck["model"]) is None
    assert other_run(bare / "last.pt", "train hanet", never, known=lambda ck: "train hanet") is None
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "last.pt").write_bytes(b"not a checkpoint")  # the resume says what is wrong with it
    assert other_run(tmp_path / "d" / "last.pt", "train hanet", never) is None
    with pytest.raises(WorkbenchError, match=r"^--out .*a: holds another command's run: .*last\.pt is a `workbench "
                                             r"search nas_tir` run's checkpoint, not a `workbench train nas_tir` one"):
        refuse_other_run(said, "train nas_tir", never)
    refuse_other_run(tmp_path / "empty", "train nas_tir", never)  # nothing there: nothing to say
