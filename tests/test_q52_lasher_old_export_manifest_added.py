"""A LasHeR export made before its tracker folders got a ``manifest.json`` (3f4c1c2): the same export again was
refused ("already holds afterrain.txt: export into another folder") though every box file there matched and only the
manifest was missing. It now writes the manifest alone, the box files untouched, and says "boxes unchanged, manifest
added"; other boxes there are still refused, and the refusal says when only the manifest is missing."""
import json
import os

import numpy as np

from workbench.cli import main

BOXES = np.array([[12.0, 10.0, 10.0, 10.0], [31.5, 30.0, 9.0, 11.0]])


def _run(root, shift=0.0):
    folder = root / "trk"
    folder.mkdir(parents=True, exist_ok=True)
    for seq in ("afterrain", "baby"):
        (folder / f"{seq}.txt").write_text("".join(",".join(map(str, b)) + "\n" for b in BOXES + shift))
    (folder / "manifest.json").write_text('{"boxes": "dataset file"}')
    return root


def _old_export(tmp_path, capsys):
    """An export of res into out, its manifest.json then removed (as exports before 3f4c1c2 left it), the box
    files' dates set back (a rewrite would set them to now)."""
    res, out = _run(tmp_path / "res"), tmp_path / "out"
    cmd = ["export-results", str(res), "--toolkit", "lasher", "--out", str(out)]
    assert main(cmd) == 0, capsys.readouterr().err
    capsys.readouterr()
    manifest = out / "trk" / "manifest.json"
    written = json.loads(manifest.read_text())
    manifest.unlink()
    old = 1_000_000_000_000_000_000
    for p in (out / "trk").iterdir():
        os.utime(p, ns=(old, old))
    return res, out, cmd, written


def test_the_same_export_of_an_old_folder_adds_the_manifest_alone(tmp_path, capsys):
    res, out, cmd, written = _old_export(tmp_path, capsys)
    boxes = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (out / "trk").iterdir()}
    assert main(cmd) == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert "boxes unchanged, manifest added" in said and str(out / "trk") in said, said
    manifest = out / "trk" / "manifest.json"
    assert manifest.is_file() and json.loads(manifest.read_text())["boxes"] == written["boxes"] == "dataset file"
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (out / "trk").iterdir()
            if p.name != "manifest.json"} == boxes  # the box files kept as they were
    assert main(cmd) == 0  # and then the same export again: unchanged
    assert "unchanged: " in capsys.readouterr().out
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_other_boxes_in_an_old_folder_are_still_refused_the_manifest_not_added(tmp_path, capsys):
    res, out, cmd, _ = _old_export(tmp_path, capsys)
    _run(res, shift=1.0)
    assert main(cmd) == 2
    assert "already holds" in capsys.readouterr().err
    assert not (out / "trk" / "manifest.json").exists()


def test_a_refusal_says_when_only_the_manifest_is_missing(tmp_path, capsys):
    res, out, cmd, _ = _old_export(tmp_path, capsys)
    (res / "new").mkdir()  # another run exported beside it now: the old folder's files are taken
    for seq in ("afterrain", "baby"):
        (res / "new" / f"{seq}.txt").write_text("".join(",".join(map(str, b)) + "\n" for b in BOXES + 2))
    (res / "new" / "manifest.json").write_text('{"boxes": "dataset file"}')
    assert main(cmd) == 2
    err = capsys.readouterr().err
    assert "already holds" in err and "the same boxes, without the manifest.json" in err, err
    assert "--trackers trk alone adds it" in err
    assert main(cmd + ["--trackers", "trk"]) == 0  # as it says: the manifest added, then the new run alone
    assert "boxes unchanged, manifest added" in capsys.readouterr().out
    assert main(cmd + ["--trackers", "new"]) == 0 and (out / "new" / "manifest.json").is_file()
