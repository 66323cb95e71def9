"""A sequence's frames folder given as the dataset (``--dataset SEQ/img``): ``run`` and ``eval`` name it by the
root given (``runs.dataset_of``), and the readers also look under the names the same frames get opened another way
(the sequence folder's, as ``--dataset SEQ`` stores)."""
import shutil

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_a_frames_folder_given_as_the_dataset_is_named_as_the_sequence(tmp_path, capsys):
    from workbench.core.data import open_dataset
    from workbench.core.runs import dataset_names, dataset_of, saved_dataset_names

    seq = write_demo(tmp_path / "data", frames=6, width=48, height=32, seed=3, name="s")
    frames = seq / "img"
    entries = open_dataset(frames)
    assert dataset_of(None, frames)[0] == "img" == dataset_of(seq, frames)[0]  # the root given
    assert dataset_of(seq)[0] == "data"
    assert dataset_names(frames, entries) == ("img", "s")
    # the sequence view reads where eval reads (``results.dataset_folders``: the folders above it too)
    from workbench.cli import _levels

    assert saved_dataset_names(seq, frames, entries) == _levels(frames, "img", entries)
    assert saved_dataset_names(seq, frames, entries)[:2] == ("img", "s")
    assert dataset_names(seq, open_dataset(seq)) == ("s", "data")  # a sequence folder

    out = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--dataset", str(frames), "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == ["img"]  # the root given names it
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(frames), "--json", str(tmp_path / "e.json")]) == 0
    # where `run --dataset SEQ` stores (the sequence folder's name): read too, the same numbers
    shutil.move(str(out / "img"), str(out / "s"))
    assert main(["eval", str(out), "--dataset", str(frames), "--json", str(tmp_path / "o.json")]) == 0
    assert (tmp_path / "o.json").read_text() == (tmp_path / "e.json").read_text()
