"""A wide inspector in the wide layout. Beside the Timeline it joined the plots' tab group only where the docks needed
more than the screen: on a large screen a window a few pixels too narrow for it was widened (12 pt, the pruning
inspector: 1600 -> 1607 px). On a narrow screen (under ~1210 px at 9 pt) even in the plots' group it needed more than
the screen, and the window's minimum, held to the screen, squeezed the docks below their least sizes (the Methods
column cut). The window is not widened for an inspector (it joins the plots' group where it does not fit beside the
Timeline in the window's width), and where it does not fit there either it scrolls, its content whole."""
from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QLabel, QScrollArea

from workbench.core.registry import Plugin
from workbench.gui.inspector import InspectorDock

from tests.gui.conftest import make_registry, shown_window
from tests.gui.layout_settle import layout_settled

WIDTH = {"px": 616}


class SizedInspector(InspectorDock):
    """An inspector whose content needs ``WIDTH["px"]``."""

    def __init__(self, host, plugin=None):
        super().__init__(host, plugin, "Sized")
        body = QLabel("sized")
        body.setMinimumWidth(WIDTH["px"])
        self.setWidget(body)


def _window(qtbot, monkeypatch, screen_w: int, size):
    from workbench.gui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "available_width", lambda self: screen_w, raising=False)
    reg = make_registry()
    plugin = Plugin("sizedp", "tracker", lambda cfg, device: None, title="Sized P",
                    inspectors={"Sized": f"{__name__}:SizedInspector"})
    reg.add(plugin)
    gen = shown_window(qtbot, reg, size)
    w = next(gen)
    assert layout_settled(w)
    w.set_compact_layout(False)
    assert layout_settled(w)
    return gen, w, plugin


def _group_min(w, dock) -> int:
    return max(d.minimumSizeHint().width() for d in (dock, *w.tabifiedDockWidgets(dock)) if not d.isHidden())


def test_an_inspector_a_few_pixels_too_wide_beside_the_timeline_does_not_widen_the_window(qtbot, messages,
                                                                                          monkeypatch):
    gen, w, plugin = _window(qtbot, monkeypatch, 1920, (1400, 900))
    assert not w.compact and w.width() == 1400
    need = w.layout().totalMinimumSize().width()
    WIDTH["px"] = 1400 - (need - _group_min(w, w.timeline)) + 7  # beside the Timeline: 7 px past the window
    dock = w.open_inspector(plugin, "Sized")
    assert layout_settled(w)
    assert w.width() == 1400, w.width()
    assert dock in w.tabifiedDockWidgets(w.plots)
    assert w.layout().totalMinimumSize().width() <= 1400
    gen.close()


def test_on_a_narrow_screen_the_inspector_scrolls_rather_than_squeezing_the_docks(qtbot, messages, monkeypatch):
    from workbench.gui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "available_width", lambda self: 1400, raising=False)
    probe = shown_window(qtbot, make_registry(), (1390, 760))
    w0 = next(probe)
    assert layout_settled(w0)  # arranged (compact at this size)
    w0.set_compact_layout(False)
    assert layout_settled(w0)
    need = w0.layout().totalMinimumSize().width()  # the wide layout without an inspector
    plots = w0.plots.minimumSizeHint().width()
    probe.close()

    screen = need + 20  # the wide layout fits; with the inspector in the plots' group it does not
    gen, w, plugin = _window(qtbot, monkeypatch, screen, (screen - 10, 760))
    WIDTH["px"] = plots + 120
    dock = w.open_inspector(plugin, "Sized")
    assert layout_settled(w)
    assert w.width() == screen - 10 and w.layout().totalMinimumSize().width() <= screen
    assert dock in w.tabifiedDockWidgets(w.plots)
    squeezed = [(d.windowTitle(), d.width(), d.minimumSizeHint().width()) for d in w.findChildren(QDockWidget)
                if d.isVisible() and d.width() < d.minimumSizeHint().width()]
    assert not squeezed, squeezed  # no dock below its least size
    assert isinstance(dock.widget(), QScrollArea)  # its content whole, scrolled
    body = dock.widget().widget()
    assert body.width() >= WIDTH["px"] and dock.width() < WIDTH["px"]
    w.set_compact_layout(True)  # one bottom tab group: the inspector as wide as its content again
    assert layout_settled(w)
    assert dock.widget() is body and not body.isHidden()
    gen.close()
