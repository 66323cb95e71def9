"""A sequence in a subfolder of a dataset root (DAUB's daub/sequence1 in an irst/ root, a LaSOT class folder)
keeps the runs made with it opened alone under the folder holding it (results/daub/...). Opened from the root,
the window read its runs under the root's name only: they were in the dataset's scores (``dataset_folders``)
but not shown with the sequence. Its saved runs are read under both names, the root's first."""
from __future__ import annotations

from workbench.cli import main
from workbench.core.data import open_dataset
from workbench.core.data.synthetic import write_demo


def test_a_sequence_of_a_root_finds_the_runs_made_with_it_opened_alone(tmp_path, capsys):
    from workbench.core.runs import saved_dataset_names
    from workbench.gui.controllers.tracking import read_saved_runs

    root = tmp_path / "irst"
    seq_dir = write_demo(root / "daub", frames=6, width=48, height=32, seed=3, name="s1")
    write_demo(root / "other", frames=6, width=48, height=32, seed=4, name="s2")
    entries = open_dataset(root)
    entry = next(e for e in entries if e.name == "s1")
    # where new runs go first, then where they go opened alone (and the folders above it, as eval looks)
    assert saved_dataset_names(entry.path, root, entries)[:2] == ("irst", "daub")
    assert saved_dataset_names(seq_dir) == ("daub", "s1")  # opened alone: as before

    out = tmp_path / "ws"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq_dir), "--out", str(out)]) == 0
    capsys.readouterr()
    assert [p.name for p in out.iterdir()] == ["daub"]
    names = saved_dataset_names(entry.path, root, entries)
    seq = entry.open()
    saved = read_saved_runs(seq, out, names[0], names[1:])
    assert [r.label for r in saved.records] == ["kcf"]


def test_the_dataset_docks_results_column_lists_them_too(tmp_path, capsys):
    from workbench.gui.controllers.sequence import dataset_results

    root = tmp_path / "irst"
    seq_dir = write_demo(root / "daub", frames=6, width=48, height=32, seed=3, name="s1")
    write_demo(root / "other", frames=6, width=48, height=32, seed=4, name="s2")
    out = tmp_path / "ws"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq_dir), "--out", str(out)]) == 0
    capsys.readouterr()
    _root, _ws, listed, tracked, _folders = dataset_results(out, root, open_dataset(root))
    assert listed == {"s1": ["kcf"]} and tracked == {"s1"}
