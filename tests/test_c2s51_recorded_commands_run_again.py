"""The command a training records (its log's first line, summary.json / the checkpoint's ``command``) runs again as
typed. It was the arguments joined by spaces: ``--split ''`` (train on every image, as the help says) came back as
``--split --epochs 1`` and an --out with a space in it as two words, so the line copied from the log was refused."""
import json
import shlex

import numpy as np
import pytest

from workbench.cli import main

pytestmark = pytest.mark.usefixtures("one_thread")


def _tiny_sirst(root, n=4, size=16):
    from workbench.core.data.images import write_image

    for i in range(n):
        x = np.full((size, size), 30 + 10 * i, np.uint8)
        m = np.zeros((size, size), np.uint8)
        x[5:8, 5:8], m[5:8, 5:8] = 200, 255
        write_image(root / "images" / f"img{i}.png", x)
        write_image(root / "masks" / f"img{i}.png", m)
    return root


def test_lw_irstnet_training_records_its_arguments_as_typed(tmp_path):
    import torch

    data = _tiny_sirst(tmp_path / "my set")
    out = tmp_path / "run one"
    argv = ["--data", str(data), "--split", "", "--val-split", "", "--epochs", "1", "--batch-size", "2",
            "--crop", "16", "--threads", "1", "--out", str(out)]
    assert main(["train", "lw_irstnet", *argv]) == 0
    ck = torch.load(out / "last.pt", weights_only=True)
    for line in (ck["extra"]["command"], (out / "train_log.txt").read_text().splitlines()[0].split("] ", 1)[1]):
        assert shlex.split(line) == ["workbench", "train", "lw_irstnet", *argv]


def test_seq_irst_training_records_its_arguments_as_typed(tmp_path):
    out = tmp_path / "run one"
    argv = ["--synthetic", "1", "--synthetic-val", "1", "--synthetic-size", "48x48", "--synthetic-frames", "6",
            "--epochs", "1", "--threads", "1", "--out", str(out)]
    assert main(["train", "seq_irst", *argv]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert shlex.split(summary["command"]) == ["workbench", "train", "seq_irst", *argv]
