"""A sequence's frames folder given as the dataset (``--dataset SEQ/img``) stored its runs under the sequence
folder's name, while ``--sequence SEQ/img`` (the same frames, opened as the sequence above them) stored them under
the folder holding the sequence: the same run was under two names. ``runs.dataset_of`` names both as the sequence
opened alone is named; runs stored under the earlier names are still read."""
import shutil

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_a_frames_folder_given_as_the_dataset_is_named_as_the_sequence(tmp_path, capsys):
    from workbench.core.data import open_dataset
    from workbench.core.runs import dataset_names, dataset_of, saved_dataset_names

    seq = write_demo(tmp_path / "data", frames=6, width=48, height=32, seed=3, name="s")
    frames = seq / "img"
    entries = open_dataset(frames)
    assert dataset_of(None, frames, entries)[0] == "data" == dataset_of(seq)[0]
    assert dataset_of(seq, frames)[0] == "data"  # the window: the sequence opened from its root, no listing
    assert dataset_names(frames, entries) == ("data", "img", "s")
    assert saved_dataset_names(seq, frames, entries) == ("data", "img", "s")
    assert dataset_names(seq, open_dataset(seq)) == ("data", "s")  # a sequence folder as before

    out = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--dataset", str(frames), "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == ["data"]  # as `run --sequence SEQ/img` names it
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(frames), "--json", str(tmp_path / "e.json")]) == 0
    # where the last version stored it (the sequence folder's name): read too, the same numbers
    shutil.move(str(out / "data"), str(out / "s"))
    assert main(["eval", str(out), "--dataset", str(frames), "--json", str(tmp_path / "o.json")]) == 0
    assert (tmp_path / "o.json").read_text() == (tmp_path / "e.json").read_text()
