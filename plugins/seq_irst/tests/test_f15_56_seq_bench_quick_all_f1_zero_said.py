"""``workbench bench seq_irst --quick`` (2 epochs) printed every F1 as 0.000 and P as "—" in a table laid out as a
comparison of crop sizes: a note now says that no detector found a target, the quick run being too short for it,
and to compare F1 on a full run. A run where some row found targets has no such note. The training and scoring are
stood in for (the real ones take minutes); the table and its note are the bench's own."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

pytest.importorskip("torch")


def _run(monkeypatch, f1s, quick=True):
    import workbench_seq_irst.detector as detector
    import workbench_seq_irst.train as train
    from workbench_seq_irst import bench

    scores = iter(f1s)

    class _Model:
        def eval(self):
            return self

    monkeypatch.setattr(train, "train", lambda *a, **k: (SimpleNamespace(history=[{"train_s": 0.5}]), None, _Model()))
    monkeypatch.setattr(detector, "SeqIRSTDetector", lambda *a, **k: None)

    def evaluate(det, seqs):
        f1 = next(scores)
        return {"precision": float("nan") if f1 == 0 else f1, "recall": f1, "f1": f1}, None

    monkeypatch.setattr(detector, "evaluate", evaluate)
    monkeypatch.setattr(bench, "_fps", lambda model, frames, threads: {"frames": frames, "seconds": 1.0,
                                                                     "fps": float(frames), "threads": threads})
    return bench.run(quick=quick)


def test_quick_run_finding_nothing_says_so(monkeypatch, capsys):
    res = _run(monkeypatch, [0.0] * 5)
    out = capsys.readouterr().out
    assert all(r["f1"] == 0 for r in res["rows"])
    note = [line for line in out.splitlines() if line.startswith("note:")]
    assert len(note) == 1, out
    assert "every F1 is 0" in note[0] and "--quick" in note[0] and "full run" in note[0], note[0]


def test_a_row_finding_targets_has_no_note(monkeypatch, capsys):
    _run(monkeypatch, [0.0, 0.5, 0.0, 0.0, 0.25])
    out = capsys.readouterr().out
    assert "every F1 is 0" not in out, out
