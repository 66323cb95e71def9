"""A HOT2022 / 2023 challenge root (validation/ or ranking/: HSI-<kind>/<seq>/ mosaics beside
HSI-<kind>-FalseColor/<seq>/ JPEGs, as laisimiao/ViPT_HOT2023's README.md lays it out) lists each video once:
the false-colour folder was a second sequence of the video's name, and `workbench run --dataset` refused the
root ('two sequences are named ball')."""
from pathlib import Path

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from workbench.core.batch import sequence_refs  # noqa: E402
from workbench.core.data.detect import open_dataset  # noqa: E402


def _video(hsi: Path, fc: Path | None, n: int, frames: int = 3) -> None:
    rng = np.random.default_rng(len(str(hsi)))
    hsi.mkdir(parents=True)
    for t in range(1, frames + 1):
        cv2.imwrite(str(hsi / f"{t:04d}.png"), rng.integers(100, 4000, (n * 8, n * 12)).astype(np.uint16))
    if fc is not None:
        fc.mkdir(parents=True)
        for t in range(1, frames + 1):
            cv2.imwrite(str(fc / f"{t:04d}.jpg"), rng.integers(0, 255, (8, 12, 3)).astype(np.uint8))
        # the challenge keeps the boxes with the false-colour frames (its loaders read them there)
        (fc / "groundtruth_rect.txt").write_text("1\t2\t3\t4\n" * frames)


def test_each_video_listed_once_with_its_false_colour(tmp_path):
    root = tmp_path / "validation"
    _video(root / "HSI-VIS" / "ball", root / "HSI-VIS-FalseColor" / "ball", 4)
    # HOT2024's ranking folders spell it 'Falsecolor'
    _video(root / "HSI-NIR" / "kite", root / "HSI-NIR-Falsecolor" / "kite", 5)
    # a false-colour video with no mosaics beside it is still a sequence of its own
    lone = root / "HSI-VIS-FalseColor" / "lone"
    lone.mkdir(parents=True)
    for t in range(1, 4):
        cv2.imwrite(str(lone / f"{t:04d}.jpg"), np.full((8, 12, 3), 9 * t, np.uint8))
    (lone / "groundtruth_rect.txt").write_text("1 2 3 4\n" * 3)

    entries = open_dataset(root)
    got = sorted((e.name, e.layout) for e in entries)
    assert got == [("ball", "hot"), ("kite", "hot"), ("lone", "folder")]
    refs = sequence_refs(dataset=root)  # refused the root before: two sequences named 'ball'
    assert sorted(r.name for r in refs) == ["ball", "kite", "lone"]
    ball = next(e for e in entries if e.name == "ball").open()
    assert ball.modality == "hsi" and ball.frame(0).shape == (8, 12, 16)
    assert Path(ball.meta["siblings"]["false_color"]) == root / "HSI-VIS-FalseColor" / "ball"
    np.testing.assert_array_equal(ball.groundtruth[0], [1, 2, 3, 4])  # read from its false-colour folder
    kite = next(e for e in entries if e.name == "kite").open()
    assert kite.frame(0).shape == (8, 12, 25)
    assert Path(kite.meta["siblings"]["false_color"]) == root / "HSI-NIR-Falsecolor" / "kite"


def test_an_rgb_tracker_refusing_hot_videos_says_where_their_false_colour_is():
    from workbench.core.loops import modality_todo

    said = modality_todo("tracker", "kcf", ("gray", "rgb", "ir16"), "hsi")
    assert "HSI-FalseColor/" in said and "HSI-<kind>-FalseColor/<video>/" in said, said
