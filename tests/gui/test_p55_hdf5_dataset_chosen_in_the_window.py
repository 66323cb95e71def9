"""An HDF5 file of two cube-shaped datasets of one size is refused alone ('open one as tie.h5:/radiance'), but the
window's open_path took ``tie.h5:/radiance`` for a missing file ('no such file or folder'): the window opens that
form, and given the file alone lets the user pick the dataset (a chooser of the tied ones) rather than only refusing."""
from __future__ import annotations

import numpy as np
import pytest

h5py = pytest.importorskip("h5py", reason="h5py (the HDF5 reader's library) is not installed")


def _tie(tmp_path):
    path = tmp_path / "tie.h5"
    with h5py.File(path, "w") as f:
        f["radiance"] = np.zeros((4, 16, 16, 5), np.uint16)
        f["reflectance"] = np.ones((4, 16, 16, 5), np.uint16)
    return path


def test_a_tied_file_asks_which_dataset_and_one_dataset_of_it_opens(window, tmp_path, monkeypatch, messages):
    """In one window (a window each cost more than the checks): the chooser cancelled (first, nothing open yet),
    then a dataset picked, then the ``tie.h5:/radiance`` form opened."""
    from PySide6.QtWidgets import QInputDialog

    p, asked = _tie(tmp_path), []
    for answer in (None, "/reflectance  (4x16x16x5)"):
        asked.clear()

        def get_item(parent, title, label, items, current=0, editable=True, *a, **k):
            asked.append(list(items))
            return (answer or "", answer is not None)

        monkeypatch.setattr(QInputDialog, "getItem", get_item)
        opened = window.open_path(p)
        # the old code: refused, not asked
        assert asked == [["/radiance  (4x16x16x5)", "/reflectance  (4x16x16x5)"]], (answer, asked)
        if answer is None:
            assert not opened and not messages and window.sequence is None
            assert "no dataset chosen" in window.statusBar().currentMessage()
        else:
            assert opened, window.last_error
            assert window.sequence.name == "tie_reflectance" and float(window.sequence.frame(0).max()) == 1.0

    assert window.open_path(f"{p}:/radiance"), window.last_error  # the old code: "no such file or folder"
    assert window.sequence.name == "tie_radiance" and len(window.sequence) == 4
    assert float(window.sequence.frame(0).max()) == 0.0  # the radiance's frames, not the reflectance's


def test_a_saved_run_of_one_dataset_is_listed_when_it_is_opened_again(window, tmp_path, qtbot):
    from workbench.core.boxes import Box
    from workbench.core.data import detect
    from workbench.core.results import RunInfo
    from workbench.core.runs import dataset_of, run_tracker
    from workbench.gui import settings as wsettings

    class Still:
        name = "still"

        def initialize(self, frame, box):
            self.box = box

        def track(self, frame):
            from workbench.core.methods import TrackOutput

            return TrackOutput(self.box, 1.0)

    p = _tie(tmp_path)
    with h5py.File(p, "a") as f:
        f["groundtruth"] = np.tile([2.0, 3.0, 5.0, 6.0], (4, 1))
    chosen = f"{p}:/reflectance"
    seq = detect.open_sequence(chosen)
    name, root = dataset_of(chosen)
    run_tracker(Still(), seq, Box(2, 3, 5, 6), info=RunInfo("still", dataset=name)).save(wsettings.results_dir())
    assert window.open_path(chosen), window.last_error
    qtbot.waitUntil(lambda: "still" in window.live, timeout=5000)
    assert window.live["still"].boxes.shape == (4, 4)
