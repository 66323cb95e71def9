"""What a careless user types to `detect seq_irst` / `train seq_irst`: an empty path (`--sequence "$SEQ"`, SEQ unset)
was the current folder, and every sequence under it was detected, trained on or held out; `--test-scales 0` said
"scales: ..." and `--train-frames abc` "frame range ...", neither naming the option; `--weights ''` said ".: weights
file is missing". One line each, naming the option, exit 2, nothing written."""
import pytest

from seq_irst_user_files import labelled_sequence


@pytest.mark.parametrize("argv, words", [
    (["detect", "seq_irst", "--sequence", ""], "--sequence '': an empty path (an unset shell variable?)"),
    (["train", "seq_irst", "--data", "", "--out", "run"], "--data '': an empty path"),
    (["train", "seq_irst", "--loso", "--root", "", "--out", "run"], "--root '': an empty path"),
    (["detect", "seq_irst", "--sequence", "seq", "--test-scales", "0"],
     "--test-scales 0: every scale must lie in 0.1 ... 8"),
    (["detect", "seq_irst", "--sequence", "seq", "--weights", ""], "--weights '': an empty path"),
    (["train", "seq_irst", "--data", "seq", "--train-frames", "abc", "--out", "run"],
     "--train-frames abc: must be START:END (0-based, END exclusive)"),
])
def test_careless_input_is_one_line(tmp_path, monkeypatch, capsys, argv, words):
    from workbench.cli import main as cli

    labelled_sequence(tmp_path / "seq")
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    assert cli(argv + ["--device", "cpu"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"workbench: error: {words}"), err
    assert sorted(tmp_path.rglob("*")) == before
