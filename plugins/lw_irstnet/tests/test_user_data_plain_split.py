"""`workbench segment --model lw_irstnet --dataset IMAGES --split FILE` on a user's images without masks:
the split was ignored (every image segmented; a split that did not exist went unsaid)."""
from __future__ import annotations

import pytest

from workbench.core.errors import DataError, DataWarning


def _root(tmp_path, listed: str):
    root = tmp_path / "mine"
    (root / "images").mkdir(parents=True)
    (root / "splits").mkdir()
    (root / "splits" / "test.txt").write_text(listed)
    return root


def test_plain_images_honour_the_split(tmp_path):
    from workbench_lw_irstnet.evaluate import plain_split

    names = ["a", "b", "c"]
    root = _root(tmp_path, "c.png\na\n")
    assert plain_split(root, "test", names) == [2, 0]
    assert plain_split(root, None, names) is None
    with pytest.warns(DataWarning, match=r"test\.txt: 1 of 2 names have no image .*'zz'"):
        assert plain_split(_root(tmp_path / "2", "b\nzz\n"), "test", names) == [1]


def test_plain_images_refuse_a_missing_or_foreign_split(tmp_path):
    from workbench_lw_irstnet.evaluate import plain_split

    root = _root(tmp_path, "x1\nx2\n")
    with pytest.raises(DataError, match="split 'val' not found"):
        plain_split(root, "val", ["a"])
    with pytest.raises(DataError, match=r"test\.txt: names none of the 1 images of .*'x1'"):
        plain_split(root, "test", ["a"])


def test_segment_on_plain_images_segments_the_split_alone(tmp_path):
    """The command end to end: only the split's images segmented, in its order (plain_split's result is used)."""
    import json

    import cv2
    import numpy as np

    from workbench_lw_irstnet import evaluate

    root = _root(tmp_path, "c\na\n")
    for name in ("a", "b", "c"):
        cv2.imwrite(str(root / "images" / f"{name}.png"), np.full((24, 32), 60, np.uint8))
    js = tmp_path / "r.json"
    assert evaluate.main(["--dataset", str(root), "--split", "test", "--json", str(js), "--threads", "1",
                          "--device", "cpu"]) == 0
    r = json.loads(js.read_text())
    assert r["scored"] is False and r["images"] == 2
    assert [p["name"] for p in r["per_image"]] == ["c", "a"]
