"""A run of ``FILE.h5:/name`` (one dataset of an HDF5 file) was named as the file, so it went to ``<stem>.txt`` and
replaced the run of the dataset the file opens by default; its manifest recorded the file alone (reopened, the
default dataset), ``list`` named it by the file's stem and ``eval --dataset FILE.h5:/name`` refused it as no such
file. Such a sequence is ``<stem>_<name>``, recorded as ``FILE.h5:/name``, listed and scored under that name."""
from __future__ import annotations

import json

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.boxes import Box
from workbench.core.data import detect
from workbench.core.results import MANIFEST, RunInfo
from workbench.core.runs import run_tracker

h5py = pytest.importorskip("h5py", reason="h5py (the HDF5 reader's library) is not installed")


class _Still:
    """Keeps its first box: enough for a run to save."""
    name = "still"

    def initialize(self, frame, box):
        self.box = box

    def track(self, frame):
        from workbench.core.methods import TrackOutput

        return TrackOutput(self.box, 1.0)


def _two(folder):
    folder.mkdir()
    path = folder / "two.h5"
    with h5py.File(path, "w") as f:
        f["big"] = np.zeros((3, 24, 24, 4), np.uint16)
        f["g/small"] = np.ones((3, 16, 16, 4), np.uint16)
        f["groundtruth"] = np.tile([2.0, 3.0, 5.0, 6.0], (3, 1))
    return path


def _save(seq, out):
    res = run_tracker(_Still(), seq, Box(2, 3, 5, 6), info=RunInfo("still", dataset="cubes"))
    return res.save(out)


def test_a_run_of_one_dataset_keeps_the_files_default_run(tmp_path):
    p = _two(tmp_path / "cubes")
    whole, chosen = detect.open_sequence(p), detect.open_sequence(f"{p}:/g/small")
    assert (whole.name, chosen.name) == ("two", "two_g_small")
    a, b = _save(whole, tmp_path / "out"), _save(chosen, tmp_path / "out")
    assert (a.name, b.name) == ("two.txt", "two_g_small.txt") and a.is_file()  # the old code: both two.txt
    recorded = json.loads((a.parent / MANIFEST).read_text())["sequences"]
    assert recorded["two"]["sequence_path"] == str(p)
    assert recorded["two_g_small"]["sequence_path"] == f"{p}:/g/small"
    again = detect.open_sequence(recorded["two_g_small"]["sequence_path"])  # reopened: the same dataset, same name
    assert (again.name, again.frame(0).shape) == ("two_g_small", (16, 16, 4))


def test_list_and_eval_take_the_dataset_under_its_name(tmp_path, capsys):
    p = _two(tmp_path / "cubes")
    _save(detect.open_sequence(f"{p}:/g/small"), tmp_path / "out")
    assert main(["list", "--dataset", f"{p}:/g/small"]) == 0
    assert "  two_g_small " in capsys.readouterr().out
    assert main(["eval", "--dataset", f"{p}:/g/small", "--per-sequence", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out  # the old code: "--dataset ...: no such file or folder"
    assert "two_g_small" in out and "still" in out, out


def test_a_dataset_root_of_one_dataset_is_named_as_the_file(tmp_path):
    from types import SimpleNamespace

    from workbench.core.results import same_sequences
    from workbench.core.runs import dataset_of

    p = _two(tmp_path / "cubes")
    assert dataset_of(dataset_root=f"{p}:/g/small") == ("two.h5", str(p)) == dataset_of(dataset_root=p)
    recorded = {"sequences": {"two_g_small": {"sequence_path": f"{p}:/g/small"}}}
    for place in (f"{p}:/g/small", str(p)):  # the window's path (FILE.h5:/name) or the file
        assert same_sequences(SimpleNamespace(places={"two_g_small": place}), recorded)
    assert not same_sequences(SimpleNamespace(places={"two_g_small": str(tmp_path / "other.h5")}), recorded)
