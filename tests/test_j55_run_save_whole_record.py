"""``RunResult.save`` replaced the boxes file, then the times file, then wrote the manifest's entry: a failure in
between (a full disk) left the new boxes beside the old times and entry, or, on a sequence's first save, a boxes
file with no entry. The files are written to temporary files first and replaced only once the entry is written:
a failure leaves the three as they were, and no temporary file. (TRE / SRE: each run's files and the entry, as one.)"""
import errno
import json
import os

import numpy as np
import pytest

from workbench.core import atomic, runs
from workbench.core.errors import WorkbenchError
from workbench.core.results import RunInfo
from workbench.core.runs import RobustnessResult, RunResult


def _result(x):  # a rerun from the same first box (replacing the run there) tracking elsewhere
    boxes = np.tile(np.array([x, 2.0, 10.0, 12.0]), (4, 1))
    boxes[0] = (1.0, 2.0, 10.0, 12.0)
    return RunResult("kcf", "s", boxes, np.zeros(4), np.full(4, x / 100), init_box=tuple(boxes[0]),
                     info=RunInfo("kcf", dataset="data"), init_given=False, box_offset=0)


def _state(folder):
    return {p.name: p.read_text() if p.is_file() else "/" for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def _failing_manifest(*args, **kwargs):
    raise WorkbenchError("manifest.json: could not be written (No space left on device)")


def test_a_failed_manifest_write_leaves_the_earlier_run_whole(tmp_path, monkeypatch):
    folder = _result(1.0).save(tmp_path).parent
    before = _state(folder)
    assert set(before) == {"s.txt", "s_time.txt", "manifest.json"}
    monkeypatch.setattr(runs, "update_manifest", _failing_manifest)
    with pytest.raises(WorkbenchError, match="No space left"):
        _result(5.0).save(tmp_path)
    assert _state(folder) == before  # the old code: new boxes and times beside the old entry


def test_a_failed_first_save_leaves_no_boxes_without_an_entry(tmp_path, monkeypatch):
    monkeypatch.setattr(runs, "update_manifest", _failing_manifest)
    with pytest.raises(WorkbenchError):
        _result(1.0).save(tmp_path)
    folder = tmp_path / "data" / "kcf" / "default"
    assert _state(folder) == {}  # the old code: s.txt and s_time.txt, no manifest


def test_a_full_disk_at_the_times_file_replaces_nothing(tmp_path, monkeypatch):
    folder = _result(1.0).save(tmp_path).parent
    before = _state(folder)
    real = atomic.tempfile.mkstemp

    def mkstemp(*args, **kwargs):  # the disk is full when the times file's temporary file is made
        if ".s_time.txt." in kwargs.get("prefix", ""):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    with pytest.raises(WorkbenchError) as e:
        _result(5.0).save(tmp_path)
    assert "s_time.txt" in str(e.value) and "No space left" in str(e.value)
    assert _state(folder) == before  # the old code: the new boxes beside the old times and entry
    monkeypatch.setattr(atomic.tempfile, "mkstemp", real)
    assert _result(5.0).save(tmp_path).parent == folder  # (the same run folder: the rerun replaces the run)
    assert _state(folder)["s.txt"].splitlines()[1] == "5,2,10,12"
    assert json.loads(_state(folder)["manifest.json"])["sequences"]["s"]["fps"] == pytest.approx(20.0)


def test_a_failed_manifest_write_leaves_the_earlier_tre_runs_whole(tmp_path, monkeypatch):
    def tre(x):
        return RobustnessResult("kcf", "s", "tre", [_result(x), _result(x + 1)], planned=2, names=["a", "b"],
                                info=RunInfo("kcf", dataset="data"), box_offset=0, segments=2)

    folder = tre(1.0).save(tmp_path)
    before = _state(folder), _state(folder.parent)
    assert sorted(before[0]) == ["s_001.txt", "s_001_time.txt", "s_002.txt", "s_002_time.txt"], before[0]
    monkeypatch.setattr(runs, "update_manifest", _failing_manifest)
    with pytest.raises(WorkbenchError):
        tre(5.0).save(tmp_path)
    assert (_state(folder), _state(folder.parent)) == before  # the old code: the new runs' files, the old entry
