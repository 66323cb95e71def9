"""A stopped (partial) run exported to the pysot / OTB / GOT-10k layouts went out as a whole run: its nan rows were
written without a word and `eval` of the export showed no '*'. The export's manifest carries the mark (the readers
here flag it) and a note says it; pytracking's layout, which refuses nan rows, still leaves it out with a note."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core import results as R

BOXES = np.array([[1.0, 1.0, 10.0, 10.0], [2.0, 2.0, 10.0, 10.0], [np.nan] * 4, [np.nan] * 4])


@pytest.fixture
def run(tmp_path):
    folder = R.run_dir(tmp_path / "res", "kcf", None, "OTB")
    for seq in ("Basketball", "Walking"):
        R.write_boxes(folder / f"{seq}.txt", BOXES if seq == "Walking" else np.nan_to_num(BOXES, nan=3.0), offset=1)
    shared = {"method": "kcf", "variant": "default", "boxes": R.FILE_FRAME}
    R.update_manifest(folder, shared, "Basketball", {"box_offset": 1, "completed": True})
    R.update_manifest(folder, shared, "Walking", {"box_offset": 1, "completed": False,
                                                  "partial": {"frame": 2, "reason": "interrupted"}})
    (found,) = R.find_runs(tmp_path / "res")
    assert found.partial("Walking") and found.partial("Basketball") is None
    return found


@pytest.mark.parametrize("toolkit", ["pysot", "otb", "got10k"])
def test_partial_mark_goes_with_the_export(run, tmp_path, toolkit):
    res = R.export_run(run, tmp_path / toolkit, toolkit)
    said = [n for n in res.notes if n.startswith("Walking:")]
    assert said and "partial" in said[0] and "frame index 2" in said[0], res.notes
    assert not any(n.startswith("Basketball:") for n in res.notes)
    (back,) = R.find_runs(tmp_path / toolkit)
    assert back.partial("Walking") == {"frame": 2, "reason": "interrupted"}
    assert back.partial("Basketball") is None


def test_pytracking_still_leaves_the_nan_file_out(run, tmp_path):
    res = R.export_run(run, tmp_path / "pt", "pytracking")
    assert [f.stem for f in res.files] == ["Basketball"]
    assert any("Walking.txt: left out" in n for n in res.notes)
