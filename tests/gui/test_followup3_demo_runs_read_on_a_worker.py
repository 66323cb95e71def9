"""Opening the demo sequence (File › Open demo sequence, ``workbench --demo``) made it and read its saved
runs on the GUI thread: its tracker runs (``find_runs`` and their box files) and its segmenter and detector
runs (``find_method_runs``, every run folder's manifest), as a file opened did before. They are read on the
worker that makes the demo sequence now (``sequence.demo_and_runs``), as a file's are, and shown as before."""
from __future__ import annotations

import threading

import pytest

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def test_the_demos_saved_runs_are_read_on_a_worker(qtbot, method_window, monkeypatch, messages):
    from workbench.core import results
    from workbench.core.data import synthetic

    w = method_window
    w.open_demo()
    assert w.methods.select("pacedet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert w.layers.method_runs["detection"].currentText() == "pacedet"

    seen: list[tuple[str, bool]] = []

    def recorded(name, real):
        def f(*a, **k):
            seen.append((name, threading.current_thread() is threading.main_thread()))
            return real(*a, **k)
        return f

    for name in ("find_runs", "find_method_runs", "read_result_boxes"):
        monkeypatch.setattr(results, name, recorded(name, getattr(results, name)))
    monkeypatch.setattr(synthetic, "demo_sequence", recorded("demo_sequence", synthetic.demo_sequence))
    w.open_demo()
    assert w.sequence.name == "demo_thermal" and w.sequences.cache.has(0)  # its frame 0 read there too
    assert {n for n, _ in seen} >= {"demo_sequence", "find_runs", "find_method_runs"}, seen
    assert not [n for n, on_gui in seen if on_gui], seen  # none on the GUI thread
    det = w.layers.method_runs["detection"]  # the demo's detector run shown as before
    assert [det.itemText(k) for k in range(det.count())] == ["pacedet"] and w.detections.label == "pacedet"
    assert not [m for m in messages if m[0] == "critical"], messages
