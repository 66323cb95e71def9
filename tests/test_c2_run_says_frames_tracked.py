"""`workbench run --start 8` on a 12-frame sequence printed "12 frames" (the sequence's length, every row of the
box file) where it tracked 4; the line says the frames tracked."""
from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_run_from_a_later_start_says_the_frames_it_tracked(tmp_path, capsys):
    seq = write_demo(tmp_path / "data", frames=12, width=40, height=32, seed=3, name="twelve")
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "r"), "--start", "8"]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "twelve" in ln)
    assert " 4 frames " in line and "12 frames" not in line, line
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "r"), "--start", "11"]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "twelve" in ln)
    assert " 1 frame " in line, line
