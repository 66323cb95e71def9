"""A sequence folder opened with "Open dataset root" has its window runs saved under the folder's own name, the
sequence opened alone under the folder holding it (``runs.dataset_of``, as ``run --dataset`` / ``--sequence``);
each way the window reads both names (its own first; a run found under both once, its own name's), so the runs
made the other way are not gone when the sequence is reopened; new runs go under its own name only."""
from __future__ import annotations

import json
import shutil

from workbench.core.data.synthetic import write_demo


def _scores(qtbot, w) -> dict:
    qtbot.waitUntil(lambda: not w.scoring.running and bool(w.scoring.reports), timeout=10000)
    return {r.tracker: (r.overall.success_auc, r.overall.precision_20, r.overall.frames) for r in w.scoring.reports}


def _run(qtbot, w) -> None:
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)


def _open_as_root(w, seq) -> None:
    assert w.open_path(seq, as_dataset=True)
    assert [e.name for e in w.dataset.entries] == [seq.name]
    w.sequences.open_entry(w.dataset.entries[0])
    assert w.sequences.sequence is not None and w.sequences.sequence.name == seq.name


def test_runs_saved_under_the_sequence_folders_own_name_are_found(qtbot, window, tmp_path):
    from workbench.gui import settings as wsettings

    w = window
    seq = write_demo(tmp_path / "data", frames=6, width=48, height=32, name="s", seed=2)
    other = write_demo(tmp_path / "data", frames=6, width=48, height=32, name="s2", seed=3)
    results = wsettings.results_dir()
    new, old = results / "data" / "fake" / "default", results / "s" / "fake" / "default"

    assert w.open_path(seq)
    _run(qtbot, w)
    assert (new / "s.txt").is_file() and (new / "s_maps.npz").is_file()
    fresh = _scores(qtbot, w)
    assert list(fresh) == ["fake"]
    # where the window saves it when the folder is opened as a dataset root: under the folder's own name
    shutil.move(str(results / "data"), str(results / "s"))
    manifest = json.loads((old / "manifest.json").read_text())
    (old / "manifest.json").write_text(json.dumps({**manifest, "dataset": "s", "dataset_root": str(seq)}))
    # a sibling's run under the new name: the same method and settings, merged with the old one when read
    assert w.open_path(other)
    _run(qtbot, w)
    assert (new / "s2.txt").is_file() and not (new / "s.txt").exists()

    for reopen, own in ((lambda: w.open_path(seq), "data"), (lambda: _open_as_root(w, seq), "s")):
        assert reopen() is not False
        assert list(w.live) == ["fake"] and w.live["fake"].status == "saved"
        assert w.live["fake"].saved_to == old / "s.txt"
        assert _scores(qtbot, w) == fresh  # the same numbers as the fresh run's
        qtbot.waitUntil(lambda: not w.tracking.reading_maps, timeout=10000)
        assert len(w.live["fake"].maps) == 5, w.tracking.maps_notes  # read beside its box file
        assert w.live["fake"].info.dataset == own  # exported under the name this way's new runs go under
    qtbot.waitUntil(lambda: not w.sequences.listing_results, timeout=10000)
    # the Dataset dock's Results column (the listing holds the sibling's run too: not a row of this dataset)
    assert w.dataset.results["s"] == ["fake"] and w.dataset.table.item(0, 4).text() == "fake"

    # opened as the root, a new run goes under the root's own name only (beside the earlier one, as the window
    # names a second run), none under the other name
    before = (old / "s.txt").read_text()
    _run(qtbot, w)
    assert not (new / "s.txt").exists() and (old / "s.txt").read_text() == before
    assert len(list((results / "s" / "fake").glob("*/s.txt"))) == 2
