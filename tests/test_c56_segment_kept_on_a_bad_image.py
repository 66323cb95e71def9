"""``segment NAME --dataset IMAGES --out OUT`` stopped by an image that cannot be read part-way: the masks written
before it stayed in the run's folder unsaid and unrecorded (no manifest entry; an earlier complete run's manifest
still said complete over them). They are said and recorded as an unfinished run, the error itself said after."""
from __future__ import annotations

import json

import numpy as np
from PIL import Image

from workbench.cli import main


def test_masks_before_a_bad_image_are_kept_said_and_recorded(tmp_path, capsys):
    imgs = tmp_path / "shots"
    imgs.mkdir()
    rng = np.random.default_rng(1)
    for k in range(1, 6):
        a = rng.integers(0, 40, (48, 64), dtype=np.uint8)
        a[20:23, 30:33] = 250
        Image.fromarray(a).save(imgs / f"s{k}.png")
    bad = imgs / "s4.png"
    bad.write_bytes(bad.read_bytes()[:60])  # cut short, as a copy stopped part-way
    out = tmp_path / "out"
    assert main(["segment", "tophat", "--dataset", str(imgs), "--out", str(out)]) != 0
    said = capsys.readouterr()
    assert "s4.png" in said.err and "not a readable image" in said.err and "Traceback" not in said.err + said.out
    assert "3 of 5 masks kept" in said.err, said.err  # the old code: the error alone
    manifest = next(out.rglob("manifest.json"))  # the old code: none
    entry = json.loads(manifest.read_text())["sequences"]["shots"]
    assert (entry["completed"], entry["frames_done"], entry["partial"]["reason"]) == (False, 3, "error")
    assert "s4.png" in entry["partial"]["error"]
    assert sorted(p.name for p in (manifest.parent / "shots").iterdir()) == ["s1.png", "s2.png", "s3.png"]
