"""``config_form.TimedAnswers``: the one store of checks' answers and their freshness (within ``FRESH_S``) behind
both the Methods dock's ``ReadyChecks`` and the Run press's ``RunGate``."""
from __future__ import annotations

from workbench.gui import config_form, run_gate
from workbench.gui.config_form import TimedAnswers

NONE = object()


def test_fresh_last_and_the_newest_kept(monkeypatch):
    answers = TimedAnswers(kept=2)
    assert answers.fresh("a", NONE) is NONE and answers.last("a", NONE) is NONE and answers.last("a") is None
    answers.put("a", None)  # an answer of "ready" (None) is an answer, not "not known"
    assert answers.fresh("a", NONE) is None and answers.last("a", NONE) is None
    answers.put("b", "no weights")
    monkeypatch.setattr(config_form, "FRESH_S", -1.0)  # every answer older than that: none fresh, all still last
    assert answers.fresh("b", NONE) is NONE and answers.last("b") == "no weights"
    monkeypatch.setattr(config_form, "FRESH_S", 60.0)
    answers.put("a", "again")  # "a" the newest now: "b" is the oldest, dropped by the third
    answers.put("c", "third")
    assert answers.last("b", NONE) is NONE and answers.fresh("a") == "again" and answers.fresh("c") == "third"


def test_ready_checks_and_the_run_gate_keep_their_answers_in_it(qtbot):
    checks = config_form.ReadyChecks()
    gate = run_gate.RunGate()
    assert isinstance(checks._answers, TimedAnswers) and checks._answers.kept == checks.KEPT
    assert isinstance(gate._answers, TimedAnswers) and gate._answers.kept == gate.KEPT
