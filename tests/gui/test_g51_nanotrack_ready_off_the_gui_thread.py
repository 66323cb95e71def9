"""NanoTrack's ``weights_dir`` was a plain text setting: its line had no folder Browse… and no word when the folder
was not there, and its readiness check (``nanotrack_ready``: are the two ONNX files there?) looked at the disk on the
GUI thread every time Run's state was refreshed (each key typed, each tick of a tracker, each dock change): a folder
on a dead network mount held the window each time. ``weights_dir`` is a folder setting (``"path": "dir"``), looked for
off the GUI thread as every path setting is, and the readiness check reads the files' looks made there too."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workbench.baselines.opencv_peers import NANOTRACK_FILES, PLUGIN
from workbench.core.registry import Registry


@pytest.fixture
def looks(monkeypatch, tmp_path):
    """Every look at the disk under ``tmp_path``: (path, on the GUI thread)."""
    seen = []
    for name in ("exists", "is_file", "is_dir"):
        real = getattr(Path, name)

        def look(self, *a, _real=real, **k):
            if str(self).startswith(str(tmp_path)):
                seen.append((str(self), threading.current_thread() is threading.main_thread()))
            return _real(self, *a, **k)

        monkeypatch.setattr(Path, name, look)
    return seen


def test_weights_dir_is_a_folder_setting_and_run_is_checked_off_the_gui_thread(qtbot, monkeypatch, tmp_path, looks):
    from workbench.gui import config_form
    from workbench.gui.config_form import PathEdit
    from workbench.gui.methods_dock import MethodsDock

    monkeypatch.delenv("WORKBENCH_NANOTRACK_DIR", raising=False)
    monkeypatch.setattr(config_form, "FRESH_S", 0.05)  # a look older than this is made again when asked
    reg = Registry()
    reg.add(next(p for p in PLUGIN if p.name == "nanotrack"))
    dock = MethodsDock(reg)
    qtbot.addWidget(dock)
    assert dock.select("nanotrack")
    editor = dock.form("nanotrack").editor("weights_dir")
    assert isinstance(editor, PathEdit) and editor.meta.get("path") == "dir"  # Browse… picks a folder
    assert dock.not_ready().startswith("NanoTrack needs its two ONNX files")  # nothing to look at yet

    nowhere = tmp_path / "nowhere"
    editor.setText(str(nowhere))
    qtbot.waitUntil(lambda: (dock.not_ready() or "").startswith("setting weights_dir: no such folder"), timeout=5000)
    assert editor.problem.text() == f"no such folder: {nowhere}"

    folder = tmp_path / "nano"
    folder.mkdir()
    (folder / NANOTRACK_FILES[0]).write_bytes(b"")  # the check looks for the files only; nothing is loaded
    editor.setText(str(folder))
    qtbot.waitUntil(lambda: "NanoTrack weights not found in" in (dock.not_ready() or ""), timeout=5000)
    assert f"missing {NANOTRACK_FILES[1]}" in dock.not_ready()

    (folder / NANOTRACK_FILES[1]).write_bytes(b"")  # the file put in place: found at a later refresh
    qtbot.waitUntil(lambda: dock.not_ready() is None, timeout=5000)

    editor.setText("")  # the folder from the environment: its files looked for the same way
    other = tmp_path / "env"
    other.mkdir()
    monkeypatch.setenv("WORKBENCH_NANOTRACK_DIR", str(other))
    qtbot.waitUntil(lambda: "NanoTrack weights not found in" in (dock.not_ready() or ""), timeout=5000)

    assert {p for p, _gui in looks} >= {str(nowhere), str(folder / NANOTRACK_FILES[1]), str(other / NANOTRACK_FILES[0])}
    assert not [p for p, on_gui in looks if on_gui], looks  # never on the GUI thread
