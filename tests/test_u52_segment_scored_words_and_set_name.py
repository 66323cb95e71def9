"""``workbench segment NAME``: (1) a labelled set's ``images/`` folder given alone with ``--out`` wrote the masks as
dataset ``images`` (``OUT/images/NAME/default/<set>/``) where LW-IRSTNet's ``--out`` on the set writes
``OUT/<set>/lw_irstnet/default/all/``: the run is named after the set and its split now, and the refusal on the set
says where; its ``--split NAME`` is the set's (``splits/`` beside ``images/``, was looked up in ``images/``); (2) a segmenter publishing ``maps["logits"]`` without the ``maps`` capability was said to be scored on
its saliency, though ``score_split`` scores its logits (``segmentation.scored_logits``): the words say both."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from workbench.core import registry as registry_mod
from workbench.core.methods import MapLayer, SegOutput
from workbench.core.options import OptionError
from workbench.core.registry import Plugin, Registry


def _labelled_set(root, n=2):
    for d in ("images", "masks", "splits"):
        (root / d).mkdir(parents=True)
    for i in range(n):
        img = np.full((24, 24), 20, np.uint8)
        img[5:9, 10:13] = 255
        cv2.imwrite(str(root / "images" / f"im{i}.png"), img)
        cv2.imwrite(str(root / "masks" / f"im{i}_pixels0.png"), (img > 100).astype(np.uint8) * 255)
    (root / "splits" / "test.txt").write_text("im1\n")
    return root


@pytest.fixture
def tophat():
    return registry_mod.resolve(registry_mod.default_registry().get("tophat").commands["segment"])


def test_images_folder_masks_named_after_the_set(tmp_path, tophat, capsys):
    root = _labelled_set(tmp_path / "myset")
    assert tophat(["--dataset", str(root / "images"), "--out", str(tmp_path / "res")]) == 0
    run = tmp_path / "res" / "myset" / "tophat" / "default"
    assert sorted(p.name for p in (run / "all").iterdir()) == ["im0.png", "im1.png"]
    assert not (tmp_path / "res" / "images").exists()
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["dataset"] == "myset" and "all" in json.dumps(manifest["sequences"]), manifest
    # a split names the folder as LW-IRSTNet's SplitFrames does: its stem
    assert tophat(["--dataset", str(root / "images"), "--split", "test", "--out", str(tmp_path / "res")]) == 0
    assert sorted(p.name for p in (run / "test").iterdir()) == ["im1.png"]


def test_images_folder_split_by_name_is_the_set_s_and_never_written_over(tmp_path, tophat):
    # `--split test` was looked up in images/splits/ (not found), and --json over the set's split file with --force
    # was not refused as an input
    root = _labelled_set(tmp_path / "myset")
    split = root / "splits" / "test.txt"
    with pytest.raises(OptionError) as e:
        tophat(["--dataset", str(root / "images"), "--split", "test", "--json", str(split), "--force"])
    assert "is a file this run reads" in str(e.value), str(e.value)
    assert split.read_text() == "im1\n"


def test_refusal_on_the_set_says_where_the_masks_go(tmp_path, tophat):
    root = _labelled_set(tmp_path / "myset")
    with pytest.raises(OptionError) as e:
        tophat(["--dataset", str(root), "--out", str(tmp_path / "res")])
    said = str(e.value)
    assert f"--dataset {root / 'images'} --out {tmp_path / 'res'}" in said, said
    assert str(tmp_path / "res" / "myset" / "tophat" / "<variant>" / "all") in said, said


class _LogitsUndeclared:
    """Publishes maps["logits"] (its plugin declares no maps); the logits and the saliency disagree on purpose."""
    modalities = ("gray",)

    def predict(self, frame):
        logits = np.where(frame > 100, 5.0, -5.0).astype(np.float32)
        sal = np.zeros(frame.shape, np.float32)  # saliency > 0.5 nowhere: scored on it, nothing would be found
        return SegOutput(sal, logits > 0, maps={"logits": MapLayer(logits)})


def test_undeclared_logits_map_scored_and_said(tmp_path, monkeypatch, capsys):
    reg = Registry()
    plugin = Plugin(name="u_log", kind="segmenter", factory=lambda c, d: _LogitsUndeclared())
    reg.add(plugin)
    monkeypatch.setattr(registry_mod, "_DEFAULT", reg)
    root = _labelled_set(tmp_path / "set")
    cmd = registry_mod.resolve(plugin.commands["segment"])
    assert cmd(["--dataset", str(root), "--views", str(tmp_path / "v"), "--json", str(tmp_path / "s.json")]) == 0
    assert json.loads((tmp_path / "s.json").read_text())["pd"] == 1.0  # its logits were scored, not its saliency
    line = next(s for s in capsys.readouterr().out.splitlines() if "detection views" in s)
    assert "u_log's maps[\"logits\"] > 0" in line, line
    assert "u_log's saliency > 0.5 (every" not in line, line  # not said scored on the saliency alone
