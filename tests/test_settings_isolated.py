"""The test run never writes the user's own settings or workspace (the root conftest's ``isolated``)."""
import os


def test_undoing_the_tests_monkeypatch_keeps_the_settings_file_its_own(monkeypatch, isolated):
    monkeypatch.setenv("SOMETHING_ELSE", "1")
    monkeypatch.undo()  # as some window tests do half way (before their window closes)
    assert os.environ.get("WORKBENCH_SETTINGS") == str(isolated / "settings.ini")
    assert os.environ.get("WORKBENCH_WORKSPACE") == str(isolated / "workspace")
