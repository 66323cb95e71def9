"""Opening a sequence walked the workspace's manifests (``find_method_runs``, every run folder) on the GUI
thread for its saved segmenter and detector runs (``find_saved``), though its tracker runs were already read
on the opener's worker. They are listed there too now, with the sequence (``sequence.with_saved_runs``), and
shown as before; a listing made for another sequence is dropped."""
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
    """Whether each walk of the workspace's method runs was on the GUI thread."""
    from workbench.core import results

    walks, real = [], results.find_method_runs

    def recorded(*a, **k):
        walks.append(threading.current_thread() is threading.main_thread())
        return real(*a, **k)

    monkeypatch.setattr(results, "find_method_runs", recorded)
    return walks


def _combo(w, kind: str) -> list[str]:
    c = w.layers.method_runs[kind]
    return [c.itemText(i) for i in range(c.count())]


def test_saved_method_runs_are_listed_on_the_openers_worker(qtbot, method_window, tmp_path, monkeypatch, messages):
    w = method_window
    root = tmp_path / "irdata"
    for k, name in enumerate(("synth_a", "synth_b")):
        save_irseq(make_sequence(seed=3 + k, frames=6, width=64, height=48), root / name)
    assert w.open_path(root)
    qtbot.waitUntil(lambda: w.dataset.results is not None, timeout=5000)
    names = [e.name for e in w.dataset_entries]
    w.dataset._open_row(names.index("synth_a"))
    assert w.methods.select("pacedet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    w.segmentation.saved_to = None
    assert w.segment_sequence("paceseg")
    qtbot.waitUntil(lambda: not w.busy and w.segmentation.saved_to is not None, timeout=20000)
    w.dataset._open_row(names.index("synth_b"))
    assert _combo(w, "detection") == [] and w.detections is None

    walks = _walks(monkeypatch)
    w.dataset._open_row(names.index("synth_a"))  # from the Dataset dock
    assert w.sequence.name == "synth_a"
    assert _combo(w, "detection") == ["pacedet"] and w.detections.label == "pacedet"
    assert sorted(w.detections.outputs) == list(range(6))
    qtbot.waitUntil(lambda: w.seg is not None, timeout=20000)  # its masks read back on a worker, as before
    assert _combo(w, "segmentation") == ["paceseg"] and w.seg.label == "paceseg"
    assert walks == [False], walks  # one walk for both kinds, on the opener's worker

    walks.clear()
    assert w.open_path(root / "synth_a")  # File › Open
    assert _combo(w, "detection") == ["pacedet"] and w.detections.label == "pacedet"
    qtbot.waitUntil(lambda: w.seg is not None, timeout=20000)
    assert _combo(w, "segmentation") == ["paceseg"]
    assert walks and not any(walks), walks

    # a listing made for another sequence (synth_a's) is not synth_b's: dropped, synth_b's own listed
    from workbench.gui import settings as wsettings
    from workbench.gui.controllers.sequence import with_saved_runs

    seq_b = next(e for e in w.dataset_entries if e.name == "synth_b").open()
    stale = with_saved_runs((w.sequence, None, None), w.sequences.seq_path, wsettings.results_dir(),
                            w.sequences.dataset_root)[-1]
    assert [r[0] for r in stale.methods["detector"]] == ["pacedet"]
    assert w.sequences.set_sequence(seq_b, root / "synth_b", keep_dataset=True, saved_runs=stale)
    assert _combo(w, "detection") == [] and _combo(w, "segmentation") == [] and w.detections is None
    assert not [m for m in messages if m[0] == "critical"], messages
