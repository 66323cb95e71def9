"""``results._realpath`` (``same_sequences``) keeps a folder's realpath as ``_held_real`` does (``resolved_places``,
``linked_roots``): one key, one rule, so a ``held`` shared by them resolves a folder once (it was the folder's Path
for the one and its text for the other: resolved again); a folder that cannot be resolved still answers 'not the
same sequences'."""
from __future__ import annotations

import os

from workbench.core import results
from workbench.core.results import DatasetNames, _realpath, linked_roots, resolved_places, same_sequences


def test_a_folder_resolved_once_whoever_asks(tmp_path, monkeypatch):
    (tmp_path / "irA" / "seq1").mkdir(parents=True)
    os.symlink(tmp_path / "irA", tmp_path / "dl")
    seq = tmp_path / "dl" / "seq1"
    held: dict = {}
    places = resolved_places({"seq1": seq}, held)
    assert places == {"seq1": str(tmp_path / "irA" / "seq1")}
    assert str(tmp_path / "irA") in linked_roots([seq], held)
    calls = []
    real = os.path.realpath
    monkeypatch.setattr(results.os.path, "realpath", lambda p, *a, **k: calls.append(p) or real(p, *a, **k))
    assert _realpath(str(seq), held) == str(tmp_path / "irA" / "seq1")
    assert calls == []  # dl resolved already, seq1 no link: no realpath (the old code: dl again)
    monkeypatch.setattr(results.os.path, "realpath", real)
    dataset = DatasetNames(("irA",), places=places)
    assert same_sequences(dataset, {"sequences": {"seq1": {"sequence_path": str(seq)}}})
    bad = {"sequences": {"seq1": {"sequence_path": str(tmp_path / "d\0l" / "seq1")}}}  # cannot be resolved
    assert not same_sequences(dataset, bad)
