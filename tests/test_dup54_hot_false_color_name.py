"""detect's check for a HOT2022 / 2023 root (``_false_colour_companions``: a ``HSI-<kind>-FalseColor/`` beside the
mosaics' folder) restated hot's rule of a false-colour folder's name (``find_siblings``) with other matching (``_``
dropped too, as hot's ``_is_mosaic_folder`` dropped it): all three now ask ``hot.is_false_color_name``, which drops
both (a ``False_Color`` folder was no mosaics and, to ``find_siblings``, no false colour either)."""
from pathlib import Path

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")


def test_false_colour_names():
    from workbench.core.data.hot import is_false_color_name

    for name in ("HSI-VIS-FalseColor", "HSI-NIR-Falsecolor", "HSI_RedNIR_FalseColor", "HSI-FalseColor",
                 "FALSE-COLOR", "falsecolor", "HSI-VIS-False_Color"):
        assert is_false_color_name(name), name
    for name in ("HSI-VIS", "HSI-NIR", "RGB", "FalseColour", "False Color", ""):
        assert not is_false_color_name(name), name


def _video(root: Path, seq: str, fc_name: str = "HSI-VIS-FalseColor") -> None:
    hsi, fc = root / "HSI-VIS" / seq, root / fc_name / seq
    hsi.mkdir(parents=True)
    fc.mkdir(parents=True)
    for t in range(1, 4):
        cv2.imwrite(str(hsi / f"{t:04d}.png"), np.full((32, 48), 100 * t, np.uint16))
        cv2.imwrite(str(fc / f"{t:04d}.jpg"), np.full((8, 12, 3), 20 * t, np.uint8))
    (fc / "groundtruth_rect.txt").write_text("1 2 3 4\n" * 3)


def test_the_listing_and_the_video_take_hot_s_one_name_rule(tmp_path, monkeypatch):
    from workbench.core.data import hot
    from workbench.core.data.detect import open_dataset

    root = tmp_path / "validation"
    _video(root, "ball")
    entries = open_dataset(root)
    assert [(e.name, e.layout) for e in entries] == [("ball", "hot")]  # its false colour no second sequence
    assert Path(entries[0].open().meta["siblings"]["false_color"]) == root / "HSI-VIS-FalseColor" / "ball"

    # hot's rule changed (a name no release spells: this test's own): the listing and the video follow it alike
    other = tmp_path / "other"
    _video(other, "kite", fc_name="HSI-VIS-Colour")
    assert sorted(e.layout for e in open_dataset(other)) == ["folder", "hot"]  # no false-colour name: as before
    monkeypatch.setattr(hot, "is_false_color_name", lambda name: "colour" in name.lower())
    entries = open_dataset(other)
    assert [(e.name, e.layout) for e in entries] == [("kite", "hot")]
    assert Path(entries[0].open().meta["siblings"]["false_color"]) == other / "HSI-VIS-Colour" / "kite"


def test_a_false_colour_folder_spelt_with_an_underscore_is_the_video_s(tmp_path):
    from workbench.core.data import hot

    root = tmp_path / "validation"
    _video(root, "ball", fc_name="HSI-VIS-False_Color")
    assert not hot._is_mosaic_folder(root / "HSI-VIS-False_Color" / "ball")
    assert hot._is_mosaic_folder(root / "HSI-VIS" / "ball")
    assert hot.find_siblings(root / "HSI-VIS" / "ball")["false_color"] == root / "HSI-VIS-False_Color" / "ball"
    from workbench.core.data.detect import open_dataset

    assert [(e.name, e.layout) for e in open_dataset(root)] == [("ball", "hot")]  # was listed twice: 'ball' again
