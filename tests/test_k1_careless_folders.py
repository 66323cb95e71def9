"""What a careless user types at export-results, report, eval and list: one run's own folder given as the results
folder ("no result files ... it holds VOT / TRE / SRE runs"), a file given as one ("no such results folder"),
results of another dataset at export-results (said to be VOT / TRE / SRE runs), list --dataset "" (listed the
plugins). Each is one line saying what is wrong and what to give."""
import json

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def _error(err: str) -> str:
    assert "Traceback" not in err
    return [ln for ln in err.splitlines() if ln.startswith("workbench: error:")][-1]


def _results(root):
    """A results folder with one kcf run of dataset 'data' (sequence s), and its run folder."""
    run = root / "data" / "kcf" / "default"
    (run / "baseline" / "s").mkdir(parents=True)  # a VOT run beside it, as `run --protocol vot` puts it
    (run / "s.txt").write_text("1,1,5,5\n" * 3)
    (run / "manifest.json").write_text(json.dumps({"method": "kcf", "variant": "default", "sequences": {
        "s": {"start_frame": 0, "box_offset": 0, "frames": 3, "completed": True}}}))
    return run


def test_a_run_folder_a_file_and_another_dataset(tmp_path, capsys):
    run = _results(tmp_path / "r")
    write_demo(tmp_path / "other", frames=3, width=32, height=24, name="s")
    assert main(["export-results", str(run), "--toolkit", "otb", "--out", str(tmp_path / "x")]) == 2
    line = _error(capsys.readouterr().err)
    assert f"{run} is one run's folder (of kcf" in line and "the results folder it is in" in line
    assert "which only" not in line and not (tmp_path / "x").exists()  # not blamed on the VOT runs beside it
    assert "its baseline/ holds its VOT runs too, which `workbench eval --protocol vot` of that results folder" in line
    assert main(["export-results", str(tmp_path / "r"), "--toolkit", "otb", "--out", str(tmp_path / "x"),
                 "--dataset", str(tmp_path / "other")]) == 2
    line = _error(capsys.readouterr().err)
    assert "one-pass runs of dataset 'data' only" in line and "VOT" not in line
    assert main(["report", str(run / "s.txt"), "--dataset", str(tmp_path / "other"), "--out", str(tmp_path / "p")]) == 2
    assert "s.txt: is a file, not a results folder" in _error(capsys.readouterr().err)
    assert main(["list", "--dataset", ""]) == 2
    assert "--dataset: empty" in _error(capsys.readouterr().err)
