"""The set-up of the Success / precision dock's RGB-T tests: one GTOT-layout sequence (BlackCar) whose boxes are the
same in both streams, and a tracker's boxes ``PRED`` 8 px off them."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

N, H, W = 5, 48, 64
GT = np.array([[10 + i, 12, 20, 20] for i in range(N)], float)  # x, y, w, h (both streams the same boxes)
PRED = GT + [8, 0, 0, 0]  # every centre 8 px off: within 20 px (P@20 = 1), not within 5 (GTOT's MPR@5 = 0)


def gtot_blackcar(root: Path) -> Path:
    """A GTOT-layout sequence: i/ and v/ frames, groundTruth_i.txt / groundTruth_v.txt as corners x1 y1 x2 y2."""
    seq = root / "BlackCar"
    for sub, tag in (("i", "i"), ("v", "v")):
        (seq / sub).mkdir(parents=True)
        for k in range(N):
            g = np.full((H, W), 40 + 20 * k, np.uint8)
            cv2.imwrite(str(seq / sub / f"{k + 1:05d}_{tag}.png"), np.dstack([g, g, g]))
        corners = np.column_stack([GT[:, :2], GT[:, :2] + GT[:, 2:]]).astype(int)
        (seq / f"groundTruth_{tag}.txt").write_text("".join(" ".join(map(str, r)) + "\n" for r in corners))
    return root
