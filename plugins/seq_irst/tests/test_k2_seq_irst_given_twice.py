"""`train seq_irst --data A --data A/` (or A and a symlink to it, or a root and A under it) trained on A twice;
`--loso --root` with A spelt two ways put it in the list twice, or (a symlink's own name) in a group of its own:
held out in that fold and trained on in it. Each sequence is used once now, with a warning naming both spellings."""
import os

import pytest

from workbench.core.errors import DataWarning

from seq_irst_user_files import labelled_sequence


@pytest.fixture
def tree(tmp_path):
    labelled_sequence(tmp_path / "root" / "A", seed=1)
    labelled_sequence(tmp_path / "root" / "B", seed=2)
    labelled_sequence(tmp_path / "other" / "C", seed=3)
    os.symlink(tmp_path / "root" / "A", tmp_path / "L")
    return tmp_path


def test_data_given_twice_is_used_once(tree):
    from workbench_seq_irst.sequences import open_many

    a = str(tree / "root" / "A")
    with pytest.warns(DataWarning) as said:
        seqs = open_many([a, a + "/", str(tree / "L"), str(tree / "root"), a])
    assert [s.path.resolve() for s in seqs] == [tree / "root" / "A", tree / "root" / "B"]
    lines = [str(w.message) for w in said]
    assert len(lines) == 4 and f"{tree / 'L'}: sequence A is given twice (through {a} too); used once" in lines, lines


def test_loso_never_holds_out_what_it_trains_on(tree):
    from workbench_seq_irst.loso import discover, folds

    with pytest.warns(DataWarning, match="is given twice"):
        groups = discover([tree / "root", tree / "L", tree / "other", tree / "root" / "A"])
    assert groups == {"other": [tree / "other" / "C"], "root": [tree / "root" / "A", tree / "root" / "B"]}
    for _g, held, train in folds(groups):
        assert not {p.resolve() for p in held} & {p.resolve() for p in train}
