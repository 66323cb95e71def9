"""SiamFC++ / HA-Net refused a first box under 2 px wherever it came from: a TRE segment, a VOT re-init or a
dataset's first box on a 1 x 1 px groundtruth target failed the whole task ('give a box of at least 2 x 2 px', which
the user cannot) and the error named no sequence or frame (call_method passed a plugin's WorkbenchError on without
its ``where``). A groundtruth start is tracked now; only a box the user gives (--init, the window's box) is refused,
by ``boxes.check_user_box`` on the ``smallest_user_box`` its Plugin declares, naming the sequence and frame. (The trackers'
own behaviour on a 1 x 1 px groundtruth box: the plugins' test_c55_*_tiny_box.py.)"""
import numpy as np
import pytest

from workbench.core import registry
from workbench.core.boxes import Box, FirstBoxError, check_user_box
from workbench.core.errors import WorkbenchError
from workbench.core.methods import call_method
from workbench.core.registry import Plugin, Registry


class Refusing:
    """A tracker whose initialize refuses in its own words (a WorkbenchError without the sequence or frame)."""
    name = "refuser"

    def initialize(self, frame, box):
        raise WorkbenchError("refuser: cannot start here")

    def track(self, frame):
        raise AssertionError("not reached")


class SmallestTwo:
    """A tracker that tracks any first box; its Plugin (``_smallest2``) refuses a user's under 2 px (as SiamFC++ /
    HA-Net's Plugins declare)."""
    name = "smallest2"
    modalities = ("gray",)

    def initialize(self, frame, box):
        self.box = Box(*box)

    def track(self, frame):
        from workbench.core.methods import TrackOutput

        return TrackOutput(self.box, 1.0)


def test_a_plugins_own_refusal_keeps_the_sequence_and_frame():
    with pytest.raises(WorkbenchError) as info:
        call_method(Refusing(), "tracker", "initialize", None, (1, 2, 3, 4), where="'seq5' frame 10")
    assert str(info.value) == "refuser: cannot start here ('seq5' frame 10)"  # was the plugin's words alone


def _smallest2() -> Plugin:
    return Plugin(name="smallest2", kind="tracker", factory=lambda c, d: SmallestTwo(), modalities=("gray",),
                  smallest_user_box=2.0, smallest_user_box_why="the reason")


def test_a_user_box_under_the_trackers_smallest_is_refused_naming_where():
    check_user_box(_smallest2(), Box(1, 2, 2, 2), "'s' frame 0")  # 2 px: taken
    check_user_box(_smallest2(), None, "'s' frame 0")  # no user box: the groundtruth's, never refused here
    any_size = Plugin(name="refuser", kind="tracker", factory=lambda c, d: Refusing())
    check_user_box(any_size, Box(1, 2, 1, 1), "'s' frame 0")  # no smallest_user_box declared: any size
    with pytest.raises(FirstBoxError, match=r"^smallest2: the first box 1,2,1,3 \(x,y,w,h\) on 's' frame 4 is under "
                                            r"2 px on a side: the reason; give a box of at least 2 x 2 px"):
        check_user_box(_smallest2(), Box(1, 2, 1, 3), "'s' frame 4")


def _otb(root, name):
    """A 6-frame OTB sequence of a 1 x 1 px target (its groundtruth 1 x 1 throughout)."""
    from workbench.core.data.images import write_image

    rows = []
    for i in range(6):
        f = np.full((40, 40), 40, np.uint8)
        f[20, 12 + i] = 220
        write_image(root / name / "img" / f"{i + 1:04d}.png", f)
        rows.append(f"{13 + i},21,1,1")
    (root / name / "groundtruth_rect.txt").write_text("\n".join(rows) + "\n")


@pytest.fixture
def smallest_two(monkeypatch):
    reg = Registry()
    reg.add(_smallest2())
    monkeypatch.setattr(registry, "_DEFAULT", reg)


def test_run_refuses_a_tiny_init_but_tracks_a_tiny_groundtruth_box(tmp_path, capsys, smallest_two):
    from workbench.cli import main

    _otb(tmp_path / "data", "dot")
    seq = str(tmp_path / "data" / "dot")
    assert main(["run", "--tracker", "smallest2", "--sequence", seq, "--init", "13,20,1,1", "--start", "2",
                 "--out", str(tmp_path / "user")]) == 2
    err = capsys.readouterr().err
    assert "smallest2: the first box 13,20,1,1 (x,y,w,h) on 'dot' frame index 2 (0-based) is under 2 px" in err
    assert not list((tmp_path / "user").rglob("dot.txt"))
    # the groundtruth's 1 x 1 px box: tracked, not refused (the user could not give another box there)
    assert main(["run", "--tracker", "smallest2", "--sequence", seq, "--out", str(tmp_path / "gt")]) == 0
    rows = next((tmp_path / "gt").rglob("dot.txt")).read_text().split()
    assert len(rows) == 6 and rows[0] == "13,21,1,1"
