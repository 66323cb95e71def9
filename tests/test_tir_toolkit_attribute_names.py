"""The PTB-TIR and LSOTB-TIR evaluation toolkits' attribute vectors (``<anno>/att/<seq>.txt``) named as their
``run_evaluation.m`` names them (``attName``): they were tags "attribute 1" ... "attribute 16"."""
from __future__ import annotations

import numpy as np

from workbench.core.data import detect


def _toolkit_sequence(root, frames_dir, anno_dir, name, flags):
    from workbench.core.data.images import write_image

    img = root / frames_dir / name / "img"
    img.mkdir(parents=True)
    for k in range(3):
        write_image(img / f"{k + 1:08d}.jpg", np.full((40, 50), 60, np.uint8))
    (root / anno_dir / "att").mkdir(parents=True, exist_ok=True)
    (root / anno_dir / f"{name}.txt").write_text("11,11,10,10\n" * 3)
    (root / anno_dir / "att" / f"{name}.txt").write_text(",".join(map(str, flags)) + "\n")
    return img.parent


def test_ptb_tir_attributes_are_named(tmp_path):
    seq = detect.open_sequence(_toolkit_sequence(tmp_path, "tirsequences", "tiranno", "airplane",
                                                 [1, 1, 1, 1, 0, 0, 1, 0, 0, 1]))
    assert set(seq.attributes) == {"deformation", "occlusion", "scale variation", "background clutter",
                                   "motion blur", "thermal crossover"}


def test_lsotb_tir_attributes_are_named(tmp_path):
    seq = detect.open_sequence(_toolkit_sequence(tmp_path, "sequences", "anno", "airplane_H_001",
                                                 [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1]))
    assert set(seq.attributes) == {"out of view", "scale variation", "fast motion", "motion blur", "hand-held"}
