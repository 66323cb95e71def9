"""A run folder's manifest is read, changed and written under one lock (``results.manifest_lock``): the window
records (or takes out) a run's maps on a worker (``record_maps``) while its GUI thread saves another sequence's run
into the same folder (``RunResult.save`` -> ``update_manifest``). Unlocked, the write made from the older read
dropped the other sequence's entry."""
import threading

from workbench.core import results


def test_save_beside_a_maps_record_keeps_both(tmp_path, monkeypatch):
    folder = tmp_path / "kcf" / "default"
    folder.mkdir(parents=True)
    shared = {"method": "kcf"}
    results.update_manifest(folder, shared, "a", {"frames": 3})
    real_read, read_done, go = results.read_manifest, threading.Event(), threading.Event()

    def paused_read(f):
        data = real_read(f)
        if threading.current_thread().name == "maps":  # the worker: the save comes between its read and write
            read_done.set()
            go.wait(5)
        return data

    monkeypatch.setattr(results, "read_manifest", paused_read)
    maps = threading.Thread(target=results.record_maps, args=(folder, "a", {"file": "a_maps.npz"}), name="maps")
    maps.start()
    assert read_done.wait(5)
    save = threading.Thread(target=results.update_manifest, args=(folder, shared, "b", {"frames": 4}))
    save.start()
    save.join(0.5)  # unlocked it has written by now; locked it waits for the maps record
    go.set()
    maps.join(5)
    save.join(5)
    assert not maps.is_alive() and not save.is_alive()
    seqs = real_read(folder)["sequences"]
    assert sorted(seqs) == ["a", "b"], seqs
    assert seqs["a"]["maps"] == {"file": "a_maps.npz"} and seqs["b"] == {"frames": 4}
