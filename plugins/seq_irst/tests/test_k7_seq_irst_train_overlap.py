"""`train seq_irst`: a sequence of the --project given to --data too was trained on twice (its crops twice as often
as the others'), and one given to --data and --val both was validated on its own training frames, the best epoch
chosen by it, without a word. The project's copy is used once, with a warning naming both, and a train / val overlap
is warned of (disjoint --train-frames / --val-frames of one sequence are not); each of these warnings goes into
train_log.txt too."""
import pytest

from workbench.core.errors import DataWarning

from seq_irst_user_files import labelled_sequence


@pytest.fixture
def run(tmp_path, monkeypatch):
    """train.main with the training itself stood in for: what it was given, and the log it left."""
    from workbench_seq_irst import train

    given = {}

    class Res:
        best_epoch, best_value, history, cancelled = 0, float("nan"), [], False

    class Crops(list):
        frames = 0

    def fake(_ctx, dataset, val, *_a, val_frames=None, ready=None, **_k):
        given.update(dataset=dataset, val=val, val_frames=val_frames)
        (tmp_path / "out").mkdir()
        ready()
        return Res(), Crops(), None

    monkeypatch.setattr(train, "train", fake)
    monkeypatch.chdir(tmp_path)  # short relative paths: a warning is one line of at most 199 characters
    def go(*argv):
        train.main(["--out", "out", "--device", "cpu", *argv])
        return given, (tmp_path / "out" / "train_log.txt").read_text()

    return go


def test_project_sequence_given_to_data_too_is_trained_on_once(tmp_path, run):
    from workbench_seq_irst.project import Project

    labelled_sequence(tmp_path / "A", seed=1)
    labelled_sequence(tmp_path / "B", seed=2)
    Project.create(tmp_path / "proj").add_sequence(tmp_path / "A", "train")
    with pytest.warns(DataWarning) as said:
        given, log = run("--project", "proj", "--data", "A", "--data", "B", "--data", "B/")
    assert [s.path.resolve() for s, _ in given["dataset"]] == [tmp_path / "A", tmp_path / "B"]  # was A, A, B
    lines = ["B/: sequence B is given twice (through B too); used once",
             f"--data {tmp_path / 'A'}: sequence A is in --project too (as A); trained on once, as the project has it"]
    assert [str(w.message) for w in said] == lines
    assert all(f"warning: {line}\n" in log for line in lines), log  # the first was on the screen alone


def test_data_and_val_overlap_is_warned_and_logged(tmp_path, run):
    labelled_sequence(tmp_path / "A", seed=1)
    with pytest.warns(DataWarning, match="is trained on and validated on") as said:
        _given, log = run("--data", "A", "--val", "A")  # was not a word
    assert [str(w.message) for w in said] == [
        "sequence A is trained on and validated on (4 frames in both): its F1 and the best_weights.pt it picks "
        "measure learned frames; validate on another sequence or disjoint --val-frames"]
    assert f"warning: {said[0].message}\n" in log


def test_disjoint_frames_of_one_sequence_are_a_split(tmp_path, run, recwarn):
    labelled_sequence(tmp_path / "A", seed=1)
    given, log = run("--data", "A", "--train-frames", "0:2", "--val", "A", "--val-frames", "2:4")
    assert given["dataset"][0][1] == [0, 1] and given["val_frames"] == {"A": [2, 3]}
    assert not [w for w in recwarn if issubclass(w.category, DataWarning)] and "warning:" not in log
