"""Double-clicking a tied .h5 (two cube-shaped datasets of one size) in an open dataset's list only showed the
refusal ('open one as tie.h5:/radiance'): the list's entry asks which dataset, as File > Open does (2389b0c), and
opens ``tie.h5:/chosen``, the dataset kept open."""
from __future__ import annotations

import numpy as np
import pytest

h5py = pytest.importorskip("h5py", reason="h5py (the HDF5 reader's library) is not installed")


def test_quiet_errors_refuses_a_tied_entry_without_asking_and_otherwise_asks(window, tmp_path, monkeypatch, messages):
    """Quiet (nothing open yet), then asked, in one window (a window each cost more than the checks)."""
    from PySide6.QtWidgets import QInputDialog

    root = tmp_path / "quiet"
    root.mkdir()
    for name in ("tie.h5", "tie2.h5"):
        with h5py.File(root / name, "w") as f:
            f["radiance"] = np.zeros((4, 16, 16, 5), np.uint16)
            f["reflectance"] = np.ones((4, 16, 16, 5), np.uint16)

    def get_item(*a, **k):
        raise AssertionError("asked with quiet_errors")

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    assert window.open_path(root, as_dataset=True), window.last_error
    window.quiet_errors = True
    window.sequences.open_entry(next(e for e in window.dataset.entries if e.name == "tie"))
    assert window.sequence is None and "tie.h5" in window.last_error and "/radiance" in window.last_error
    window.quiet_errors = False
    _a_tied_file_of_the_list_asks_and_opens_the_chosen_dataset(window, tmp_path, monkeypatch, messages)


def _a_tied_file_of_the_list_asks_and_opens_the_chosen_dataset(window, tmp_path, monkeypatch, messages):
    from PySide6.QtWidgets import QInputDialog

    root = tmp_path / "cubes"
    root.mkdir()
    with h5py.File(root / "tie.h5", "w") as f:
        f["radiance"] = np.zeros((4, 16, 16, 5), np.uint16)
        f["reflectance"] = np.ones((4, 16, 16, 5), np.uint16)
    with h5py.File(root / "one.h5", "w") as f:
        f["cube"] = np.zeros((3, 16, 16, 5), np.uint16)
    asked = []

    def get_item(parent, title, label, items, current=0, editable=True, *a, **k):
        asked.append(list(items))
        return ("/reflectance  (4x16x16x5)", True)

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    messages.clear()
    assert window.open_path(root, as_dataset=True), window.last_error
    entry = next(e for e in window.dataset.entries if e.name.startswith("tie"))
    window.sequences.open_entry(entry)
    assert asked == [["/radiance  (4x16x16x5)", "/reflectance  (4x16x16x5)"]], messages  # old: refused, not asked
    assert not messages and window.sequence is not None, messages
    assert window.sequence.name == "tie_reflectance" and float(window.sequence.frame(0).max()) == 1.0
    assert str(window.sequences.seq_path) == f"{root / 'tie.h5'}:/reflectance"
    assert window.dataset_root == root  # still the dataset's sequence
