"""`search nas_tir --resume` (and `train nas_tir --resume`) with --epochs at or below those done ran no epoch and
ended as a finished search ("search finished ... genotype") without a word; it says so, as the other trainings'
``fit`` says it."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_search_resume_with_no_epoch_left_says_so(tmp_path, capsys):
    from workbench.core.jobs import JobContext
    from workbench_nas_tir.data import build_bank
    from workbench_nas_tir.search import SearchConfig, run_search

    bank = build_bank([], synthetic=2, frames_per_id=6, crop=16, synth_frames=30)
    cfg = SearchConfig(cell="dual", epochs=1, steps_per_epoch=1, m=2, n=2, real=False, synthetic=2, frames_per_id=6,
                       live_every=1, cells=2, width=4, dims=8, reductions=1, crop=16)
    assert run_search(JobContext(), cfg, tmp_path, bank=bank)["kind"] == "done"
    capsys.readouterr()
    assert run_search(JobContext(), cfg, tmp_path, resume=True, bank=bank)["kind"] == "done"
    said = capsys.readouterr().out
    assert "all 1 epochs were trained already" in said and "give a larger --epochs" in said, said
    assert "nothing more to train" in (tmp_path / "search_log.txt").read_text()
