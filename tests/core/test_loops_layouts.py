"""The per-kind loops, the mask / detection layouts, run identities (variants, datasets, manifests)
and the scoring of new and old result folders."""
import json

import numpy as np
import pytest

from workbench.core.data.sequence import ArrayFrames, Sequence
from workbench.core.errors import Cancelled, DataError, WorkbenchError
from workbench.core.evaluation.folders import score_folder
from workbench.core.jobs import JobContext
from workbench.core.loops import iter_detect, iter_segment
from workbench.core.methods import DetectOutput, Detector, SegOutput, Segmenter
from workbench.core.registry import Plugin, default_registry
from workbench.core.results import (find_runs, list_results, read_detections, read_manifest, read_masks,
                                    variant_name, write_boxes, write_detections, write_mask)
from workbench.core.runs import run_info, run_tracker


def _seq(n=10, name="toy"):
    gt = np.array([[i, 2 * i, 10, 12] for i in range(n)], float)
    reads = []

    def read(i):
        reads.append(i)
        return np.full((32, 48), i, np.uint8)

    seq = Sequence(name, ArrayFrames(n, read), "gray", gt)
    return seq, reads


class Bright:
    """Segments pixels at or above the frame's value: every pixel, so the mask size is checkable."""

    name = "bright"
    modalities = ("gray",)

    def predict(self, frame):
        sal = np.ones(frame.shape, np.float32)
        return SegOutput(sal, sal > 0.5)


class Diff:
    """Detects one point per frame at (frame value, previous frame value): a window of two frames."""

    name = "diff"
    modalities = ("gray",)

    def window(self, index, n):
        return [index, max(index - 1, 0)]

    def detect_frames(self, frames, index):
        return DetectOutput([[frames[0][0, 0], frames[1][0, 0]]], [0.5], [[1, 2, 3, 4]], [0], ("target",))


def test_toy_methods_follow_the_protocols():
    assert isinstance(Bright(), Segmenter) and not isinstance(Bright(), Detector)
    assert isinstance(Diff(), Detector)


def test_iter_segment_yields_each_frame_and_its_time():
    seq, _ = _seq()
    got = list(iter_segment(Bright(), seq, frames=[2, 5]))
    assert [i for i, _ in got] == [2, 5]
    assert got[0][1].mask.shape == (32, 48) and np.isfinite(got[0][1].seconds)
    with pytest.raises(WorkbenchError, match="outside"):
        list(iter_segment(Bright(), seq, frames=[10]))


def test_iter_detect_reads_each_frame_once_and_passes_the_window():
    seq, reads = _seq()
    got = dict(iter_detect(Diff(), seq))
    assert sorted(got) == list(range(10))
    np.testing.assert_allclose(got[4].points, [[4, 3]])
    assert sorted(reads) == list(range(10)), "each frame read once"


def test_loops_stop_between_frames_on_cancel():
    seq, _ = _seq()
    for loop, method in ((iter_segment, Bright()), (iter_detect, Diff())):
        ctx = JobContext()
        seen = []
        with pytest.raises(Cancelled):
            for i, _ in loop(method, seq, ctx=ctx):
                seen.append(i)
                if i == 3:
                    ctx.cancel()
        assert seen == [0, 1, 2, 3]


def test_loops_refuse_other_modalities():
    seq, _ = _seq()
    seq.modality = "hsi"
    with pytest.raises(WorkbenchError, match="accepts gray"):
        next(iter_detect(Diff(), seq))


def test_mask_and_detection_layouts_round_trip(tmp_path):
    m = np.zeros((8, 9), bool)
    m[2:4, 3:7] = True
    write_mask(tmp_path / "seq" / "000003.png", m)
    got = read_masks(tmp_path / "seq")
    assert list(got) == ["000003"] and np.array_equal(got["000003"], m)
    outs = [(0, DetectOutput([[5, 6]], [0.9], [[4, 4, 2, 4]], [1], ("target", "interference"))),
            (2, DetectOutput([[1.5, 2.5]], [0.25]))]
    p = write_detections(tmp_path / "seq.csv", outs)
    assert p.read_text().splitlines()[0] == "frame,x,y,w,h,score,class"
    back = read_detections(p, n_frames=3)
    assert len(back[1]) == 0
    np.testing.assert_allclose(back[0].points, [[5, 6]])
    np.testing.assert_allclose(back[0].boxes, [[4, 4, 2, 4]])
    assert back[0].class_names[back[0].classes[0]] == "interference"
    np.testing.assert_allclose(back[2].points, [[1.5, 2.5]])
    (tmp_path / "bad.csv").write_text("frame,x,y,w,h,score,class\n0,1,2,x,4,0.5,\n")
    with pytest.raises(DataError, match="bad.csv, line 2"):
        read_detections(tmp_path / "bad.csv")


def test_variant_names_are_stable_and_readable():
    assert variant_name({}) == "default"
    assert variant_name({"b": 2.0, "a": "x"}) == variant_name({"a": "x", "b": 2.0}) == "a=x,b=2"
    assert variant_name({"weights": "/some/where/best.pt"}).startswith("custom-")


def _kcf():
    return default_registry().get("kcf")


def test_manifest_written_read_and_variants_do_not_overwrite(tmp_path):
    seq, _ = _seq(12)
    seq.path = tmp_path / "dsA" / "toy"
    kcf = _kcf()
    paths = []
    for values in ({}, {"padding": "2.0"}):
        cfg = kcf.make_config(values)
        info = run_info(kcf, cfg, "cpu", sequence_path=seq.path)
        res = run_tracker(kcf.create(cfg), seq, start_frame=2, init=seq.groundtruth[2], info=info)
        paths.append(res.save(tmp_path / "out"))
    assert paths[0] == tmp_path / "out" / "dsA" / "kcf" / "default" / "toy.txt"
    assert paths[1] == tmp_path / "out" / "dsA" / "kcf" / "padding=2" / "toy.txt"
    man = read_manifest(paths[1].parent)
    assert man["method"] == "kcf" and man["variant"] == "padding=2" and man["settings"]["padding"] == 2.0
    assert man["dataset"] == "dsA" and man["workbench_version"] and man["created"]
    assert man["sequences"]["toy"]["start_frame"] == 2 and man["sequences"]["toy"]["frames"] == 12
    assert set(list_results(tmp_path / "out")) == {"kcf", "kcf/padding=2"}


def test_same_named_sequences_of_two_datasets_stay_apart_and_score_by_dataset(tmp_path):
    kcf = _kcf()
    gt = None
    for ds in ("dsA", "dsB"):
        seq, _ = _seq(8)
        seq.path = tmp_path / ds / "toy"
        gt = seq.groundtruth
        res = run_tracker(kcf.create(), seq, info=run_info(kcf, None, "cpu", sequence_path=seq.path))
        if ds == "dsB":
            res.boxes[1:] += 30  # a worse run, so the two are told apart
        res.save(tmp_path / "out")
    assert {r.dataset for r in find_runs(tmp_path / "out")} == {"dsA", "dsB"}
    a = score_folder(tmp_path / "out", {"toy": gt}, dataset="dsA").reports[0].overall.success_auc
    b = score_folder(tmp_path / "out", {"toy": gt}, dataset="dsB").reports[0].overall.success_auc
    assert a > b
    with pytest.raises(WorkbenchError, match="dataset 'dsC'"):
        score_folder(tmp_path / "out", {"toy": gt}, dataset="dsC")


def test_old_flat_folders_are_still_scored(tmp_path):
    gt = np.array([[i, 2 * i, 10, 12] for i in range(6)], float)
    write_boxes(tmp_path / "r" / "old" / "toy.txt", gt)  # before run identities: <tracker>/<seq>.txt
    write_boxes(tmp_path / "r" / "pyt" / "dimp50" / "toy.txt", gt)  # pytracking: <tracker>/<param>/<seq>.txt
    reps = {r.tracker: r for r in score_folder(tmp_path / "r", {"toy": gt}).reports}
    assert set(reps) == {"old", "pyt/dimp50"}
    assert reps["old"].overall.success_auc == pytest.approx(20 / 21)  # strict ">": IoU 1 passes 20 of 21


def test_a_second_flat_run_is_listed_beside_the_first(tmp_path):
    """``RunInfo.beside_earlier`` of a run without settings (the flat ``<method>/`` folder): the second run
    went to ``<method>/default-run2/`` inside the first one's folder, which ``find_runs`` never descends
    (a folder with result files is a run): it was saved and never listed. Now it is the sibling
    ``<method>-run2/`` (then -run3), each listed; with a label (the runner's tracker name) too; a run
    with settings still goes to ``<variant>-run2``, and the folder's manifest does not record the count."""
    from workbench.core.results import RunInfo

    gt = np.array([[i, 2 * i, 10, 12] for i in range(6)], float)
    out = tmp_path / "r"

    def save(info, label=None):
        info = info.beside_earlier(out, lambda f: (f / "toy.txt").exists(), label)
        write_boxes(info.folder(out, label) / "toy.txt", gt)
        return info

    flat = RunInfo("kcf", variant=None)
    folders = [save(flat).folder(out) for _ in range(3)]
    assert folders == [out / "kcf", out / "kcf-run2", out / "kcf-run3"]
    runs = {r.label: r for r in find_runs(out)}
    assert set(runs) == {"kcf", "kcf-run2", "kcf-run3"}
    assert all(set(r.files) == {"toy"} and r.layout == "flat" for r in runs.values())
    assert set(list_results(out)) == {"kcf", "kcf-run2", "kcf-run3"}
    assert {r.tracker for r in score_folder(out, {"toy": gt}).reports} == {"kcf", "kcf-run2", "kcf-run3"}
    assert "flat_run" not in RunInfo("kcf", variant=None, flat_run=2).manifest()

    labelled = [save(RunInfo("csrt", variant=None), "CSRT").folder(out, "CSRT") for _ in range(2)]
    assert labelled == [out / "CSRT", out / "CSRT-run2"]
    assert {"CSRT", "CSRT-run2"} <= {r.label for r in find_runs(out)}

    with_settings = [save(RunInfo("mosse", variant="default")).folder(out) for _ in range(2)]
    assert with_settings == [out / "mosse" / "default", out / "mosse" / "default-run2"]


def test_score_folder_takes_the_start_frame_from_the_manifest(tmp_path):
    gt = np.array([[i, 2 * i, 10, 12] for i in range(6)], float)
    boxes = gt.copy()
    boxes[:2] = np.nan
    boxes[2] = [200, 200, 10, 12]  # started at frame 1, lost it at once: frame 2 is a failure
    folder = tmp_path / "r" / "ds" / "t" / "default"
    write_boxes(folder / "toy.txt", boxes)
    (folder / "manifest.json").write_text(json.dumps({"method": "t", "sequences": {"toy": {"start_frame": 1}}}))
    fs = score_folder(tmp_path / "r", {"toy": gt})
    assert fs.starts["t"]["toy"] == 1
    (folder / "manifest.json").write_text("{not json")
    with pytest.raises(DataError, match="manifest.json"):
        score_folder(tmp_path / "r", {"toy": gt})


def test_score_folder_reports_each_sequence_and_stops_within_one_on_cancel(tmp_path, monkeypatch):
    """The window scores a dataset on a worker: ``score_folder`` with a job context reports progress
    per sequence (read, then scored) and sees Cancel before each, so a dataset of many sequences stops
    within one; without a context (the CLI) it scores as before."""
    from workbench.core import results

    gts = {f"s{k}": np.array([[i, 2 * i, 10, 12] for i in range(6)], float) for k in range(5)}
    for tracker in ("a", "b"):
        for name, gt in gts.items():
            write_boxes(tmp_path / "r" / tracker / f"{name}.txt", gt)
    seen = []
    full = score_folder(tmp_path / "r", gts, ctx=JobContext(lambda f, m: seen.append((f, m))))
    assert [r.tracker for r in full.reports] == ["a", "b"] and all(len(r.sequences) == 5 for r in full.reports)
    fractions = [f for f, _m in seen]
    assert len(seen) == 2 * 2 * 5 + 1 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert seen[0][1] == "a: reading s0" and ("b: scoring s4" in {m for _f, m in seen})
    plain = score_folder(tmp_path / "r", gts)  # the CLI's call: the same scores
    assert [r.overall.success_auc for r in plain.reports] == [r.overall.success_auc for r in full.reports]

    real, reads = results.read_result_boxes, []
    monkeypatch.setattr(results, "read_result_boxes", lambda p: (reads.append(p), real(p))[1])
    ctx = JobContext()
    ctx._progress = lambda f, m: ctx.cancel() if m == "a: scoring s1" else None  # Cancel mid-run
    with pytest.raises(Cancelled):
        score_folder(tmp_path / "r", gts, ctx=ctx)
    assert len(reads) == 5  # tracker a's files read, the next sequence (s2) not scored, b's files never read


def test_capabilities_are_declared_and_checked():
    assert default_registry().get("lw_irstnet").has("refilter")
    assert not default_registry().get("seq_irst").has("refilter")
    with pytest.raises(ValueError, match="unknown capabilities"):
        Plugin("x", "tracker", "m:f", capabilities=("teleport",))


def test_a_damaged_manifest_is_kept_beside_the_new_one_not_overwritten(tmp_path):
    """A run into a folder whose manifest.json is damaged still saves (the new manifest starts afresh),
    and the damaged file is kept as manifest.json.damaged (it was overwritten: its records of the other
    sequences, how their files were written, were lost for good)."""
    from workbench.core.results import read_manifest, update_manifest

    folder = tmp_path / "kcf"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"sequences": {"a": {"box_offset": 1}')  # cut short
    update_manifest(folder, {"method": "kcf"}, "b", {"frames": 3})
    assert (folder / "manifest.json.damaged").read_text() == '{"sequences": {"a": {"box_offset": 1}'
    m = read_manifest(folder)
    assert m["sequences"] == {"b": {"frames": 3}} and m["damaged_manifest_kept"] == "manifest.json.damaged"
    (folder / "manifest.json").write_text("garbage")  # damaged again: the first kept file stays as it was
    update_manifest(folder, {"method": "kcf"}, "c", {"frames": 4})
    assert (folder / "manifest.json.damaged").read_text().startswith('{"sequences": {"a"')
    assert (folder / "manifest.json.damaged2").read_text() == "garbage"
    update_manifest(folder, {"method": "kcf"}, "d", {"frames": 5})  # a healthy manifest: merged as before
    assert set(read_manifest(folder)["sequences"]) == {"c", "d"}
