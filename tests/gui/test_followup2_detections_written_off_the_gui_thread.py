"""A detection run's CSV and manifest were written on the GUI thread at the run's end (``detection._save``).
They are written on a worker now (``save_detection_run``), the files as before; the run ends as before,
once they are written: listed and named in the Layers dock, "saved to" in its status line. A write that
fails says why (the status line, the status bar, a message) and the run's detections stay in the window."""
from __future__ import annotations

import json
import threading

import pytest

from workbench.core import results
from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def _open(w, qtbot, tmp_path):
    save_irseq(make_sequence(seed=3, frames=6, width=64, height=48), tmp_path / "irdata" / "synth_a")
    assert w.open_path(tmp_path / "irdata" / "synth_a")
    assert w.methods.select("pacedet")


def test_detections_are_written_on_a_worker(qtbot, method_window, tmp_path, monkeypatch, messages):
    w = method_window
    _open(w, qtbot, tmp_path)
    writes, release = [], threading.Event()
    real_write, real_manifest = results.write_detections, results.update_manifest

    def write(*a, **k):
        on_gui = threading.current_thread() is threading.main_thread()
        writes.append(("csv", on_gui))
        if not on_gui:  # held: the run is not over (nor listed as saved) until written
            release.wait(10)
        return real_write(*a, **k)

    def manifest(*a, **k):
        writes.append(("manifest", threading.current_thread() is threading.main_thread()))
        return real_manifest(*a, **k)

    monkeypatch.setattr(results, "write_detections", write)
    monkeypatch.setattr(results, "update_manifest", manifest)
    assert w.run_selected()
    qtbot.waitUntil(lambda: bool(writes), timeout=20000)
    assert w.busy and "saved to" not in w.methods.run_status.text()
    # no other method can be picked meanwhile (its Run panel got this run's end line), nor Run pressed
    qtbot.waitUntil(lambda: not w.methods.tree.isEnabled(), timeout=5000)
    assert not w.methods.run_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert writes == [("csv", False), ("manifest", False)], writes
    assert w.methods.tree.isEnabled() and w.methods.run_button.isEnabled()

    r = w.detections
    folder = tmp_path / "workspace" / "results" / "irdata" / "pacedet" / "default"
    assert r.status == "done" and r.label == "pacedet" and r.saved_to == folder / "synth_a.csv"
    assert w.methods.run_status.text().startswith("pacedet: 6 frames") and f"saved to {folder}." in \
        w.methods.run_status.text()
    assert w.layers.method_runs["detection"].currentText() == "pacedet"
    # the workspace's listing (the Results column of its dataset, listed on the opener's worker) has it
    assert w.open_path(tmp_path / "irdata", as_dataset=True)
    assert w.dataset.results == {"synth_a": ["pacedet"]}
    # the same files as the write on the GUI thread made: the CSV of the run's outputs, the manifest's entry
    real_write(tmp_path / "ref.csv", sorted(r.outputs.items()))
    assert r.saved_to.read_bytes() == (tmp_path / "ref.csv").read_bytes()
    m = json.loads((folder / "manifest.json").read_text())
    assert m["method"] == "pacedet" and m["kind"] == "detector" and m["variant"] == "default"
    entry = m["sequences"]["synth_a"]
    assert list(entry)[:9] == ["frames", "start_frame", "frames_done", "completed", "device", "fps", "started",
                               "finished", "sequence_path"], list(entry)
    assert (entry["frames"], entry["start_frame"], entry["frames_done"], entry["completed"]) == (6, 0, 6, True)
    assert entry["started"] == r.started and entry["sequence_path"] == str(w.sequence.path)

    assert w.run_selected()  # a second run goes beside it, named as the list names it
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert w.detections.label == "pacedet/default-run2"
    assert (folder.parent / "default-run2" / "synth_a.csv").is_file()
    assert not [m for m in messages if m[0] == "critical"], messages


def test_a_failed_write_says_why_and_keeps_the_detections(qtbot, method_window, tmp_path, messages):
    w = method_window
    _open(w, qtbot, tmp_path)
    ws = tmp_path / "workspace" / "results" / "irdata"
    ws.mkdir(parents=True, exist_ok=True)
    (ws / "pacedet").write_text("not a folder")  # the run's folder cannot be made
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    r = w.detections
    assert r.status == "error" and r.error.startswith("could not save detections to") and r.saved_to is None
    assert sorted(r.outputs) == list(range(6))  # nothing lost in memory
    assert "could not save detections to" in w.methods.run_status.text()
    assert "could not save detections to" in w.statusBar().currentMessage()
    crit = [m for m in messages if m[0] == "critical"]
    assert crit and "could not save detections to" in crit[-1][2]
    # one message, saying the detections could not be saved (the folder, then why) and are still shown, not
    # that the detector, which ran to its end, "stopped with an error" (was test_followup3_detections_not_saved_said_so)
    assert len(crit) == 1, crit
    _kind, title, text = crit[0]
    assert "stopped with an error" not in text and "failed" not in title, crit
    assert "not saved" in title
    assert f"could not save detections to {ws / 'pacedet' / 'default'}: " in text
    assert "still shown" in text
    assert w.methods.run_status.text() == f"pacedet: failed — {r.error}"
    w.set_frame(2)
    assert w.targets.table.rowCount() == 1  # its detections still shown
    assert not w.busy and w.methods.run_button.isEnabled()
