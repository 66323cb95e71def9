"""`workbench train seq_irst` made --out and wrote its train_log.txt before --init was read and before the
frames were read (the crop set): a refused run left the folder it named behind. Now nothing is made or
written until those are checked; a run that trains still logs every line, the early ones included."""
import numpy as np
import pytest


def _daub(root, n=6, broken=False):
    from workbench.core.data.images import write_image

    for i in range(n):
        x = np.full((32, 32), 40, np.uint8)
        x[10 + i, 12] = 220
        write_image(root / "frames" / f"{i + 1:04d}.png", x)
    if broken:  # a frame that is not a picture: said when the crop set reads it
        (root / "frames" / "0003.png").write_bytes(b"not a png")
    (root / "anno_xy.txt").write_text("".join(f"12\t{10 + i}\n" for i in range(n)))
    return root


def _argv(out, *extra):
    return ["train", "seq_irst", "--crop", "16", "--epochs", "1", "--device", "cpu", "--threads", "1",
            "--out", str(out), *extra]


@pytest.mark.parametrize("case", ["missing init", "damaged init", "unreadable frame"])
def test_a_refused_training_leaves_no_out_folder(tmp_path, capsys, case):
    from workbench.cli import main as cli

    seq = _daub(tmp_path / "seq", broken=case == "unreadable frame")
    extra = []
    if case == "missing init":
        extra = ["--init", str(tmp_path / "nowhere.pt")]
    elif case == "damaged init":
        (tmp_path / "bad.pt").write_bytes(b"not a checkpoint")
        extra = ["--init", str(tmp_path / "bad.pt")]
    out = tmp_path / "new" / "run"
    assert cli(_argv(out, "--data", str(seq), *extra)) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("workbench: error: "), err
    assert (str(tmp_path / "nowhere.pt") if case == "missing init" else str(tmp_path / "bad.pt")
            if case == "damaged init" else "0003.png") in err, err
    assert not (tmp_path / "new").exists()


def test_a_training_logs_its_early_lines_too(tmp_path, capsys):
    from workbench.cli import main as cli

    out = tmp_path / "run"
    assert cli(_argv(out, "--data", str(_daub(tmp_path / "seq")), "--batch-size", "2")) == 0
    log = (out / "train_log.txt").read_text().splitlines()
    assert log[0].startswith("# ") and "workbench train seq_irst" in log[0], log[:3]
    assert any(ln.startswith("crop set: ") for ln in log), log
    assert any(ln.startswith("data path: ") for ln in log), log
    assert (out / "last.pt").is_file()


def test_loso_over_one_recording_group_leaves_no_out_folder(tmp_path, capsys):
    """`train seq_irst --loso` (and the panel's Run LOSO, through loso.run_loso) made --out before it found
    fewer than two recording groups."""
    from workbench.cli import main as cli

    _daub(tmp_path / "a" / "seq_a")
    out = tmp_path / "new" / "loso"
    assert cli(["train", "seq_irst", "--loso", "--root", str(tmp_path / "a"), "--out", str(out), "--epochs", "1",
                "--crop", "16", "--synthetic", "0", "--threads", "1", "--device", "cpu"]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "leave-one-out needs at least two recording groups" in err, err
    assert not (tmp_path / "new").exists()
