"""A detection run whose detections could not be written (on the save's worker since 0e22a00) opened a
message saying "The detector ... stopped with an error", though the detector had run to its end. The
message says what happened now: the detections could not be saved to the folder, why, and that they are
still shown; the run's status line and the status bar say what they said."""
from __future__ import annotations

import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def test_a_failed_save_is_said_as_one_not_as_the_detector_failing(qtbot, method_window, tmp_path, messages):
    w = method_window
    save_irseq(make_sequence(seed=3, frames=4, width=64, height=48), tmp_path / "irdata" / "synth_a")
    assert w.open_path(tmp_path / "irdata" / "synth_a")
    assert w.methods.select("pacedet")
    ws = tmp_path / "workspace" / "results" / "irdata"
    ws.mkdir(parents=True, exist_ok=True)
    (ws / "pacedet").write_text("not a folder")  # the run's folder cannot be made
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    r = w.detections
    assert r.status == "error" and sorted(r.outputs) == list(range(4))
    crit = [m for m in messages if m[0] == "critical"]
    assert len(crit) == 1, crit
    _kind, title, text = crit[0]
    assert "stopped with an error" not in text and "failed" not in title, crit
    assert "not saved" in title
    assert f"could not save detections to {ws / 'pacedet' / 'default'}: " in text  # the folder, then why
    assert "still shown" in text
    # the status line and the status bar as before
    assert w.methods.run_status.text() == f"pacedet: failed — {r.error}"
    assert "could not save detections to" in w.statusBar().currentMessage()
