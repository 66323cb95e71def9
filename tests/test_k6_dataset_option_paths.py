"""`list --dataset FILE` said "no sequences found" and a missing --dataset path "X: no such folder", neither naming
the option nor what to give; both say it, and run (which has --sequence) says where a single video goes."""
from workbench.cli import main


def test_a_file_or_missing_path_given_as_dataset(tmp_path, capsys):
    note = tmp_path / "notes.txt"
    note.write_text("not a dataset\n")
    for argv in (["list", "--dataset", str(note)], ["eval", str(tmp_path), "--dataset", str(note)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"--dataset {note}: is a file that no reader takes, not a dataset folder" in err, err
        assert "give the folder holding the sequences" in err and "--sequence" not in err
    assert main(["run", "--tracker", "kcf", "--dataset", str(note), "--out", str(tmp_path / "r")]) == 2
    assert "a single video, cube or image sequence goes to --sequence" in capsys.readouterr().err
    for argv in (["list"], ["run", "--tracker", "kcf", "--out", str(tmp_path / "r")]):
        assert main(argv + ["--dataset", str(tmp_path / "nope")]) == 2
        err = capsys.readouterr().err
        assert f"--dataset {tmp_path / 'nope'}: no such file or folder; give the folder holding" in err, err
    assert not (tmp_path / "r").exists()


def test_the_readers_say_a_file_is_not_a_dataset_folder(tmp_path):
    import pytest

    from workbench.core.data import open_dataset
    from workbench.core.errors import WorkbenchError

    (tmp_path / "a.txt").write_text("x\n")
    with pytest.raises(WorkbenchError, match="is a file that no reader takes .*not a dataset folder"):
        open_dataset(tmp_path / "a.txt")
