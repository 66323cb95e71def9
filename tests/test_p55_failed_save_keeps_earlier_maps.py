"""``RunResult.save`` wrote (or removed) the maps file ``<seq>_maps.npz`` before the manifest's entry: a failed manifest
write (a full disk) replaced or deleted the earlier run's maps while its entry, kept, still named them. The maps file
is written with the boxes and times (renamed once the entry is written) and an earlier one is removed only after."""
import numpy as np
import pytest

from workbench.core import runs
from workbench.core.errors import WorkbenchError
from workbench.core.methods import MapLayer
from workbench.core.results import RunInfo, read_manifest, read_maps
from workbench.core.runs import RunResult


def _result(x, maps):
    boxes = np.tile(np.array([x, 2.0, 10.0, 12.0]), (4, 1))
    boxes[0] = (1.0, 2.0, 10.0, 12.0)
    r = RunResult("kcf", "s", boxes, np.zeros(4), np.full(4, x / 100), init_box=tuple(boxes[0]),
                  info=RunInfo("kcf", dataset="data"), init_given=False, box_offset=0)
    if maps:
        r.maps = {i: {"score": MapLayer(np.full((5, 5), x, np.float32))} for i in range(4)}
        r.save_maps = ("score",)
    return r


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _failing_manifest(*args, **kwargs):
    raise WorkbenchError("manifest.json: could not be written (No space left on device)")


@pytest.mark.parametrize("maps", [False, True], ids=["rerun without maps", "rerun with other maps"])
def test_a_failed_manifest_write_keeps_the_earlier_runs_maps(tmp_path, monkeypatch, maps):
    folder = _result(1.0, True).save(tmp_path).parent
    before = _files(folder)
    assert "s_maps.npz" in before
    monkeypatch.setattr(runs, "update_manifest", _failing_manifest)
    with pytest.raises(WorkbenchError, match="No space left"):
        _result(5.0, maps).save(tmp_path)
    assert _files(folder) == before  # the old code: s_maps.npz removed / replaced by the rerun's
    assert read_manifest(folder)["sequences"]["s"]["maps"]["file"] == "s_maps.npz"


def test_a_saved_rerun_still_replaces_or_removes_the_maps(tmp_path):
    folder = _result(1.0, True).save(tmp_path).parent
    r = _result(5.0, True)
    r.save(tmp_path)
    assert float(read_maps(folder / "s_maps.npz")[0]["score"].data[0, 0]) == 5.0
    assert r.maps == {} and r.maps_source == folder / "s_maps.npz"  # written: not held any more
    assert read_manifest(folder)["sequences"]["s"]["maps"]["file"] == "s_maps.npz"
    _result(7.0, False).save(tmp_path)
    assert not (folder / "s_maps.npz").exists()
    assert "maps" not in read_manifest(folder)["sequences"]["s"]
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json", "s.txt", "s_time.txt"]  # no temporary file
