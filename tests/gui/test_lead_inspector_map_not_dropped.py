"""The window's map budget kept only the map chosen in the Layers dock: a map shown in the Response map inspector was
read back from its run's maps file and dropped again at the next fit, at every frame (R4: the file read 4 times for
4 frames, the inspector saying 'no map' from the second). The runs whose maps anything on screen asked for since the
last fit are kept."""
from __future__ import annotations

from tests.gui.conftest import near_the_end


def test_an_inspectors_map_read_back_stays_while_it_is_shown(qtbot, window):
    w = window
    w.open_demo()
    # the runs from 12 frames before the end (the maps read back are asked about, not the frames tracked): the four
    # frames scrubbed are among the last ones
    near_the_end(w)
    start = w.start_frame
    assert w.run_selected(["fake", "fake_b"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    run = w.live["fake"]
    insp = w.response_inspector
    insp.show()
    insp._refresh_trackers()
    insp.tracker.setCurrentText("fake")
    assert insp.tracker.currentText() == "fake"
    names = sorted({m for layer in w.live["fake_b"].maps.values() for m in layer})
    w.layers.select_map("fake_b", names[0])  # the Layers dock shows another run's map
    w.map_budget.limit = 1  # over budget: every finished run not kept loses its maps
    w.map_budget.fit(w.tracking.live, keep=("fake_b",))
    assert run.maps == {}
    starts = []
    orig = w.tracking._back.start
    w.tracking._back.start = lambda *a, **k: (starts.append(1), orig(*a, **k))[1]
    shown = []
    for f in (start + 3, start + 4, start + 5, start + 6):
        w.set_frame(f)
        qtbot.waitUntil(lambda: not w.tracking._back.pending and not w.tracking._maps_in, timeout=5000)
        w.set_frame(f)  # drawn again once its maps are in
        shown.append(bool(run.maps))
    assert len(starts) == 1, f"the maps file was read {len(starts)} times for 4 frames"
    assert shown[1:] == [True, True, True]
