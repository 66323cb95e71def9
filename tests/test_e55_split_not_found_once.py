"""A box-scored set's split in no form it has was a plain DataError out of ``BoxSet`` (``_split_of``) where
``sirst.SplitNotFound`` exists, so the LW panel asked ``resolve_split`` a second time to tell 'not there' (score every
image) from a refusal. Now SplitNotFound (a DataError) from BoxSet, the panel catching it, resolve_split asked once."""
import json

import cv2
import numpy as np
import pytest

from workbench.core.data import sirst
from workbench.core.data.sirst import SplitNotFound
from workbench.core.errors import DataError
from workbench.core.evaluation.irst_boxes import BoxSet


def _antiuav(root):
    d = root / "test" / "02_x"
    d.mkdir(parents=True)
    for i in range(2):
        f = np.full((24, 32), 40, np.uint8)
        f[4:7, 4:7] = 200
        cv2.imwrite(str(d / f"{i + 1:06d}.jpg"), f)
    (d / "IR_label.json").write_text(json.dumps({"exist": [1, 1], "gt_rect": [[4, 4, 3, 3], [4, 4, 3, 3]]}))
    return root


def test_a_split_a_sequence_set_has_in_no_form_is_split_not_found(tmp_path):
    root = _antiuav(tmp_path / "au")
    assert issubclass(SplitNotFound, DataError)
    with pytest.raises(SplitNotFound, match="split 'nope'"):
        BoxSet(root, "nope")
    assert len(BoxSet(root, "test").names) == 2


def test_the_lw_panel_scores_the_whole_set_asking_resolve_split_once(tmp_path, monkeypatch):
    pytest.importorskip("workbench_lw_irstnet", reason="the lw_irstnet plugin is not installed")
    from workbench_lw_irstnet.panel import _box_set_or_whole

    root = _antiuav(tmp_path / "au")
    calls = []
    real = sirst.resolve_split
    monkeypatch.setattr(sirst, "resolve_split", lambda *a: calls.append(a) or real(*a))
    ds = _box_set_or_whole(BoxSet, root, "val.txt")
    assert ds.split is None and len(ds.names) == 2 and len(calls) == 1, calls
