"""A tracker run class folder by class folder on a LaSOT root (run --dataset LaSOT/<class>, the runs stored
under results/<class>/) is one tracker when the root is scored: one row over every sequence. Each class's
run was a tracker of its own ('kcf', 'kcf/default@bird'), each scored on one class."""
import cv2
import numpy as np

from workbench.cli import main


def _lasot(root, cls, k, n=5):
    seq = root / cls / f"{cls}-{k}"
    (seq / "img").mkdir(parents=True)
    for i in range(n):
        img = np.full((48, 64, 3), 40, np.uint8)
        img[20:30, 20 + i:30 + i] = 230
        cv2.imwrite(str(seq / "img" / f"{i + 1:08d}.jpg"), img)
    (seq / "groundtruth.txt").write_text("".join(f"{21 + i},21,10,10\n" for i in range(n)))
    (seq / "full_occlusion.txt").write_text(",".join("0" * n))
    (seq / "out_of_view.txt").write_text(",".join("0" * n))


def test_runs_class_by_class_score_as_one_tracker(tmp_path, capsys):
    root = tmp_path / "LaSOT"
    for cls in ("bird", "cat"):
        for k in (1, 2):
            _lasot(root, cls, k)
    out = tmp_path / "res"
    for cls in ("bird", "cat"):
        assert main(["run", "--tracker", "kcf", "--dataset", str(root / cls), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(root), "--per-sequence"]) == 0
    rows = [ln.split() for ln in capsys.readouterr().out.splitlines() if ln.startswith("kcf")]
    assert {r[0] for r in rows} == {"kcf"}, rows
    assert sorted(r[1] for r in rows) == ["ALL", "bird-1", "bird-2", "cat-1", "cat-2"]
    assert rows[-1][1] == "ALL" and rows[-1][-1] == "20"  # 4 sequences x 5 frames, minus none
