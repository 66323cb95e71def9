"""``workbench export-video --map NAME``: the tracker is re-run with its recorded settings for its maps,
and the map is blended over the frames of a readable MP4 (generated demo data, KCF's ``response``)."""
from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import video_frames as _frames
from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    d = tmp_path_factory.mktemp("video_map")
    s = write_demo(d / "data", frames=12, width=96, height=80, seed=1, name="s1")
    assert main(["run", "--tracker", "kcf", "--sequence", str(s), "--out", str(d / "res")]) == 0
    plain, mapped = d / "plain.mp4", d / "mapped.mp4"
    common = ["export-video", "--sequence", str(s), "--results", str(d / "res"), "--fps", "10"]
    assert main(common + ["--out", str(plain)]) == 0
    assert main(common + ["--map", "response", "--out", str(mapped)]) == 0
    return d, s, _frames(plain), _frames(mapped)


def test_map_export_is_a_readable_video_of_every_frame(exported):
    d, s, plain, mapped = exported
    assert (d / "mapped.mp4").is_file() or (d / "mapped.avi").is_file()
    n = len(open_sequence(s))
    assert len(mapped) == len(plain) == n
    assert mapped[0].shape == plain[0].shape


def test_map_changes_the_tracked_frames_around_the_target(exported):
    from workbench.core.results import find_runs, read_result_boxes
    from workbench.core.video import auto_scale

    d, s, plain, mapped = exported
    (run,) = find_runs(d / "res")
    boxes = read_result_boxes(run.files["s1"])
    k = auto_scale(96, 80)
    for i in range(1, len(plain)):  # every tracked frame has a response map
        diff = np.abs(mapped[i] - plain[i]).sum(axis=2)
        strong = diff > 60
        assert strong.mean() > 0.005, f"frame {i}: the map changed {strong.mean():.4f} of the pixels"
        # the map covers the tracker's search window: the changed pixels gather around the box, and a
        # corner far from it is left as it was
        ys, xs = np.nonzero(strong)
        x, y, w, h = boxes[i]
        cx, cy = (x + w / 2) * k, (y + h / 2) * k
        assert abs(xs.mean() - cx) < 3 * w * k and abs(ys.mean() - cy) < 3 * h * k
    assert int(np.abs(mapped[5] - plain[5])[-4:, -4:].max()) < 30


def test_unknown_map_is_refused_naming_the_ones_there(exported, tmp_path, capsys):
    d, s, _, _ = exported
    assert main(["export-video", "--sequence", str(s), "--results", str(d / "res"), "--map", "nomap",
                 "--out", str(tmp_path / "x.mp4")]) == 2
    err = capsys.readouterr().err
    assert "'nomap'" in err and "response" in err
    assert not list(tmp_path.glob("*.mp4")) and not list(tmp_path.glob("*.avi"))


def test_unknown_map_is_refused_before_the_whole_rerun(exported, tmp_path, capsys, monkeypatch):
    """The tracker is tried on two frames first: a map it does not draw fails then, not after a full re-run."""
    import workbench.core.runs as runs

    d, s, _, _ = exported

    def whole_rerun(*a, **k):
        raise AssertionError("the whole sequence was re-run for a map the tracker does not draw")

    monkeypatch.setattr(runs, "run_tracker", whole_rerun)
    assert main(["export-video", "--sequence", str(s), "--results", str(d / "res"), "--map", "nomap",
                 "--out", str(tmp_path / "x.mp4")]) == 2
    err = capsys.readouterr().err
    assert "kcf draws no 'nomap' map" in err and "response" in err
