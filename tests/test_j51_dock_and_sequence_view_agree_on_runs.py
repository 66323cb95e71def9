"""Runs made over a wider root (``run --dataset irst`` with irst/daub/{s1,s2} and irst/other/s3), then irst/daub
opened in the window: the Dataset dock's Results column read the folders eval reads (``results.dataset_folders``:
also up to three above each sequence's), so it listed kcf for s1, s2 and s3 (not daub's), while the sequence view
of s1 read its own shorter list of names (``runs.saved_dataset_names``) and showed no run. The sequence view reads
the folders eval reads for that sequence, and the dock lists the opened dataset's sequences only: dock, sequence
view and eval agree."""
from __future__ import annotations

import json

import pytest

from workbench.cli import main
from workbench.core.data import open_dataset
from workbench.core.data.synthetic import write_demo


@pytest.fixture
def wide_runs(tmp_path, capsys):
    """irst/daub/{s1,s2}, irst/other/s3, and a kcf run of the whole irst/ root."""
    root = tmp_path / "irst"
    for seed, (folder, name) in enumerate([("daub", "s1"), ("daub", "s2"), ("other", "s3")]):
        write_demo(root / folder, frames=5, width=40, height=32, seed=seed + 3, name=name)
    out = tmp_path / "ws"
    assert main(["run", "--tracker", "kcf", "--dataset", str(root), "--out", str(out)]) == 0
    capsys.readouterr()
    return root, out


def _shown(root, entries, name, out) -> list[str]:
    """The runs the sequence view of ``name`` shows, opened from the dataset root ``root`` (as the window reads
    them: ``sequence.with_saved_runs``)."""
    from workbench.core.runs import saved_dataset_names
    from workbench.gui.controllers.tracking import read_saved_runs

    entry = next(e for e in entries if e.name == name)
    names = saved_dataset_names(entry.path, root, entries)
    return [r.label for r in read_saved_runs(entry.open(), out, names[0], names[1:]).records]


def test_a_sub_root_of_a_wider_run_lists_and_shows_the_same_runs_as_eval(wide_runs, tmp_path, capsys):
    from workbench.gui.controllers.sequence import dataset_results

    root, out = wide_runs
    daub = root / "daub"
    entries = open_dataset(daub)
    _root, _ws, listed, tracked, _folders = dataset_results(out, daub, entries)
    assert listed == {"s1": ["kcf"], "s2": ["kcf"]} and tracked == {"s1", "s2"}  # s3 is not daub's
    for name in ("s1", "s2"):
        assert _shown(daub, entries, name, out) == ["kcf"], name

    scores = tmp_path / "scores.json"
    assert main(["eval", "--dataset", str(daub), "--results", str(out), "--json", str(scores)]) == 0
    capsys.readouterr()
    scored = {s for s in json.loads(scores.read_text())["kcf"] if not s.startswith("_")}
    assert scored == set(listed)


def test_a_sequence_opened_as_its_own_root_shows_what_its_row_lists(wide_runs):
    from workbench.gui.controllers.sequence import dataset_results

    root, out = wide_runs
    alone = root / "daub" / "s1"
    entries = open_dataset(alone)
    listed = dataset_results(out, alone, entries)[2]
    assert listed == {"s1": ["kcf"]}
    assert _shown(alone, entries, "s1", out) == ["kcf"]
