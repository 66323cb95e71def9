"""The window's warm-up (``MainWindow._warm_torch``) imports torch on a worker, then the inspectors' modules of the
methods that use it, so a run does not import them beside its model's loading. Where torch was imported already (a
plugin's module imported it) it returned at once and never imported those modules: it imports them then too, on a
worker."""
from __future__ import annotations

import sys
import threading

import pytest

from tests.gui.conftest import FakeConfig, FakeTracker, make_registry, shown_window
from workbench.core.registry import Plugin
from workbench.gui.runner import imported

THREADS: list = []  # the thread the scratch inspector module was imported on

MODULE = '''
import threading

from tests.gui.test_m55_warm_up_imports_inspectors import THREADS
from workbench.gui.inspector import InspectorDock

THREADS.append(threading.current_thread())


class Dock(InspectorDock):
    def __init__(self, host, plugin=None):
        super().__init__(host, plugin, "M55 view")
'''


@pytest.fixture
def module(tmp_path, monkeypatch):
    name = f"m55_inspector_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    THREADS.clear()
    yield name
    sys.modules.pop(name, None)


def test_inspectors_imported_off_the_gui_thread_when_torch_is_in(qtbot, messages, module):
    pytest.importorskip("torch", reason="the warm-up's torch-imported branch needs torch installed")
    assert "torch" in sys.modules and module not in sys.modules
    reg = make_registry()
    reg.add(Plugin("m55_torchy", "tracker", lambda cfg, device: FakeTracker("m55_torchy", FakeConfig()),
                   title="Uses torch", uses_torch=True, inspectors={"M55 view": f"{module}:Dock"}))
    for w in shown_window(qtbot, reg):
        # (runner.imported: the import finished, THREADS appended; in sys.modules is true while it still runs)
        qtbot.waitUntil(lambda: imported(module), timeout=4000)
        assert len(THREADS) == 1 and THREADS[0] is not threading.main_thread()
        qtbot.waitUntil(lambda: w.warm_job is None or not w.warm_job.running, timeout=4000)
