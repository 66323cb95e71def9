"""A detector that found nothing in a labelled sequence has no precision (0 / 0: None, ``evaluation.detection``). The
window's end-of-run line and the Targets note wrote ``f"{p:.3f}"``: 0.000 before, a TypeError on None after. They
say "P —" (score_text); the Scores dock keeps the run scored (its counts), not "no point labels"."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.methods import DetectOutput
from workbench.core.registry import Plugin

from .conftest import make_registry, shown_window


@dataclass
class BlindConfig:
    pass


class BlindDetector:
    """Finds nothing."""

    modalities = ("gray", "ir16")

    def window(self, index, n):
        return [index]

    def detect_frames(self, frames, index):
        return DetectOutput(np.empty((0, 2)), np.empty(0))


@pytest.fixture
def blind_window(qtbot, messages):
    reg = make_registry()
    reg.add(Plugin("blind", "detector", lambda cfg, device: BlindDetector(), title="Blind detector",
                   config=BlindConfig))
    yield from shown_window(qtbot, reg)


def test_a_run_without_detections_says_precision_undefined(qtbot, blind_window, tmp_path, messages):
    w = blind_window
    save_irseq(make_sequence(seed=3, frames=4, width=64, height=48), tmp_path / "seq")
    assert w.open_path(tmp_path / "seq")
    assert w.methods.select("blind")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    r = w.detections
    assert r.status == "done" and r.scores is not None and r.scores["tp"] == 0 and r.scores["fn"] > 0, r.scores
    status = w.methods.run_status.text()
    assert " P \u2014 " in status and "R 0.000" in status and "F1 0.000" in status, status
    assert "detections matched to point labels" in w.scores.note.text(), w.scores.note.text()
    w.set_frame(1)
    qtbot.waitUntil(lambda: "sequence P" in w.targets.summary.text(), timeout=5000)
    assert "sequence P \u2014 R 0.000 F1 0.000" in w.targets.summary.text(), w.targets.summary.text()
    assert not messages
