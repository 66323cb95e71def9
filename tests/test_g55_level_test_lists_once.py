"""``results.LevelTest`` listed a run folder under another name (``_names_sequence``) and resolved its recorded root
(``_resolves_into``) once in ``note_links`` / ``may_take`` and again in ``takes`` for the same folder: each is asked
once a folder a listing now, and ``takes`` follows the answer given."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from workbench.core import results
from workbench.core.results import DatasetNames, LevelTest


def test_a_folder_is_listed_and_its_root_resolved_once(tmp_path, monkeypatch):
    folder = tmp_path / "runs" / "other" / "kcf"
    folder.mkdir(parents=True)
    listed, resolved = Counter(), Counter()
    monkeypatch.setattr(results, "_names_sequence", lambda f, seqs: listed.update([Path(f)]) or True)
    real = results._resolves_into
    monkeypatch.setattr(LevelTest, "_root", lambda self, f: str(tmp_path / "data"))
    monkeypatch.setattr(results, "_resolves_into", lambda root, roots: resolved.update([root]) or real(root, roots))
    monkeypatch.setattr(results, "same_sequences", lambda dataset, manifest: True)
    roots = frozenset({str(tmp_path / "data")})
    ds = DatasetNames(("mine",), roots=roots, sequences=("car",))
    manifest = {"dataset_root": str(tmp_path / "data")}

    test = LevelTest(ds)
    test.note_links([("other", folder)])
    assert "other" in test.via_link and test.takes("other", manifest, folder)
    test2 = LevelTest(ds)
    assert test2.may_take("other", folder) and test2.takes("other", manifest, folder)
    assert listed == {folder: 2}  # once a LevelTest (the old code: twice each)
    assert sum(resolved.values()) == 2
