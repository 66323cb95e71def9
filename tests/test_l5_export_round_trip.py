"""A box written by export-results for each toolkit layout and read back (``find_runs``, ``box_offset``) is the same
0-based box: the files are in the dataset file's frame (1-based on OTB data). A GOT-10k export of a run without
times had no ``times/`` folder, so it read back as an unmarked flat folder (0-based): every box a pixel off."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core import results as R

BOXES = np.array([[0.0, 0.0, 10.0, 12.5], [5.25, 7.5, 3.0, 4.0], [630.0, 470.0, 10.0, 10.0]])


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = {}
    for timed in (True, False):
        root = tmp_path_factory.mktemp(f"ours{timed}")
        run = R.run_dir(root, "kcf", None, "OTB")
        R.write_boxes(run / "Basketball.txt", BOXES, offset=1)
        if timed:
            R.write_times(run / "Basketball_time.txt", np.array([0.01, 0.02, 0.03]))
        R.update_manifest(run, {"method": "kcf", "variant": "default", "boxes": R.FILE_FRAME}, "Basketball",
                          {"box_offset": 1})
        (out[timed],) = R.find_runs(root)
    return out


def _read_back(run, seq="Basketball"):
    return R.read_result_boxes(run.files[seq]) - run.box_offset(seq, 1) * np.array([1.0, 1.0, 0.0, 0.0])


@pytest.mark.parametrize("timed", [True, False])
def test_every_export_layout_reads_back_the_same_boxes(runs, tmp_path, timed):
    assert _read_back(runs[timed]) == pytest.approx(BOXES)  # ours: 1-based file, recorded
    for toolkit in R.EXPORT_TOOLKITS:
        res = R.export_run(runs[timed], tmp_path / toolkit, toolkit)
        first = np.array([float(v) for v in res.files[0].read_text().splitlines()[0].replace("\t", ",").split(",")])
        assert first == pytest.approx([1.0, 1.0, 10.0, 12.5])  # the OTB file's frame, as the toolkit scores it
        (back,) = R.find_runs(tmp_path / toolkit)
        assert _read_back(back) == pytest.approx(BOXES), (toolkit, back.layout)
