"""All frames run to the end, then All frames again cancelled before its first frame: the finished run's
masks and targets vanished ("lw_irstnet: frame 8 not segmented.", no overlay, the Scores dock empty)
and the Methods dock said "cancelled after 0 frames; those frames are kept." The run shown before stays
on screen and the status says that nothing was done or saved."""
from __future__ import annotations

import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.registry import Plugin

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, PaceConfig, PacedSegmenter, paced_registry


@pytest.fixture
def pace():
    return Pace()


@pytest.fixture
def slow_start_window(qtbot, messages, pace):
    """``paceseg`` whose creation waits on the pace (a network being built) before any frame."""
    reg = paced_registry(pace)

    def create(cfg, device):
        pace.step()
        return PacedSegmenter(pace, cfg)

    reg.add(Plugin("paceseg", "segmenter", create, title="Paced segmenter", config=PaceConfig))
    yield from shown_window(qtbot, reg)


def test_all_frames_cancelled_before_its_first_frame_keeps_the_run_shown_and_writes_nothing(qtbot, slow_start_window,
                                                                                           pace, tmp_path, messages):
    """The run shown before stays shown; and (found by pressing Cancel as LW-IRSTNet's All frames started, G3) a run
    cancelled before its first frame put the run shown before back on screen, and then saved that one again as
    this run (a partial copy in a new folder, "default-run2"), while the status said "nothing saved" and then
    "Masks and targets saved to …-run2": nothing is written for a run that did no frame. (One window and run for
    both: the second test repeated this one's steps.)"""
    from workbench.gui import settings as wsettings

    w = slow_start_window
    save_irseq(make_sequence(seed=3, frames=6, width=64, height=48), tmp_path / "seq")
    assert w.open_path(tmp_path / "seq")
    assert w.segment_sequence("paceseg")
    qtbot.waitUntil(lambda: not w.busy and w.segmentation.saved_to is not None, timeout=20000)
    first = w.seg
    first_saved = w.segmentation.saved_to
    folders = sorted(p.parent for p in wsettings.results_dir().rglob("manifest.json"))
    assert folders == [first_saved]
    assert len(first.frames) == 6
    w.set_frame(2)
    assert w.targets.table.rowCount() == 1
    pace.hold(1)  # the next run waits while its segmenter is made
    try:
        assert w.segment_sequence("paceseg")
        qtbot.waitUntil(pace.held.is_set, timeout=20000)
        w.methods.cancel_button.click()
    finally:
        pace.release()
    qtbot.waitUntil(lambda: not w.busy and not w.segmentation.saving, timeout=20000)
    status = w.methods.run_status.text()
    assert "0 frames" not in status and "kept" not in status, status
    assert "before the first frame" in status and "nothing saved" in status, status
    assert "saved to" not in status, status
    assert w.seg is first and len(w.seg.frames) == 6  # the finished run is still what is shown
    w.set_frame(3)
    assert w.targets.table.rowCount() == 1
    assert w.scores.runs["segmentation"]["frames"].startswith("6 / 6")
    assert w.methods.progress.format() == "cancelled before the first frame"
    # nothing written for it: the earlier run's folder alone, and it is still the one saved
    assert sorted(p.parent for p in wsettings.results_dir().rglob("manifest.json")) == folders
    assert w.segmentation.saved_to == first_saved
    assert not messages
