"""File › Export › Report on a sequence or dataset with no tracker runs (a detector's DAUB sequences):
the folder was asked for, then "Export failed: ...results: no result files (<tracker>/<sequence>.txt or
<dataset>/<tracker>/<variant>/<sequence>.txt) found for dataset ...". It says that there is nothing to
report, and why, before asking for a folder; with a tracker run it writes the report as before."""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from tests.gui.conftest import near_the_end


def test_report_without_tracker_runs_says_so_before_the_folder(window, messages, monkeypatch, tmp_path, qtbot):
    window.open_demo()
    # the result boxes' export first, in this window (a window of its own cost more than the check)
    _result_boxes_without_runs_say_so_before_the_folder(window, messages, monkeypatch, tmp_path)
    messages.clear()
    asked = []
    out = tmp_path / "report"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: asked.append(1) or str(out))
    window.exporter.act_report.trigger()
    assert not asked  # no folder asked for
    assert [m[:2] for m in messages] == [("information", "Nothing to report")]
    assert "tracker" in messages[0][2] and "demo_thermal" in messages[0][2]
    near_the_end(window)  # the report is asked about, not how many frames the run tracked
    assert window.run_selected(["fake"])
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    messages.clear()
    window.exporter.act_report.trigger()
    assert asked and window.exporter.wait(120)
    assert (out / "report.html").is_file() and not messages


def _result_boxes_without_runs_say_so_before_the_folder(window, messages, monkeypatch, tmp_path):
    """The Success / precision dock's Export… › Result boxes (enabled always) with no tracker run asked for
    a folder, then said only "Nothing was exported." in the status bar."""
    asked = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: asked.append(1) or str(tmp_path))
    assert window.sequence is not None and window.sequence.name == "demo_thermal"
    window.plots.sigExport.emit("boxes")  # the menu entry's signal
    assert not asked
    assert [m[:2] for m in messages] == [("information", "Nothing to export")] and "tracker" in messages[0][2]
    # a request with nothing to act on yet, not an error (it was a critical box, kept as the last error)
    assert "Nothing to export" not in (window.last_error or "")
    assert window.statusBar().currentMessage().startswith("Nothing to export: No tracker run")
