"""`workbench train hanet --seed -1`: numpy's "expected non-negative integer" traceback after the videos were
generated; one line now, before anything is written."""


def test_a_negative_seed_is_refused(tmp_path, capsys):
    from workbench.cli import main as cli

    assert cli(["train", "hanet", "--generate", "1", "--frames", "6", "--size", "96x64", "--val", "0", "--out",
                str(tmp_path / "run"), "--epochs", "1", "--steps", "1", "--batch", "2", "--seed", "-1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "workbench: error: --seed -1: must be between 0 and 2147483647 (a random seed)", err
    assert not (tmp_path / "run").exists()
