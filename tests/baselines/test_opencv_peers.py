"""OpenCV peer baselines (MIL, NanoTrack): conversions always; tracking on generated and real data."""
from __future__ import annotations


import numpy as np
import pytest

from workbench.core.boxes import Box, center_error
from workbench.core.data.sequence import ArrayFrames, Sequence
from workbench.core.data.synthetic import demo_sequence
from workbench.core.errors import PluginError
from workbench.core.registry import default_registry
from workbench.core.runs import run_tracker
from workbench.baselines.opencv_peers import (NANOTRACK_FILES, PLUGIN, NanoTrackConfig, default_nanotrack_dir,
                                            int_box, make_nanotrack, to_bgr8)

from tests.helpers import SHARED_DATA  # noqa: E402

SHARED = SHARED_DATA
NANO_DIR = SHARED / "weights" / "nanotrack_v2"
HAVE_NANO = all((NANO_DIR / n).is_file() for n in NANOTRACK_FILES)


def short_demo(n: int = 25) -> Sequence:
    seq = demo_sequence(frames=80, width=160, height=128)
    frames = [seq.frame(i) for i in range(n)]
    return Sequence(seq.name, ArrayFrames.from_array(frames), seq.modality, seq.groundtruth[:n])


def test_plugins_registered():
    assert {p.name for p in PLUGIN} == {"mil", "nanotrack"}
    reg = default_registry()
    assert reg.get("mil").kind == "tracker" and reg.get("nanotrack").kind == "tracker"


def test_to_bgr8_all_inputs():
    rng = np.random.default_rng(0)
    g16 = (20000 + rng.normal(0, 300, (40, 50))).astype(np.uint16)
    out = to_bgr8(g16)
    assert out.shape == (40, 50, 3) and out.dtype == np.uint8
    assert out.min() == 0 and out.max() == 255  # stretched between percentiles
    g8 = rng.integers(0, 256, (40, 50), dtype=np.uint8)
    assert np.array_equal(to_bgr8(g8)[..., 0], g8)
    rgb = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    assert np.array_equal(to_bgr8(rgb), rgb[..., ::-1])
    flat = np.full((10, 10), 1234, np.uint16)
    assert to_bgr8(flat).shape == (10, 10, 3)


def test_int_box_covers_and_clips():
    assert int_box(Box(10.4, 20.6, 30.2, 9.7), 100, 100) == (10, 21, 31, 9)  # corners rounded
    assert int_box(Box(-5, -5, 20, 20), 100, 100) == (0, 0, 15, 15)
    assert int_box(Box(95.0, 95.0, 20.0, 20.0), 100, 100) == (95, 95, 5, 5)
    x, y, w, h = int_box(Box(99.9, 50, 0.2, 0.2), 100, 100)
    assert w >= 1 and h >= 1 and x + w <= 100


def test_mil_tracks_demo_start():
    seq = short_demo()
    r = run_tracker(default_registry().get("mil").create(), seq)
    assert np.all(np.isfinite(r.boxes))
    # measured: median centre error 2.1 px (max 5) over these frames (the occlusion comes later)
    assert np.median(center_error(r.boxes, seq.groundtruth)) < 8.0


def test_nanotrack_missing_weights_names_the_path(tmp_path):
    with pytest.raises(PluginError, match=str(tmp_path)):
        make_nanotrack(NanoTrackConfig(weights_dir=str(tmp_path)))


def test_weights_come_from_the_setting_or_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("WORKBENCH_NANOTRACK_DIR", raising=False)
    assert default_nanotrack_dir() is None
    with pytest.raises(PluginError, match="set weights_dir"):
        make_nanotrack(NanoTrackConfig())
    monkeypatch.setenv("WORKBENCH_NANOTRACK_DIR", str(tmp_path))
    assert default_nanotrack_dir() == tmp_path
    with pytest.raises(PluginError, match=str(tmp_path)):
        make_nanotrack(NanoTrackConfig())


@pytest.mark.skipif(not HAVE_NANO, reason=f"NanoTrack ONNX files not present in {NANO_DIR}")
def test_nanotrack_runs_on_16bit_demo():
    seq = short_demo()
    r = run_tracker(make_nanotrack(NanoTrackConfig(weights_dir=str(NANO_DIR))), seq)
    assert np.all(np.isfinite(r.boxes))
    assert np.all(np.isfinite(r.scores[1:]))
    assert np.median(center_error(r.boxes, seq.groundtruth)) < 8.0


def _real(name: str) -> Sequence:
    path = SHARED / "tracking" / name
    if not path.exists():
        pytest.skip(f"shared sequence {path} not present")
    from workbench.core.data.detect import open_sequence

    seq = open_sequence(path)
    n = 40  # the opening stretch is enough to show the wrapper works on real frames
    frames = [seq.frame(i) for i in range(n)]
    return Sequence(seq.name, ArrayFrames.from_array(frames), seq.modality, seq.groundtruth[:n])


@pytest.mark.parametrize("name", ["vottir2016_horse", "otb_crossing"])
def test_mil_runs_on_real(name):
    seq = _real(name)
    r = run_tracker(default_registry().get("mil").create(), seq)
    assert np.all(np.isfinite(r.boxes)) and r.completed


@pytest.mark.skipif(not HAVE_NANO, reason=f"NanoTrack ONNX files not present in {NANO_DIR}")
@pytest.mark.parametrize("name", ["vottir2016_horse", "otb_crossing"])
def test_nanotrack_runs_on_real(name):
    seq = _real(name)
    r = run_tracker(make_nanotrack(NanoTrackConfig(weights_dir=str(NANO_DIR))), seq)
    assert np.all(np.isfinite(r.boxes))
    assert np.median(center_error(r.boxes, seq.groundtruth)) < 20.0


def test_nanotrack_damaged_onnx_is_one_line_naming_the_file(tmp_path, capsys):
    import cv2

    from workbench.cli import main

    for name in NANOTRACK_FILES:
        (tmp_path / name).write_bytes(b"not an onnx model")
    seq = tmp_path / "seq"
    seq.mkdir()
    for i in range(3):
        cv2.imwrite(str(seq / f"{i + 1:04d}.png"), np.full((48, 64), 40 * i, np.uint8))
    assert main(["run", "--tracker", "nanotrack", "--sequence", str(seq), "--init", "10,10,12,12",
                 "--set", f"weights_dir={tmp_path}", "--out", str(tmp_path / "res")]) == 2
    err = capsys.readouterr().err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "could not load the ONNX files" in err and NANOTRACK_FILES[0] in err and "Traceback" not in err
