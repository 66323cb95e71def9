"""One run's own folder given as the results (OUT/<dataset>/<method>/<variant>, where its box files are):
export-video and eval said "no result file for sequence" though the files were there; it is that run."""
from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_a_runs_own_folder_is_that_run(tmp_path, capsys):
    from workbench.core.results import find_runs

    write_demo(tmp_path / "data", frames=4, width=40, height=32, seed=2, name="a")
    seq = tmp_path / "data" / "a"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "out")]) == 0
    leaf = next((tmp_path / "out").rglob("a.txt")).parent
    assert leaf.name == "default" and (leaf / "manifest.json").is_file()
    runs = find_runs(leaf)
    assert [(r.label, r.method, sorted(r.files)) for r in runs] == [("kcf", "kcf", ["a"])]
    capsys.readouterr()
    assert main(["export-video", "--sequence", str(seq), "--results", str(leaf), "--out", str(tmp_path / "v.mp4")]) == 0
    assert (tmp_path / "v.mp4").is_file() and "kcf" in capsys.readouterr().out
