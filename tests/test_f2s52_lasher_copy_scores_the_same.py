"""``workbench export-results --toolkit lasher`` wrote ``<tracker>/<seq>.txt`` without the ``manifest.json`` the flat
layouts get, so ``workbench eval`` of the copy read it as 0-based: on 1-based OTB data (OTB-2015 Crossing) the copy
scored lower than its source (a pixel off). The folder now says ``{"boxes": "dataset file"}`` and the copy scores as
its source; the LasHeR toolkit (Python ``rgbt``) reads ``<result_path>/<seq>.txt`` of its own sequence list only, so
the box files are as before. A second export of other sequences into the folder writes the manifest over, as the flat
layouts do, instead of refusing it as a box file already there."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from workbench.core import rgbt_export
from workbench.core.evaluation.folders import dataset_groundtruth, score_folder
from workbench.core.results import update_manifest, write_boxes

from tests.helpers import shared


@pytest.fixture
def otb_root(tmp_path):
    root = tmp_path / "otb"
    root.mkdir()
    (root / "Crossing").symlink_to(shared("tracking/otb_crossing"), target_is_directory=True)
    return root


def _our_run(root: Path, out: Path):
    """A run of ours on the real sequence as ``run`` saves it: the dataset file's frame (1-based), recorded."""
    gts, _, offsets, _ = dataset_groundtruth(root)
    folder = out / "otb" / "kcf" / "default"
    rng = np.random.default_rng(5)
    for seq, gt in gts.items():
        write_boxes(folder / f"{seq}.txt", gt + rng.normal(0, 1.5, gt.shape).round(3), offsets[seq])
        update_manifest(folder, {"method": "kcf", "kind": "tracker", "variant": "default"}, seq,
                        {"box_offset": offsets[seq], "start_frame": 0, "completed": True})
    return gts, offsets


def _numbers(scores):
    (r,) = scores.reports
    return {s: (round(c.success_auc, 6), round(c.precision_20, 6), round(c.norm_precision_auc, 6), round(c.success_50, 6))
            for s, c in r.sequences.items()}


def test_lasher_copy_of_a_one_based_run_scores_as_its_source(otb_root, tmp_path):
    gts, offsets = _our_run(otb_root, tmp_path / "ours")
    assert offsets["Crossing"] == 1  # OTB: the groundtruth file is 1-based
    attrs = {s: {} for s in gts}
    before = _numbers(score_folder(tmp_path / "ours", gts, attrs, offsets=offsets))
    (got,) = rgbt_export.export_results(tmp_path / "ours", tmp_path / "out", "lasher", offsets=offsets)
    folder = tmp_path / "out" / "kcf"
    # read back here as `workbench eval` reads it (the dataset given): the same numbers
    after = _numbers(score_folder(tmp_path / "out", gts, attrs, offsets=offsets))
    assert after == before
    # what the LasHeR toolkit reads: <result_path>/<seq>.txt, x,y,w,h in the groundtruth file's frame, as before
    assert sorted(p.name for p in folder.iterdir()) == ["Crossing.txt", "manifest.json"]
    np.testing.assert_allclose(np.loadtxt(folder / "Crossing.txt", delimiter=","),
                               np.loadtxt(tmp_path / "ours" / "otb" / "kcf" / "default" / "Crossing.txt",
                                          delimiter=","), atol=1e-3)
    assert json.loads((folder / "manifest.json").read_text())["boxes"] == "dataset file"
    assert got.files == [folder / "Crossing.txt"] and got.manifest == folder / "manifest.json"


def test_other_sequences_into_the_folder_write_the_manifest_over(tmp_path):
    offsets = {"afterrain": 0, "baby": 0}
    for seq in offsets:
        res = tmp_path / f"res_{seq}" / "trk"
        res.mkdir(parents=True)
        (res / f"{seq}.txt").write_text("12,10,10,10\n31.5,30,9,11\n")
        (res / "manifest.json").write_text('{"boxes": "dataset file"}')
        (got,) = rgbt_export.export_results(res.parent, tmp_path / "out", "lasher", offsets=offsets)
        assert got.files == [tmp_path / "out" / "trk" / f"{seq}.txt"]
    assert sorted(p.name for p in (tmp_path / "out" / "trk").iterdir()) == \
        ["afterrain.txt", "baby.txt", "manifest.json"]
    assert json.loads((tmp_path / "out" / "trk" / "manifest.json").read_text())["source"].endswith("trk")
