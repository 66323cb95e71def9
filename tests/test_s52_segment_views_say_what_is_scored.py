"""``workbench segment NAME --dataset LABELLED --views DIR``: its --help and its "wrote N detection views" line said
the pictures draw "what was scored (logits > 0)" also for a segmenter without a logits map, which is scored on its
saliency > 0.5 (as befefcb fixed the --out refusal's words): both say what the method is scored on
(``segment_command.scored_on``)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core import registry as registry_mod
from workbench.core.methods import SegOutput
from workbench.core.registry import Plugin, Registry


class _Saliency:
    modalities = ("gray",)

    def predict(self, frame):
        sal = frame.astype(np.float32) / 255.0
        return SegOutput(sal, sal > 0.5)


@pytest.fixture
def command(monkeypatch):
    reg = Registry()
    # names its maps, no logits among them (without the maps capability both are said: a logits map it publishes
    # anyway is what score_split scores)
    plugin = Plugin(name="s_sal", kind="segmenter", factory=lambda c, d: _Saliency(), capabilities=("maps",),
                    map_names=("response",))
    reg.add(plugin)
    monkeypatch.setattr(registry_mod, "_DEFAULT", reg)
    return registry_mod.resolve(plugin.commands["segment"])


def test_the_views_line_says_the_saliency(command, tmp_path, capsys):
    root = tmp_path / "set"
    for d in ("images", "masks"):
        (root / d).mkdir(parents=True)
    img = np.zeros((24, 24), np.uint8)
    img[5:9, 10:13] = 255
    cv2.imwrite(str(root / "images" / "im0.png"), img)
    cv2.imwrite(str(root / "masks" / "im0_pixels0.png"), img)
    assert command(["--dataset", str(root), "--views", str(tmp_path / "views")]) == 0
    line = next(s for s in capsys.readouterr().out.splitlines() if "detection views" in s)
    assert "wrote 1 detection views" in line and "s_sal's saliency > 0.5" in line and "logits" not in line, line
    assert (tmp_path / "views" / "im0.png").is_file()


def test_the_views_help_says_the_saliency(command, capsys):
    with pytest.raises(SystemExit) as e:
        command(["--help"])
    assert e.value.code == 0
    said = " ".join(capsys.readouterr().out.split())
    views = said[said.rindex("--views VIEWS"):said.rindex("--plots PLOTS")]  # (its help, not the usage)
    assert "s_sal's saliency > 0.5" in views and "logits" not in views, views
