"""demo --out wrote into a user's folder without --force, unlike eval / report / export-video: refused now, before
any work, saying what is there; an earlier demo alone is written over with a note (the README command runs twice)."""
import pytest

from workbench.cli import _demo_out_unused, _drop_stale_demo_frames, main
from workbench.core.errors import WorkbenchError
from workbench.core.data.synthetic import write_demo


def _error(err: str) -> str:
    assert "Traceback" not in err
    return [ln for ln in err.splitlines() if ln.startswith("workbench: error:")][-1]


def test_demo_refuses_a_folder_that_holds_something(tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    (mine / "plots").mkdir()
    assert main(["demo", "--out", str(mine), "--frames", "2", "--trackers", "kcf"]) == 2
    line = _error(capsys.readouterr().err)
    assert "is not empty (notes.txt: not an earlier demo's)" in line
    assert "--force" in line and "new or empty folder" in line
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt", "plots"]


def test_demo_writes_over_an_earlier_demo_alone_with_a_note(tmp_path, capsys):
    """The README's demo command run twice: an earlier demo's outputs alone are written over, said in a note; a
    user's folder of the same names (plots/, data/ of their own) is not an earlier demo."""
    earlier = tmp_path / "earlier"
    (earlier / "plots").mkdir(parents=True)
    (earlier / "scores.json").write_text("{}")
    (earlier / ".workbench-demo").write_text("demo")
    _demo_out_unused(earlier)
    assert "holds an earlier demo; writing the demo over it" in capsys.readouterr().err
    (earlier / "mine.txt").write_text("mine")
    with pytest.raises(WorkbenchError, match=r"is not empty \(mine.txt: not an earlier demo's\)"):
        _demo_out_unused(earlier)

    before_marker = tmp_path / "older"  # a demo written before the marker: its data/ holds its sequence alone
    (before_marker / "data" / "demo_thermal").mkdir(parents=True)
    (before_marker / "plots").mkdir()
    _demo_out_unused(before_marker)
    assert "holds an earlier demo" in capsys.readouterr().err

    project = tmp_path / "project"  # the user's own plots/ and data/
    (project / "data" / "s").mkdir(parents=True)
    (project / "plots").mkdir()
    (project / "plots" / "success.png").write_text("mine")
    with pytest.raises(WorkbenchError, match=r"is not empty \(data/, plots/: not an earlier demo's\)"):
        _demo_out_unused(project)
    assert (project / "plots" / "success.png").read_text() == "mine"


def test_demo_marks_its_folder(tmp_path):
    assert main(["demo", "--out", str(tmp_path / "d"), "--frames", "2", "--trackers", "kcf"]) == 0
    assert (tmp_path / "d" / ".workbench-demo").is_file()
    assert main(["demo", "--out", str(tmp_path / "d"), "--frames", "2", "--trackers", "kcf"]) == 0  # again


def test_demo_force_over_a_longer_demo_drops_its_extra_frames(tmp_path):
    img = write_demo(tmp_path / "data", frames=5, width=32, height=24, name="demo_thermal") / "img"
    (img / "notes.png.txt").write_text("not a frame")
    _drop_stale_demo_frames(img, 3)  # the 3-frame demo's groundtruth has 3 rows: frames 4 and 5 made it unreadable
    assert sorted(p.name for p in img.iterdir()) == ["0001.png", "0002.png", "0003.png", "notes.png.txt"]
