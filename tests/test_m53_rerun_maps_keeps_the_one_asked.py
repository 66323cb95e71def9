"""`export-video --map NAME` of a run saved without its maps re-ran the tracker keeping every map it published, at
its own precision, for every frame, and took NAME from them at the end: a tracker of three maps (HA-Net) held three
times the maps it needed, in float32, for the whole sequence. The re-run keeps the one asked for, as saved
(``--save-maps``: float16)."""
from __future__ import annotations

import numpy as np

from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo


def test_rerun_holds_only_the_asked_map_as_saved(tmp_path, monkeypatch):
    from workbench.baselines.dcf.kcf import KCFTracker
    from workbench.core.methods import MapLayer
    from workbench.core.video import maps_by_rerun

    real = KCFTracker.track

    def track(self, frame):  # a second map beside the response, as a tracker of several maps publishes
        out = real(self, frame)
        return type(out)(out.box, out.score, {**out.maps, "other": MapLayer(np.ones((40, 40), np.float32))})

    monkeypatch.setattr(KCFTracker, "track", track)
    seq = open_sequence(write_demo(tmp_path / "data", frames=6, width=96, height=72, seed=3, name="s1"))
    maps = maps_by_rerun(seq, None, "kcf", want="response")
    assert sorted(maps) == list(range(1, 6))
    assert all(sorted(m) == ["response"] for m in maps.values())  # the other map is not held to the end
    assert {m["response"].data.dtype for m in maps.values()} == {np.dtype(np.float16)}  # as saved maps are
