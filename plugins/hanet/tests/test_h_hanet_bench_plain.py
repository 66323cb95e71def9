"""`workbench bench hsi` measured HA-Net on its folded network and the false-colour branch, never the plain path
(``HANetTracker(fast=False)``) the folded one is checked against: a row for it now, in the same run, on the same
frames, tracked with HANet's own modules."""
from __future__ import annotations

import numpy as np


def test_the_bench_has_a_row_for_the_plain_path(monkeypatch):
    import workbench_hanet.tracker as tr
    from workbench.core.bench import load

    nets, real = [], tr.HANetTracker._initialize

    def initialize(self, frame, box):
        real(self, frame, box)
        nets.append((self.name, type(self._net).__name__))

    monkeypatch.setattr(tr.HANetTracker, "_initialize", initialize)
    frames = [np.random.default_rng(i).random((40, 40, 16), dtype=np.float32) for i in range(3)]
    gt = np.tile([12.0, 12.0, 14.0, 14.0], (3, 1))
    rows = load("hsi").tracker_rows(frames, gt, weights="")  # untrained: the shipped file takes seconds to load
    assert [(r["tracker"], r["plain"]) for r in rows] == [
        ("hanet", False), ("hanet, plain (fast=False)", True), ("hanet_rgb", False)]
    assert all(r["fps"] > 0 and np.isfinite(r["success_auc"]) for r in rows)
    # each tracker initialised twice (the warm-up, then the timed run)
    assert nets == [("hanet", "TrackingNet")] * 2 + [("hanet", "_PlainNet")] * 2 + [("hanet_rgb", "TrackingNet")] * 2
