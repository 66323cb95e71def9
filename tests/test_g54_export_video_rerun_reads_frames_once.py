"""``export-video --map`` of a run saved without its maps re-runs the tracker as the video is written
(``video.RerunMaps`` over ``video.LastFrame``): a video file's frames are decoded once, not once for the re-run and
again for the video; the video is the one the saved maps give."""
from __future__ import annotations


import cv2
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.data import video as video_data
from workbench.core.data.synthetic import write_demo

N = 12


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    d = tmp_path_factory.mktemp("g54_clip")
    s = write_demo(d / "frames", frames=N, width=96, height=80, seed=5, name="s1")
    seq = open_sequence(s)
    out = cv2.VideoWriter(str(d / "s1.avi"), cv2.VideoWriter_fourcc(*"MJPG"), 10, (96, 80))
    if not out.isOpened():
        pytest.skip("no MJPG writer in this OpenCV build")
    for i in range(N):
        out.write(cv2.cvtColor(seq.frame(i), cv2.COLOR_RGB2BGR) if seq.frame(i).ndim == 3
                  else cv2.cvtColor(seq.frame(i), cv2.COLOR_GRAY2BGR))
    out.release()
    np.savetxt(d / "s1.txt", seq.groundtruth, fmt="%.2f", delimiter=",")
    vid = d / "s1.avi"
    assert main(["run", "--tracker", "kcf", "--sequence", str(vid), "--out", str(d / "plain")]) == 0
    assert main(["run", "--tracker", "kcf", "--sequence", str(vid), "--out", str(d / "kept"), "--save-maps"]) == 0
    return d, vid


def _frames(path):
    cap = cv2.VideoCapture(str(path))
    got = []
    while True:
        ok, f = cap.read()
        if not ok:
            return got
        got.append(f)


def test_the_rerun_decodes_each_frame_once_and_draws_the_saved_maps_video(clip, tmp_path, capsys, monkeypatch):
    d, vid = clip
    reads = []
    real = video_data.VideoFrames._decode
    monkeypatch.setattr(video_data.VideoFrames, "_decode", lambda self, i: reads.append(i) or real(self, i))
    assert main(["export-video", "--sequence", str(vid), "--results", str(d / "plain"), "--map", "response",
                 "--fps", "10", "--out", str(tmp_path / "rerun.mp4")]) == 0
    err = capsys.readouterr().err
    assert "re-running kcf" in err, err
    opened = 2  # opening the video decodes its last and first frames (its count checked)
    # the old code: the re-run's N, then the video's N (and a seek back to frame 0 between)
    assert len(reads) <= N + opened + 1, reads
    monkeypatch.setattr(video_data.VideoFrames, "_decode", real)
    assert main(["export-video", "--sequence", str(vid), "--results", str(d / "kept"), "--map", "response",
                 "--fps", "10", "--out", str(tmp_path / "saved.mp4")]) == 0
    assert "re-running" not in capsys.readouterr().err
    a, b = _frames(tmp_path / "rerun.mp4"), _frames(tmp_path / "saved.mp4")
    assert len(a) == len(b) == N
    assert all(np.array_equal(x, y) for x, y in zip(a, b)), "the re-run's maps are those saved with the run"
    plain = tmp_path / "nomap.mp4"
    assert main(["export-video", "--sequence", str(vid), "--results", str(d / "plain"), "--fps", "10",
                 "--out", str(plain)]) == 0
    assert not np.array_equal(_frames(plain)[N // 2], a[N // 2])  # the map is drawn


def test_rerun_maps_in_frame_order_and_its_failures():
    from types import SimpleNamespace

    from workbench.core.errors import TrackerLost, WorkbenchError
    from workbench.core.methods import MapLayer
    from workbench.core.video import LastFrame, RerunMaps

    def frames(fail_at, exc):
        for i in range(2, 6):
            if i == fail_at:
                raise exc
            yield SimpleNamespace(index=i, maps={"response": MapLayer(np.full((2, 2), i, np.float32)),
                                                 "other": MapLayer(np.zeros((2, 2)))})

    maps = RerunMaps(frames(None, None), "response", 2)
    assert maps.names == ("response",) and maps.get(1) is None  # before its start
    got = maps.get(3)
    assert list(got) == ["response"] and got["response"].data.dtype == np.float16 and got["response"].data[0, 0] == 3
    assert maps.get(2) is None and maps.get(5)["response"].data[0, 0] == 5 and maps.get(6) is None  # done: closed
    lost = RerunMaps(frames(4, TrackerLost("lost", 4)), "response", 2)
    assert lost.get(3) is not None and lost.get(4) is None and lost.get(5) is None  # stopped, as run_tracker stops
    broken = RerunMaps(frames(4, WorkbenchError("weights gone")), "response", 2)
    broken.head = "kcf: no 'response' maps"
    with pytest.raises(WorkbenchError, match="kcf: no 'response' maps: weights gone"):
        broken.get(4)
    said = []
    panel = RerunMaps(frames(4, WorkbenchError("weights gone")), "response", 2)
    panel.fallible, panel.say = True, said.append
    assert panel.get(4) is None and panel.get(5) is None and len(said) == 1 and "from frame 5 on" in said[0]
    decoded = []
    once = LastFrame(SimpleNamespace(read=lambda i: decoded.append(i) or np.full((2, 2), i)))
    a, b = once.read(1), once.read(1)
    a[0, 0] = 9  # a copy each: one reader's change is not the other's
    assert decoded == [1] and b[0, 0] == 1 and once.read(2)[0, 0] == 2 and decoded == [1, 2]


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """An image-folder sequence, a kcf run of it (A) and two whose recorded initial box lies outside its frames
    (BAD1, BAD2: their re-runs fail at their start frame)."""
    import json
    import shutil

    d = tmp_path_factory.mktemp("g54_bad")
    s = write_demo(d / "frames", frames=6, width=96, height=80, seed=5, name="s1")
    assert main(["run", "--tracker", "kcf", "--sequence", str(s), "--out", str(d / "A")]) == 0
    for bad in ("BAD1", "BAD2"):
        shutil.copytree(d / "A", d / bad)
        for m in (d / bad).rglob("manifest.json"):
            j = json.loads(m.read_text())
            for entry in j["sequences"].values():
                entry["init_box"] = [2000, 2000, 5, 5]
            m.write_text(json.dumps(j))
    return d, s


def _export(seq, out, *results):
    return main(["export-video", "--sequence", str(seq), "--results", *map(str, results), "--map", "response",
                 "--fps", "10", "--out", str(out)])


def test_a_rerun_that_fails_at_its_start_is_said_before_the_video(folders, tmp_path, capsys, monkeypatch):
    from workbench.core import video

    d, s = folders
    drawn = []  # each panel's legend names and whether a map was blended
    real = video._panel
    monkeypatch.setattr(video, "_panel", lambda rgb, boxes, gt, layer, *a, **k:
                        drawn.append((tuple(boxes), layer is not None)) or real(rgb, boxes, gt, layer, *a, **k))
    assert _export(s, tmp_path / "one_bad.mp4", d / "A", d / "BAD1") == 0
    err = capsys.readouterr().err
    assert "warning: BAD1:kcf: no 'response' maps" in err and "lies outside" in err, err
    assert "its panel shows its boxes only" in err and "from frame" not in err, err
    first = drawn[:2]  # frame 1's panels: the failed one's legend says it has no map, from the first frame on
    assert first == [(("A:kcf",), False), (("BAD1:kcf (no response map)",), False)], first
    assert {names for names, _ in drawn} == {("A:kcf",), ("BAD1:kcf (no response map)",)}
    assert any(blended for names, blended in drawn if names == ("A:kcf",))
    # every tracker's re-run failing: nothing to blend, exit 2 with the reason (no video claiming maps)
    assert _export(s, tmp_path / "all_bad.mp4", d / "BAD1", d / "BAD2") == 2
    err = capsys.readouterr().err
    assert "no tracker has 'response' maps to blend (BAD1:kcf, BAD2:kcf" in err, err
    assert not (tmp_path / "all_bad.mp4").exists()


def test_a_rerun_refused_at_its_start_frame_is_an_error_not_a_stop(tmp_path, capsys):
    """A frame error at (or before) the start frame, or one naming no frame (frames of two sizes), fails the
    re-run as it fails run_tracker (runs.stop_frame); one after it stops the maps there."""
    from types import SimpleNamespace

    from workbench.core.errors import DataError, TrackerLost, WorkbenchError
    from workbench.core.methods import MapLayer
    from workbench.core.video import RerunMaps

    s = write_demo(tmp_path / "frames", frames=6, width=96, height=80, seed=5, name="s1")
    gt = np.loadtxt(next(s.glob("groundtruth*")), delimiter=",")
    for f in s.glob("groundtruth*"):
        f.unlink()  # no box file: its run was given --init
    init = ",".join(f"{v:g}" for v in gt[0])
    assert main(["run", "--tracker", "kcf", "--sequence", str(s), "--init", init, "--out", str(tmp_path / "A")]) == 0
    img = sorted((s / "img").iterdir())[3]
    cv2.imwrite(str(img), cv2.resize(cv2.imread(str(img)), (100, 84)))  # one image of another size since the run
    capsys.readouterr()
    assert _export(s, tmp_path / "mixed.mp4", tmp_path / "A") == 2
    err = capsys.readouterr().err
    assert "kcf: no 'response' maps" in err and "differ in size" in err, err
    assert not (tmp_path / "mixed.mp4").exists()

    def frames(fail_at, exc):
        for i in range(2, 6):
            if i == fail_at:
                raise exc
            yield SimpleNamespace(index=i, maps={"response": MapLayer(np.full((2, 2), i, np.float32))})

    def unreadable(k):
        exc = DataError("f.png", "cannot be read")
        exc.frame = k
        return exc

    from workbench.core.runs import stop_frame  # run_tracker's rule, the re-run's too

    for exc in (unreadable(2), unreadable(1), DataError("s1", "its images differ in size"), TrackerLost("lost", 2)):
        assert stop_frame(exc, 2) is None
        maps = RerunMaps(frames(2, exc), "response", 2)
        maps.head = "kcf: no 'response' maps"
        with pytest.raises(WorkbenchError, match="kcf: no 'response' maps: "):
            maps.begin()
    assert stop_frame(unreadable(4), 2) == 4
    later = RerunMaps(frames(4, unreadable(4)), "response", 2)
    later.begin()
    assert later.get(3)["response"].data[0, 0] == 3 and later.get(4) is None  # stopped there, the maps before kept
