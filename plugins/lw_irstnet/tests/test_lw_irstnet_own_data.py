"""A researcher's own data in the layouts of the public sets, through the plugin's own commands."""
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from workbench.core.errors import WorkbenchError


def _irstd1k(root: Path, n=8, size=(40, 48)) -> Path:
    """IRSTD-1k's layout: IRSTD1k_Img/ + IRSTD1k_Label/ (masks named as the images), trainval.txt / test.txt."""
    rng = np.random.default_rng(3)
    (root / "IRSTD1k_Img").mkdir(parents=True)
    (root / "IRSTD1k_Label").mkdir()
    names = []
    for i in range(n):
        img = rng.normal(60, 8, size).clip(0, 255).astype(np.uint8)
        m = np.zeros(size, np.uint8)
        y, x = int(rng.integers(5, size[0] - 5)), int(rng.integers(5, size[1] - 5))
        cv2.circle(img, (x, y), 2, 230, -1)
        cv2.circle(m, (x, y), 2, 255, -1)
        cv2.imwrite(str(root / "IRSTD1k_Img" / f"XDU{i}.png"), img)
        cv2.imwrite(str(root / "IRSTD1k_Label" / f"XDU{i}.png"), m)
        names.append(f"XDU{i}")
    (root / "trainval.txt").write_text("\n".join(names[:6]) + "\n")
    (root / "test.txt").write_text("\n".join(names[6:]) + "\n")
    return root


def _weights(path: Path) -> Path:
    from workbench_lw_irstnet.model import LWIRSTNet

    torch.manual_seed(0)
    torch.save(LWIRSTNet().state_dict(), path)
    return path


def test_segment_scores_an_irstd1k_layout_split(tmp_path, capsys):
    """`segment --dataset IRSTD1K --split test.txt` was taken for pictures without masks: all images
    segmented, the split ignored, 'nothing scored'."""
    from workbench_lw_irstnet import evaluate

    data = _irstd1k(tmp_path / "irstd")
    assert not evaluate.is_plain_images(data)
    js = tmp_path / "seg.json"
    assert evaluate.main(["--dataset", str(data), "--split", "test.txt", "--weights", str(_weights(tmp_path / "w.pt")),
                          "--json", str(js), "--device", "cpu", "--threads", "1"]) == 0
    assert "nothing scored" not in capsys.readouterr().out
    res = json.loads(js.read_text())
    assert "miou" in res and len(res["per_image"]) == 2
