"""Mistakes third-party plugin authors make, each told in one line naming the plugin (and its file where known),
never silently taken: a second plugin under a taken name, a setting whose default its own bounds or choices
refuse, an entry point that imports a missing package, a factory (the method's ``__init__``) that raises, a box
with NaN in it, a mask that is not bool-like, a detector's window outside the sequence or a ``finish`` that raises
or returns nothing."""
from __future__ import annotations

import functools
from importlib.metadata import EntryPoint

import numpy as np
import pytest

from workbench.core import registry as registry_mod
from workbench.core.boxes import Box
from workbench.core.data.synthetic import demo_sequence
from workbench.core.errors import PluginError
from workbench.core.loops import finish_detect, iter_detect, iter_segment, iter_track
from workbench.core.methods import DetectOutput, MethodError, MethodRaised, SegOutput, TrackOutput
from workbench.core.registry import Plugin, Registry

MODULE = '''
from dataclasses import dataclass, field
from workbench.core.registry import Plugin

@dataclass
class OutOfRange:
    gain: float = field(default=10.0, metadata={"min": 0.0, "max": 1.0})

@dataclass
class NotAChoice:
    mode: str = field(default="fast", metadata={"choices": ("slow", "medium")})

@dataclass
class Fine:
    gain: float = field(default=0.5, metadata={"min": 0.0, "max": 1.0})

FIRST = [Plugin(name="p53_twin", kind="tracker", factory="x:y", title="first"),
         Plugin(name="p53_range", kind="tracker", factory="x:y", config=OutOfRange),
         Plugin(name="p53_choice", kind="tracker", factory="x:y", config=NotAChoice),
         Plugin(name="p53_fine", kind="tracker", factory="x:y", config=Fine)]
SECOND = Plugin(name="p53_twin", kind="segmenter", factory="x:y", title="second")
'''
MISSING = "import p53_no_such_package_anywhere\n"


@pytest.fixture
def loaded(tmp_path, monkeypatch):
    (tmp_path / "p53_faults_mod.py").write_text(MODULE)
    (tmp_path / "p53_missing_mod.py").write_text(MISSING)
    monkeypatch.syspath_prepend(str(tmp_path))
    eps = [EntryPoint("p53_first", "p53_faults_mod:FIRST", registry_mod.GROUP),
           EntryPoint("p53_second", "p53_faults_mod:SECOND", registry_mod.GROUP),
           EntryPoint("p53_missing", "p53_missing_mod:PLUGIN", registry_mod.GROUP)]
    monkeypatch.setattr(registry_mod, "entry_points", lambda group: eps)
    return Registry().load_entry_points(), tmp_path


def test_a_second_plugin_under_a_taken_name_is_refused_not_swapped_in(loaded):
    reg, _ = loaded
    assert reg.plugins["p53_twin"].title == "first"  # the old code kept the last: the segmenter replaced it
    dup = [f for f in reg.failed.values() if f.name.startswith("p53_twin")]
    assert len(dup) == 1, reg.failed
    assert "'p53_twin' is taken by entry point p53_first" in dup[0].error
    assert "p53_second" in dup[0].name and "rename" in dup[0].error


def test_a_default_its_own_bounds_or_choices_refuse_fails_that_plugin(loaded):
    reg, _ = loaded
    assert "p53_fine" in reg.plugins
    assert "p53_range" not in reg.plugins and "p53_choice" not in reg.plugins
    assert "default of setting 'gain' must lie in 0.0..1.0; got 10.0" in reg.failed["p53_range"].error
    assert "default of setting 'mode' must be one of slow, medium; got 'fast'" in reg.failed["p53_choice"].error
    with pytest.raises(PluginError, match="failed to load: .*p53_range.*must lie in"):
        reg.get("p53_range")


def test_an_entry_point_importing_a_missing_package_names_its_file(loaded):
    reg, tmp_path = loaded
    err = reg.failed["p53_missing"].error
    assert err.startswith("ModuleNotFoundError: No module named 'p53_no_such_package_anywhere'")
    assert f"at {tmp_path / 'p53_missing_mod.py'}:1" in err and "entry point p53_missing" in err


class _Tracker:
    name = "p53_trk"
    modalities = ("gray", "rgb", "ir16")

    def __init__(self, box=None, fail=False):
        if fail:
            raise RuntimeError("cannot build my model")
        self.out = box

    def initialize(self, frame, box):
        self.box = Box(*box)

    def track(self, frame):
        return TrackOutput(self.out if self.out is not None else self.box, 0.5)


def _make(config, device, **kw):
    return _Tracker(**kw)


def test_a_factory_that_raises_is_the_plugin_bug_named_with_its_line():
    p = Plugin(name="p53_init", kind="tracker", factory=functools.partial(_make, fail=True))
    with pytest.raises(MethodRaised) as err:
        p.create()
    text = str(err.value)
    assert text.startswith("RuntimeError: cannot build my model (tracker 'p53_init' factory(), at ")
    assert f"{__file__}:" in text and isinstance(err.value.__cause__, RuntimeError)
    # a user error the factory raises on purpose stays the user's (a WorkbenchError: status 2, no traceback)

    def wants_weights(config, device):
        raise PluginError("set weights to the folder holding model.pt")

    with pytest.raises(PluginError, match="set weights"):
        Plugin(name="p53_w", kind="tracker", factory=wants_weights).create()


def test_a_box_with_nan_is_refused_and_a_tensor_like_box_is_taken():
    seq = demo_sequence(frames=3, width=64, height=64)
    with pytest.raises(MethodError, match=r"tracker 'p53_trk': track\(\) returned the box \(nan, 1.0, 2.0, 3.0\): "
                                          r"a box is four finite numbers .*'demo_thermal' frame index 1 \(0-based\)"):
        list(iter_track(_Tracker((float("nan"), 1.0, 2.0, 3.0)), seq))
    out = list(iter_track(_Tracker(np.array([1.0, 2.0, 30.0, 40.0], np.float32)), seq))
    assert tuple(out[-1].box) == (1.0, 2.0, 30.0, 40.0)


class _Seg:
    name = "p53_seg"
    modalities = ("gray", "rgb", "ir16")

    def __init__(self, mask_of):
        self.mask_of = mask_of

    def predict(self, frame):
        h, w = frame.shape[:2]
        m = np.zeros((h, w), bool)
        m[10:14, 20:24] = True
        return SegOutput(np.zeros((h, w), np.float32), self.mask_of(m))


def test_a_mask_of_scores_is_refused_and_a_0_255_one_is_taken_as_bool():
    seq = demo_sequence(frames=2, width=64, height=64)
    with pytest.raises(MethodError, match=r"segmenter 'p53_seg': predict\(\) returned a float32 mask holding values "
                                          r"other than 0 and 1 \(e.g. 0.7\)"):
        list(iter_segment(_Seg(lambda m: m.astype(np.float32) * 0.7), seq))
    outs = list(iter_segment(_Seg(lambda m: m.astype(np.uint8) * 255), seq))
    mask = outs[0][1].mask
    assert mask.dtype == bool and mask.sum() == 16
    with pytest.raises(MethodError, match=r"returned the mask as a _ListWithShape, not a numpy array"):
        list(iter_segment(_Seg(lambda m: _ListWithShape(m)), seq))


class _ListWithShape(list):
    """A mask-like object that is no numpy array (as a torch tensor is), with a shape."""

    def __init__(self, m):
        super().__init__(m.tolist())
        self.shape = m.shape


class _Det:
    name = "p53_det"
    modalities = ("gray", "rgb", "ir16")

    def __init__(self, mode=""):
        self.mode = mode

    def window(self, index, n):
        return {"outside": [index, index + 10], "not_first": [min(index + 1, n - 1), index]}.get(self.mode, [index])

    def detect_frames(self, frames, index):
        x = float("nan") if self.mode == "nan" else 3.0
        return DetectOutput(np.array([[x, 4.0]]), np.array([0.5]))

    def finish(self, outputs):
        if self.mode == "finish_raises":
            raise RuntimeError("no tracks to confirm")
        return None if self.mode == "finish_none" else outputs


def test_a_detector_window_outside_the_sequence_or_a_bad_finish_is_the_plugin_bug():
    seq = demo_sequence(frames=4, width=32, height=32)
    # the old loop read frame 10 and said "frame 10 out of range for 'demo_thermal'": the data blamed
    with pytest.raises(MethodError, match=r"detector 'p53_det': window\(\) returned frame 10 for frame 0 of a "
                                          r"4-frame sequence"):
        list(iter_detect(_Det("outside"), seq))
    with pytest.raises(MethodError, match=r"window\(\) returned \[1, 0\] for frame 0: the list starts with the frame"):
        list(iter_detect(_Det("not_first"), seq))
    with pytest.raises(MethodError, match=r"detect_frames\(\) returned points with NaN"):
        list(iter_detect(_Det("nan"), seq))
    outs = list(iter_detect(_Det(), seq))
    assert finish_detect(_Det(), outs) is outs  # kept whole: the same list (the window tells so by identity)
    with pytest.raises(MethodRaised, match=r"^RuntimeError: no tracks to confirm \(detector 'p53_det' finish\(\)"):
        finish_detect(_Det("finish_raises"), outs)
    with pytest.raises(MethodError, match=r"finish\(\) returned a NoneType, not the list of \(frame index, "):
        finish_detect(_Det("finish_none"), outs)


def test_a_tuple_setting_given_as_text_is_refused_not_split_into_characters():
    from dataclasses import dataclass

    @dataclass
    class Scales:
        scales: tuple = (1.0, 2.0)
        gain: float = 1.0

    p = Plugin(name="p53_tuple", kind="tracker", factory="x:y", config=Scales)
    # the old conversion made tuple("1,2"): ('1', ',', '2'), and the run went on with it
    with pytest.raises(PluginError, match=r"plugin 'p53_tuple': setting 'scales' is a tuple, which cannot be given "
                                          r"as text"):
        p.make_config({"scales": "1,2"})
    assert p.make_config({"gain": "2"}).gain == 2.0 and p.make_config({}).scales == (1.0, 2.0)
