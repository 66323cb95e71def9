"""The VOT "no trajectories" error named the layout as <tracker>/baseline/<seq>/<seq>_001.txt, but `run --protocol vot`
writes <dataset>/<tracker>/<variant>/baseline/...: it says the real layout, and the datasets the folder holds VOT
runs of when the --dataset given names another."""
import shutil

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_vot_error_names_the_layout_run_writes(tmp_path, capsys):
    seq = write_demo(tmp_path / "data", frames=6, width=64, height=48, seed=3, name="s")
    out = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", "vot"]) == 0
    other = tmp_path / "elsewhere" / "s"
    shutil.copytree(seq, other)
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(other.parent), "--protocol", "vot"]) == 2
    err = capsys.readouterr().err
    assert "<dataset>/<tracker>/<variant>/baseline/<seq>/<seq>_001.txt" in err
    assert "VOT runs of dataset 'data'" in err and "Traceback" not in err
