"""`segment --views` on pictures without labels draws what was found in a neutral colour, and says so.

With no truth there is no false alarm, yet LW-IRSTNet drew every find as ``detection_view`` against an empty truth
(all in the false-alarm blue of its labelled pictures) and the core's ``found_view`` (the peers') used that same
blue. Now both draw ``segment_plain.FOUND`` (none of the labelled pictures' red / green / blue), and the command's
output and its --json name the colour."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core import segment_plain

SIRST = Path("/work/shared/data/irst/sirst/images")
# LW-IRSTNet's labelled pictures: red correct, green missed, blue false alarm
LABELLED = [(230, 25, 25), (20, 200, 20), (40, 90, 255)]


def _plain(tmp_path) -> Path:
    """Two pictures without labels: real SIRST images when the shared data is here, else generated blobs."""
    root = tmp_path / "plain"
    root.mkdir()
    names = ["Misc_1.png", "Misc_10.png"]
    if all((SIRST / n).is_file() for n in names):
        for n in names:
            shutil.copy(SIRST / n, root / n)
    else:
        rng = np.random.default_rng(0)
        for k, n in enumerate(names):
            img = rng.normal(60, 3, (64, 80)).clip(0, 255).astype(np.uint8)
            cv2.circle(img, (30 + 5 * k, 30), 2, 250, -1)
            cv2.imwrite(str(root / n), img)
    return root


def _colours(folder: Path) -> set:
    out = set()
    for p in sorted(folder.glob("*.png")):
        rgb = cv2.imread(str(p))[:, :, ::-1].reshape(-1, 3)
        out |= {tuple(int(v) for v in c) for c in np.unique(rgb, axis=0)}
    return out


def _check(views: Path, printed: str, js: Path) -> None:
    seen = _colours(views)
    assert segment_plain.FOUND in seen, "the finds' boxes are drawn in FOUND"
    assert not seen & set(LABELLED), f"a labelled picture's colour in pictures without labels: {seen & set(LABELLED)}"
    assert segment_plain.FOUND not in LABELLED
    assert "yellow" in printed and "false alarm" in printed  # the key is said where the pictures are written
    assert json.loads(js.read_text())["views_key"] == segment_plain.FOUND_KEY


def test_peer_pictures_without_labels_use_the_found_colour(tmp_path, capsys):
    from workbench.baselines import classic_irst

    root = _plain(tmp_path)
    views, js = tmp_path / "views", tmp_path / "t.json"
    assert classic_irst.segment_tophat(["--dataset", str(root), "--views", str(views), "--json", str(js),
                                        "--set", "k=3"]) == 0
    _check(views, capsys.readouterr().out, js)


def test_lw_irstnet_pictures_without_labels_are_not_false_alarms(tmp_path, capsys):
    pytest.importorskip("torch")
    from workbench_lw_irstnet import default_weights
    from workbench_lw_irstnet.evaluate import main

    if not Path(default_weights()).is_file():
        pytest.skip(f"LW-IRSTNet's shipped weights are not here ({default_weights()})")
    root = _plain(tmp_path)
    views, js = tmp_path / "views", tmp_path / "t.json"
    assert main(["--dataset", str(root), "--views", str(views), "--json", str(js), "--device", "cpu"]) == 0
    r = json.loads(js.read_text())
    assert r["scored"] is False and r["targets"] > 0  # something was found, so something was drawn
    _check(views, capsys.readouterr().out, js)
