"""``eval --csv-bom`` without ``--csv`` was taken without a word: the mark asked for went on no file (eval's one CSV
is --csv's). It is refused before any scoring, saying what to give."""
from workbench.cli import main


def test_eval_csv_bom_without_csv_is_refused(tmp_path, capsys):
    (tmp_path / "res").mkdir()
    (tmp_path / "data").mkdir()
    args = ["eval", str(tmp_path / "res"), "--dataset", str(tmp_path / "data"), "--csv-bom"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "--csv-bom: marks the --csv file, and no --csv is given" in err, err
    assert main(args + ["--csv", str(tmp_path / "s.csv")]) == 2  # with --csv: on to the scoring (nothing to score)
    assert "--csv-bom" not in capsys.readouterr().err
