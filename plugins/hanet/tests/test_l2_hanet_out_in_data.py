"""`workbench train hanet --data ROOT --out ROOT/run` (or --out ROOT): the training writes its generated and
validation videos under --out (DIR/data, DIR/val), so a --resume or a later run of --data ROOT read them back as
training videos (the validation set trained on) without a word. Refused now, naming both, before anything is
written."""
import pytest


@pytest.mark.parametrize("inside", [True, False])
def test_out_in_or_at_a_data_root_is_refused_before_writing(tmp_path, capsys, inside):
    from workbench.cli import main as cli

    root = tmp_path / "videos"
    root.mkdir()
    out = root / "run" if inside else root
    rc = cli(["train", "hanet", "--data", str(root), "--out", str(out), "--val", "1", "--epochs", "1",
              "--steps", "1", "--batch", "2", "--device", "cpu"])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2, err
    where = "lies inside" if inside else "is"
    assert err[-1].startswith(f"workbench: error: --out {out}: {where} the --data root {root}: "), err
    assert "give an --out outside it" in err[-1], err
    assert list(root.iterdir()) == []  # no run folder, no log, no videos
