"""TRE / SRE / VOT runs made class folder by class folder on a LaSOT root (run --dataset LaSOT/<class>, stored
under results/<class>/) are one tracker when the root is scored, as one-pass scoring merges them
(results.dataset_folders): one row over every sequence, not 'kcf' and "kcf'" each on one class."""
import json

import cv2
import numpy as np
import pytest

from workbench.cli import main


def _lasot(root, cls, k, n=24):
    seq = root / cls / f"{cls}-{k}"
    (seq / "img").mkdir(parents=True)
    for i in range(n):
        img = np.full((48, 64, 3), 40, np.uint8)
        img[20:30, 10 + i:20 + i] = 230
        cv2.imwrite(str(seq / "img" / f"{i + 1:08d}.jpg"), img)
    (seq / "groundtruth.txt").write_text("".join(f"{11 + i},21,10,10\n" for i in range(n)))
    (seq / "full_occlusion.txt").write_text(",".join("0" * n))
    (seq / "out_of_view.txt").write_text(",".join("0" * n))


@pytest.mark.parametrize("protocol", ["tre", "sre", "vot"])
def test_class_by_class_protocol_runs_score_as_one_tracker(tmp_path, capsys, protocol):
    root = tmp_path / "LaSOT"
    # what is checked is how the class folders' runs are merged, not their scores: TRE needs 20 frames after its
    # starts, SRE's 12 runs and VOT's restarts need none, so they track 8 (SRE tracked 12 x 2 x 24 frames before)
    n = 24 if protocol == "tre" else 8
    for cls in ("bird", "cat"):
        _lasot(root, cls, 1, n=n)
    out = tmp_path / "res"
    extra = ["--segments", "2"] if protocol == "tre" else []
    for cls in ("bird", "cat"):
        assert main(["run", "--tracker", "kcf", "--protocol", protocol, *extra, "--dataset", str(root / cls),
                     "--out", str(out)]) == 0
    capsys.readouterr()
    js = tmp_path / "scores.json"
    assert main(["eval", str(out), "--dataset", str(root), "--protocol", protocol, "--json", str(js)]) == 0
    data = json.loads(js.read_text())
    assert list(data) == ["kcf"], list(data)
    assert {k for k in data["kcf"] if not k.startswith("_")} == {"bird-1", "cat-1"}, data["kcf"].keys()
    assert "_missing" not in data["kcf"]
