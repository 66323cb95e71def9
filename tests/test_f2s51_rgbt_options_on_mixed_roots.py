"""``eval`` / ``report``'s --pooled / --absent and --rgbt RULE where not every sequence is RGB-T (R2's review of
cffbd9e, finding 10): a root mixing RGB-T sequences with others is scored one-pass (``folders._whole_rgbt``), where
--pooled / --absent apply, so they are not refused there; --rgbt RULE on data with no RGB-T sequence says that it
matched nothing (it was silent, the scores one-pass)."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

BOX = np.array([[10, 10, 10, 10], [11, 10, 10, 10], [12, 11, 10, 10]])


def _write(path: Path, rows) -> None:
    path.write_text("".join(",".join(str(v) for v in r) + "\n" for r in rows))


def _frames(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True)
    for i, name in enumerate(names):
        g = np.full((40, 60), 40 + 10 * i, np.uint8)
        cv2.imwrite(str(folder / name), np.dstack([g, g, g]))


def _otb(seq: Path) -> None:
    """An OTB-layout sequence: img/ and groundtruth_rect.txt."""
    _frames(seq / "img", [f"{i + 1:04d}.jpg" for i in range(len(BOX))])
    _write(seq / "groundtruth_rect.txt", BOX)


def _rgbt234(seq: Path) -> None:
    _frames(seq / "infrared", [f"{i + 1:05d}i.jpg" for i in range(len(BOX))])
    _frames(seq / "visible", [f"{i + 1:05d}v.jpg" for i in range(len(BOX))])
    _write(seq / "visible.txt", BOX)
    _write(seq / "infrared.txt", BOX)


def _results(root: Path, *seqs: str) -> Path:
    (root / "trk").mkdir(parents=True)
    for seq in seqs:
        _write(root / "trk" / f"{seq}.txt", BOX + 1)
    return root


def test_pooled_and_absent_taken_on_a_root_scored_one_pass(tmp_path, capsys):
    from workbench.cli import main

    _rgbt234(tmp_path / "data" / "afterrain")
    _otb(tmp_path / "data" / "Car")
    res = _results(tmp_path / "res", "afterrain", "Car")
    for opt in (["--pooled"], ["--absent", "failure"]):
        assert main(["eval", str(res), "--dataset", str(tmp_path / "data"), *opt]) == 0, capsys.readouterr().err
        got = capsys.readouterr()
        assert "not RGB-T (Car)" in got.err and "scored one-pass" in got.err
        assert "decides the frames and the averaging" not in got.err
    # all RGB-T: the rule decides, the option is refused as before
    _rgbt234(tmp_path / "rgbt" / "afterrain")
    assert main(["eval", str(res), "--dataset", str(tmp_path / "rgbt"), "--pooled"]) != 0
    assert "decides the frames and the averaging" in capsys.readouterr().err


def test_rgbt_rule_named_for_data_with_no_rgbt_sequence_is_said(tmp_path, capsys):
    from workbench.cli import main

    _otb(tmp_path / "data" / "Car")
    res = _results(tmp_path / "res", "Car")
    assert main(["eval", str(res), "--dataset", str(tmp_path / "data"), "--rgbt", "lasher"]) == 0
    err = capsys.readouterr().err
    assert "--rgbt lasher" in err and "no sequence" in err and "one-pass" in err
    assert main(["eval", str(res), "--dataset", str(tmp_path / "data")]) == 0  # auto: nothing to say
    assert "--rgbt" not in capsys.readouterr().err
