"""A run's maps saved beside its boxes (``workbench run --save-maps``: ``<seq>_maps.npz``, float16, compressed,
named in the manifest), read back by ``export-video --map`` instead of re-running the tracker; bad maps files
are refused with one line naming them, and the boxes never suffer."""
from __future__ import annotations

import json

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import DataError
from workbench.core.results import MAPS_FORMAT, find_runs, read_manifest, read_maps, write_maps


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    d = tmp_path_factory.mktemp("saved_maps")
    s = write_demo(d / "data", frames=20, width=128, height=96, seed=2, name="s1")
    assert main(["run", "--tracker", "kcf", "--sequence", str(s), "--out", str(d / "res"), "--save-maps"]) == 0
    (run,) = find_runs(d / "res")
    return d, s, run


def _maps_file(run):
    return run.folder / "s1_maps.npz"


def test_saved_maps_equal_the_in_memory_ones_to_float16(saved, capsys):
    from workbench.core.registry import default_registry
    from workbench.core.runs import run_tracker

    d, s, run = saved
    seq = open_sequence(s)
    kcf = default_registry().get("kcf")
    ref = run_tracker(kcf.create(kcf.default_config(), "cpu"), seq, keep_maps=True)
    assert run.maps_file("s1") == _maps_file(run)
    got = read_maps(_maps_file(run), len(seq))
    assert sorted(got) == sorted(ref.maps) == list(range(1, len(seq)))
    for i, maps in ref.maps.items():
        a, b = maps["response"], got[i]["response"]
        assert b.data.dtype == np.float16 and b.data.shape == a.data.shape
        np.testing.assert_array_equal(b.data, np.asarray(a.data).astype(np.float16))
        np.testing.assert_allclose(tuple(b.region), tuple(a.region))
    rec = run.maps_record("s1")
    assert rec["names"] == ["response"] and rec["frames"] == len(seq) - 1 and rec["first"] == 1
    assert rec["bytes"] == _maps_file(run).stat().st_size and rec["dtype"] == "float16"


def test_the_run_says_the_maps_file_and_its_size(tmp_path, capsys):
    s = write_demo(tmp_path / "data", frames=8, width=96, height=80, seed=3, name="s2")
    assert main(["run", "--tracker", "kcf", "--sequence", str(s), "--out", str(tmp_path / "r"), "--save-maps",
                 "response"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if ": maps " in x)
    assert "response: 7 frames" in line and "a frame)" in line and line.endswith("s2_maps.npz")
    # a rerun without --save-maps replaces the boxes: the earlier run's maps go with them
    assert main(["run", "--tracker", "kcf", "--sequence", str(s), "--out", str(tmp_path / "r")]) == 0
    (run,) = find_runs(tmp_path / "r")
    assert run.maps_file("s2") is None and not (run.folder / "s2_maps.npz").exists()


def test_maps_a_tracker_does_not_publish_are_refused_before_the_run(tmp_path, capsys):
    # kcf declares its maps (Plugin.map_names): a name outside them is refused before any work (a tracker that
    # does not declare them is checked after the run: tests/test_j3_save_maps_declared.py)
    s = write_demo(tmp_path / "data", frames=6, width=96, height=80, seed=3, name="s3")
    assert main(["run", "--tracker", "kcf", "--sequence", str(s), "--out", str(tmp_path / "r"), "--save-maps",
                 "nomap"]) == 2
    err = capsys.readouterr().err
    assert "'nomap'" in err and "response" in err
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("extra, said", [(["--protocol", "tre"], "one-pass")])
def test_save_maps_is_refused_where_it_cannot_work(tmp_path, capsys, extra, said):
    s = write_demo(tmp_path / "data", frames=6, width=96, height=80, seed=3, name="s4")
    assert main(["run", "--tracker", "kcf", "--sequence", str(s), "--out", str(tmp_path / "r"), "--save-maps"]
                + extra) == 2
    assert said in capsys.readouterr().err


def test_export_video_uses_the_saved_maps_without_re_running(saved, tmp_path, capsys, monkeypatch):
    import workbench.core.video as video

    d, s, run = saved

    def no_rerun(*a, **k):
        raise AssertionError("re-ran the tracker although its maps were saved")

    monkeypatch.setattr(video, "maps_by_rerun", no_rerun)
    assert main(["export-video", "--sequence", str(s), "--results", str(d / "res"), "--map", "response",
                 "--out", str(tmp_path / "v.mp4"), "--fps", "10"]) == 0
    err = capsys.readouterr().err
    assert "using the 'response' maps saved with kcf" in err and str(_maps_file(run)) in err and "re-running" not in err
    assert (tmp_path / "v.mp4").is_file() or (tmp_path / "v.avi").is_file()


def test_export_video_re_runs_when_the_saved_maps_cannot_be_read(saved, tmp_path, capsys, monkeypatch):
    import workbench.core.video as video

    d, s, run = saved
    bad = tmp_path / "res"
    import shutil

    shutil.copytree(d / "res", bad)
    (maps_file,) = bad.rglob("s1_maps.npz")
    maps_file.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    calls = []
    real = video.maps_by_rerun
    monkeypatch.setattr(video, "maps_by_rerun", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert main(["export-video", "--sequence", str(s), "--results", str(bad), "--map", "response",
                 "--out", str(tmp_path / "v.mp4"), "--fps", "10"]) == 0
    err = capsys.readouterr().err
    warning = next(x for x in err.splitlines() if x.startswith("warning:"))
    assert str(maps_file) in warning and "not a readable maps file" in warning
    assert "re-running kcf" in err and calls == [1]


# --- bad maps files -----------------------------------------------------------------------------------

def _one_map(n=5):
    from workbench.core.methods import MapLayer

    return {i: {"response": MapLayer(np.full((3, 4), float(i), np.float32), (1.0, 2.0, 30.0, 40.0))}
            for i in range(1, n)}


def _refused(path, n=5) -> str:
    with pytest.raises(DataError) as err:
        read_maps(path, n)
    text = str(err.value)
    assert text.startswith(str(path)) and "\n" not in text and len(text) < 300
    return text


def test_a_truncated_or_foreign_file_is_refused_naming_it(tmp_path):
    good = tmp_path / "good_maps.npz"
    write_maps(good, _one_map(), 5)
    assert sorted(read_maps(good, 5)) == [1, 2, 3, 4]
    cut = tmp_path / "cut_maps.npz"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "not a readable maps file" in _refused(cut)
    junk = tmp_path / "junk_maps.npz"
    junk.write_bytes(b"hello, not an archive")
    assert "not a .npz archive" in _refused(junk)
    npy = tmp_path / "npy_maps.npz"
    with open(npy, "wb") as f:
        np.save(f, np.zeros(3))
    assert "not a .npz archive" in _refused(npy)
    foreign = tmp_path / "foreign_maps.npz"
    np.savez(foreign, x=np.zeros(3))
    assert "no 'meta' entry" in _refused(foreign)
    other = tmp_path / "other_maps.npz"
    np.savez(other, meta=np.frombuffer(json.dumps({"format": "something-else"}).encode(), np.uint8))
    assert MAPS_FORMAT in _refused(other)


def test_a_file_needing_pickle_is_refused(tmp_path):
    p = tmp_path / "pickled_maps.npz"
    meta = {"format": MAPS_FORMAT, "version": 1, "frames": 5, "names": ["response"]}
    np.savez(p, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8),
             m0_data=np.array([{"evil": 1}], dtype=object), m0_frames=np.array([1]),
             m0_shapes=np.zeros((1, 0), np.int32), m0_regions=np.zeros((1, 4)))
    assert "pickle" in _refused(p)


def test_maps_of_another_number_of_frames_or_disagreeing_arrays_are_refused(tmp_path):
    p = tmp_path / "s_maps.npz"
    write_maps(p, _one_map(), 5)
    assert "maps of 5 frames, but the sequence has 9" in _refused(p, 9)
    with np.load(p) as z:
        arrays = dict(z)
    arrays["m0_frames"] = arrays["m0_frames"] + 10  # frames past the end
    bad = tmp_path / "bad_maps.npz"
    np.savez(bad, **arrays)
    assert "do not agree" in _refused(bad)


def test_a_bad_maps_file_leaves_the_run_readable(saved, tmp_path, capsys):
    """The boxes are scored as before; only the maps are refused."""
    import shutil

    d, s, _ = saved
    res = tmp_path / "res"
    shutil.copytree(d / "res", res)
    (maps_file,) = res.rglob("s1_maps.npz")
    maps_file.write_bytes(b"garbage")
    assert main(["eval", str(res), "--dataset", str(s.parent), "--json", str(tmp_path / "s.json")]) == 0
    assert "kcf" in json.loads((tmp_path / "s.json").read_text())
    manifest = read_manifest(maps_file.parent)
    assert manifest["sequences"]["s1"]["maps"]["file"] == "s1_maps.npz"


def test_several_maps_of_several_shapes_round_trip(tmp_path):
    """HA-Net's three maps: names stored apart, a frame may lack one, a map may change size or be a cube, cover
    the whole frame (no region), or hold values float16 cannot (kept float32)."""
    from workbench.core.methods import MapLayer

    rng = np.random.default_rng(0)
    maps = {1: {"response_rgb": MapLayer(rng.random((5, 6)), (0.5, 1.5, 10.0, 12.0)),
                "response_fused": MapLayer(rng.random((4, 4, 3)).astype(np.float32))},
            3: {"response_rgb": MapLayer(rng.random((7, 3)), (2.0, 3.0, 14.0, 6.0)),
                "response_hsi": MapLayer(np.array([[1e6, -2.0], [0.5, np.nan]]), (0.0, 0.0, 4.0, 4.0))}}
    p = tmp_path / "h_maps.npz"
    rec = write_maps(p, maps, 6, sequence="h")
    assert rec["names"] == ["response_fused", "response_hsi", "response_rgb"] and rec["frames"] == 2
    got = read_maps(p, 6)
    assert sorted(got) == [1, 3] and sorted(got[1]) == ["response_fused", "response_rgb"]
    for i, layers in maps.items():
        for name, layer in layers.items():
            b = got[i][name]
            assert b.data.shape == layer.data.shape
            want = layer.data.astype(np.float32 if name == "response_hsi" else np.float16)
            np.testing.assert_array_equal(b.data, want)
            assert (b.region is None) == (layer.region is None)
            if layer.region is not None:
                np.testing.assert_allclose(tuple(b.region), tuple(layer.region))
    assert rec["dtype"] == ["float16", "float32", "float16"]
    assert write_maps(tmp_path / "none_maps.npz", maps, 6, names=("nomap",)) is None
    assert not (tmp_path / "none_maps.npz").exists()
