"""Found by driving View › Dataset (G1): a dataset left for a sequence of elsewhere (the demo) stayed in
the Dataset dock, and View › Dataset showed its rows beside the demo, still opening on a double-click
although the dataset was no longer open (its runs then saved outside the dataset's folder)."""
from __future__ import annotations

from tests.gui.test_open_bad_input import _otb


def test_view_dataset_after_leaving_it_lists_nothing(qtbot, window, tmp_path):
    w = window
    root = tmp_path / "ds"
    _otb(root, "alpha")
    _otb(root, "beta")
    assert w.open_path(root)
    assert w.dataset.table.rowCount() == 2 and w.dataset.isVisible()
    assert w.open_demo()
    assert w.sequences.dataset_root is None and not w.dataset.isVisible()
    w.dataset.toggleViewAction().trigger()  # View › Dataset
    assert w.dataset.isVisible()
    assert w.dataset.table.rowCount() == 0 and w.dataset.entries == []
    assert w.dataset.title.text().startswith("No dataset open"), w.dataset.title.text()
    assert w.open_path(root)  # and opened again, it is listed again
    assert w.dataset.table.rowCount() == 2 and "ds" in w.dataset.title.text()
