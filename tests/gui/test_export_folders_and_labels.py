"""Export dialogs start where the user last exported (else the workspace), never inside the data or a
tracker's sub-folder written by the last export."""
from __future__ import annotations

from pathlib import Path


class Dialogs:
    """File dialogs answered from the test; the folder each one started in is recorded."""

    def __init__(self, monkeypatch):
        from PySide6.QtWidgets import QFileDialog

        self.starts: list[str] = []
        self.answer = ""
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._file)

    def _folder(self, parent, caption, start, *a, **k):
        self.starts.append(str(start))
        return str(self.answer)

    def _file(self, parent, caption, start, *a, **k):
        self.starts.append(str(Path(start).parent))
        return str(self.answer), ""


def test_export_dialogs_start_in_the_last_export_folder_else_the_workspace(qtbot, window, tmp_path, monkeypatch):
    from workbench.gui import settings as wsettings

    w = window
    data = tmp_path / "data"
    data.mkdir()
    wsettings.settings().setValue("paths/last_dir", str(data))  # the last folder a sequence was opened from
    w.open_demo()
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    dialogs = Dialogs(monkeypatch)
    dialogs.answer = tmp_path / "exports" / "f.png"
    w.exporter.export_dialog("frame")
    assert dialogs.starts[-1] == str(wsettings.workspace_dir())  # not the data folder
    assert (tmp_path / "exports" / "f.png").is_file()
    dialogs.answer = tmp_path / "exports" / "boxes"
    w.exporter.export_dialog("boxes")
    assert w.exporter.wait(60)
    assert dialogs.starts[-1] == str(tmp_path / "exports")  # where the frame went
    assert (tmp_path / "exports" / "boxes" / "fake" / "default" / "demo_thermal.txt").is_file()
    dialogs.answer = ""  # cancelled: the last folder chosen stays
    w.exporter.export_dialog("numbers")
    assert dialogs.starts[-1] == str(tmp_path / "exports" / "boxes")  # the folder chosen, not fake/default
    wsettings.flush()
    assert wsettings.export_dir() == tmp_path / "exports" / "boxes"  # kept with the settings
    assert wsettings.settings().value("paths/last_dir") == str(data)  # opening data keeps its own folder
    w.scores.export_dialog()
    assert dialogs.starts[-1] == str(tmp_path / "exports" / "boxes")
