"""`workbench train lw_irstnet` numbers that ended in a traceback or worse: --scale 1 inf (numpy's OverflowError),
--crop 100000 (a 112 GiB MemoryError), --threads 100000 (a segmentation fault inside torch, no message; segment and
train hanet alike); and --resume of a weights-only file, 'resumed after epoch 0' (a fine-tuning with a fresh
optimizer logged as a continued run). Each one line naming the option or file and what to do."""
import os

from tiny_sirst import tiny_sirst
import pytest

LIMIT = max(64, 4 * (os.cpu_count() or 1))  # more threads than cores are slow, not refused: a script from a larger machine


def _sirst(root, n=2, size=16):
    return tiny_sirst(root, n, size)


def _train(data, out, *more):
    return ["train", "lw_irstnet", "--data", str(data), "--split", "", "--val-split", "", "--epochs", "1",
            "--batch-size", "1", "--crop", "16", "--device", "cpu", "--out", str(out), *more]


@pytest.mark.parametrize("more, words", [
    (["--scale", "1", "inf"], "--scale 1 inf: need 0 < MIN <= MAX <= 10"),
    (["--crop", "100000"], "--crop 100000: a positive multiple of 8 up to 2048 is needed"),
    # (100000 was the segmentation fault; one more than the bound is refused the same way)
    (["--threads", str(LIMIT + 1)], f"--threads {LIMIT + 1}: must be between 0 and {LIMIT} "
                                    "(0: torch's default; 4 x this machine's cores or 64 at most)")])
def test_training_numbers_that_crashed_are_one_line(tmp_path, capsys, more, words):
    from workbench.cli import main as cli

    assert cli(_train(tmp_path / "set", tmp_path / "run", *more)) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"workbench: error: {words}") and len(err.splitlines()) == 1, err
    assert not (tmp_path / "run").exists()


def test_threads_beyond_the_bound_in_segment_and_train_hanet(tmp_path, capsys):
    from workbench.cli import main as cli

    many = str(LIMIT + 1)
    assert cli(["segment", "lw_irstnet", "--dataset", str(tmp_path), "--threads", many]) == 2
    assert f"--threads {many}: must be between 0 and {LIMIT}" in capsys.readouterr().err
    assert cli(["train", "hanet", "--generate", "1", "--frames", "2", "--size", "32x32", "--val", "0", "--epochs", "1",
                "--steps", "1", "--batch", "1", "--out", str(tmp_path / "h"), "--threads", many]) == 2
    assert f"--threads {many}: must be between 0 and {LIMIT}" in capsys.readouterr().err
    assert not (tmp_path / "h").exists()


def test_resume_of_a_weights_file_says_init(tmp_path, capsys):
    import torch

    from workbench.cli import main as cli
    from workbench_lw_irstnet.model import LWIRSTNet

    w = tmp_path / "w.pt"
    torch.save(LWIRSTNet().state_dict(), w)
    before = w.read_bytes()
    assert cli(_train(_sirst(tmp_path / "set"), tmp_path / "run", "--resume", str(w))) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"workbench: error: {w}: holds weights only, no training to continue (no epoch, no optimizer "
                   f"state): start from them with --init {w}, or resume a last.pt"), err
    assert w.read_bytes() == before and not (tmp_path / "run" / "last.pt").exists()
