"""``open_split`` knows a missing split by its exception (``sirst.SplitNotFound``), not by the start of
``resolve_split``'s message: rewording that message cannot turn the options' hint back into a bare 'not found'."""
from __future__ import annotations

import pytest

from workbench.core.errors import DataError, WorkbenchError


def _root(tmp_path):
    root = tmp_path / "set"
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    (root / "splits").mkdir()
    return root


def test_resolve_split_raises_split_not_found_with_its_message(tmp_path):
    from workbench.core.data.sirst import SplitNotFound, resolve_split

    with pytest.raises(SplitNotFound, match=r"split 'val' not found \(looked in splits/") as got:
        resolve_split(_root(tmp_path), "val")
    assert isinstance(got.value, DataError)


def test_open_split_hint_does_not_hang_on_the_wording(tmp_path, monkeypatch):
    import workbench.core.data.sirst as sirst
    from workbench_lw_irstnet.train import SPLIT_USE, open_split

    root = _root(tmp_path)
    with pytest.raises(WorkbenchError) as got:
        open_split(root, "val", flags=("--val-split",))
    assert str(got.value) == f"{root / 'splits' / 'val'}: split 'val' not found (looked in splits/, the root, " \
                             f"img_idx/ and the root's subfolders): {SPLIT_USE[('--val-split',)]}"

    def reworded(root, split):
        raise sirst.SplitNotFound(root, f"no split file {split!r} anywhere")
    monkeypatch.setattr(sirst, "resolve_split", reworded)
    with pytest.raises(WorkbenchError, match=r"no split file 'val' anywhere: --val-split FILE names") as got:
        open_split(root, "val", flags=("--val-split",))
    assert not isinstance(got.value, DataError)  # the hint's line, not the reader's
