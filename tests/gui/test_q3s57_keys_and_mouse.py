"""The keys and the mouse an analyst of video tools reaches for. Missing before: Shift+Left / Shift+Right (10
frames), Delete / Backspace to clear the initial box, a frame number to type (the counter was a label; Ctrl+G),
Esc dropping the box being dragged out, a double-click fitting the frame, Ctrl+R in Run's tooltip; Tab went from
the Methods list to Run before the settings; after an Open dialog the keys went back to the Methods list (Space
ticked a tracker instead of playing). Then (R1's review): Space did nothing in a table with rows (Qt makes every
table item user-checkable), a followed run's frame moved the number Ctrl+G selected, Tab went round the floating
Methods dock without the list, a double-click opened a dataset's sequence twice, a box drawn again on a later
frame was not shown."""
from __future__ import annotations

import cv2
import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QWheelEvent
from PySide6.QtWidgets import QApplication, QFileDialog

K = Qt.Key
M = Qt.KeyboardModifier
LEFT = Qt.MouseButton.LeftButton


def _focus(qtbot, w, widget):
    w.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)


def _point(view, x, y) -> QPoint:
    p = view.view_point_to_widget(x, y)
    return QPoint(round(p.x()), round(p.y()))


def test_keys_step_clear_go_to_and_leave_fields_alone(qtbot, window, tmp_path):
    w = window
    w.open_demo()
    # no two actions share a key (Qt fires neither and warns "Ambiguous shortcut overload")
    keys = [s.toString() for a in w.findChildren(QAction) for s in a.shortcuts()]
    assert len(keys) == len(set(keys)), sorted(keys)
    assert "Ctrl+R" in w.methods.run_button.toolTip()
    # both keys of Clear box said (the menu and the tooltip said "Del" alone)
    assert "Backspace" in w.act_clear_box.toolTip() and w.act_clear_box.text().endswith("\tDel / Backspace")
    _focus(qtbot, w, w.view)
    w.set_frame(20)
    qtbot.keyClick(w.view, K.Key_Right, M.ShiftModifier)
    assert w.frame_index == 30
    qtbot.keyClick(w.view, K.Key_Left, M.ShiftModifier)
    qtbot.keyClick(w.view, K.Key_Left, M.ShiftModifier)
    assert w.frame_index == 10
    qtbot.keyClick(w.view, K.Key_Left, M.ShiftModifier)
    assert w.frame_index == 0  # not past the first frame

    # Delete / Backspace clear the box; in a number field Backspace is the field's
    for key in (K.Key_Delete, K.Key_Backspace):
        w.sequences.set_init((10, 10, 20, 20), 5)
        _focus(qtbot, w, w.fps_spin)
        qtbot.keyClick(w.fps_spin, key)
        assert w.init_box is not None
        _focus(qtbot, w, w.view)
        qtbot.keyClick(w.view, key)
        assert w.init_box is None and w.view.roi is None

    # the keys a number field uses stay its own: nothing steps, starts, toggles or zooms
    w.set_frame(20)
    _focus(qtbot, w, w.fps_spin)
    zoom, drawing, start = w.view.zoom(), w.act_draw.isChecked(), w.start_frame
    for key, mods in ((K.Key_Left, M.ShiftModifier), (K.Key_Right, M.NoModifier), (K.Key_Home, M.NoModifier),
                      (K.Key_End, M.NoModifier), (K.Key_S, M.NoModifier), (K.Key_B, M.NoModifier),
                      (K.Key_Space, M.NoModifier), (K.Key_F, M.NoModifier)):
        qtbot.keyClick(w.fps_spin, key, mods)
    assert (w.frame_index, w.start_frame, w.act_draw.isChecked()) == (20, start, drawing) and start != 20
    assert w.view.zoom() == pytest.approx(zoom) and not w.sequences.play_timer.isActive()
    _focus(qtbot, w, w.view)

    # a table where Space only selects (the targets, the dataset's sequences) does not keep it: Space plays
    w.targets.show()
    w.targets.raise_()
    qtbot.waitUntil(w.targets.table.isVisible, timeout=3000)
    _focus(qtbot, w, w.targets.table)
    qtbot.keyClick(w.targets.table, K.Key_Space)
    assert w.sequences.play_timer.isActive()
    w.sequences.stop_play()
    w.set_frame(20)
    _focus(qtbot, w, w.view)

    # Ctrl+G: a frame number typed goes there on Enter (not at each digit); the view has the keys again
    qtbot.keyClick(w.view, K.Key_G, M.ControlModifier)
    assert w.counter.hasFocus()
    qtbot.keyClicks(w.counter, "42")
    qtbot.keyClick(w.counter, K.Key_Space)  # typing there neither plays nor steps
    qtbot.keyClick(w.counter, K.Key_Left)
    assert w.frame_index == 20 and not w.sequences.play_timer.isActive()
    qtbot.keyClick(w.counter, K.Key_Return)
    assert w.frame_index == 41 and w.counter.text() == "42 / 150"
    assert w.view.hasFocus()
    qtbot.keyClick(w.view, K.Key_Right)
    assert w.frame_index == 42 and w.counter.text() == "43 / 150"
    # Esc drops what was typed
    qtbot.keyClick(w.view, K.Key_G, M.ControlModifier)
    qtbot.keyClicks(w.counter, "7")
    qtbot.keyClick(w.counter, K.Key_Escape)
    assert w.frame_index == 42 and w.counter.text() == "43 / 150" and w.view.hasFocus()

    # a run followed live moves the frame between Ctrl+G and the first digit: the number stays selected whole
    # (Qt kept the selection's place: "42" typed went into the " / 150", or from 9 to 10 read "40")
    for before, after in ((21, 22), (8, 9)):
        w.set_frame(before)
        qtbot.keyClick(w.view, K.Key_G, M.ControlModifier)
        w.set_frame(after)  # as a followed run's frame shown
        qtbot.waitUntil(lambda: w.counter.text() == f"{after + 1} / 150", timeout=3000)
        assert w.counter.lineEdit().selectedText() == str(after + 1)
        qtbot.keyClicks(w.counter, "42")
        qtbot.keyClick(w.counter, K.Key_Return)
        assert w.frame_index == 41, (before, w.counter.text())

    # the Dataset table: a double-click opens the sequence once (doubleClicked and activated both opened it: two
    # reads, the second undoing an Esc that cancelled the first), Enter opens one too; Space there plays (its rows
    # hold no tick: Qt makes every table item user-checkable, and that flag had the table keep Space)
    from workbench.core.data.synthetic import write_demo

    root = tmp_path / "ds"
    for name in ("a_seq", "b_seq"):
        write_demo(root, frames=12, width=64, height=48, name=name)
    assert w.open_path(root, as_dataset=True)
    qtbot.waitUntil(lambda: not w.busy and w.dataset.table.rowCount() == 2, timeout=10000)
    opened = []
    w.dataset.sigOpen.connect(lambda e: opened.append(e.name))
    t = w.dataset.table
    w.dataset.show()
    w.dataset.raise_()
    qtbot.waitUntil(t.isVisible, timeout=3000)
    at = t.visualRect(t.model().index(0, 0)).center()
    qtbot.mouseClick(t.viewport(), LEFT, pos=at)  # as a mouse sends it: press, release, double-click, release
    qtbot.mouseDClick(t.viewport(), LEFT, pos=at)
    qtbot.mouseRelease(t.viewport(), LEFT, pos=at)
    assert opened == ["a_seq"]
    qtbot.waitUntil(lambda: not w.busy and w.sequence is not None and w.sequence.name == "a_seq", timeout=10000)
    t.setCurrentCell(1, 0)
    _focus(qtbot, w, t)
    qtbot.keyClick(t, K.Key_Return)
    assert opened == ["a_seq", "b_seq"]
    qtbot.waitUntil(lambda: not w.busy and w.sequence.name == "b_seq", timeout=10000)
    _focus(qtbot, w, t)
    assert t.currentRow() == 1 and not w.sequences.play_timer.isActive()
    qtbot.keyClick(t, K.Key_Space)
    assert w.sequences.play_timer.isActive()
    w.sequences.stop_play()


def test_mouse_esc_double_click_tab_order_and_focus_after_open(qtbot, window, tmp_path, monkeypatch):
    # pyqtgraph drops a mouse move within 10 ms of the last one it took: a drag's moves sent at once were
    # sometimes all dropped, a click then (a drag missed 7 times in 30 here)
    monkeypatch.setitem(pg.CONFIG_OPTIONS, "mouseRateLimit", 0)
    w = window
    w.open_demo()
    view, vp = w.view, w.view.viewport()
    w.sequences.clear_init_box()
    _focus(qtbot, w, view)
    # Esc while dragging out a box drops it: nothing drawn when the button is let go
    p0, p1 = _point(view, 40, 150), _point(view, 60, 200)
    qtbot.mousePress(vp, LEFT, pos=p0)
    qtbot.mouseMove(vp, QPoint((p0.x() + p1.x()) // 2, (p0.y() + p1.y()) // 2))
    qtbot.mouseMove(vp, p1)
    assert view._rubber.isVisible()
    qtbot.keyClick(view, K.Key_Escape)
    assert not view._rubber.isVisible()
    qtbot.mouseMove(vp, QPoint(p1.x() + 5, p1.y() + 5))
    qtbot.mouseRelease(vp, LEFT, pos=QPoint(p1.x() + 5, p1.y() + 5))
    assert w.init_box is None and view.roi is None and not view._rubber.isVisible()

    # the wheel zooms around the cursor: the image point under it stays there
    view.fit()
    z0 = view.zoom()
    at = _point(view, 60, 40)
    under = view.vb.mapSceneToView(view.mapToScene(at))
    QApplication.sendEvent(vp, QWheelEvent(QPointF(at), QPointF(vp.mapToGlobal(at)), QPoint(), QPoint(0, 240),
                                           Qt.MouseButton.NoButton, M.NoModifier, Qt.ScrollPhase.NoScrollPhase, False))
    assert view.zoom() > 1.2 * z0
    after = view.vb.mapSceneToView(view.mapToScene(at))
    assert abs(after.x() - under.x()) < 1.5 and abs(after.y() - under.y()) < 1.5
    # a double-click on the frame fits it, as F does
    at = _point(view, 100, 100)
    qtbot.mouseClick(vp, LEFT, pos=at)  # as a mouse sends it: press, release, double-click, release
    qtbot.mouseDClick(vp, LEFT, pos=at)
    qtbot.mouseRelease(vp, LEFT, pos=at)
    assert view.zoom() == pytest.approx(z0, rel=0.01)
    assert w.init_box is None  # (and draws no box)

    # Tab: from the Methods list through the settings shown, then Run and Follow (Cancel greyed); Shift+Tab back
    m = w.methods
    _focus(qtbot, w, m.follow)  # the last stop: on out of the dock (Qt's order led back into the settings)
    qtbot.keyClick(m.follow, K.Key_Tab)
    assert not m.isAncestorOf(QApplication.focusWidget()), QApplication.focusWidget()
    m.select("fake_b")
    m.select("fake")  # (the settings shown are put in each time a method is selected)
    _focus(qtbot, w, m.tree)
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), K.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is m.run_button:
            break
    box = m.form_area.widget()
    assert seen[-1] is m.run_button and len(seen) >= 4, seen
    assert all(box.isAncestorOf(x) for x in seen[:-1]), seen  # step, delay, ..., Reset to defaults
    assert seen[-2] is m.reset_button
    qtbot.keyClick(m.run_button, K.Key_Tab)
    assert m.follow.hasFocus()
    qtbot.keyClick(m.follow, K.Key_Backtab, M.ShiftModifier)
    qtbot.keyClick(m.run_button, K.Key_Backtab, M.ShiftModifier)
    assert m.reset_button.hasFocus()
    # the dock floating (nothing else in its window): Tab goes round its own stops (it went from Follow into the
    # settings' scroll area, then Run, Follow, for good, never back to the list)
    m.setFloating(True)
    try:
        m.show()
        qtbot.waitExposed(m)
        m.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is m, timeout=3000)
        m.follow.setFocus()
        qtbot.waitUntil(m.follow.hasFocus, timeout=3000)
        qtbot.keyClick(m.follow, K.Key_Tab)
        assert m.tree.hasFocus(), QApplication.focusWidget()
        qtbot.keyClick(m.tree, K.Key_Backtab, M.ShiftModifier)
        assert m.follow.hasFocus(), QApplication.focusWidget()
    finally:
        m.setFloating(False)

    # a box drawn again on a later frame is shown there (the first one, hidden off its frame, stayed hidden)
    def drag(a, b):
        p0, p1 = _point(view, *a), _point(view, *b)
        qtbot.mousePress(vp, LEFT, pos=p0)
        qtbot.mouseMove(vp, QPoint((p0.x() + p1.x()) // 2, (p0.y() + p1.y()) // 2))
        qtbot.mouseMove(vp, p1)
        qtbot.mouseRelease(vp, LEFT, pos=p1)

    _focus(qtbot, w, view)
    w.set_frame(10)
    w.act_start_here.trigger()
    w.set_frame(13)
    drag((40, 150), (60, 200))
    assert w.start_frame == 13 and view.roi.isVisible()
    w.set_frame(30)
    assert not view.roi.isVisible()  # the box is its start frame's
    drag((100, 100), (130, 140))
    assert w.start_frame == 30 and view.roi is not None and view.roi.isVisible(), (w.start_frame, w.init_box)
    # cleared, the start goes back to the frame chosen, with its groundtruth box: shown there, not here
    w.act_clear_box.trigger()
    assert w.start_frame == 10 and w.init_box is not None and not view.roi.isVisible()
    w.set_frame(10)
    assert view.roi.isVisible()
    w.sequences.clear_init_box()  # (a second press: the first frame with groundtruth)

    # after the Open dialog the frame view has the keys: Space plays (it ticked the tracker in the list)
    folder = tmp_path / "seq"
    folder.mkdir()
    for i in range(3):
        cv2.imwrite(str(folder / f"{i:04d}.png"), np.full((24, 32), 40 * i, np.uint8))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    _focus(qtbot, w, w.methods.tree)
    w.act_open_folder.trigger()
    assert w.n_frames == 3
    qtbot.waitUntil(view.hasFocus, timeout=3000)
    qtbot.keyClick(QApplication.focusWidget(), K.Key_Space)
    assert w.sequences.play_timer.isActive()
    w.sequences.stop_play()
