"""Settings that could be written at the start but not when the window saves them (the disk filled, the
settings' folder went or became read-only): Qt's sync failed without a word (QSettings.status() AccessError, read by
nobody) and the window's layout, recent files and methods' settings of the session were lost unsaid. Now the save
says so once, naming the settings file."""
from __future__ import annotations

import shutil

from tests.gui.conftest import shown_window, spin


def test_settings_write_failing_after_the_start_is_said_once(qtbot, registry, messages, monkeypatch, tmp_path):
    folder = tmp_path / "cfg"
    folder.mkdir()
    ini = folder / "settings.ini"
    monkeypatch.setenv("WORKBENCH_SETTINGS", str(ini))
    gen = shown_window(qtbot, registry)
    w = next(gen)
    w.save_settings()
    assert ini.is_file()  # writable at the start: nothing said
    assert not [m for m in messages if m[1] == "Settings"]
    shutil.rmtree(folder)
    folder.write_text("a file where the settings' folder was")  # Qt cannot write there now (as root too)
    w.fps_spin.setValue(w.fps_spin.value() + 1)  # a change to keep
    w.save_settings()
    w.save_settings()
    spin(lambda: False, 0.2)
    (kind, _title, text), = [m for m in messages if m[1] == "Settings"]  # once, not per save
    assert kind == "critical" and str(ini) in text and "could not be written" in text
    assert folder.read_text() == "a file where the settings' folder was"
    for _ in gen:
        pass
