"""``workbench segment NAME --dataset LABELLED --out D`` is refused (the scored masks are not the method's own). The
refusal said the set "is scored on NAME's logits > 0" also for a third-party segmenter without a logits map, which is
scored on its saliency > 0.5: it now says what the method is scored on (``segment_command.scored_on``; without the
``maps`` capability both, as a logits map it publishes anyway is what ``score_split`` scores)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core import registry as registry_mod
from workbench.core.methods import MapLayer, SegOutput
from workbench.core.options import OptionError
from workbench.core.registry import Plugin, Registry


class _Saliency:
    modalities = ("gray",)

    def predict(self, frame):
        sal = frame.astype(np.float32) / 255.0
        return SegOutput(sal, sal > 0.5)


class _Logits(_Saliency):
    def predict(self, frame):
        logits = frame.astype(np.float32) - 128.0
        return SegOutput(np.zeros(frame.shape, np.float32), logits > 0, maps={"logits": MapLayer(logits)})


def _labelled_set(root):
    for d in ("images", "masks"):
        (root / d).mkdir(parents=True)
    img = np.zeros((24, 24), np.uint8)
    img[5:9, 10:13] = 255
    cv2.imwrite(str(root / "images" / "im0.png"), img)
    cv2.imwrite(str(root / "masks" / "im0_pixels0.png"), img)
    return root


def _refusal(tmp_path, monkeypatch, plugin) -> str:
    reg = Registry()
    reg.add(plugin)
    monkeypatch.setattr(registry_mod, "_DEFAULT", reg)
    root = _labelled_set(tmp_path / "set")
    with pytest.raises(OptionError) as e:
        registry_mod.resolve(plugin.commands["segment"])(["--dataset", str(root), "--out", str(tmp_path / "res")])
    assert not (tmp_path / "res").exists()
    return str(e.value)


def test_a_saliency_segmenter_is_said_scored_on_its_saliency(tmp_path, monkeypatch):
    plugin = Plugin(name="q_sal", kind="segmenter", factory=lambda c, d: _Saliency(), capabilities=("maps",),
                    map_names=("response",))  # names its maps, no logits among them
    said = _refusal(tmp_path, monkeypatch, plugin)
    assert "q_sal's saliency > 0.5" in said and "logits" not in said, said
    assert "--views" in said and "--out" in said


def test_no_maps_capability_says_both(tmp_path, monkeypatch):
    # score_split scores a maps["logits"] it publishes whatever its plugin declares: the words cannot say saliency
    said = _refusal(tmp_path, monkeypatch, Plugin(name="q_bare", kind="segmenter", factory=lambda c, d: _Saliency()))
    assert "q_bare's maps[\"logits\"] > 0 where it publishes them, else its saliency > 0.5" in said, said
    assert "--views" in said and "--out" in said


def test_a_segmenter_declaring_a_logits_map_is_said_scored_on_it(tmp_path, monkeypatch):
    plugin = Plugin(name="q_log", kind="segmenter", factory=lambda c, d: _Logits(), capabilities=("maps",),
                    map_names=("logits",))
    said = _refusal(tmp_path, monkeypatch, plugin)
    assert "q_log's maps[\"logits\"] > 0" in said and "saliency" not in said, said


def test_maps_not_named_say_both(tmp_path, monkeypatch):
    plugin = Plugin(name="q_any", kind="segmenter", factory=lambda c, d: _Logits(), capabilities=("maps",))
    said = _refusal(tmp_path, monkeypatch, plugin)
    assert "maps[\"logits\"] > 0 where it publishes them, else its saliency > 0.5" in said, said
