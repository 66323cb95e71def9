"""A run just saved is named as the workspace listing names it (``method_runs.saved_run_label``), one way
for the Dataset dock's Results column (``SequenceController.add_saved_runs``) and the Layers dock's lists
(``with_saved_run``). Where two tracker runs share a name the listing makes one unique ("fake" and
"fake/default@zz"): the old naming (``listed_label``) said "fake" for both folders, and a run saved into the
folder listed as "fake/default@zz" had the whole workspace listed again to find its name."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from workbench.core import results
from workbench.core.results import list_results, write_boxes

BOXES = np.tile([5.0, 5.0, 8.0, 8.0], (4, 1))


def _listed(out: Path, dataset: str) -> dict[str, set[Path]]:
    """{label: its folders} as the workspace listing gives them (``sequence.dataset_results``)."""
    return {label: {Path(f).parent for f in files.values()} for label, files in list_results(out, dataset).items()}


def _two_runs_named_fake(out: Path) -> Path:
    """A flat ``fake/`` folder (listed first: "fake") and ``zz/fake/default/`` ("fake/default@zz"), both of
    seq_b; returns the second."""
    write_boxes(out / "fake" / "seq_b.txt", BOXES)
    write_boxes(out / "zz" / "fake" / "default" / "seq_b.txt", BOXES)
    return out / "zz" / "fake" / "default"


def test_a_saved_run_is_named_as_the_listing_names_it(tmp_path):
    from workbench.gui.controllers.method_runs import saved_run_label

    out = tmp_path / "results"
    shared = _two_runs_named_fake(out)
    listed = _listed(out, "zz")
    assert listed == {"fake": {out / "fake"}, "fake/default@zz": {shared}}
    # a run of seq_a saved into the folder listed under the name made unique: that name, as the listing says
    write_boxes(shared / "seq_a.txt", BOXES)
    assert saved_run_label(listed, out, shared, "zz") == "fake/default@zz"
    assert _listed(out, "zz")["fake/default@zz"] == {shared}
    # a new folder of a name no run has: its name; of a name a run has (plain or made unique): not known here
    write_boxes(out / "zz" / "fake" / "v2" / "seq_a.txt", BOXES)
    assert saved_run_label(listed, out, out / "zz" / "fake" / "v2", "zz") == "fake/v2"
    assert _listed(out, "zz")["fake/v2"] == {out / "zz" / "fake" / "v2"}
    assert saved_run_label({"fake": {out / "fake"}}, out, shared, "zz") is None
    assert saved_run_label({"pacedet'": {out / "a"}}, out, out / "zz" / "pacedet" / "default", "zz") is None
    # another dataset's folder is not listed with this one's; a folder outside the workspace is not known
    assert saved_run_label(listed, out, out / "other" / "fake" / "default", "zz") == ""
    assert saved_run_label(listed, out, tmp_path / "elsewhere", "zz") is None


def test_the_results_column_names_it_without_listing_the_workspace(window, qtbot, tmp_path, monkeypatch):
    from workbench.core.data.synthetic import write_demo
    from workbench.gui import settings as wsettings

    w = window
    for k, name in enumerate(("seq_a", "seq_b")):
        write_demo(tmp_path / "zz", frames=4, width=48, height=32, name=name, seed=k)
    out = wsettings.results_dir()
    shared = _two_runs_named_fake(out)
    assert w.open_path(tmp_path / "zz")
    rows = {e.name: r for r, e in enumerate(w.dataset.entries)}
    # the labels the listing gave (read under several names, as the dataset's scores: the root's own run first)
    listed = w.sequences.listed_folders
    label = next(k for k, folders in listed.items() if shared in folders)
    flat = next(k for k, folders in listed.items() if out / "fake" in folders)
    assert label != flat and sorted(w.dataset.table.item(rows["seq_b"], 4).text().split(", ")) == sorted([label, flat])

    listings, real = [], results.find_runs

    def counted(*a, **k):
        listings.append(threading.current_thread() is threading.main_thread())
        return real(*a, **k)

    monkeypatch.setattr(results, "find_runs", counted)
    write_boxes(shared / "seq_a.txt", BOXES)  # a tracker run of seq_a saved there (as the runner saves one)
    w.sequences.add_saved_runs([("seq_a", shared, True)])
    assert listings == [] and not w.sequences.listing_results  # named here, listed nowhere
    assert w.dataset.table.item(rows["seq_a"], 4).text() == label
    assert w.sequences.tracker_results[2] == {"seq_a", "seq_b"}
