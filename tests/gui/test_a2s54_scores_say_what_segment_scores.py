"""The window's segmentation scores are of each frame's mask as shown (its ``out.mask``: the method's filters
applied, as its saved masks are read back); ``workbench segment`` scores every component of its logits > 0. They
agree where the filters drop no component (LW-IRSTNet at its default filters, the classic peers on the real sets
here), and differ where one does (a peer's component over its max_pixels): the Scores dock did not say which it
scored. Its note's tooltip says it now, for mask- and box-scored runs."""
from __future__ import annotations

import numpy as np

from workbench.gui.scores_dock import BOX_SCORED, SHOWN_MASK, ScoresDock


def test_a_peers_mask_is_its_logits_until_its_size_filter_drops_a_component():
    from workbench.baselines.classic_irst import TopHatConfig, make_tophat

    rng = np.random.default_rng(3)
    frame = rng.integers(20, 30, (96, 128)).astype(np.uint8)
    frame[40:43, 30:33] = 250  # a small target
    seg = make_tophat(TopHatConfig())
    out = seg.predict(frame)
    assert out.mask.any() and np.array_equal(out.mask, seg.logits(frame) > 0)  # what both score
    small = make_tophat(TopHatConfig(max_pixels=5))  # the 9 px target over max_pixels: shown mask empty
    assert not small.predict(frame).mask.any() and (small.logits(frame) > 0).sum() >= 9  # segment still scores it


def test_scores_note_says_what_segment_scores_beside_the_shown_mask(qtbot):
    dock = ScoresDock()
    qtbot.addWidget(dock)
    dock.set_run("segmentation", {"method": "tophat", "status": "done", "frames": "2 / 2", "miou": 0.5,
                                  "niou": 0.5, "pd": 1.0, "fa_e6": 3.0, "images": 2, "targets": 2})
    tip = dock.note.toolTip()
    assert tip == SHOWN_MASK and "mask as shown" in tip and "workbench segment scores every component" in tip
    dock.set_run("segmentation", {"method": "tophat", "status": "done", "frames": "2 / 2", "pd": 1.0, "fa_e6": 3.0,
                                  "images": 2, "targets": 2, "scored_by": BOX_SCORED, "convention": "THE BOX RULE"})
    assert dock.note.toolTip() == f"THE BOX RULE\n\n{SHOWN_MASK}"
    dock.set_run("segmentation", {"method": "tophat", "status": "done", "frames": "2 / 2"})  # not scored
    assert dock.note.toolTip() == ""
