"""A third-party plugin that breaks its contract is told what is wrong, in one line naming the plugin, the call
and what to do, instead of a traceback from inside the loops (and a broken settings class fails that plugin alone
at discovery, its siblings in the same list load)."""
from __future__ import annotations

from importlib.metadata import EntryPoint

import numpy as np
import pytest

from workbench.core import registry as registry_mod
from workbench.core.boxes import Box
from workbench.core.data.synthetic import demo_sequence
from workbench.core.errors import PluginError
from workbench.core.loops import iter_segment, iter_track
from workbench.core.methods import MapLayer, MethodError, SegOutput, TrackOutput
from workbench.core.registry import Plugin, Registry


@pytest.fixture(scope="module")
def seq():
    return demo_sequence(frames=3, width=64, height=64)


class _Tracker:
    name = "p_fake"
    modalities = ("gray", "rgb", "ir16")

    def initialize(self, frame, box):
        self.box = Box(*box)


MODULE = '''
from dataclasses import dataclass
from workbench.core.registry import Plugin

class Plain:
    gain: float = 1.0

@dataclass
class Bare:
    gain: float

@dataclass
class Good:
    gain: float = 1.0

PLUGINS = [
    Plugin(name="p_good", kind="tracker", factory="x:y", config=Good),
    Plugin(name="p_plain", kind="tracker", factory="x:y", config=Plain),
    Plugin(name="p_bare", kind="tracker", factory="x:y", config=Bare),
]
'''


def test_a_config_that_is_not_a_dataclass_fails_that_plugin_alone(tmp_path, monkeypatch):
    (tmp_path / "p_contract_mod.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    ep = EntryPoint("p_set", "p_contract_mod:PLUGINS", registry_mod.GROUP)
    monkeypatch.setattr(registry_mod, "entry_points", lambda group: [ep])
    reg = Registry().load_entry_points()
    assert sorted(reg.plugins) == ["p_good"], reg.failed
    assert "is not a dataclass" in reg.failed["p_plain"].error and "@dataclasses.dataclass" in reg.failed["p_plain"].error
    assert "gain have no default" in reg.failed["p_bare"].error
    with pytest.raises(PluginError, match="failed to load: .*not a dataclass"):
        reg.get("p_plain")


def test_a_factory_object_without_its_protocol_calls_is_refused_at_creation():
    p = Plugin(name="p_half", kind="tracker", factory=lambda cfg, dev: _Tracker())
    with pytest.raises(MethodError, match=r"plugin 'p_half'.*_Tracker without track\(\); a tracker needs"):
        p.create()
    with pytest.raises(PluginError, match=r"without predict\(\)"):
        Plugin(name="p_seg", kind="segmenter", factory=lambda cfg, dev: _Tracker()).create()


def test_a_wrong_return_or_an_exception_in_track_is_one_line_naming_the_call(seq):
    class Tuple(_Tracker):
        def track(self, frame):
            return self.box, 1.0

    class Raises(_Tracker):
        def track(self, frame):
            raise ValueError("boom in the plugin")

    class ShortBox(_Tracker):
        def track(self, frame):
            return TrackOutput((1.0, 2.0, 3.0), 0.5)

    with pytest.raises(MethodError, match=r"tracker 'p_fake': track\(\) returned a tuple, not a .*TrackOutput"):
        list(iter_track(Tuple(), seq))
    with pytest.raises(MethodError) as err:
        list(iter_track(Raises(), seq))
    text = str(err.value)
    assert text.startswith("ValueError: boom in the plugin (tracker 'p_fake' track(), 'demo_thermal' frame index 1 (0-based), at ")
    assert __file__ in text and isinstance(err.value.__cause__, ValueError)
    with pytest.raises(MethodError, match=r"returned the box \(1.0, 2.0, 3.0\): a box is four numbers"):
        list(iter_track(ShortBox(), seq))


def test_a_bare_array_map_is_taken_and_a_wrong_map_or_mask_is_refused(seq):
    class ArrayMap(_Tracker):
        def track(self, frame):
            return TrackOutput(self.box, 0.5, {"response": np.zeros((5, 5), np.float32)})

    class Seg:
        name = "p_seg"
        modalities = ("ir16",)

        def __init__(self, shape):
            self.shape = shape

        def predict(self, frame):
            return SegOutput(np.zeros(self.shape, np.float32), np.zeros(self.shape, bool), maps={"x": [1, 2]})

    out = list(iter_track(ArrayMap(), seq, keep_maps=True))
    assert isinstance(out[1].maps["response"], MapLayer) and out[1].maps["response"].data.shape == (5, 5)
    with pytest.raises(MethodError, match=r"returned a saliency of shape \(32, 32\), not the frame's 64 x 64"):
        list(iter_segment(Seg((32, 32)), seq))
    with pytest.raises(MethodError, match=r"returned map 'x' as a list, not a MapLayer"):
        list(iter_segment(Seg((64, 64)), seq))



def test_a_segmenter_without_its_own_segment_command_is_scored_by_the_core_one(tmp_path, monkeypatch):
    import json

    import cv2

    class Bright:
        name = "p_bright"
        modalities = ("gray",)

        def predict(self, frame):
            logits = frame.astype(np.float32) - 128.0
            return SegOutput(np.zeros(frame.shape, np.float32), logits > 0, maps={"logits": MapLayer(logits)})

    for d in ("images", "masks"):
        (tmp_path / "set" / d).mkdir(parents=True)
    for k in range(2):
        img = np.zeros((24, 24), np.uint8)
        img[5 + k:9 + k, 10:13] = 255
        cv2.imwrite(str(tmp_path / "set" / "images" / f"im{k}.png"), img)
        cv2.imwrite(str(tmp_path / "set" / "masks" / f"im{k}_pixels0.png"), img)
    plugin = Plugin(name="p_bright", kind="segmenter", factory=lambda cfg, dev: Bright())
    reg = Registry()
    reg.add(plugin)
    monkeypatch.setattr(registry_mod, "_DEFAULT", reg)
    out = tmp_path / "s.json"
    assert registry_mod.resolve(plugin.commands["segment"])(
        ["--dataset", str(tmp_path / "set"), "--json", str(out)]) == 0
    scores = json.loads(out.read_text())
    assert scores["method"] == "p_bright" and scores["miou"] == pytest.approx(1.0) and scores["images"] == 2
    assert reg.commands() == {"segment": ["p_bright"]}


def test_targets_from_mask_gives_the_components_as_targets():
    from workbench.core.methods import targets_from_mask

    mask = np.zeros((20, 30), bool)
    mask[2:4, 3:9] = True  # 12 px, 6 x 2
    mask[10, 20] = mask[11, 21] = True  # diagonal neighbours: one 8-connected target
    score = np.arange(600, dtype=np.float32).reshape(20, 30)
    big, small = targets_from_mask(mask, score)
    assert (big.pixels, big.aspect_ratio, tuple(big.box), big.centroid) == (12, 3.0, (3, 2, 6, 2), (5.5, 2.5))
    assert small.pixels == 2 and small.score == score[11, 21] and tuple(small.box) == (20, 10, 2, 2)
    assert targets_from_mask(np.zeros((4, 4), bool)) == []
