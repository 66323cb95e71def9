"""A plugin's panel or inspector that raises while it is built (or in a hook) is shown as that plugin's error with the file and
line it came from (as a worker's error is: ``worker.describe``), not its message alone; the window goes on."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from workbench.core.registry import Plugin
from workbench.gui.inspector import InspectorDock

from tests.gui.conftest import make_registry, shown_window, spin

HERE = __file__.rsplit("/", 1)[-1]


class BrokenPanel(QLabel):
    def __init__(self, plugin, parent=None):
        super().__init__("never", parent)
        raise RuntimeError("panel cannot list its checkpoints")


class BrokenInspector(InspectorDock):
    def __init__(self, host, plugin=None, title="Broken"):
        super().__init__(host, plugin, title)
        raise KeyError("inspector lost its key")


class HookBug(InspectorDock):
    def __init__(self, host, plugin=None, title="HookBug"):
        super().__init__(host, plugin, title)
        self.setWidget(QLabel("hooks"))

    def on_frame(self, index):
        raise ValueError(f"no frame {index} here")


def test_a_raising_panel_and_inspector_name_their_file_and_line(qtbot, messages):
    reg = make_registry()
    plugin = Plugin("p53_gui", "tracker", lambda cfg, device: None, title="P53 GUI",
                    panel=f"{__name__}:BrokenPanel", inspectors={"Broken": f"{__name__}:BrokenInspector",
                                                            "HookBug": f"{__name__}:HookBug"})
    reg.add(plugin)
    gen = shown_window(qtbot, reg)
    w = next(gen)
    assert w.methods.select("p53_gui")
    assert spin(lambda: not w.methods.panel_loading(), 10)
    text = w.methods.panel("p53_gui").text()
    assert text.startswith("Panel of p53_gui failed to load: RuntimeError: panel cannot list its checkpoints (in "
                           f"{HERE}:"), text
    assert w.open_inspector(plugin, "Broken") is None
    shown = [m for m in messages if m[1] == "Inspector failed to load"]
    assert shown and shown[-1][2].startswith(f"p53_gui: Broken: KeyError: 'inspector lost its key' (in {HERE}:"), shown
    assert w.open_inspector(plugin, "HookBug") is not None
    w.notify_inspectors("on_frame", 3)  # a hook's bug: the status bar, with its line
    said = w.statusBar().currentMessage()
    assert said.startswith("HookBug: on_frame failed: ValueError: no frame 3 here (in " + HERE + ":"), said
    assert w.methods.select("fake")  # the rest works
    gen.close()
