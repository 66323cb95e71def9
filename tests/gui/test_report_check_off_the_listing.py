"""File › Export › Report first checked that the workspace holds tracker results by listing every run
folder of the workspace on the GUI thread (``results.list_results``, ~10 ms with a few runs, growing with
the workspace). The window knows that already: the open sequence's saved runs, the dataset's Results
column. The listing is made only when nothing is known (the "Nothing to report" path)."""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from tests.gui.conftest import near_the_end


def _count_listings(monkeypatch) -> list:
    from workbench.core import results

    calls, real = [], results.list_results
    monkeypatch.setattr(results, "list_results", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def _no_folder_dialog(monkeypatch) -> list:
    asked = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: asked.append(1) or "")
    return asked


def test_report_on_a_tracked_sequence_does_not_list_the_workspace(window, messages, monkeypatch, qtbot):
    w = window
    w.open_demo()
    # before the run, in this window (a window of its own cost more than the check): nothing to report is said
    _report_without_runs_still_says_so(w, messages, monkeypatch)
    messages.clear()
    near_the_end(w)  # the report's check is asked about, not how many frames the run tracked
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    calls, asked = _count_listings(monkeypatch), _no_folder_dialog(monkeypatch)
    w.exporter.act_report.trigger()
    assert asked and not messages  # the folder is asked for, as before
    assert calls == []  # without listing the workspace on the GUI thread


def test_report_on_a_dataset_with_runs_does_not_list_the_workspace(window, messages, monkeypatch, qtbot,
                                                                   tmp_path):
    from workbench.core.data.synthetic import write_demo

    w = window
    write_demo(tmp_path / "ds", frames=6, width=64, height=48, name="seq_a")
    write_demo(tmp_path / "ds", frames=6, width=64, height=48, name="seq_b", seed=3)
    assert w.open_path(tmp_path / "ds")
    w.dataset._open_row(0)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    w.dataset._open_row(1)  # a sequence of the dataset without runs: the dataset has some
    assert w.sequence.name == "seq_b"
    calls, asked = _count_listings(monkeypatch), _no_folder_dialog(monkeypatch)
    w.exporter.act_report.trigger()
    assert asked and not messages and calls == []


def _report_without_runs_still_says_so(w, messages, monkeypatch):
    assert w.sequence is not None and w.sequence.name == "demo_thermal" and not w.runner.runs
    asked = _no_folder_dialog(monkeypatch)
    w.exporter.act_report.trigger()
    assert not asked and [m[:2] for m in messages] == [("information", "Nothing to report")]
