"""eval on groundtruth that shows no target printed 0.000 over 0 frames without a word; it now says which
sequences scored no frame and why (absent-target frames are left out), and that the 0.000 is no score."""
import numpy as np

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def _nan_gt(seq, n):
    (seq / "groundtruth_rect.txt").write_text("NaN,NaN,NaN,NaN\n" * n)


def test_eval_says_why_no_frame_was_scored(tmp_path, capsys):
    data = tmp_path / "data"
    for name in ("a", "b"):
        write_demo(data, frames=4, width=48, height=40, seed=2, name=name)
    assert main(["run", "--tracker", "kcf", "--dataset", str(data), "--out", str(tmp_path / "r")]) == 0
    _nan_gt(data / "b", 4)
    capsys.readouterr()
    assert main(["eval", str(tmp_path / "r"), "--dataset", str(data)]) == 0
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "scored no frame" in x)
    assert "kcf" in line and ": b:" in line and "left out of the mean" in line and "no target" in line

    _nan_gt(data / "a", 4)
    assert main(["eval", str(tmp_path / "r"), "--dataset", str(data)]) == 0
    out, err = capsys.readouterr()
    assert np.isclose(float(next(x for x in out.splitlines() if x.startswith("kcf")).split()[2]), 0.0)
    line = next(x for x in err.splitlines() if "no frame scored" in x)
    assert "a, b" in line and "no score" in line and "--absent failure" in line
