"""A saved run's maps dropped by the map budget are read back on a worker; a run renamed meanwhile (Save again
takes its folder's name) lost them: the read-back maps arrived under the old name, were thrown away as another
run's, and their names were already cleared, so they were never read again (R2, session 57)."""
from tests.gui.conftest import spin
from tests.gui.test_f7_56_save_again_said_of_its_own_run import _open, _run


def test_maps_read_back_reach_a_run_renamed_meanwhile(window, tmp_path):
    w = window
    w.quiet_errors = True
    _open(w, tmp_path)
    _run(w, "fake")
    run = w.live["fake"]
    assert spin(lambda: run.saved_to is not None and getattr(run, "maps_on_file", None) is True, 10), \
        (run.saved_to, getattr(run, "maps_on_file", None))
    names = sorted({m for layers in run.maps.values() for m in layers})
    assert names, "the fake tracker publishes maps"
    run.maps_dropped_names = tuple(names)  # as the map budget leaves a run whose maps it dropped
    run.maps.clear()
    assert w.maps_at("fake", 3) == {}  # not in memory: read back on a worker
    assert w.tracking._back.pending
    w.tracking._rename_live("fake", "fake/renamed")
    run.label = "fake/renamed"
    assert spin(lambda: not w.tracking._back.pending and not w.tracking._maps_in, 10)
    assert run.maps, "the maps read back were thrown away"
    assert w.maps_at("fake/renamed", 3), "the renamed run has no maps at frame 3"
