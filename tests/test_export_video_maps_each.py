"""``workbench export-video --map NAME`` with several trackers: one panel per tracker, side by side, each with
its own box and its own map; a tracker whose maps are neither saved nor re-runnable is one line naming it and
its file, and the others still export; saved maps are read a frame at a time, not as whole stacks."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from tests.helpers import video_frames as _frames
from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import MapLayer
from workbench.core.results import find_runs, read_maps, record_maps, write_maps

N, W, H = 8, 96, 80
# each tracker's saved map covers its own corner of the frame (frame pixels), so a panel shows whose map it has
REGION = {"kcf": (56.0, 0.0, 40.0, 28.0), "kcf_dsst": (0.0, 48.0, 40.0, 32.0)}


def _corner_maps(region, n=N):
    data = np.ones((6, 6), np.float32)
    data[0, 0] = 0.0  # a flat map would stretch to nothing: one dark cell, the rest at the top of the scale
    return {i: {"response": MapLayer(data, region)} for i in range(1, n)}


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    """kcf and kcf_dsst run with --save-maps (and mil, which draws no maps); their saved maps replaced by
    one in a corner each; each tracker's plain single-panel video for reference."""
    d = tmp_path_factory.mktemp("maps_each")
    s = write_demo(d / "data", frames=N, width=W, height=H, seed=1, name="s1")
    assert main(["run", "--tracker", "kcf,kcf_dsst,mil", "--sequence", str(s), "--out", str(d / "res"),
                 "--save-maps"]) == 0
    for run in find_runs(d / "res"):
        if run.label in REGION:
            rec = write_maps(run.folder / "s1_maps.npz", _corner_maps(REGION[run.label]), N, sequence="s1")
            assert record_maps(run.folder, "s1", rec)
    common = ["export-video", "--sequence", str(s), "--results", str(d / "res"), "--fps", "10"]
    plain = {}
    for label in REGION:
        assert main(common + ["--trackers", label, "--out", str(d / f"plain_{label}.mp4")]) == 0
        plain[label] = _frames(d / f"plain_{label}.mp4")
    return d, s, plain


def _scaled(region, k):
    x, y, w, h = region
    return slice(int(y * k) + 4, int((y + h) * k) - 4), slice(int(x * k) + 4, int((x + w) * k) - 4)


def _changed(a, b):
    return np.abs(a - b).sum(axis=2) > 60


def test_each_tracker_gets_a_panel_with_its_own_map(two, capsys):
    from workbench.core.video import auto_scale

    d, s, plain = two
    out = d / "each.mp4"
    assert main(["export-video", "--sequence", str(s), "--results", str(d / "res"), "--fps", "10",
                 "--trackers", "kcf,kcf_dsst", "--map", "response", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    for label in REGION:
        assert f"using the 'response' maps saved with {label}:" in err
    assert "re-running" not in err
    got = _frames(out)
    assert len(got) == N
    ph, pw = plain["kcf"][0].shape[:2]
    assert got[0].shape[0] == ph and 2 * pw <= got[0].shape[1] <= 2 * pw + 16, "two panels side by side"
    k = auto_scale(W, H)
    panels = {"kcf": lambda f: f[:, :pw], "kcf_dsst": lambda f: f[:, -pw:]}
    for label, other in (("kcf", "kcf_dsst"), ("kcf_dsst", "kcf")):
        own, far = _scaled(REGION[label], k), _scaled(REGION[other], k)
        # frame 0 (the initial box) has no map: the panel is that tracker's plain video
        assert _changed(panels[label](got[0]), plain[label][0]).mean() < 0.01
        for i in range(1, N):
            diff = _changed(panels[label](got[i]), plain[label][i])
            assert diff[own].mean() > 0.8, f"{label} frame {i}: its own map is not in its panel"
            assert diff[far].mean() < 0.02, f"{label} frame {i}: the other tracker's map is in its panel"


def _foreign(d, tmp_path, kind):
    """A run whose maps are not saved and that cannot be re-run: (results folders, its label, its file)."""
    if kind == "no manifest":  # a flat folder of another toolkit
        (tmp_path / "flat" / "foreign").mkdir(parents=True)
        f = tmp_path / "flat" / "foreign" / "s1.txt"
        shutil.copy(d / "res" / "data" / "kcf" / "default" / "s1.txt", f)
        return [str(d / "res"), str(tmp_path / "flat")], "foreign", f
    if kind == "not installed":  # a manifest naming a method this installation lacks
        src = d / "res" / "data" / "kcf" / "default"
        dst = tmp_path / "other" / "data" / "gone" / "default"
        shutil.copytree(src, dst)
        (dst / "s1_maps.npz").unlink()
        m = json.loads((dst / "manifest.json").read_text())
        m["method"] = "gone"
        m["sequences"]["s1"].pop("maps")
        (dst / "manifest.json").write_text(json.dumps(m))
        return [str(d / "res"), str(tmp_path / "other")], "gone", dst / "s1.txt"
    return [str(d / "res")], "mil", d / "res" / "data" / "mil" / "default" / "s1.txt"  # draws no maps


@pytest.mark.parametrize("kind", ["no manifest", "not installed", "draws no maps"])
def test_a_tracker_without_maps_is_one_line_and_the_others_export(two, tmp_path, capsys, kind):
    d, s, plain = two
    roots, label, f = _foreign(d, tmp_path, kind)
    capsys.readouterr()
    out = tmp_path / "v.mp4"
    assert main(["export-video", "--sequence", str(s), "--results", *roots, "--fps", "10",
                 "--trackers", f"kcf,{label}", "--map", "response", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    said = [x for x in err.splitlines() if x.startswith("warning:") and label in x]
    assert len(said) == 1 and str(f) in said[0] and "'response'" in said[0], err
    # none re-run: no tracker to re-run, or one whose plugin declares no such map (refused before "re-running" is said)
    assert f"re-running {label}" not in err, err
    got = _frames(out)
    pw = plain["kcf"][0].shape[1]
    assert len(got) == N and got[0].shape[1] >= 2 * pw, "both trackers' panels are written"
    from workbench.core.video import auto_scale

    own = _scaled(REGION["kcf"], auto_scale(W, H))
    assert _changed(got[3][:, :pw], plain["kcf"][3])[own].mean() > 0.8, "kcf's panel still has its map"


def test_the_only_tracker_without_maps_is_refused_in_one_line(two, tmp_path, capsys):
    d, s, _ = two
    roots, label, f = _foreign(d, tmp_path, "no manifest")
    capsys.readouterr()
    assert main(["export-video", "--sequence", str(s), "--results", *roots, "--trackers", label,
                 "--map", "response", "--out", str(tmp_path / "v.mp4")]) == 2
    err = [x for x in capsys.readouterr().err.splitlines() if "[#" not in x and not x.startswith("note:")]
    assert len(err) == 1 and label in err[0] and str(f) in err[0] and "'response'" in err[0], err
    assert not list(tmp_path.glob("*.mp4")) and not list(tmp_path.glob("*.avi"))


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A kcf run whose saved 'response' maps are 23 frames of 200 x 200 (random: ~80 KB a frame, compressed
    or not, 1.8 MB in all), beside a second map name the video does not want."""
    d = tmp_path_factory.mktemp("maps_big")
    s = write_demo(d / "data", frames=24, width=W, height=H, seed=2, name="s1")
    assert main(["run", "--tracker", "kcf", "--sequence", str(s), "--out", str(d / "res"), "--save-maps"]) == 0
    (run,) = find_runs(d / "res")
    rng = np.random.default_rng(0)
    maps = {i: {"response": MapLayer(rng.random((200, 200), np.float32) * 10, (i, 2.0, 50.0, 40.0)),
                "other": MapLayer(rng.random((200, 200), np.float32), None)} for i in range(1, 24)}
    rec = write_maps(run.folder / "s1_maps.npz", maps, 24, sequence="s1")
    assert record_maps(run.folder, "s1", rec)
    return d, s


def test_saved_maps_are_read_a_frame_at_a_time(big):
    import tracemalloc

    from workbench.core import video

    d, s = big
    seq = open_sequence(s)
    (vr,) = video.runs_from_folders(seq, d / "res", ["kcf"])
    ref = read_maps(vr.run.maps_file("s1"), len(seq))
    tracemalloc.start()
    try:
        maps, said = video.saved_maps(seq, vr, "response")
        assert "using the 'response' maps saved with kcf" in said and "23 frames, frames 2..24" in said
        assert 0 not in maps and maps.get(0, {}).get("response") is None
        peak = 0
        layer = None
        for i in range(1, len(seq)):  # as write_video reads them: in order, one frame after another
            del layer
            tracemalloc.reset_peak()
            layer = maps.get(i, {}).get("response")
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            assert np.array_equal(layer.data, ref[i]["response"].data)
            assert tuple(layer.region) == tuple(ref[i]["response"].region)
        # a frame asked for again (backwards) is read again, the same
        assert np.array_equal(maps[2]["response"].data, ref[2]["response"].data)
    finally:
        tracemalloc.stop()
        close = getattr(maps, "close", None)
        if close:
            close()
    stack = 23 * 200 * 200 * 2
    assert peak < stack / 4, f"{peak} bytes at the peak for a {stack}-byte stack: not a frame at a time"
