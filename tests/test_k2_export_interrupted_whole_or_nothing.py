"""`workbench export-results` stopped (Ctrl-C / SIGTERM, here a KeyboardInterrupt from the second tracker's first
times file): each tracker folder is exported whole or not at all. It left a tracker folder with 1 of 3 files and no
manifest, unmarked, which the same command then refused to write over, and said only 'interrupted'."""
from __future__ import annotations

import numpy as np
import pytest

import workbench.core.results as results
from workbench.cli import main
from workbench.core.results import update_manifest, write_boxes, write_times


@pytest.fixture(scope="module")
def res(tmp_path_factory):
    root = tmp_path_factory.mktemp("k2x") / "res"
    gt = np.array([[5.0 + k, 6.0, 8.0, 7.0] for k in range(4)])
    for method in ("kcf1", "kcf2", "kcf3"):
        folder = root / "data" / method / "default"
        for seq in ("seqA", "seqB"):
            write_boxes(folder / f"{seq}.txt", gt, 0)
            write_times(folder / f"{seq}_time.txt", np.full(4, 0.01))
            update_manifest(folder, {"method": method, "kind": "tracker", "variant": "default"}, seq,
                            {"box_offset": 0, "start_frame": 0, "completed": True})
    return root


def _stop_at(monkeypatch, call: int):
    calls = []

    def times(path, seconds):
        calls.append(path)
        if len(calls) == call:
            raise KeyboardInterrupt
        return write_times(path, seconds)

    monkeypatch.setattr(results, "write_times", times)


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_an_interrupted_export_keeps_whole_trackers_only_and_says_which(res, tmp_path, monkeypatch, capsys):
    out = tmp_path / "x"
    _stop_at(monkeypatch, 3)  # kcf2's first times file, after its first box file
    assert main(["export-results", str(res), "--toolkit", "got10k", "--out", str(out)]) == 130
    cap = capsys.readouterr()
    assert f"wrote 2 box files, 2 time files and manifest.json to {out / 'kcf1'}" in cap.out
    assert (f"export-results stopped (Ctrl-C): 1 of 3 runs exported whole (kcf1); kcf2 was being exported: nothing "
            f"of it is left in {out}; to export the rest, the same command with --trackers kcf2,kcf3") in cap.err
    assert _files(out) == ["kcf1", "kcf1/manifest.json", "kcf1/seqA.txt", "kcf1/seqB.txt", "kcf1/times",
                           "kcf1/times/seqA_time.txt", "kcf1/times/seqB_time.txt"]  # no kcf2, no hidden .part
    monkeypatch.setattr(results, "write_times", write_times)
    assert main(["export-results", str(res), "--toolkit", "got10k", "--out", str(out), "--trackers", "kcf2,kcf3"]) == 0
    assert _files(out / "kcf2") == _files(out / "kcf3") == _files(out / "kcf1")


def test_an_interrupted_export_into_a_folder_there_puts_it_back(res, tmp_path, monkeypatch):
    out = tmp_path / "y"
    (out / "kcf1" / "times").mkdir(parents=True)
    (out / "kcf1" / "other.txt").write_text("1,2,3,4\n")
    (out / "kcf1" / "manifest.json").write_text('{"mine": 1}\n')
    before = {p: p.read_bytes() for p in (out / "kcf1").rglob("*") if p.is_file()}
    _stop_at(monkeypatch, 2)  # kcf1's second times file
    with pytest.raises(KeyboardInterrupt) as stop:
        results.export_results(res, out, "got10k", ["kcf1", "kcf2"])
    assert stop.value.exported == [] and stop.value.not_exported == ["kcf1", "kcf2"]
    assert {p: p.read_bytes() for p in (out / "kcf1").rglob("*") if p.is_file()} == before
    assert _files(out) == ["kcf1", "kcf1/manifest.json", "kcf1/other.txt", "kcf1/times"]


def test_a_full_disk_in_the_second_tracker_names_the_file_and_what_is_whole(res, tmp_path, monkeypatch):
    out = tmp_path / "z"
    calls = []

    def times(path, seconds):
        calls.append(path)
        if len(calls) == 4:
            raise results.WorkbenchError(f"{path}: could not be written (File too large)")
        return write_times(path, seconds)

    monkeypatch.setattr(results, "write_times", times)
    with pytest.raises(results.WorkbenchError) as err:
        results.export_results(res, out, "got10k", ["kcf1", "kcf2"])
    assert str(err.value).startswith(f"{out / 'kcf2' / 'times' / 'seqB_time.txt'}: could not be written"), err.value
    assert (f"; kcf2 was not exported (nothing of it is left in {out}); exported whole before it: {out / 'kcf1'}"
            in str(err.value)), err.value
    assert [p.name for p in out.iterdir()] == ["kcf1"]
