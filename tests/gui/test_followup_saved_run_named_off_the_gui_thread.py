"""After a segmentation's save and at a detection run's end the window walked the workspace's manifests
(``find_method_runs``, every run folder) on the GUI thread to name the new run ("pacedet/default-run2").
The run is named by its folder now (``sequence.with_saved_run``), as the walk would name it; the walk
runs on a worker only where that name is uncertain (a CLI's flat folder of the same label)."""
from __future__ import annotations

import threading

import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def _walks(monkeypatch) -> list:
    """The thread of each walk of the workspace's method runs."""
    from workbench.core import results

    threads, real = [], results.find_method_runs

    def recorded(*a, **k):
        threads.append(threading.current_thread())
        return real(*a, **k)

    monkeypatch.setattr(results, "find_method_runs", recorded)
    return threads


def _combo(w, kind: str) -> list[str]:
    c = w.layers.method_runs[kind]
    return [c.itemText(i) for i in range(c.count())]


def _open(w, qtbot, tmp_path):
    root = tmp_path / "irdata"
    save_irseq(make_sequence(seed=3, frames=6, width=64, height=48), root / "synth_a")
    assert w.open_path(root)
    qtbot.waitUntil(lambda: w.dataset.results is not None, timeout=5000)
    w.dataset._open_row(0)
    qtbot.waitUntil(lambda: w.sequence is not None and w.sequences.opening is None, timeout=5000)


def test_new_runs_named_without_walking_on_the_gui_thread(qtbot, method_window, tmp_path, monkeypatch, messages):
    w = method_window
    _open(w, qtbot, tmp_path)
    threads = _walks(monkeypatch)
    main = threading.main_thread()
    assert w.methods.select("pacedet")
    for label in ("pacedet", "pacedet/default-run2"):
        assert w.run_selected()
        qtbot.waitUntil(lambda: not w.busy, timeout=20000)
        assert w.detections.label == label
    assert _combo(w, "detection") == ["pacedet", "pacedet/default-run2"]
    assert w.layers.method_runs["detection"].currentText() == "pacedet/default-run2"
    assert w.methods.run_status.text().startswith("pacedet/default-run2: 6 frames")
    for label in ("paceseg", "paceseg/default-run2"):
        w.segmentation.saved_to = None
        assert w.segment_sequence("paceseg")
        qtbot.waitUntil(lambda: not w.busy and w.segmentation.saved_to is not None, timeout=20000)
        assert w.segmentation.seg.label == label
    assert _combo(w, "segmentation") == ["paceseg", "paceseg/default-run2"]
    assert w.layers.method_runs["segmentation"].currentText() == "paceseg/default-run2"
    assert [t for t in threads if t is main] == []
    # as the walk names them
    from workbench.gui.controllers.method_runs import saved_runs
    from workbench.gui import settings as wsettings

    walked = saved_runs(wsettings.results_dir(), "irdata", "detector", "synth_a", lambda f: True)
    assert [r[0] for r in walked] == ["pacedet", "pacedet/default-run2"]
    assert not [m for m in messages if m[0] == "critical"], messages


def test_an_uncertain_name_is_looked_up_on_a_worker(qtbot, method_window, tmp_path, monkeypatch, messages):
    """A flat ``pacedet/`` folder (a command line's, no identity) already holds the sequence and is listed as
    "pacedet": the window's run in ``irdata/pacedet/default/`` has the same label, and which of the two is
    primed is the walk's order: the walk decides, on a worker."""
    from workbench.core.results import update_manifest, write_detections
    from workbench.gui import settings as wsettings

    flat = wsettings.results_dir() / "pacedet"
    write_detections(flat / "synth_a.csv", [])
    update_manifest(flat, {"method": "pacedet", "kind": "detector"}, "synth_a",
                    {"frames": 6, "frames_done": 0, "finished": "2000-01-01T00:00:00"})
    w = method_window
    _open(w, qtbot, tmp_path)
    assert _combo(w, "detection") == ["pacedet"]
    threads = _walks(monkeypatch)
    assert w.methods.select("pacedet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    # listed once the worker's walk is back (meanwhile "pacedet (not saved)")
    qtbot.waitUntil(lambda: len(_combo(w, "detection")) == 2 and "(not saved)" not in str(_combo(w, "detection")),
                    timeout=5000)
    assert threads and threading.main_thread() not in threads
    from workbench.gui.controllers.method_runs import saved_runs

    walked = saved_runs(wsettings.results_dir(), "irdata", "detector", "synth_a", lambda f: (f / "synth_a.csv").is_file())
    assert _combo(w, "detection") == [r[0] for r in walked]
    assert w.detections.label == next(r[0] for r in walked if r[1].name == "default")
