"""Found by driving every export of the window (G1): a file export given the name of a folder wrote
"<folder>.csv" beside it without a word, or asked to "replace" a folder named x.png and then failed."""
from __future__ import annotations

from tests.gui.conftest import near_the_end


def test_file_export_to_a_folder_is_refused_naming_it(qtbot, window, messages, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    w = window
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and bool(w.scoring.reports), timeout=20000)
    folder = tmp_path / "exports"
    (folder / "frame.png").mkdir(parents=True)
    for what, answer in (("numbers", folder), ("frame", folder / "frame.png")):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, _p=answer, **k: (str(_p), ""))
        n = len(messages)
        w.exporter.export_dialog(what)
        assert w.exporter.wait(30)
        new = messages[n:]
        assert [m[0] for m in new] == ["critical"], new  # no "Replace file" question about a folder
        assert f"{answer}: is a folder, not a file" in new[0][2], new
    assert not list(tmp_path.glob("exports.*"))  # no exports.csv / .json beside it
    assert [p.name for p in folder.iterdir()] == ["frame.png"]
