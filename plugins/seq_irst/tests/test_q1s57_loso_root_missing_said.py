"""`workbench train seq_irst --loso --root R` (and the LOSO tab) with R not on disk said "R: no labelled sequence
here", as if the folder were there and held the wrong files (a mistyped or relative path, `../shared/data` from
another folder); it says the path is missing, and a folder holding no labelled sequence says what one is. The
README sends a reader to `workbench train seq_irst --loso -h` for its options: eleven were bare names there."""
from __future__ import annotations

import pytest

from workbench.core.errors import WorkbenchError


def test_missing_root_is_said_missing(tmp_path):
    from workbench_seq_irst.loso import discover

    gone = tmp_path / "not_here"
    with pytest.raises(WorkbenchError, match=r"not_here: no such file or folder") as err:
        discover([gone])
    assert "labelled" not in str(err.value)


def test_root_without_labelled_sequences_says_what_one_is(tmp_path):
    from workbench_seq_irst.loso import discover

    (tmp_path / "empty").mkdir()
    with pytest.raises(WorkbenchError, match=r"empty: no labelled sequence here \(frames/ \+ labels\.csv or "
                                             r"anno_xy\.txt"):
        discover([tmp_path / "empty"])


def test_every_loso_option_says_what_it_is():
    from workbench_seq_irst.loso import parser

    bare = [a.option_strings for a in parser()._actions if not a.help]
    assert not bare, f"options without help in `workbench train seq_irst --loso -h`: {bare}"


def test_sweep_says_which_number_is_which_option():
    """`--sweep-tracks` printed "setting 0.25/8/0.5/8/5/1/0.9" with no word of which number sets what: its first
    line names the fields as `workbench detect`'s options, in the setting's order."""
    from workbench_seq_irst.loso import sweep_lines

    fold = {"setting": "0.25/8/0.5/8/5/1/0.9", "precision": 1.0, "recall": 0.5, "f1": 2 / 3}
    rep = {"setting": "floor/min_len/min_score/max_step/max_gap/fill/relative",
           "nested": {"folds": {"daub_12": fold}, "mean_f1": 2 / 3, "pooled_f1": 2 / 3},
           "best": {"setting": "0.25/8/0.5/8/5/1/0.9", "mean_f1": 2 / 3}}
    lines = sweep_lines(rep)
    assert lines[0].endswith("`workbench detect` (--tracks on) --track-floor / --track-min-len / --track-min-score / --track-step / "
                             "--track-gap / --track-fill (1: on) / --relative")
    assert lines[1].startswith("daub_12") and "setting 0.25/8/0.5/8/5/1/0.9" in lines[1] and "F1 0.667" in lines[1]
    assert lines[2].startswith("nested mean F1 0.667")
    rep["setting"] = "threshold/relative"
    assert sweep_lines(rep)[0].endswith("`workbench detect` (--tracks off) --threshold / --relative")
