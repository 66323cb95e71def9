"""A window run's maps are written after its boxes, on a worker (the manifest already names the maps file). Where
that write failed, the runner took the file's record out of the manifest (a JSON rewrite) and removed what was
written of the file on the GUI thread, in the slot that heard of the failure: on a slow or network disk that held the
window. Both are done on the worker now, before the failure is reported; the window says it as before."""
from __future__ import annotations

import threading

from workbench.core.results import maps_path, read_manifest

from tests.gui.conftest import near_the_end


def test_a_failed_maps_write_is_cleaned_up_on_the_worker(qtbot, window, monkeypatch):
    from workbench.core import results

    gui, where = threading.main_thread(), []
    real_record = results.record_maps

    def broken_write(path, *a, **k):
        path.write_bytes(b"half a file")  # what a full disk leaves
        raise OSError(28, "No space left on device")

    def record(folder, sequence, rec):
        where.append(threading.current_thread() is gui)
        return real_record(folder, sequence, rec)

    monkeypatch.setattr(results, "write_maps", broken_write)
    monkeypatch.setattr(results, "record_maps", record)
    w = window
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps and "fake" in w.live
                    and bool(w.live["fake"].maps_saved), timeout=20000)
    run = w.live["fake"]
    assert "maps not saved (the boxes are)" in run.maps_saved and "No space left" in run.maps_saved
    assert where == [False], where  # the manifest set right once, on the worker
    assert not maps_path(run.saved_to).exists()  # the half-written file removed
    entry = read_manifest(run.saved_to.parent)["sequences"][w.sequence.name]
    assert "maps" not in entry and run.saved_to.is_file()  # the boxes kept, no maps file named
    assert not run.maps_on_file
