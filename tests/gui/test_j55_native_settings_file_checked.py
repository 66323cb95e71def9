"""``settings_problem`` looked only at ``$WORKBENCH_SETTINGS``: without it (every ordinary start) the file Qt keeps
the settings in (``settings().fileName()``, ~/.config/workbench/workbench.conf) was never looked at, so one that
could not be written (a file where its folder should be, no permission) lost every change unsaid."""
from PySide6.QtCore import QSettings

from workbench.gui import settings as wsettings


def _at(path):
    return lambda: QSettings(str(path), QSettings.Format.IniFormat)


def test_the_native_settings_file_is_looked_at_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_SETTINGS", raising=False)
    (tmp_path / "config").write_text("a file where the settings folder goes\n")
    blocked = tmp_path / "config" / "workbench" / "workbench.conf"
    monkeypatch.setattr(wsettings, "settings", _at(blocked))
    said = wsettings.settings_problem()
    assert str(blocked) in said and "is a file, not a folder" in said and "WORKBENCH_SETTINGS" in said, said
    monkeypatch.setattr(wsettings, "settings", _at(tmp_path / "fine" / "workbench.conf"))
    assert wsettings.settings_problem() == ""  # (a folder Qt makes: nothing to say)


def test_a_store_that_is_no_file_is_not_looked_at(monkeypatch):
    monkeypatch.delenv("WORKBENCH_SETTINGS", raising=False)
    monkeypatch.setattr(wsettings, "settings", lambda: type("S", (), {"fileName": lambda self: r"\HKEY_CURRENT_USER"
                                                                      r"\Software\workbench\workbench"})())
    assert wsettings.settings_problem() == ""
