"""`--dataset ""` (a script's unset variable) is the current folder to ``Path``: run tracked, and eval scored, every
sequence under wherever the command was started. Refused, naming the option, before any work."""
import pytest

from workbench.cli import main


@pytest.mark.parametrize("argv", [["run", "--tracker", "kcf", "--out", "OUT"], ["eval", "OUT"],
                                  ["report", "OUT", "--out", "REP"], ["export-results", "OUT", "--toolkit", "otb",
                                                                      "--out", "X"]])
def test_an_empty_dataset_is_refused(argv, tmp_path, capsys, monkeypatch):
    from workbench.core.data.synthetic import write_demo

    write_demo(tmp_path / "data", frames=3, width=32, height=24, name="s")
    (tmp_path / "OUT").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(argv + ["--dataset", ""]) == 2
    err = capsys.readouterr().err
    assert "--dataset: empty" in err and "Traceback" not in err
    assert not any((tmp_path / "OUT").iterdir()) and not (tmp_path / "REP").exists() and not (tmp_path / "X").exists()


def test_an_empty_sequence_is_refused(tmp_path, capsys):
    assert main(["run", "--tracker", "kcf", "--sequence", "", "--out", str(tmp_path / "o")]) == 2
    assert "--sequence: empty" in capsys.readouterr().err and not (tmp_path / "o").exists()
