"""A mask set whose masks are of another size than their frames is said once a reading of it (04542ba,
``masks.size_said_anew`` at a layout's ``open``): the window's segmenter runs score against the masks of the sequence
left open, so a second run on it said nothing of them. Each run (``segment_events``) reads them anew now."""
from __future__ import annotations

import warnings

import cv2
import numpy as np

from workbench.core.errors import DataWarning


class _Thresh:
    modalities = ("gray",)

    def predict(self, frame):
        from workbench.core.methods import SegOutput

        f = np.asarray(frame, np.float32)
        return SegOutput(f / 255.0, f > 100, [])


def _run(seq):
    """One window run of all frames on ``seq`` (its worker's generator); what was said of the masks' size."""
    from workbench.core.jobs import JobContext
    from workbench.core.registry import Plugin
    from workbench.gui.controllers.segmentation import segment_events

    plugin = Plugin("thresh", "segmenter", lambda cfg, dev: _Thresh())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        events = list(segment_events(plugin, {}, "cpu", seq, list(range(len(seq))), JobContext()))
    assert sum(e[0] == "frame" and e[5] is not None for e in events) == len(seq), events  # every frame scored
    return [str(w.message) for w in caught if issubclass(w.category, DataWarning) and "differs" in str(w.message)]


def test_each_run_on_the_open_sequence_says_its_masks_of_another_size(tmp_path):
    from workbench.core.data import masks

    (tmp_path / "images").mkdir()
    (tmp_path / "masks").mkdir()
    for i in range(3):
        img = np.zeros((8, 8), np.uint8)
        img[2:4, 2:4] = 200
        cv2.imwrite(str(tmp_path / "images" / f"{i}.png"), img)
        m = np.zeros((16, 16), np.uint8)
        m[4:8, 4:8] = 255
        cv2.imwrite(str(tmp_path / "masks" / f"{i}.png"), m)
    seq = masks.open(tmp_path)  # opened once, run twice (the window's sequence left open)
    for k in range(2):
        said = _run(seq)
        assert len(said) == 1 and "0.png: mask 16x16 differs from its image's 8x8" in said[0], (k, said)
