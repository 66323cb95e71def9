"""Found closing the window while an inspector's job ran (K4): a NAS search in the NAS alphas dock or an
export of the pruning figures was stopped (or cut off as the process ended) without a word: the close
question named the runs, the exports and the panels' jobs, never an inspector's. Inspectors now say what
runs (``InspectorDock.running_jobs``); the question names it, and an export, which writes file after file
and cannot stop between them, is finished before the window closes."""
from __future__ import annotations

import threading
import time
from types import SimpleNamespace

from PySide6.QtWidgets import QMessageBox

from workbench.gui.inspector import InspectorDock
from workbench.gui.worker import Job


def _search(started, ctx, limit_s: float = 10.0) -> str:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit_s:
        ctx.check()
        ctx.progress(0.4, "epoch 2/5")
        started.set()
        time.sleep(0.01)
    return "ran to its end"


def _export(folder, started) -> list:
    """Three files, one after the other, with no step to stop at between them."""
    out = []
    started.set()
    for k in range(3):
        time.sleep(0.1)
        path = folder / f"figure{k}.csv"
        path.write_text("x,y\n" + "1,2\n" * 10)
        out.append(path)
    return out


class _Dock(InspectorDock):
    def __init__(self, host):
        super().__init__(host, title="Fake inspector")
        self.search, self.exporting = Job(self), Job(self)

    def running_jobs(self):
        return [(self.search, "Fake search (epoch 2/5): stopped at its next step.", False),
                (self.exporting, "Fake export: finished before the window closes.", True)]


def test_close_names_the_inspector_jobs_and_finishes_its_export(qtbot, window, tmp_path, monkeypatch):
    w = window
    from PySide6.QtCore import Qt

    dock = _Dock(w)
    w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)  # as ``open_inspector`` adds one
    w.inspectors["fake:inspector"] = dock
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: (
        asked.append((title, text)), QMessageBox.StandardButton.Yes)[1])
    searching, exporting = threading.Event(), threading.Event()
    ended = []
    dock.search.errored.connect(ended.append)
    dock.search.start(_search, searching, pass_context=True)
    dock.exporting.start(_export, tmp_path, exporting)
    qtbot.waitUntil(lambda: searching.is_set() and exporting.is_set(), timeout=5000)

    assert w.close()
    assert len(asked) == 1, asked  # none was asked
    title, text = asked[0]
    assert title == "2 jobs are in progress", title
    assert "Fake search (epoch 2/5): stopped" in text and "Fake export: finished" in text, text
    assert not dock.exporting.running  # the window was gone with the export half done
    assert sorted(p.name for p in tmp_path.glob("figure*.csv")) == ["figure0.csv", "figure1.csv", "figure2.csv"]
    qtbot.waitUntil(lambda: not dock.search.running, timeout=5000)
    assert len(ended) == 1 and type(ended[0]).__name__ == "Cancelled"


def test_the_plugin_inspectors_name_their_search_and_export():
    """The NAS alphas and pruning inspectors' hooks, over stand-ins for their jobs."""
    from workbench_nas_tir.inspector import NASInspector
    from workbench_siamfcpp_prune.inspector import PruningInspector

    going = SimpleNamespace(running=True, last_message="epoch 3/8 step 2")
    idle = SimpleNamespace(running=False, last_message="")
    nas = SimpleNamespace(job=going, export_job=going, search_dir="/w/nas_tir_search-2", _export_to="/out")
    lines = NASInspector.running_jobs(nas)
    assert [finish for _j, _l, finish in lines] == [False, True]
    assert "/w/nas_tir_search-2, epoch 3/8 step 2" in lines[0][1] and "Resume" in lines[0][1]
    assert "/out" in lines[1][1]
    assert NASInspector.running_jobs(SimpleNamespace(job=idle, export_job=idle)) == []
    prune = SimpleNamespace(job=idle, export_job=going, _exporting_to="/figs")
    (job, line, finish), = PruningInspector.running_jobs(prune)
    assert job is going and finish and "/figs" in line
