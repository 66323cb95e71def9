"""An HDF5 file's dataset named /time is the sequence '<stem>_time' (``cube.dataset_sequence_name``): its run's boxes
went to 'cube_time.txt', which the readers of a results folder passed over as a times file ('<seq>_time.txt'), and
``eval`` said 'no result files found': the run was never scored. A box file the manifest records, or one with a
times file of its own, is boxes; '<seq>_time.txt' beside '<seq>.txt' is still a times file."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.methods import TrackOutput

h5py = pytest.importorskip("h5py", reason="h5py (the HDF5 reader's library) is not installed")


class _Still:
    """A tracker of cubes that says the first box on every frame."""
    name, modalities = "f5_still", ("hsi",)

    def initialize(self, frame, box):
        self.box = box

    def track(self, frame):
        return TrackOutput(self.box)


def _cube(path):
    with h5py.File(path, "w") as f:
        f["time"] = np.full((5, 24, 32, 4), 40, np.uint16)
        f["groundtruth"] = np.array([[8 + i, 8, 6, 6] for i in range(5)], float)
    return path


def test_a_run_on_a_dataset_named_time_is_scored(tmp_path, monkeypatch, capsys):
    from workbench.core import registry as registry_mod
    from workbench.core.registry import Plugin, Registry

    reg = Registry()
    reg.add(Plugin(name="f5_still", kind="tracker", factory=lambda c, d: _Still(), modalities=("hsi",)))
    monkeypatch.setattr(registry_mod, "_DEFAULT", reg)
    (tmp_path / "cubes").mkdir()
    seq = f"{_cube(tmp_path / 'cubes' / 'cube.h5')}:/time"
    res = tmp_path / "res"
    assert main(["run", "--tracker", "f5_still", "--sequence", seq, "--out", str(res)]) == 0
    run = next(res.rglob("manifest.json")).parent
    # named 'cube_time_' (dataset_sequence_name): 'cube_time.txt' would be the times file of the file's default 'cube'
    assert sorted(p.name for p in run.glob("*.txt")) == ["cube_time_.txt", "cube_time__time.txt"]
    capsys.readouterr()
    assert main(["eval", str(res), "--dataset", seq, "--per-sequence"]) == 0  # the old code: 2, no result files
    rows = [ln.split() for ln in capsys.readouterr().out.splitlines() if ln.startswith("f5_still")]
    assert [r[1] for r in rows] == ["cube_time_", "ALL"], rows
    assert rows[-1][-1] == "5"  # its 5 frames scored


def test_a_times_file_beside_its_boxes_is_still_times(tmp_path):
    from workbench.core.results import find_runs

    flat = tmp_path / "res" / "trk"
    flat.mkdir(parents=True)
    for name, text in (("Boat.txt", "1,2,3,4\n"), ("Boat_time.txt", "0.01\n"), ("race_time.txt", "1,2,3,4\n"),
                       ("race_time_time.txt", "0.02\n")):
        (flat / name).write_text(text)
    (run,) = find_runs(tmp_path / "res")
    assert sorted(run.files) == ["Boat", "race_time"]  # race_time has a times file of its own: boxes


def test_a_box_file_the_manifest_records_is_boxes(tmp_path):
    import json

    from workbench.core.results import find_runs

    run = tmp_path / "res" / "trk" / "default"
    run.mkdir(parents=True)
    (run / "race_time.txt").write_text("1,2,3,4\n")  # no times file written
    (run / "manifest.json").write_text(json.dumps({"method": "trk", "variant": "default",
                                                   "sequences": {"race_time": {"frames": 1}}}))
    (found,) = find_runs(tmp_path / "res")
    assert sorted(found.files) == ["race_time"]
    (run / "manifest.json").write_text(json.dumps({"method": "trk", "variant": "default", "sequences": {}}))
    assert not [r for r in find_runs(tmp_path / "res") if r.files]  # a times file whose boxes are not there
