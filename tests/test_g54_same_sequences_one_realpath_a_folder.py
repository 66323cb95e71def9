"""``results.same_sequences`` resolves each holding folder once (``_realpath``), not two realpaths a sequence; what
it answers is as before: ``_realpath`` is ``os.path.realpath`` for links of the folder, of the sequence itself, of
both, for names that do not exist and for ``..``; a root re-pointed since is still refused."""
from __future__ import annotations

import os

import pytest

from workbench.core import results
from workbench.core.results import DatasetNames, _realpath, resolved_places, same_sequences


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "irA" / "seq1").mkdir(parents=True)
    (tmp_path / "irA" / "seq2").mkdir()
    (tmp_path / "irB" / "seq1").mkdir(parents=True)
    (tmp_path / "real_seq").mkdir()
    os.symlink(tmp_path / "irA", tmp_path / "dl")
    os.symlink(tmp_path / "real_seq", tmp_path / "irA" / "seq3")  # the sequence folder itself a link
    return tmp_path


def test_realpath_as_os_path_realpath(tree):
    held: dict = {}
    for p in ["dl/seq1", "dl/seq3", "irA/seq3", "irA/seq1", "dl/missing", "dl/seq1/..", "dl/.", "dl/seq1/../seq2",
              "dl", "irA/missing/deeper"]:
        path = str(tree / p)
        assert _realpath(path, held) == os.path.realpath(path), p
    assert str(tree / "dl") in held and held[str(tree / "dl")] == str(tree / "irA")


def test_same_sequences_answers_as_before_with_one_realpath_a_folder(tree, monkeypatch):
    seqs = {f"seq{i}": tree / "irA" / f"seq{i}" for i in (1, 2, 3)}
    dataset = DatasetNames(("irA",), places=resolved_places(seqs))
    through_link = {"sequences": {n: {"sequence_path": str(tree / "dl" / n)} for n in seqs}}
    calls = []
    real = os.path.realpath
    monkeypatch.setattr(results.os.path, "realpath", lambda p, *a, **k: calls.append(p) or real(p, *a, **k))
    assert same_sequences(dataset, through_link)
    # the old code: two a sequence (6); now the link's folder once, the places' once, and seq3 (a link) twice
    assert len(calls) <= 4, calls
    monkeypatch.setattr(results.os.path, "realpath", real)
    os.remove(tree / "dl")
    os.symlink(tree / "irB", tree / "dl")  # re-pointed at another dataset's seq1: not irA's
    assert not same_sequences(dataset, {"sequences": {"seq1": {"sequence_path": str(tree / "dl" / "seq1")}}})
    assert same_sequences(dataset, {"sequences": {"seq3": {"sequence_path": str(tree / "real_seq")}}})
