"""RunResult declares the map attributes that save, run_tracker and the window's export set on it (they were
set dynamically, read back with getattr defaults)."""
import dataclasses

import numpy as np

from workbench.core.runs import RunResult


def test_map_attributes_are_declared_fields_with_their_defaults():
    names = {f.name: f.default for f in dataclasses.fields(RunResult)}
    assert {k: names.get(k, "undeclared") for k in ("published_maps", "maps_record", "maps_error", "maps_pending",
                                                      "kept_complete", "maps_source")} == {
        "published_maps": None, "maps_record": None, "maps_error": "", "maps_pending": None, "kept_complete": None,
        "maps_source": None}
    r = RunResult("t", "s", np.zeros((2, 4)), np.zeros(2), np.zeros(2), save_maps=())
    assert r.maps_record is None and r.maps_message() == "t s: no maps saved: it publishes no maps"
    r.maps_error = "f: maps not saved: disk full"
    assert r.maps_message() == "f: maps not saved: disk full"
