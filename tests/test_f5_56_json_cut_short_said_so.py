"""A run's manifest.json cut short (a run or a copy stopped while writing it) was 'damaged run manifest (not valid
JSON at column 5)': it is said as cut short, with what to do. And a JSON file cut inside a string or a number (an
Anti-UAV IR_label.json) was said by the parser's words alone: the rule of 02cd2b6 saw a cut only where the parser's
error lay at the very end, which a cut inside a string ('Unterminated string starting at' its quote) is not."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.errors import DataError
from workbench.core.results import read_manifest


def _otb(root, n=5):
    (root / "img").mkdir(parents=True)
    for i in range(n):
        img = np.full((48, 64, 3), 40, np.uint8)
        img[20:30, 20 + i:30 + i] = 230
        cv2.imwrite(str(root / "img" / f"{i + 1:04d}.jpg"), img)
    (root / "groundtruth_rect.txt").write_text("".join(f"{21 + i},21,10,10\n" for i in range(n)))


def test_a_manifest_cut_short_is_said_so(tmp_path, capsys):
    _otb(tmp_path / "data" / "Boat")
    res = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--dataset", str(tmp_path / "data"), "--out", str(res)]) == 0
    manifest = next(res.rglob("manifest.json"))
    whole = manifest.read_text()
    assert read_manifest(manifest.parent)["sequences"]["Boat"]["completed"] is True
    for at in (whole.index('"method"') + 4, whole.index('"frames"') + 10, whole.index('"frames"') + 9,
               len(whole) // 2, len(whole.rstrip()) - 1, 0):
        manifest.write_text(whole[:at])
        with pytest.raises(DataError) as err:
            read_manifest(manifest.parent)
        said = str(err.value)
        assert ("cut short" in said) if at else ("empty" in said), (at, whole[:at][-20:], said)
        assert "move it away" in said and str(manifest) in said
    manifest.write_text(whole[:len(whole) // 2])
    capsys.readouterr()
    assert main(["eval", str(res), "--dataset", str(tmp_path / "data")]) != 0
    err = capsys.readouterr().err
    assert f"{manifest}" in err and "cut short" in err and "Traceback" not in err, err


def test_a_whole_file_wrong_inside_is_not_said_cut_short():
    from workbench.core.data.groundtruth import json_cut_short

    for text in ('{"a": 1} xyz', '{"a": tru, "b": 1}', '{"a": 1,, "b": 2}', "{'a': 1}", '{"a": 1}}'):
        with pytest.raises(json.JSONDecodeError) as err:
            json.loads(text)
        assert not json_cut_short(err.value, text), text


def test_an_antiuav_label_cut_inside_a_string_is_said_cut_short(tmp_path):
    from workbench.core.data.antiuav import read_label_json

    p = tmp_path / "IR_label.json"
    text = json.dumps({"exist": [1, 1], "gt_rect": [[1, 2, 3, 4], [1, 2, 3, 4]], "note": "a drone"})
    p.write_text(text[:text.index("a drone") + 3])  # the old rule: "not valid JSON (Unterminated string ...)"
    with pytest.raises(DataError, match="cut short"):
        read_label_json(p)
