"""Review mends: "Start from this frame" takes the box of the new start frame (not an earlier start
frame's groundtruth); a non-hyperspectral sequence brings the Methods dock back in front of the Spectrum
tab; a first start at 1280x720 keeps the window's size; the Dataset dock's columns stay readable at
laptop size."""
from __future__ import annotations

import dataclasses

import pytest

from tests.gui.conftest import shown_window


def _settle(ms: int = 150) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _run(qtbot, w, names=("fake",)):
    assert w.run_selected(list(names))
    qtbot.waitUntil(lambda: not w.busy, timeout=30000)


def _front(dock) -> bool:
    """The dock is on screen: the front tab of its group (a tab behind it has an empty visible region)."""
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


# 1. Start from this frame -----------------------------------------------------------------------------
def test_start_from_here_takes_the_new_start_frames_groundtruth(qtbot, window, messages):
    """The review's repro: S at a late frame, run, then S at frame 1 and run again; the second run
    started from the late frame's groundtruth box (the tracker started on empty ground)."""
    w = window
    w.open_demo()
    late = w.n_frames - 20
    gt_late, gt0 = w.sequence.gt_box(late), w.sequence.gt_box(0)
    assert gt_late is not None and gt0 is not None and tuple(gt_late) != tuple(gt0)
    w.set_frame(late)
    w.start_from_here()
    assert w.start_frame == late and w.init_box == pytest.approx(tuple(gt_late))
    _run(qtbot, w)
    w.set_frame(0)
    w.start_from_here()
    assert w.start_frame == 0
    assert w.init_box == pytest.approx(tuple(gt0))
    assert w.view.init_box() == pytest.approx(tuple(gt0))
    label = w.methods.init_label.text()
    assert "at frame <b>1</b>" in label and ", ".join(f"{v:.0f}" for v in gt0) in label
    _run(qtbot, w)
    run = w.live["fake/default-run2"]  # a second run is named by its folder
    assert tuple(run.boxes[0]) == pytest.approx(tuple(gt0))  # the fake tracker starts where it is told
    assert not [m for m in messages if m[0] == "critical"], messages


def test_a_drawn_box_belongs_to_the_frame_it_was_drawn_on(qtbot, window, messages):
    """A box the user drew stays for its own frame; another start frame takes that frame's groundtruth,
    or (without groundtruth there) asks for a new drawing instead of reusing the box elsewhere."""
    w = window
    w.open_demo()
    drawn = (40.0, 30.0, 20.0, 16.0)
    w.set_init(drawn, start=5)
    assert w.start_frame == 5 and w.init_box == pytest.approx(drawn)
    w.set_frame(9)
    w.set_frame(5)
    w.start_from_here()  # back on the frame it was drawn on: the drawing stays
    assert w.start_frame == 5 and w.init_box == pytest.approx(drawn)
    w.set_frame(12)
    w.start_from_here()  # another frame: its groundtruth
    assert w.start_frame == 12 and w.init_box == pytest.approx(tuple(w.sequence.gt_box(12)))

    # a sequence without groundtruth: the box drawn on frame 3 is not carried to frame 7
    seq = dataclasses.replace(w.sequence, groundtruth=None)
    w.set_sequence(seq)
    w.set_init(drawn, start=3)
    assert w.init_box == pytest.approx(drawn)
    w.set_frame(7)
    w.start_from_here()
    assert w.start_frame == 7 and w.init_box is None and w.view.init_box() is None
    assert "draw the initial box" in w.methods.init_label.text()
    messages.clear()
    assert not w.run_selected(["fake"])
    assert any(m[1] == "No initial box" and "frame 8" in m[2] for m in messages), messages
    w.set_init(drawn)  # drawn there: that is the start
    assert w.start_frame == 7 and w.init_box == pytest.approx(drawn)
    _run(qtbot, w)
    assert tuple(w.live["fake"].boxes[7]) == pytest.approx(drawn)


# 2. The Spectrum tab after a cube ---------------------------------------------------------------------
@pytest.fixture
def cube(tmp_path_factory):
    from workbench.core.data import hsi_generate as gen

    tmp = tmp_path_factory.mktemp("cube")
    v = gen.make_video(gen.load_scene(None, 16, seed=2), gen.VideoSpec(frames=6, width=64, height=48, seed=2))
    return gen.write_video(v, tmp / "c2", "h5")


@pytest.mark.parametrize("size", [(1366, 768), (1600, 1000)])
def test_non_hyperspectral_sequence_brings_the_methods_dock_back(qtbot, registry, messages, cube, size):
    """After a cube, a non-hyperspectral sequence left the Spectrum tab ("Not a hyperspectral
    sequence.") in front of the Methods dock and its Run button (compact layout), or of the timeline
    (wide layout); the saved window state brought it back at the next start."""
    from workbench.gui.main_window import MainWindow

    gen = shown_window(qtbot, registry, size)
    w = next(gen)
    other = w.methods if w.compact else w.timeline  # the dock Spectrum is tabbed with
    assert w.open_path(cube)
    _settle()
    assert _front(w.spectrum) and not _front(other)
    w.open_demo()
    _settle()
    assert not _front(w.spectrum) and _front(other) and _front(w.methods)
    assert _front(w.methods.run_button)
    assert other in w.tabifiedDockWidgets(w.spectrum)  # still a tab, behind
    # a cube again: Spectrum in front; closed so, the next start shows Methods / Timeline in front
    assert w.open_path(cube)
    _settle()
    assert _front(w.spectrum)
    w.close()
    w2 = MainWindow(registry)
    qtbot.addWidget(w2)
    w2.resize(*size)
    w2.show()
    qtbot.waitExposed(w2)
    _settle()
    assert w2._state_restored
    other2 = w2.methods if w2.compact else w2.timeline
    assert _front(other2) and not _front(w2.spectrum)
    w2.close()
    gen.close()


# 3. The first start's size ----------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1264, 680), (1280, 720), (1366, 768)])
def test_first_start_keeps_a_laptop_size(qtbot, registry, messages, monkeypatch, tmp_path, size):
    """Fresh settings, sized before the first show: the docks that become tabs were shown side by side
    for a moment and the window grew to 1337 px (57 px past a 1280 screen)."""
    from PySide6.QtWidgets import QApplication

    from workbench.gui import style
    from workbench.gui.main_window import MainWindow

    monkeypatch.setenv("WORKBENCH_SETTINGS", str(tmp_path / f"fresh_{size[0]}.ini"))
    style.apply(QApplication.instance())
    w = MainWindow(registry)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    _settle(300)
    assert not w._state_restored and w.compact
    assert (w.width(), w.height()) == size
    shot = w.grab()
    shot.save(str(tmp_path / "first_start.png"))
    assert (shot.width(), shot.height()) == size
    # the tab groups formed: one bottom group, Layers a tab of the Methods column, Methods in front
    assert w.tabifiedDockWidgets(w.methods) == [w.layers]
    assert set(w.tabifiedDockWidgets(w.timeline)) == {w.response_inspector, w.plots, w.targets, w.scores}
    assert _front(w.methods) and _front(w.timeline)
    for d in (w.methods, w.timeline):
        assert d.geometry().right() < w.width()
    w.close()


# 4. The Dataset dock's columns ------------------------------------------------------------------------
def test_dataset_columns_readable_at_laptop_size(qtbot, registry, messages, tmp_path):
    """At 1366x768 the Attributes column was ~30 px ("ribu"), its cells two cut lines ("ca… m…"):
    the name and results columns took their whole text's width."""
    from PySide6.QtCore import Qt

    from workbench.core.data.synthetic import write_demo

    root = tmp_path / "tracking"
    names = ("vottir2016_horse", "vot2017_book", "otb_crossing")
    for k, name in enumerate(names):
        seq = write_demo(root, frames=4, width=64, height=48, seed=3 + k, name=name)
        for flag in ("camera_motion", "motion_change", "size_change"):
            (seq / f"{flag}.label").write_text("1\n0\n1\n0\n")
    gen = shown_window(qtbot, registry, (1366, 768))
    w = next(gen)
    assert w.open_path(root)
    dock, table = w.dataset, w.dataset.table
    qtbot.waitUntil(lambda: not dock.describing, timeout=20000)
    dock.set_results({"vottir2016_horse": ["kcf", "kcf/default-run2", "siamfcpp"]})
    _settle()
    h = table.horizontalHeader()
    widths = [h.sectionSize(c) for c in range(table.columnCount())]
    attrs = table.item(0, 3).text()
    assert "camera_motion" in attrs and "size_change" in attrs
    # the header reads "Attributes", the column has room for more than a word, all five on screen
    assert widths[3] >= h.sectionSizeHint(3), widths
    assert widths[3] >= 100, widths
    assert sum(widths) <= table.viewport().width(), (widths, table.viewport().width())
    assert not table.horizontalScrollBar().isVisible()
    # one line a cell, cut with "…"; the whole text is the tooltip
    assert not table.wordWrap()
    row = [table.item(r, 0).text() for r in range(table.rowCount())].index("vottir2016_horse")
    assert table.item(row, 3).toolTip() == table.item(row, 3).text() == attrs
    assert table.item(row, 4).toolTip() == "kcf, kcf/default-run2, siamfcpp"
    assert table.item(row, 0).toolTip() == "vottir2016_horse"
    assert widths[4] < table.fontMetrics().horizontalAdvance(table.item(row, 4).text())  # capped
    # a narrower dock: the header still reads in full (the table scrolls sideways instead)
    w.resizeDocks([dock], [330], Qt.Orientation.Horizontal)
    _settle()
    assert h.sectionSize(3) >= h.sectionSizeHint(3)
    gen.close()
