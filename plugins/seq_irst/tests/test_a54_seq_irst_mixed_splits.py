"""``detect`` / ``train`` on an ITSDT-15K root (its train and test sequences listed by two COCO files) or an
Anti-UAV root (``test/`` and ``val/`` split folders) took every sequence of both splits into one overall score
without a word. The sequences of more than one split are said, each split's, with the ``--sequence`` that takes
one alone; a single split's sequences say nothing."""
from __future__ import annotations

import warnings

from tests.test_e2_53_box_scored_ir_sequences import _antiuav, _itsdt


def _said(path, labelled_only=False) -> tuple[list, list[str]]:
    from workbench.core.errors import DataWarning
    from workbench_seq_irst.sequences import open_many

    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        seqs = open_many([str(path)], labelled_only=labelled_only)
    return seqs, [str(w.message) for w in got if issubclass(w.category, DataWarning) and "splits" in str(w.message)]


def test_an_itsdt_root_of_train_and_test_sequences_says_so(tmp_path):
    root = _itsdt(tmp_path / "ITSDT")
    seqs, said = _said(root)
    assert sorted(s.name for s in seqs) == ["1", "58"]  # still both (what was given), now said
    assert len(said) == 1 and "2 splits" in said[0] and "test (1: 58)" in said[0] and "train (1: 1)" in said[0]
    assert said[0].endswith(f"split test alone: --sequence {root} --split test"), said[0]  # detect's --split
    seqs, said = _said(root / "images" / "58", labelled_only=True)  # the command it names: one split, no word
    assert [s.name for s in seqs] == ["58"] and not said


def test_an_anti_uav_root_of_two_split_folders_says_so(tmp_path):
    root = _antiuav(tmp_path / "AntiUAV410")
    _seqs, said = _said(root, labelled_only=True)
    assert len(said) == 1 and "test (1: 02_x)" in said[0] and "val (1: 03_y)" in said[0]
    assert not _said(root / "test")[1]


def test_a_split_takes_its_sequences_alone_and_one_not_there_is_refused(tmp_path):
    import pytest

    from workbench.core.errors import WorkbenchError
    from workbench_seq_irst.sequences import open_many

    root = _itsdt(tmp_path / "ITSDT")
    assert [s.name for s in open_many([str(root)], labelled_only=False, split="test")] == ["58"]
    assert [s.name for s in open_many([str(root)], split="train")] == ["1"]
    with pytest.raises(WorkbenchError, match="no sequence of split 'val' here .its splits: test, train"):
        open_many([str(root)], split="val")
    uav = _antiuav(tmp_path / "AntiUAV410")
    assert [s.name for s in open_many([str(uav)], split="val")] == ["03_y"]
