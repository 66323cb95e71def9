"""The core's ``workbench segment`` scores the segmenter itself (its ``predict``), whatever else it offers: a
third-party ``logits`` attribute of another signature was called as a logits function and failed raw. The classic
peers pass their bare logits explicitly. A plugin whose name holds a dot gets the command too."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from workbench.core import registry as registry_mod
from workbench.core.methods import MapLayer, SegOutput
from workbench.core.registry import Plugin, Registry


class _Cached:
    """Keeps its last logits and offers them as ``logits()``, taking no frame."""

    name = "p_cached"
    modalities = ("gray",)

    def predict(self, frame):
        self._last = frame.astype(np.float32) - 128.0
        return SegOutput(np.zeros(frame.shape[:2], np.float32), self._last > 0, maps={"logits": MapLayer(self._last)})

    def logits(self):
        return self._last


@pytest.fixture
def mask_set(tmp_path):
    for d in ("images", "masks"):
        (tmp_path / "set" / d).mkdir(parents=True)
    for k in range(2):
        img = np.zeros((24, 24), np.uint8)
        img[5 + k:9 + k, 10:13] = 255
        cv2.imwrite(str(tmp_path / "set" / "images" / f"im{k}.png"), img)
        cv2.imwrite(str(tmp_path / "set" / "masks" / f"im{k}_pixels0.png"), img)
    return tmp_path / "set"


def _scores(plugin, mask_set, monkeypatch) -> dict:
    reg = Registry()
    reg.add(plugin)
    monkeypatch.setattr(registry_mod, "_DEFAULT", reg)
    out = mask_set.parent / "s.json"
    assert registry_mod.resolve(plugin.commands["segment"])(["--dataset", str(mask_set), "--json", str(out)]) == 0
    return json.loads(out.read_text())


def test_a_segmenter_with_a_logits_of_its_own_is_scored_through_predict(mask_set, monkeypatch):
    scores = _scores(Plugin(name="p_cached", kind="segmenter", factory=lambda c, d: _Cached()), mask_set, monkeypatch)
    assert scores["method"] == "p_cached" and scores["miou"] == pytest.approx(1.0) and scores["images"] == 2


def test_a_plugin_named_with_a_dot_gets_the_segment_command(mask_set, monkeypatch):
    scores = _scores(Plugin(name="acme.seg", kind="segmenter", factory=lambda c, d: _Cached()), mask_set, monkeypatch)
    assert scores["method"] == "acme.seg" and scores["miou"] == pytest.approx(1.0)


def test_the_classic_peers_are_scored_on_their_bare_logits(mask_set, monkeypatch):
    from workbench.baselines import classic_irst

    def no_predict(self, frame):  # the component filtering is not what their segment command times
        raise AssertionError("predict called")

    monkeypatch.setattr(classic_irst.ClassicSegmenter, "predict", no_predict)
    assert classic_irst.segment_tophat(["--dataset", str(mask_set), "--json", str(mask_set.parent / "t.json")]) == 0
    assert json.loads((mask_set.parent / "t.json").read_text())["images"] == 2
