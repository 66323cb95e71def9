"""A module the window's warm-up worker is still importing is in ``sys.modules`` already: ``inspector_imports`` and
``MainWindow._import_off_thread`` took it for imported (``m not in sys.modules``), so a Run pressed during the
warm-up built the inspector's dock at once and waited on that import's lock on the GUI thread. A module whose
``__spec__._initializing`` is set counts as not imported (``runner.imported``, both use it)."""
from __future__ import annotations

import importlib
import sys
import threading
import time

import pytest

from workbench.core.registry import Plugin
from workbench.gui.runner import imported, inspector_imports

GATE: dict = {}

MODULE = '''
from tests.gui.test_q55_inspector_module_being_imported_is_not_imported import GATE

GATE["in"].set()
GATE["release"].wait(5)
DONE = True
'''


@pytest.fixture
def importing(tmp_path, monkeypatch):
    """A module being imported on another thread (the warm-up's), held there until GATE['release'] is set."""
    name = f"q55_inspector_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    GATE.update({"in": threading.Event(), "release": threading.Event()})
    warm_up = threading.Thread(target=importlib.import_module, args=(name,), daemon=True)
    warm_up.start()
    assert GATE["in"].wait(5)
    yield name
    GATE["release"].set()
    warm_up.join(5)
    sys.modules.pop(name, None)


def test_a_module_still_being_imported_is_not_taken_for_imported(importing):
    plugin = Plugin("q55_t", "tracker", lambda c, d: None, inspectors={"Q55 view": f"{importing}:Dock"})
    assert importing in sys.modules and not imported(importing)
    assert inspector_imports(plugin) == (importing,)  # was (): the dock built at once, the import waited on there
    GATE["release"].set()
    t0 = time.perf_counter()
    while not imported(importing) and time.perf_counter() - t0 < 5:
        time.sleep(0.01)
    assert imported(importing) and inspector_imports(plugin) == ()
    assert imported("sys") and not imported("q55_no_such_module")


def test_the_window_waits_for_it_off_the_gui_thread(qtbot, window, importing):
    threading.Timer(0.3, GATE["release"].set).start()
    assert window._import_off_thread(importing) is True
    # returned once the warm-up's import was done (it returned at once, the module half made)
    assert getattr(sys.modules[importing], "DONE", False) is True
