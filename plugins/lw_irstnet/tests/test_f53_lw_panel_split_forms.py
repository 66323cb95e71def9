"""The LW-IRSTNet panel's Evaluate tab checked the form's split on a box-labelled set with ``resolve_split``, which
knows split files only: an Anti-UAV split folder (``test``) or a COCO file's split (``test``), which ``BoxSet`` and the
CLI take, was dropped and every frame of the set scored, the status line saying the set had no such split. The split
is now given to ``BoxSet``; only a split in no form the set has (the default val.txt) falls back to the whole set, said
beside the figures. Tiny generated mimics (no real data); the shipped weights on 3-6 frames of 32 x 40."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PySide6")
pytest.importorskip("torch")
cv2 = pytest.importorskip("cv2")


def _frame(rng, k):
    f = rng.normal(60, 4, (32, 40)).clip(0, 255).astype(np.uint8)
    f[10 + k:13 + k, 20:23] = 250  # a 3x3 hot target
    return f


def _antiuav(root: Path) -> Path:
    """Anti-UAV410 layout: <split>/<seq>/ frames + IR_label.json (exist, gt_rect); 3 frames in test, 3 in val."""
    rng = np.random.default_rng(0)
    for split, seq in (("test", "02_x"), ("val", "03_y")):
        d = root / split / seq
        d.mkdir(parents=True)
        for k in range(3):
            cv2.imwrite(str(d / f"{k + 1:06d}.jpg"), _frame(rng, k))
        (d / "IR_label.json").write_text(json.dumps({"exist": [1, 1, 1],
                                                     "gt_rect": [[20, 10 + k, 3, 3] for k in range(3)]}))
    return root


def _coco(root: Path) -> Path:
    """ITSDT-15K layout: images/<seq>/<k>.bmp beside instances_{train,test}2017.json; 2 + 3 frames."""
    rng = np.random.default_rng(1)
    for split, seq, n in (("train", "1", 2), ("test", "58", 3)):
        ims, anns = [], []
        for k in range(n):
            (root / "images" / seq).mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(root / "images" / seq / f"{k}.bmp"), _frame(rng, k))
            ims.append({"id": k + 1, "file_name": f"{seq}/{k}.bmp", "width": 40, "height": 32})
            anns.append({"id": k + 1, "image_id": k + 1, "category_id": 1, "bbox": [20, 10 + k, 3, 3]})
        (root / f"instances_{split}2017.json").write_text(json.dumps(
            {"images": ims, "annotations": anns, "categories": [{"id": 1, "name": "target"}]}))
    return root


@pytest.fixture
def panel(qtbot):
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    p = Panel(PLUGIN, None)
    qtbot.addWidget(p)
    return p


def _evaluate(panel, qtbot, root, split):
    panel.eval_result = None
    panel.ev_root.setText(str(root))
    panel.ev_split.setCurrentText(split)
    assert panel.start_eval(), panel.ev_status.text()
    qtbot.waitUntil(lambda: not panel.eval_job.running, timeout=60_000)
    assert panel.eval_result is not None, panel.ev_status.text()
    return panel.eval_result.report.images, panel.ev_status.text()


@pytest.mark.parametrize("layout, whole", [(_antiuav, 6), (_coco, 5)])
def test_a_split_folder_or_coco_split_is_scored_alone(panel, qtbot, tmp_path, layout, whole):
    root = layout(tmp_path / "set")
    images, status = _evaluate(panel, qtbot, root, "test")
    assert images == 3 and "not used" not in status, status
    assert all("02_x" in n or n.startswith("58/") for n in panel.eval_dataset.names), panel.eval_dataset.names
    images, status = _evaluate(panel, qtbot, root, "val.txt")  # the form's default: in no form this set has
    assert images == whole and "split val.txt not used" in status, status


def test_a_split_file_there_but_refused_is_said_not_dropped(panel, qtbot, tmp_path):
    root = _antiuav(tmp_path / "set")
    (root / "splits").mkdir()
    (root / "splits" / "mine.txt").write_text("# nothing listed\n")
    panel.ev_root.setText(str(root))
    panel.ev_split.setCurrentText("mine.txt")
    assert panel.start_eval()
    qtbot.waitUntil(lambda: not panel.eval_job.running, timeout=60_000)
    assert panel.eval_result is None and "lists no sequences or frames" in panel.ev_status.text(), \
        panel.ev_status.text()
