"""An exception raised inside a plugin's method is the plugin's bug: the error names the plugin's own file and line
(not numpy's, where the bug raised), is not a user error (the CLI exits 1, not 2, and prints the plugin's
traceback), and the warm-up call of ``score_split`` is held to the same contract as the scored calls."""
from __future__ import annotations

import sys

import cv2
import numpy as np
import pytest

from workbench.cli import main
from workbench.core import registry as registry_mod
from workbench.core.data.synthetic import demo_sequence
from workbench.core.errors import PluginError, WorkbenchError
from workbench.core.loops import iter_track
from workbench.core.methods import MethodError, MethodRaised, TrackOutput
from workbench.core.registry import Plugin, Registry


class _Reshaper:
    """A tracker whose bug raises inside numpy."""

    name = "p_reshape"
    modalities = ("gray", "rgb", "ir16")
    line = 0

    def initialize(self, frame, box):
        self.box = box

    def track(self, frame):
        type(self).line = sys._getframe().f_lineno + 1
        np.reshape(frame, (7, 7))  # the plugin's bug
        return TrackOutput(self.box, 1.0)


class _Boom:
    name = "p_boom"
    modalities = ("gray",)
    line = 0

    def predict(self, frame):
        type(self).line = sys._getframe().f_lineno + 1
        raise ValueError("boom in the plugin")


def _registry(monkeypatch, *plugins) -> Registry:
    reg = Registry()
    for p in plugins:
        reg.add(p)
    monkeypatch.setattr(registry_mod, "_DEFAULT", reg)
    return reg


@pytest.fixture
def mask_set(tmp_path):
    for d in ("images", "masks"):
        (tmp_path / "set" / d).mkdir(parents=True)
    for k in range(2):
        img = np.zeros((24, 24), np.uint8)
        img[5:9, 10 + k:13 + k] = 255
        cv2.imwrite(str(tmp_path / "set" / "images" / f"im{k}.png"), img)
        cv2.imwrite(str(tmp_path / "set" / "masks" / f"im{k}_pixels0.png"), img)
    return tmp_path / "set"


def test_a_bug_raising_inside_numpy_names_the_plugins_line_not_numpys():
    with pytest.raises(MethodError) as err:
        list(iter_track(_Reshaper(), demo_sequence(frames=2, width=32, height=32)))
    exc = err.value
    assert isinstance(exc, MethodRaised) and not isinstance(exc, WorkbenchError)
    assert exc.at == f"{__file__}:{_Reshaper.line}"
    assert str(exc).startswith("ValueError: cannot reshape") and str(exc).endswith(f"at {__file__}:{_Reshaper.line})")
    assert isinstance(exc.__cause__, ValueError)


def test_run_with_a_buggy_tracker_exits_1_with_the_plugins_traceback(tmp_path, monkeypatch, capsys):
    _registry(monkeypatch, Plugin(name="p_reshape", kind="tracker", factory=lambda c, d: _Reshaper()))
    seq = tmp_path / "seq"
    (seq / "img").mkdir(parents=True)
    for k in range(3):
        cv2.imwrite(str(seq / "img" / f"{k + 1:04d}.png"), np.full((32, 32), 40 + k, np.uint8))
    (seq / "groundtruth_rect.txt").write_text("5,5,8,8\n" * 3)
    assert main(["run", "--tracker", "p_reshape", "--sequence", str(seq), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and f'"{__file__}", line {_Reshaper.line}' in err  # the plugin's frame is shown
    assert f"at {__file__}:{_Reshaper.line})" in err


def test_segment_with_a_raising_segmenter_exits_1_with_its_traceback_and_one_line(mask_set, monkeypatch, capsys):
    # the core segment command's warm-up call raised the plugin's ValueError raw, out of the CLI
    _registry(monkeypatch, Plugin(name="p_boom", kind="segmenter", factory=lambda c, d: _Boom()))
    assert main(["segment", "p_boom", "--dataset", str(mask_set)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "Traceback (most recent call last):"
    assert any(line.strip() == f'File "{__file__}", line {_Boom.line}, in predict' for line in err)
    assert err[-1] == ("workbench: error: ValueError: boom in the plugin (segmenter 'p_boom' predict(), 'im0' "
                       f"(warm-up), at {__file__}:{_Boom.line})")


def test_a_wrong_return_stays_a_one_line_user_facing_plugin_error(mask_set):
    from workbench.core.data.sirst import open_sirst
    from workbench.core.evaluation.segmentation import score_split

    class Tuple:
        name = "p_tuple"
        modalities = ("gray",)

        def predict(self, frame):
            return np.zeros(frame.shape[:2]), np.zeros(frame.shape[:2], bool)

    with pytest.raises(PluginError, match=r"segmenter 'p_tuple': predict\(\) returned a tuple.*\('im0' \(warm-up\)\)"):
        score_split(None, open_sirst(mask_set), Tuple(), warm_up=True)


def test_a_call_with_keywords_such_as_refilter_is_held_to_the_contract_too():
    from workbench.core.methods import SegOutput, call_method, checked_seg_output

    class Refilters:
        name = "p_ref"
        modalities = ("gray",)

        def refilter(self, threshold=None, **bounds):
            if bounds.get("min_pixels", 0) < 0:
                raise ValueError("min_pixels < 0")
            return SegOutput(np.zeros((3, 3), np.float32), np.zeros((3, 3), bool))

    seg = Refilters()
    out = call_method(seg, "segmenter", "refilter", 0.5, where="frame 4", min_pixels=2)
    with pytest.raises(PluginError, match=r"'p_ref': refilter\(\) returned a saliency of shape \(3, 3\), not the "
                                          r"frame's 8 x 8 \(frame 4\)"):
        checked_seg_output(out, seg, (8, 8), "frame 4", call="refilter")
    with pytest.raises(MethodRaised, match=r"ValueError: min_pixels < 0 \(segmenter 'p_ref' refilter\(\), frame 4"):
        call_method(seg, "segmenter", "refilter", 0.5, where="frame 4", min_pixels=-1)
