"""Found exporting a paper's boxes (F, session 52): Export… result boxes of a run read back from the workspace
(a `workbench run`, or an earlier window session, on OTB-style data whose groundtruth file is 1-based) wrote the
boxes 0-based and a manifest saying "the dataset's convention was not known when saved", and dropped the run's
first box, start time and sequence path: the same run exported from the window was a pixel off the file
`workbench run` wrote, for a toolkit that reads the files as they are. A saved run now exports in the dataset
file's frame, as a run tracked in the window does, with its record."""
from __future__ import annotations

import numpy as np

from workbench.core.data.synthetic import write_demo
from workbench.core.results import RunInfo, read_manifest, read_result_boxes
from workbench.core.runs import RunResult, dataset_of
from workbench.gui import settings as wsettings


def test_a_saved_run_exports_in_the_dataset_files_frame_with_its_record(window, tmp_path):
    w = window
    seq_dir = write_demo(tmp_path / "ds", frames=8, width=64, height=48, name="short")
    gt = np.loadtxt(seq_dir / "groundtruth_rect.txt", delimiter=",") - [1.0, 1.0, 0.0, 0.0]  # 0-based
    boxes = gt + [2.0, 1.0, 0.0, 0.0]
    dataset, root = dataset_of(seq_dir)
    saved = RunResult("kcf", "short", boxes, np.ones(8), np.full(8, 0.01), init_box=tuple(gt[0]),
                      init_given=False, started="2026-01-02T03:04:05+0000", sequence_path=str(seq_dir),
                      box_offset=1, info=RunInfo("kcf", dataset=dataset, dataset_root=root))
    src = saved.save(wsettings.results_dir())
    assert w.open_path(seq_dir)
    assert "kcf" in w.live and w.live["kcf"].status == "saved"
    (out,) = w.exporter.export_boxes(tmp_path / "export")
    assert out.name == "short.txt"
    np.testing.assert_allclose(read_result_boxes(out), read_result_boxes(src))  # the file `run` wrote: 1-based
    entry = read_manifest(out.parent)["sequences"]["short"]
    before = read_manifest(src.parent)["sequences"]["short"]
    assert entry["box_offset"] == 1 and entry["box_convention"] == before["box_convention"]
    assert entry["init_box"] == before["init_box"] and entry["started"] == before["started"]
    assert entry["sequence_path"] == before["sequence_path"]
