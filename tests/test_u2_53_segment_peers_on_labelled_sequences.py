"""The core's ``segment`` (tophat, mpcm, any third party's) on a box- / point-labelled sequence (``labels.csv``,
DAUB, ITSDT-15K, Anti-UAV): it printed the YOLO sets' fixed rule alone, not how the layout's labels were read (a
point as a w x h box, an absent drone's frame a frame without target), as LW-IRSTNet's segment says; and it still took
``--views`` in the sequence's own folder (a picture per frame, 0000.png, joining its frames 0000.png)."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest


def _sequence(root: Path) -> Path:
    """A labels.csv sequence of 3 frames: a bright 3 x 3 target at (21, 31) in each, labelled."""
    d = root / "seq_a"
    d.mkdir(parents=True)
    for i in range(3):
        f = np.full((64, 64), 40, np.uint8)
        f[30:33, 20:23] = 220
        ok, buf = cv2.imencode(".png", f)
        (d / f"{i:04d}.png").write_bytes(buf.tobytes())
    (d / "labels.csv").write_text("frame,cx,cy,w,h,class\n" + "".join(f"{i},21,31,3,3,target\n" for i in range(3)))
    return d


@pytest.mark.parametrize("name", ["tophat", "mpcm"])
def test_the_peers_say_how_a_sequences_labels_were_read(tmp_path, capsys, name):
    from workbench.cli import main

    seq = _sequence(tmp_path / "lab")
    out = tmp_path / "r.json"
    assert main(["segment", name, "--dataset", str(seq), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    res = json.loads(out.read_text())
    assert res["images"] == 3 and res["targets"] == 3
    assert res["convention"].startswith("1 sequence(s), 3 labelled frames: labels.csv target rows")
    assert res["convention"] in printed  # the reading, then the rule; not the rule alone


@pytest.mark.parametrize("given, views", [("lab/seq_a", "lab/seq_a"), ("lab", "lab/seq_a"), ("lab/seq_a", "lab")])
def test_views_into_a_labelled_sequences_folder_are_refused(tmp_path, capsys, given, views):
    from workbench.cli import main

    seq = _sequence(tmp_path / "lab")
    before = sorted(p.name for p in seq.iterdir())
    assert main(["segment", "tophat", "--dataset", str(tmp_path / given), "--views", str(tmp_path / views)]) == 2
    err = capsys.readouterr().err
    assert f"--views {tmp_path / views}: is a folder the --dataset" in err and "would join its frames" in err, err
    assert sorted(p.name for p in seq.iterdir()) == before  # nothing written among the frames
    assert main(["segment", "tophat", "--dataset", str(tmp_path / given), "--views", str(tmp_path / "pics")]) == 0
