"""A session that ended with a dataset open saved the Dataset dock as shown; the next start restored it
as an empty table over a third of a 1366x768 window (no dataset is open at a start). It stays hidden
until a dataset is opened, and comes back with one."""
from __future__ import annotations

from tests.gui.conftest import shown_window


def test_dataset_dock_hidden_at_a_start_without_a_dataset(qtbot, registry, messages, tmp_path):
    from workbench.core.data.synthetic import write_demo

    root = tmp_path / "ds"
    write_demo(root, frames=6, name="seq_a")
    write_demo(root, frames=6, name="seq_b", seed=3)
    gen = shown_window(qtbot, registry, (1366, 768))
    w = next(gen)
    assert w.open_path(root)
    assert w.dataset.isVisible()
    w.close()
    gen.close()

    gen = shown_window(qtbot, registry, (1366, 768))
    w = next(gen)
    assert w._state_restored  # the saved layout, not the default one
    assert w.dataset.isHidden()  # no dataset open: no empty table
    assert w.open_path(root)  # a dataset opened shows it again
    assert w.dataset.isVisible() and w.dataset.table.rowCount() == 2
    w.close()
    gen.close()
