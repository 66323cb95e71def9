"""A dock layout saved at 1920x1080 and restored at 1280x800 kept its docks' pixels: the bottom docks ~400 px
high and the frame ~250. The docks are scaled to the new window. And the Methods list was capped at 120 px
(compact) even at 1920x1080 with empty space under the settings form: it grows to its rows."""
from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.core.registry import Plugin

from tests.gui.conftest import FakeConfig, _factory, make_registry, shown_window
from tests.gui.layout_settle import layout_settled


def _reopen(qtbot, registry, size):
    from workbench.gui.main_window import MainWindow

    w = MainWindow(registry)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    assert layout_settled(w)  # the restored layout settles
    return w


def test_layout_saved_large_restored_small_keeps_its_proportions(qtbot, messages):
    registry = make_registry()
    gen = shown_window(qtbot, registry, (1920, 1080))
    w = next(gen)
    qtbot.waitUntil(lambda: not w.compact and w.timeline.isVisible())
    w.resizeDocks([w.timeline], [400], Qt.Orientation.Vertical)
    assert layout_settled(w)
    big_bottom, big_frame = w.timeline.height(), w.centralWidget().height()
    assert abs(big_bottom - 400) < 10
    w.close()
    gen.close()

    w2 = _reopen(qtbot, registry, (1280, 800))
    assert w2._state_restored
    bottom, frame = w2.timeline.height(), w2.centralWidget().height()
    # the share of the height the frame and the bottom docks had at 1920x1080 (the menu, tool and status
    # bars keep their pixels), within a few pixels
    share = big_bottom / (big_bottom + big_frame)
    assert abs(bottom / (bottom + frame) - share) < 0.01, (bottom, frame, share)
    w2.close()


def test_methods_list_grows_to_its_rows_when_there_is_room(qtbot, messages):
    reg = make_registry()
    for k in range(6):  # as many trackers as are installed here: more rows than 120 px holds
        reg.add(Plugin(f"extra{k}", "tracker", _factory(f"extra{k}"), title=f"Extra {k}", config=FakeConfig))
    gen = shown_window(qtbot, reg, (1920, 1080))
    w = next(gen)
    w.set_compact_layout(True)  # the Methods column tall: a 1920x1080 window in the compact layout
    assert layout_settled(w)
    tree = w.methods.tree
    rows = 13  # Trackers and its 10, Failed to load and its plugin
    assert rows * tree.sizeHintForRow(0) > 120
    assert tree.height() >= rows * tree.sizeHintForRow(0), (tree.height(), tree.maximumHeight())
    assert tree.verticalScrollBar().maximum() == 0  # every row shown, none scrolled to
    gen.close()
