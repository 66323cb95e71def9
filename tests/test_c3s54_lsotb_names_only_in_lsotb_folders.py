"""A ``sequences/`` + ``anno/att/`` pair is not LSOTB-TIR's alone (OTB-derived toolkits share the layout): its 16
attribute flags are named as LSOTB-TIR's run_evaluation.m names them only where the sequence is one of LSOTB-TIR's
(``<class>_<V|D|S|H>_<nnn>``, the scenario flag of its letter the one set); elsewhere they stay numbered."""
from __future__ import annotations

import numpy as np

from workbench.core.data import detect

# LSOTB-TIR's anno/att/car_D_002.txt (QiaoLiuHit/LSOTB-TIR): distractor, background clutter, scale variation, fast
# motion, drone-mounted
CAR_D_002 = [0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0]


def _sequence(root, name, flags):
    from workbench.core.data.images import write_image

    img = root / "sequences" / name / "img"
    img.mkdir(parents=True)
    for k in range(2):
        write_image(img / f"{k + 1:08d}.jpg", np.full((30, 40), 70, np.uint8))
    (root / "anno" / "att").mkdir(parents=True, exist_ok=True)
    (root / "anno" / f"{name}.txt").write_text("5,5,8,8\n" * 2)
    (root / "anno" / "att" / f"{name}.txt").write_text(",".join(map(str, flags)) + "\n")
    return img.parent


def test_an_lsotb_tir_sequence_gets_the_toolkits_names(tmp_path):
    seq = detect.open_sequence(_sequence(tmp_path, "car_D_002", CAR_D_002))
    assert set(seq.attributes) == {"distractor", "background clutter", "scale variation", "fast motion",
                                   "drone-mounted"}


def test_another_toolkits_sixteen_flags_stay_numbered(tmp_path):
    seq = detect.open_sequence(_sequence(tmp_path, "walker", CAR_D_002))
    assert set(seq.attributes) == {"attribute 3", "attribute 4", "attribute 6", "attribute 7", "attribute 14"}


def test_a_scenario_flag_against_the_name_stays_numbered(tmp_path):
    flags = CAR_D_002[:12] + [0, 0, 0, 1]  # named a drone sequence (_D_), flagged hand-held: not LSOTB-TIR's vector
    seq = detect.open_sequence(_sequence(tmp_path, "car_D_002", flags))
    assert "hand-held" not in seq.attributes and "attribute 16" in seq.attributes
