"""export-video given one run's own folder (OUT/<dataset>/<method>/<variant>) said "no result file for sequence 'a'"
though a.txt was there; it says the folder is one run's and to give the results folder it is in, as eval does."""
from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_a_runs_own_folder_is_said_as_eval_says_it(tmp_path, capsys):
    write_demo(tmp_path / "data", frames=4, width=40, height=32, seed=2, name="a")
    seq = tmp_path / "data" / "a"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "out")]) == 0
    leaf = next((tmp_path / "out").rglob("a.txt")).parent
    capsys.readouterr()
    assert main(["export-video", "--sequence", str(seq), "--results", str(leaf), "--out", str(tmp_path / "v.mp4")]) == 2
    err = capsys.readouterr().err
    assert "is one run's folder (of kcf" in err and "give the results folder it is in" in err, err
    assert main(["export-video", "--sequence", str(seq), "--results", str(tmp_path / "out"), "--out",
                 str(tmp_path / "v.mp4")]) == 0
