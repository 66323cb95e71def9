"""A run of ours exported for another toolkit (results.export_run) is written in that toolkit's layout, names,
separator and rows, in the dataset file's frame; scored back here (our scoring reads those layouts) it gives the
same numbers as the run itself."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.folders import dataset_groundtruth, score_folder
from workbench.core.results import (export_results, find_runs, update_manifest, write_boxes,
                                    write_times)


@pytest.fixture(scope="module")
def otb(tmp_path_factory):
    root = tmp_path_factory.mktemp("data") / "OTB100"
    data = cv2.imencode(".jpg", np.full((48, 64), 90, np.uint8))[1].tobytes()
    for folder, n, files in (("Jogging", 30, (1, 2)), ("Human4", 30, (2,)), ("Tiger1", 354, (None,)),
                             ("Crossing", 30, (None,))):
        (root / folder / "img").mkdir(parents=True)
        for k in range(1, n + 1):
            (root / folder / "img" / f"{k:04d}.jpg").write_bytes(data)
        for t in files:
            gt = "".join(f"{3 + (k * 7 + (t or 0)) % 11},{4 + k % 6},{12 + k % 3},10\n" for k in range(n))
            (root / folder / ("groundtruth_rect.txt" if t is None else f"groundtruth_rect.{t}.txt")).write_text(gt)
    return root


def _our_run(otb, out, seed=3):
    """Our layout, as runs.RunResult.save writes it: <dataset>/<method>/<variant>/<seq>.txt in the dataset file's
    frame (1-based on OTB) with box_offset recorded, times beside."""
    gts, _, offsets, _ = dataset_groundtruth(otb)
    folder = out / "OTB100" / "kcf" / "default"
    rng = np.random.default_rng(seed)
    for seq, gt in gts.items():
        boxes = gt + rng.normal(0, 2.0, gt.shape).round(3)
        boxes[7] = np.nan  # a frame the tracker lost
        write_boxes(folder / f"{seq}.txt", boxes, offsets[seq])
        write_times(folder / f"{seq}_time.txt", np.full(len(gt), 0.02))
        update_manifest(folder, {"method": "kcf", "kind": "tracker", "variant": "default"}, seq,
                        {"box_offset": offsets[seq], "start_frame": 0, "completed": True})
    return gts, offsets


def _numbers(scores):
    (r,) = scores.reports
    return {s: (round(c.success_auc, 9), round(c.precision_20, 9), c.frames) for s, c in r.sequences.items()}


@pytest.mark.parametrize("toolkit, names, sep, tiger_rows", [
    ("got10k", {"Jogging.1", "Jogging.2", "Human4", "Tiger1", "Crossing"}, ",", 354),
    ("pysot", {"Jogging-1", "Jogging-2", "Human4-2", "Tiger1", "Crossing"}, ",", 349),
    ("pytracking", {"Jogging_1", "Jogging_2", "Human4_2", "Tiger1", "Crossing"}, "\t", 349),
    ("otb", {"Jogging.1", "Jogging.2", "Human4.2", "Tiger1", "Crossing"}, ",", 349),
])
def test_export_then_score_gives_the_same_numbers(otb, tmp_path, toolkit, names, sep, tiger_rows):
    gts, offsets = _our_run(otb, tmp_path / "ours")
    attrs = {s: {} for s in gts}
    before = _numbers(score_folder(tmp_path / "ours", gts, attrs, offsets=offsets))
    if toolkit == "pytracking":  # pytracking refuses nan rows: a run without lost frames
        for f in (tmp_path / "ours").rglob("*.txt"):
            if not f.name.endswith("_time.txt"):
                b = np.loadtxt(f, delimiter=",")
                b[7] = b[6]
                f.write_text("".join(",".join(f"{v:.3f}" for v in r) + "\n" for r in b))
        before = _numbers(score_folder(tmp_path / "ours", gts, attrs, offsets=offsets))
    (res,) = export_results(tmp_path / "ours", tmp_path / "out", toolkit)
    folder = tmp_path / "out" / "kcf" / ("default" if toolkit == "pytracking" else "")
    assert res.folder == folder.resolve() or res.folder == folder
    assert {f.stem for f in folder.glob("*.txt") if not f.stem.endswith("_time")} == names
    tiger = (folder / "Tiger1.txt").read_text().splitlines()
    assert len(tiger) == tiger_rows and sep in tiger[-1] and (sep == "\t") == ("," not in tiger[-1])
    # the dataset file's frame: OTB's 1-based boxes as the groundtruth file has them
    first = np.array([float(v) for v in (folder / "Crossing.txt").read_text().splitlines()[0].split(sep)])
    raw_gt = np.loadtxt(otb / "Crossing" / "groundtruth_rect.txt", delimiter=",")[0]
    assert np.all(np.abs(first - raw_gt) < 8)
    ours_first = np.loadtxt(tmp_path / "ours" / "OTB100" / "kcf" / "default" / "Crossing.txt", delimiter=",")[0]
    assert first == pytest.approx(ours_first)
    if toolkit == "got10k":
        assert (folder / "times" / "Jogging.1_time.txt").is_file()
        assert np.all(np.isnan(np.loadtxt(folder / "Tiger1.txt", delimiter=",")[:5]))
        assert any("Tiger1" in n and "nan rows" in n for n in res.notes)
    if toolkit == "pytracking":
        assert (folder / "Jogging_1_time.txt").is_file()
    (run,) = find_runs(tmp_path / "out")
    after = _numbers(score_folder(tmp_path / "out", gts, attrs, offsets=offsets))
    assert after == before


def test_export_refuses_to_overwrite_and_pytracking_leaves_nan_files_out(otb, tmp_path):
    _our_run(otb, tmp_path / "ours")
    (res,) = export_results(tmp_path / "ours", tmp_path / "out", "pytracking")
    assert not res.files and len(res.notes) == 5 and all("nan rows" in n for n in res.notes)
    export_results(tmp_path / "ours", tmp_path / "out", "got10k")
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    _our_run(otb, tmp_path / "ours", seed=4)  # other boxes: the same export again would change the files
    with pytest.raises(WorkbenchError, match="already holds"):
        export_results(tmp_path / "ours", tmp_path / "out", "got10k")
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()} == before
    with pytest.raises(WorkbenchError, match="unknown toolkit"):
        export_results(tmp_path / "ours", tmp_path / "x", "vot")


def test_a_got10k_folder_exported_for_pytracking_loses_tigers_first_rows(otb, tmp_path):
    gts, offsets = _our_run(otb, tmp_path / "ours")
    for f in (tmp_path / "ours").rglob("*.txt"):  # no lost frame, so pytracking takes every file
        if not f.name.endswith("_time.txt"):
            b = np.loadtxt(f, delimiter=",")
            b[7] = b[6]
            f.write_text("".join(",".join(f"{v:.3f}" for v in r) + "\n" for r in b))
    export_results(tmp_path / "ours", tmp_path / "g", "got10k")
    attrs = {s: {} for s in gts}
    (res,) = export_results(tmp_path / "g", tmp_path / "p", "pytracking")
    assert len((res.folder / "Tiger1.txt").read_text().splitlines()) == 349
    assert _numbers(score_folder(tmp_path / "p", gts, attrs, offsets=offsets)) == \
        _numbers(score_folder(tmp_path / "ours", gts, attrs, offsets=offsets))
