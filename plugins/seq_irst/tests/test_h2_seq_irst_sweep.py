"""`workbench detect / train seq_irst` under a careless user (H2 sweep): `detect --detections SEQ/anno_xy.txt
--force` wrote the detections over the sequence's own labels (and --json over the --weights file); train
--synthetic-size 100000x100000 was numpy's out-of-memory traceback. One line, exit 2, the inputs unchanged."""
import numpy as np
import pytest


def _daub(root, n=4):
    from workbench.core.data.images import write_image

    for i in range(n):
        x = np.full((32, 32), 40, np.uint8)
        x[10 + i, 12] = 220
        write_image(root / "frames" / f"{i + 1:04d}.png", x)
    (root / "anno_xy.txt").write_text("".join(f"12\t{10 + i}\n" for i in range(n)))
    return root


@pytest.mark.parametrize("flag, target, words", [
    ("--detections", "seq/anno_xy.txt", "is a file of --sequence {seq}, an input (not written over, --force or not)"),
    ("--json", "seq/frames/0001.png", "is a file of --sequence {seq}, an input"),
    ("--json", "w.pt", "is the --weights file; give another name"),
])
def test_h2_detect_does_not_write_over_its_inputs(tmp_path, capsys, flag, target, words):
    from workbench.cli import main as cli

    seq = _daub(tmp_path / "seq")
    (tmp_path / "w.pt").write_bytes(b"weights")  # refused before the weights are read
    before = (tmp_path / target).read_bytes()
    assert cli(["detect", "seq_irst", "--sequence", str(seq), "--weights", str(tmp_path / "w.pt"),
                flag, str(tmp_path / target), "--force", "--device", "cpu"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"workbench: error: {flag} {tmp_path / target}: ") and len(err.splitlines()) == 1, err
    assert words.format(seq=seq) in err, err
    assert (tmp_path / target).read_bytes() == before


def test_h2_train_refuses_a_synthetic_size_it_cannot_hold(tmp_path, capsys):
    from workbench.cli import main as cli

    assert cli(["train", "seq_irst", "--synthetic", "1", "--synthetic-size", "100000x100000", "--crop", "16",
                "--epochs", "1", "--device", "cpu", "--threads", "1", "--out", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "workbench: error: --synthetic-size 100000x100000: frames of at most 4096x4096 are generated", err
    assert not (tmp_path / "run").exists()


def test_h2_detect_takes_each_sequence_once(tmp_path, capsys):
    """--sequence A --sequence A was scored twice in the overall figures and written twice; two sequences named
    alike from two places wrote one result file, the second over the first (and one row of scores)."""
    from types import SimpleNamespace

    from workbench.cli import main as cli
    from workbench_seq_irst.detector import distinct

    a, b = _daub(tmp_path / "seq"), _daub(tmp_path / "other" / "seq")
    (tmp_path / "w.pt").write_bytes(b"weights")  # refused before the weights are read
    assert cli(["detect", "seq_irst", "--sequence", str(a), "--sequence", str(b), "--weights", str(tmp_path / "w.pt"),
                "--device", "cpu"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"workbench: error: --sequence: two sequences are named 'seq' ({a} and {b}): their scores and " \
                  "result files go under one name, one over the other; give one of them, or detect them in two runs " \
                  "with two --out", err
    one = SimpleNamespace(name="seq", path=a)
    assert distinct([one, SimpleNamespace(name="seq", path=tmp_path / "seq"), SimpleNamespace(name="x", path=b)]) \
        == [one, one.__class__(name="x", path=b)]
    assert capsys.readouterr().err.strip() == f"warning: {tmp_path / 'seq'}: given twice; detected once"


def test_h2_resume_of_another_methods_checkpoint(tmp_path, capsys):
    """--resume over an --out whose last.pt another method wrote (a SiamFC++ training's) said 'trained with another
    recipe (--lr ... --batch-size ...)' and to start from it with --init, which fails."""
    import torch

    from workbench.cli import main as cli
    from workbench.core.training.checkpoints import FORMAT, save_file

    run = tmp_path / "run"
    save_file({"format": FORMAT, "model": {"backbone.conv1.conv.weight": torch.zeros(2, 3, 1, 1)}, "optimizer": {},
               "epoch": 1, "history": [], "extra": {"recipe": {"lr": 0.001, "batch_size": 1}}}, run / "last.pt")
    assert cli(["train", "seq_irst", "--synthetic", "1", "--synthetic-size", "64x48", "--crop", "16", "--epochs", "2",
                "--device", "cpu", "--threads", "1", "--out", str(run), "--resume"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"workbench: error: {run / 'last.pt'}: not a seq_irst training's checkpoint (its weights are another " \
                  "network's, no backbone.0.0.weight): give another --out", err
    assert sorted(p.name for p in run.iterdir()) == ["last.pt"]
