"""A GUI review's defects (/tmp/review_gui2): the dataset note widened the window past the screen,
method settings edited but never run were lost at the next start, View › Compact layout showed
unchecked over a restored tabbed layout, Space in the Methods tree played the sequence instead of
ticking the tracker, and a tracker that cannot run on the open sequence's modality could be ticked
(failing only when run, with a modal error)."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEventLoop, Qt, QTimer

from workbench.core.registry import Plugin

from tests.gui.conftest import FakeConfig, _factory, dataset_scored, make_registry, shown_window
from tests.gui.test_window import run_to_end

LONG = [f"tracker_with_a_rather_long_name_number_{k}" for k in range(5)]


def _settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


# 1. The dataset note never sets the window's width ------------------------------------------------------
def test_dataset_note_keeps_the_window_on_a_laptop_screen(qtbot, messages, tmp_path):
    """Trackers that cover fewer sequences than the others were each named in the note under the plots
    ("X on 1, Y on 1, ..."): the label's minimum width became the plots dock's and the window's
    (1366 -> 1572 px on a 1366 px screen, the docks over the Methods form)."""
    from workbench.core.data.synthetic import write_demo

    reg = make_registry()
    for name in LONG:
        reg.add(Plugin(name, "tracker", _factory(name), title=name, config=FakeConfig))
    gen = shown_window(qtbot, reg, (1366, 768))
    w = next(gen)
    root = tmp_path / "ds"
    write_demo(root, frames=8, name="seq_a")
    write_demo(root, frames=6, name="seq_b", seed=3)
    assert w.open_path(root)
    w.dataset._open_row(0)
    run_to_end(qtbot, w, ["fake", *LONG])
    w.dataset._open_row(1)
    run_to_end(qtbot, w, ["fake"])
    w.plots.show()
    w.plots.raise_()
    _settle()
    assert (w.width(), w.height()) == (1366, 768)
    w.plots.scope.setCurrentIndex(1)
    dataset_scored(qtbot, w)
    _settle(300)
    assert {r.tracker: len(r.sequences) for r in w.reports} == {"fake": 2, **{n: 1 for n in LONG}}
    note = w.plots.note
    # nothing in the note sets a minimum width: not the window's, the dock's or the label's
    assert (w.width(), w.height()) == (1366, 768)
    assert w.minimumSizeHint().width() <= 1366, w.minimumSizeHint()
    assert w.plots.minimumSizeHint().width() < 700, w.plots.minimumSizeHint()
    assert note.minimumSizeHint().width() < 100
    # more than two on fewer sequences: counted in the note, named in its tooltip
    assert note.text().startswith("2 sequences · 5 trackers on fewer sequences")
    assert all(n not in note.text() for n in LONG)
    tip = note.toolTip()
    assert note.text().split("   ")[0] in tip
    assert all(f"{n} on 1" in tip for n in LONG)
    gen.close()


def test_plots_note_is_cut_to_the_dock_and_whole_in_its_tooltip(qtbot):
    """However long, the note is one line cut with "…" to the dock's width; text() and the tooltip
    keep all of it."""
    from workbench.gui.plots_dock import PlotsDock

    dock = PlotsDock()
    qtbot.addWidget(dock)
    long_note = "9 sequences · " + ", ".join(f"{n} on 1" for n in LONG * 4)
    dock.set_curves({}, {}, long_note)
    assert dock.note.minimumSizeHint().width() < 100
    assert dock.minimumSizeHint().width() < 700
    dock.resize(500, 300)
    dock.show()
    qtbot.waitExposed(dock)
    assert long_note in dock.note.text() and long_note in dock.note.toolTip()
    shown = dock.note.elided()
    assert dock.note.is_elided() and shown.endswith("…")
    assert dock.note.fontMetrics().horizontalAdvance(shown) <= dock.note.contentsRect().width()


def test_dataset_note_names_one_or_two_trackers():
    from types import SimpleNamespace

    from workbench.gui.controllers.scoring import ScoringController

    def rep(name, n):
        return SimpleNamespace(tracker=name, sequences={f"s{k}": SimpleNamespace(frames=5) for k in range(n)})

    assert ScoringController.dataset_note(3, [rep("a", 3)]) == ("3 sequences", "")
    note, details = ScoringController.dataset_note(3, [rep("a", 3), rep("b", 1), rep("c", 2)])
    assert note == "3 sequences · b on 1, c on 2" and "b on 1" in details
    note, details = ScoringController.dataset_note(3, [rep("a", 3)] + [rep(n, 1) for n in "bcd"])
    assert note == "3 sequences · 3 trackers on fewer sequences"
    assert details.splitlines()[1:] == ["b on 1", "c on 1", "d on 1"]


# 2. Method settings, devices and ticks persist without a run ---------------------------------------------
@pytest.fixture
def torch_registry(monkeypatch):
    """The fake trackers and one that "uses torch" (a device choice), without importing torch."""
    import workbench.gui.methods_dock as md
    from workbench.gui.main_window import MainWindow

    monkeypatch.setattr(md, "_cuda", False)  # no CUDA probe on a worker
    monkeypatch.setattr(MainWindow, "_warm_up", lambda self: setattr(self, "warm_job", None))
    reg = make_registry()
    reg.add(Plugin("torchy", "tracker", _factory("torchy"), title="Torchy", config=FakeConfig, uses_torch=True))
    return reg


def test_method_settings_and_ticks_persist_without_a_run(qtbot, messages, torch_registry):
    """Settings persist (README), but they were written only when the method ran: a form edited and
    never run, a device choice and the ticked trackers came back as defaults at the next start."""
    from workbench.gui.main_window import MainWindow

    gen = shown_window(qtbot, torch_registry)
    w = next(gen)
    assert w.methods.select("fake")
    w.methods.form("fake").editor("step").setValue(3.5)
    w.methods.form("fake").editor("mode").setCurrentIndex(1)
    assert w.methods.select("torchy")
    assert w.methods.device.isEnabled()
    w.methods.device.setCurrentIndex(w.methods.device.findData("cpu"))
    assert w.methods.device_for("torchy") == "cpu"
    w.methods.set_checked(["fake_b", "torchy"])
    w.close()
    gen.close()

    w2 = MainWindow(torch_registry)
    qtbot.addWidget(w2)
    assert w2.methods.form("fake").values()["step"] == 3.5
    assert w2.methods.form("fake").values()["mode"] == "fancy"
    assert w2.methods.form("fake_b").values()["step"] == 1.0  # untouched: defaults
    assert w2.methods.device_for("torchy") == "cpu"
    assert w2.methods.select("torchy") and w2.methods.device.currentData() == "cpu"
    assert w2.methods.checked() == ["fake_b", "torchy"]
    assert w2.methods.trackers_to_run() == ["fake_b", "torchy"]


# 3. View › Compact layout matches the restored layout --------------------------------------------------
def _reopen(qtbot, registry, size):
    from workbench.gui.main_window import MainWindow

    w = MainWindow(registry)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    _settle()
    return w


@pytest.mark.parametrize("size,make_compact", [((1366, 768), False), ((1600, 1000), True), ((1600, 1000), False)])
def test_compact_check_mark_follows_the_restored_layout(qtbot, messages, registry, size, make_compact):
    """The saved dock layout was restored tabbed, but ``compact`` and the View menu's check mark stayed
    off (and the Methods tree kept its 240 px): _arrange_docks returned before setting them."""
    gen = shown_window(qtbot, registry, size)
    w = next(gen)
    if make_compact:
        w.act_compact.setChecked(True)
        _settle()
    expected = w.compact
    assert expected == (size == (1366, 768) or make_compact)
    w.close()
    gen.close()

    w2 = _reopen(qtbot, registry, size)
    assert w2._state_restored
    assert w2.layout_is_compact() == expected
    assert w2.compact == expected and w2.act_compact.isChecked() == expected
    # the method list may grow to its 7 rows, compact or not (fit_list_height; compact capped it at 120 px)
    assert w2.methods.tree.maximumHeight() >= 7 * w2.methods.tree.sizeHintForRow(0)
    # and the menu still switches the restored layout
    w2.act_compact.setChecked(not expected)
    _settle()
    assert w2.compact == (not expected) and w2.layout_is_compact() == (not expected)
    if expected:  # taken apart: no tab bar of the old groups left painted (Qt leaves them)
        from PySide6.QtWidgets import QTabBar

        _settle()
        assert w2.layers not in w2.tabifiedDockWidgets(w2.methods)
        assert w2.plots not in w2.tabifiedDockWidgets(w2.timeline)
        texts = [[b.tabText(i) for i in range(b.count())] for b in w2.findChildren(QTabBar) if b.isVisible()]
        assert not any("Layers" in t or "Methods" in t for t in texts), texts
    w2.close()


# 4. Space ticks the tracker in the Methods tree, plays elsewhere -----------------------------------------
def _focus(qtbot, w, widget):
    w.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: widget.hasFocus(), timeout=3000)


def test_space_in_the_methods_tree_ticks_the_current_tracker(qtbot, window):
    w = window
    w.open_demo()
    w.fps_spin.setValue(60)
    tree = w.methods.tree
    _focus(qtbot, w, tree)
    assert w.methods.select("fake_b")
    item = w.methods._item("fake_b")
    assert item.checkState(0) == Qt.CheckState.Unchecked
    at = w.frame_index
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    _settle(200)
    assert item.checkState(0) == Qt.CheckState.Checked
    assert not w.sequences.play_timer.isActive() and w.frame_index == at  # it did not play
    assert w.methods.trackers_to_run() == ["fake_b"]
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert item.checkState(0) == Qt.CheckState.Unchecked
    # a check box keeps its Space too
    follow = w.methods.follow.isChecked()
    _focus(qtbot, w, w.methods.follow)
    qtbot.keyClick(w.methods.follow, Qt.Key.Key_Space)
    assert w.methods.follow.isChecked() != follow and not w.sequences.play_timer.isActive()
    # on the frame (or anywhere else) Space still plays and pauses
    _focus(qtbot, w, w.view)
    qtbot.keyClick(w.view, Qt.Key.Key_Space)
    assert w.sequences.play_timer.isActive()
    t0 = time.perf_counter()
    qtbot.waitUntil(lambda: w.frame_index >= at + 3, timeout=5000)
    assert time.perf_counter() - t0 < 5
    qtbot.keyClick(w.view, Qt.Key.Key_Space)
    assert not w.sequences.play_timer.isActive()


# 5. Trackers that cannot run on the open sequence's modality are greyed --------------------------------
@pytest.fixture
def cube(tmp_path_factory):
    from workbench.core.data import hsi_generate as hg

    v = hg.make_video(hg.load_scene(None, 16, seed=2), hg.VideoSpec(frames=6, width=64, height=48, seed=2))
    return hg.write_video(v, tmp_path_factory.mktemp("cube") / "c2", "h5")


def test_trackers_that_cannot_run_on_the_modality_are_greyed(qtbot, messages, cube):
    reg = make_registry()
    reg.add(Plugin("hsi_only", "tracker", _factory("hsi_only"), title="HSI only", config=FakeConfig,
                   modalities=("hsi",)))
    gen = shown_window(qtbot, reg, (1366, 768))
    w = next(gen)
    m = w.methods
    fake, hsi = m._item("fake"), m._item("hsi_only")
    enabled = lambda it: bool(it.flags() & Qt.ItemFlag.ItemIsEnabled)  # noqa: E731
    assert enabled(fake) and enabled(hsi)  # nothing open: nothing greyed
    m.set_checked(["fake", "hsi_only"])
    assert w.open_path(cube) and w.sequence.modality == "hsi"
    assert not enabled(fake) and enabled(hsi)
    assert "accepts gray, rgb, ir16" in fake.toolTip(0) and "hsi" in fake.toolTip(0)
    assert m.trackers_to_run() == ["hsi_only"]  # the greyed tick is not run ...
    assert m.checked() == ["fake", "hsi_only"]  # ... but kept for the next sequence
    assert m.run_button.text() == "Run HSI only"
    m.set_checked(["fake"])
    assert not enabled(m.tree.currentItem()) and m.trackers_to_run() == []  # nor the greyed selection
    assert not w.run_selected() and not w.busy
    assert messages and "fake cannot run on hsi sequences" in messages[-1][2]
    messages.clear()
    m.set_checked([])
    w.open_demo()  # ir16
    assert enabled(fake) and not enabled(hsi)
    assert "accepts hsi" in hsi.toolTip(0)
    assert "accepts" not in fake.toolTip(0)
    m.set_checked(["fake", "hsi_only"])
    assert m.trackers_to_run() == ["fake"]
    assert not messages
    gen.close()
