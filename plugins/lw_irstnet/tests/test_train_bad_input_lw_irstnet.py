"""`workbench train lw_irstnet` bad input: --folds that are no numbers (int()'s traceback), a negative --seed
(numpy's), and --final over a folder holding final weights without a last.pt to continue (written over
without a word). Tiny generated SIRST-style set."""
from tiny_sirst import tiny_sirst


def _sirst(root, n=4, size=16):
    return tiny_sirst(root, n, size)


def _argv(data, out, *more):
    return ["train", "lw_irstnet", "--data", str(data), "--split", "", "--val-split", "", "--epochs", "1", "--batch-size", "1",
            "--crop", "16", "--threads", "1", "--device", "cpu", "--out", str(out), *more]


def _one_line(capsys, words):
    err = capsys.readouterr().err.strip()
    assert err.startswith("workbench: error: ") and len(err.splitlines()) == 1 and words in err, err


def test_folds_and_seed_are_said_in_one_line(tmp_path, capsys):
    from workbench.cli import main as cli

    data = _sirst(tmp_path / "set")
    assert cli(_argv(data, tmp_path / "cv", "--cv", "2", "--folds", "a,b")) == 2
    _one_line(capsys, "--folds a,b: give fold numbers separated by commas, e.g. 0,2")
    assert not list((tmp_path / "cv").glob("fold_*"))
    assert cli(_argv(data, tmp_path / "run", "--seed", "-1")) == 2
    _one_line(capsys, "--seed -1: must be between 0 and")
    assert not (tmp_path / "run").exists()


def test_final_keeps_final_weights_it_cannot_continue(tmp_path, capsys):
    from workbench.cli import main as cli

    data = _sirst(tmp_path / "set")
    out = tmp_path / "final"
    out.mkdir()
    (out / "final_weights.pt").write_bytes(b"earlier")
    assert cli(_argv(data, out, "--final")) == 2
    _one_line(capsys, f"--out {out}: holds final weights already ({out / 'final_weights.pt'}) and no last.pt")
    assert (out / "final_weights.pt").read_bytes() == b"earlier"
