"""A failed write (a full disk; here a file-size limit) left the folders the command had made: ``eval --plots
NEW/plots`` an empty ``NEW/plots`` (made by the first plot's write), ``demo --out NEW`` its folder. A folder the
command made is removed again when it fails (the demo's with what it wrote there); one that was there is left."""
import numpy as np
import pytest

import workbench.core.data.synthetic as synthetic
from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.results import RunInfo
from workbench.core.runs import RunResult

resource = pytest.importorskip("resource", reason="file-size limits (RLIMIT_FSIZE) are POSIX only")


def _full_disk(call):
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16, hard))  # Python ignores SIGXFSZ: writes past it fail (EFBIG)
    try:
        return call()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_eval_plots_on_a_full_disk_leaves_no_empty_folder(tmp_path, capsys):
    seq = open_sequence(synthetic.write_demo(tmp_path / "data", frames=4, width=64, height=48, name="s"))
    gt = np.asarray(seq.groundtruth, float)
    RunResult("kcf", "s", gt, np.ones(4), np.full(4, 0.01), init_box=tuple(gt[0]), init_given=False, box_offset=0,
              info=RunInfo("kcf", dataset="data")).save(tmp_path / "res")
    plots = tmp_path / "new" / "plots"
    args = ["eval", str(tmp_path / "res"), "--dataset", str(tmp_path / "data"), "--plots", str(plots)]
    assert _full_disk(lambda: main(args)) == 2
    assert "success.png: could not be written" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()  # the old code: new/plots, empty
    there = tmp_path / "there"
    there.mkdir()
    assert _full_disk(lambda: main(args[:-1] + [str(there)])) == 2
    assert there.is_dir()  # a folder that was there is left


def test_demo_out_made_by_a_failed_demo_is_removed(tmp_path, capsys, monkeypatch):
    out = tmp_path / "new" / "demo"
    assert _full_disk(lambda: main(["demo", "--out", str(out), "--frames", "4", "--trackers", "kcf"])) == 2
    assert ".workbench-demo: could not be written" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()  # the old code: new/demo, empty

    def stop(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(synthetic, "write_demo", stop)  # Ctrl-C after the marker is written
    assert main(["demo", "--out", str(out), "--frames", "4", "--trackers", "kcf"]) == 130
    assert not (tmp_path / "new").exists()
    out.mkdir(parents=True)
    assert main(["demo", "--out", str(out), "--frames", "4", "--trackers", "kcf"]) == 130
    assert out.is_dir()  # there before: left (with the demo's marker, which lets the next demo write over it)
