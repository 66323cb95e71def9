"""``workbench export-results --toolkit gtot | rgbt234 | lasher | vtuav``: the RGB-T toolkits' file names and rows
(GTOT / RGBT234: ``<tracker>/<tracker>_<seq>.txt`` of 8-value corners their ``corner2rect`` reads back as the box;
LasHeR: ``<tracker>/<seq>.txt`` x,y,w,h), one result a sequence, whole runs only, nothing left behind."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core import rgbt_export
from workbench.core.errors import WorkbenchError
from workbench.core.results import read_result_boxes

BOXES = np.array([[12.0, 10.0, 10.0, 10.0], [31.5, 30.0, 9.0, 11.0]])


def _runs(root):
    folder = root / "res" / "trk"
    folder.mkdir(parents=True)
    for seq, boxes in (("afterrain", BOXES), ("afterrain.visible", BOXES + 1), ("baby", BOXES)):
        (folder / f"{seq}.txt").write_text("".join(",".join(map(str, b)) + "\n" for b in boxes))
    (folder / "cut.txt").write_text("1,2,3,4\nnan,nan,nan,nan\n")  # stopped early
    return root / "res", {"afterrain": 0, "afterrain.visible": 0, "baby": 0, "cut": 0}


def test_gtot_corners_named_for_the_toolkit_and_what_is_left_out(tmp_path):
    res, offsets = _runs(tmp_path)
    (got,) = rgbt_export.export_results(res, tmp_path / "out", "gtot", offsets=offsets)
    assert sorted(p.name for p in got.files) == ["trk_afterrain.txt", "trk_baby.txt"]
    rows = np.loadtxt(tmp_path / "out" / "trk" / "trk_afterrain.txt", delimiter=",")
    # GTOT's corner2rect: left = value 1, top = 2, right = 3, bottom = 6, width right - left: the box back
    np.testing.assert_allclose(np.stack([rows[:, 0], rows[:, 1], rows[:, 2] - rows[:, 0], rows[:, 5] - rows[:, 1]],
                                        axis=1), BOXES)
    np.testing.assert_allclose(read_result_boxes(tmp_path / "out" / "trk" / "trk_afterrain.txt"), BOXES)
    notes = " ".join(got.notes)
    assert "afterrain.visible: left out" in notes and "cut: left out: it has NaN rows" in notes
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["trk"]  # no hidden staging folder left
    # RGBT234 reads GTOT's files: the same files again, nothing written (test_d52_rgbt_export_same_again); other
    # boxes are refused, nothing written over
    assert all(r.unchanged for r in rgbt_export.export_results(res, tmp_path / "out", "rgbt234", offsets=offsets))
    (res / "trk" / "afterrain.txt").write_text("".join(",".join(map(str, b + 1)) + "\n" for b in BOXES))
    with pytest.raises(WorkbenchError, match="already holds trk_afterrain.txt"):
        rgbt_export.export_results(res, tmp_path / "out", "rgbt234", offsets=offsets)


def test_lasher_plain_names_and_boxes_through_the_command(tmp_path, capsys):
    from workbench.cli import main

    res, _ = _runs(tmp_path)
    (res / "trk" / "cut.txt").unlink()
    (res / "trk" / "afterrain.visible.txt").unlink()
    (res / "trk" / "manifest.json").write_text('{"boxes": "dataset file"}')
    assert main(["export-results", str(res), "--toolkit", "lasher", "--out", str(tmp_path / "out")]) == 0
    # and the manifest.json saying the boxes are in the dataset file's frame, for `workbench eval` of the copy
    # (test_f2s52_lasher_copy_scores_the_same); the toolkit reads <seq>.txt of its own list only
    assert sorted(p.name for p in (tmp_path / "out" / "trk").iterdir()) == ["afterrain.txt", "baby.txt",
                                                                              "manifest.json"]
    np.testing.assert_allclose(np.loadtxt(tmp_path / "out" / "trk" / "baby.txt", delimiter=","), BOXES)
    assert "wrote 2 box files" in capsys.readouterr().out
