"""The pruning inspector's long work (ranks over the open sequence: 5.6 s on vottir2016_crowd here;
prune + time both trackers) shows how far it is and can be cancelled: it ran with no progress and no
Cancel (the rank job was even given no context to report through)."""
from __future__ import annotations

import time

import pytest

pytest.importorskip("torch")


def test_ranks_show_progress_and_cancel_keeps_the_ranks(window, registry, qtbot, small_model, monkeypatch):
    from workbench_siamfcpp_prune import inspector

    model, ranks = small_model
    other = {k: v[::-1].copy() for k, v in ranks.items()}

    def slow(model, seq, g, x_size, ctx=None):
        for i in range(500):
            ctx.check()
            ctx.progress((i + 1) / 500, f"ranks: batch {i + 1}/500")
            time.sleep(0.01)
        return other

    monkeypatch.setattr(inspector, "_ranks_on_sequence", slow)
    window.open_demo()
    dock = window.open_inspector(registry.get("ps_siamfcpp"), "Pruning inspector")
    dock.set_model(model, ranks, "test model")
    assert not dock.cancel_button.isEnabled()
    dock.rank_button.click()
    assert dock.running and dock.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dock.progress.value() > 0, timeout=10000)
    assert "ranks: batch" in dock.progress.text()
    dock.cancel_button.click()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert dock.ranks is ranks and dock.source == "test model"  # the cancelled ranks are not taken
    assert "cancelled" in dock.info.text() and "failed" not in dock.info.text()
    assert not dock.cancel_button.isEnabled() and dock.rank_button.isEnabled() and dock.slider.isEnabled()


def test_rank_job_reports_through_the_jobs_context(small_model, monkeypatch):
    from workbench.core.data.synthetic import demo_sequence
    from workbench.core.jobs import JobContext
    from workbench_siamfcpp_prune import inspector, prune

    seen = []
    monkeypatch.setattr(prune, "compute_ranks_job", lambda ctx, *a, **k: seen.append(ctx) or {})
    ctx = JobContext()
    inspector._ranks_on_sequence(small_model[0], demo_sequence(frames=6), 4, 127, ctx=ctx)
    assert seen == [ctx]


def test_prune_and_time_stops_between_its_steps(small_model, monkeypatch):
    from workbench.core.errors import Cancelled
    from workbench.core.jobs import JobContext
    from workbench_siamfcpp_prune import figures, inspector

    model, ranks = small_model
    steps, timed = [], []
    ctx = JobContext(lambda f, m: steps.append((f, m)))

    def measure(trackers, frames, box, part_ctx):  # the analyst cancels while the trackers are being timed
        timed.extend(trackers)
        ctx.cancel()
        part_ctx.check()  # (interleaved_fps checks between frames)

    monkeypatch.setattr(figures, "fps_tracker", lambda m, *a, **k: m)
    monkeypatch.setattr(figures, "interleaved_fps", measure)
    gen = inspector._speed_and_prune(model, ranks, 0.4, "backbone+neck", 16, [], None, 303, ctx=ctx)
    assert next(gen) == "pruned"
    with pytest.raises(Cancelled):
        next(gen)
    assert timed[0] is model and len(timed) == 2  # both timed together, stopped by the Cancel
    assert steps and steps[0][0] == 0.0 and all(0.0 <= f <= 1.0 for f, _m in steps)
