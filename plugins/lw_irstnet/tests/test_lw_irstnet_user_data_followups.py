"""A user's mistakes with `workbench train lw_irstnet`: a bad --init / --resume file said before any image is
decoded (tiny generated files in tmp_path)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workbench.core.errors import WorkbenchError


def _sirst(root: Path, n=3, size=16, splits=True) -> Path:
    from workbench.core.data.images import write_image

    names = [f"img{i}" for i in range(n)]
    for i, name in enumerate(names):
        x = np.full((size, size), 30 + 10 * i, np.uint8)
        m = np.zeros((size, size), np.uint8)
        x[5:8, 5:8], m[5:8, 5:8] = 200, 255
        write_image(root / "images" / f"{name}.png", x)
        write_image(root / "masks" / f"{name}.png", m)
    if splits:
        (root / "splits").mkdir()
        (root / "splits" / "train.txt").write_text("\n".join(names) + "\n")
    return root


def _args(data, out, *more):
    return ["--data", str(data), "--val-split", "", "--epochs", "1", "--batch-size", "1", "--crop", "16",
            "--threads", "1", "--device", "cpu", "--out", str(out), *more]


@pytest.fixture
def loads(monkeypatch):
    """The splits the training decoded (load_split's calls), passed through."""
    import workbench_lw_irstnet.train as train_mod

    calls, real = [], train_mod.load_split
    monkeypatch.setattr(train_mod, "load_split", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    return calls


def _bad_files(tmp_path):
    import torch

    empty = tmp_path / "empty.pt"
    empty.write_bytes(b"")
    other = tmp_path / "other.pt"
    torch.save({"model": {"x": torch.zeros(1)}}, other)
    return {"missing": (tmp_path / "nosuch.pt", "missing"), "empty": (empty, "empty file"),
            "other network": (other, "do not fit")}


@pytest.mark.parametrize("flag", ["--init", "--resume"])
@pytest.mark.parametrize("which", ["missing", "empty", "other network"])
def test_a_bad_checkpoint_is_said_before_the_images_are_decoded(tmp_path, loads, flag, which):
    """A damaged or wrong --init / --resume file was reported only after every training and validation image
    had been decoded (minutes on a real set)."""
    from workbench_lw_irstnet.train import main

    data = _sirst(tmp_path / "set")
    path, says = _bad_files(tmp_path)[which]
    with pytest.raises(WorkbenchError, match=says) as err:
        main(_args(data, tmp_path / "out", flag, str(path)))
    assert str(path) in str(err.value)
    assert loads == []  # no image decoded


def test_init_and_resume_still_train(tmp_path, loads):
    """Valid files: --init starts from the weights, --resume continues the run (each decodes the split once)."""
    import torch

    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.train import main

    data = _sirst(tmp_path / "set")
    torch.manual_seed(1)
    w = tmp_path / "w.pt"
    torch.save(LWIRSTNet().state_dict(), w)
    assert main(_args(data, tmp_path / "a", "--init", str(w))) == 0
    assert main(_args(data, tmp_path / "a", "--epochs", "2", "--resume", str(tmp_path / "a" / "last.pt"))) == 0
    assert loads == ["train.txt", "train.txt"]
    log = (tmp_path / "a" / "train_log.txt").read_text()
    assert "resumed from" in log and "after epoch 1" in log


def test_a_set_without_splits_says_what_the_split_options_take(tmp_path):
    """`train lw_irstnet --data D` on images/ + masks/ without splits/ said "split 'train.txt' not found" and no
    more; `--split ''` (every image, offered now) was a ValueError traceback."""
    from workbench_lw_irstnet.cv import build_pool
    from workbench_lw_irstnet.train import main

    data = _sirst(tmp_path / "set", splits=False)
    argv = ["--data", str(data), "--epochs", "1", "--batch-size", "1", "--crop", "16", "--threads", "1",
            "--device", "cpu"]
    with pytest.raises(WorkbenchError) as err:
        main(argv + ["--out", str(tmp_path / "a")])
    msg = str(err.value)
    assert msg.startswith(f"{data}: no splits/ folder, so no train.txt / val.txt") and "\n" not in msg
    assert "--split FILE" in msg and "on every image without validation" in msg and "--split '' --val-split ''" in msg
    with pytest.raises(WorkbenchError, match=r"no split 'val\.txt' .*--val-split '' trains without validation"):
        main(argv + ["--split", "", "--out", str(tmp_path / "b")])
    assert main(argv + ["--split", "", "--val-split", "", "--out", str(tmp_path / "c")]) == 0
    assert "train 3 images, val 0 images" in (tmp_path / "c" / "train_log.txt").read_text()
    with pytest.raises(WorkbenchError, match=r"--split '' trains on every image$"):  # --cv / --final's pool
        build_pool(str(data), "train.txt")
    (data / "splits").mkdir()  # a splits/ folder without the file: the reader's own line, and the hint
    with pytest.raises(WorkbenchError, match=r"split 'train\.txt' not found \(looked in .*: --split FILE names"):
        main(argv + ["--val-split", "", "--out", str(tmp_path / "d")])
