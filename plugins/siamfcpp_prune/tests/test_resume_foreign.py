"""`workbench train siamfcpp / ps_siamfcpp --resume` of a checkpoint that training cannot continue:
one line naming the file, the checkpoint left as it was. Generated data only."""
from __future__ import annotations

import torch

from workbench_siamfcpp_prune.model import SiamFCpp


def _train_args(out, extra=()):
    return ["--out", str(out), "--epochs", "2", "--steps", "1", "--batch-size", "1", "--x-size", "199", "--data",
            "--demo-sequences", "1", "--shape-sequences", "0", "--threads", "1", "--device", "cpu", *extra]


def test_resume_of_a_foreign_checkpoint_is_one_line_and_keeps_it(tmp_path, capsys):
    from workbench.cli import main as cli

    other = tmp_path / "other.pt"  # another method's checkpoint
    torch.save({"format": "workbench-checkpoint/1", "model": {"stage1.conv.weight": torch.zeros(8, 3, 3, 3)},
                "optimizer": {}, "epoch": 3, "history": [], "extra": {}}, other)
    torch.manual_seed(0)
    torch.save(SiamFCpp().state_dict(), tmp_path / "base.pt")
    ft = tmp_path / "ft"
    assert cli(["train", "ps_siamfcpp", "--init", str(tmp_path / "base.pt"), "--heads", "2", "--head-dim", "8",
                *_train_args(ft, ["--epochs", "1"])]) == 0
    kept = (ft / "last.pt").read_bytes()
    capsys.readouterr()
    for argv, words in (
            (["train", "siamfcpp", *_train_args(tmp_path / "a", ["--resume", str(other)])], "do not fit SiamFCpp"),
            (["train", "siamfcpp", *_train_args(tmp_path / "b", ["--resume", str(ft / "last.pt")])],
             "attention-guided finetune"),
            (["train", "ps_siamfcpp", "--init", str(tmp_path / "base.pt"), "--no-attention",
              *_train_args(ft, ["--resume", str(ft / "last.pt")])], "attention-guided finetune")):
        assert cli(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and words in err and "Traceback" not in err, err
    assert (ft / "last.pt").read_bytes() == kept
