"""NUDT-MIRSDT as its authors publish it (``Sequence<n>/images`` + ``masks`` + ``masks_centroid`` + ``Mix``,
``train.txt`` / ``test.txt`` of ``Sequence<n>/Mix/<k>.mat`` lines), on a generated mimic: read as sequences
with their masks' targets, not as SIRST-style sets of unrelated images."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import detect
from workbench.core.errors import DataError


def _write_png(path, arr):
    import cv2

    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), arr)


def _sequence(root, name, n=12, mix=True, images=True, y=20):
    rng = np.random.default_rng(len(name))
    for k in range(1, n + 1):
        img = rng.integers(90, 120, (48, 64), dtype=np.uint8)
        x = 4 + 3 * k
        img[y - 1:y + 2, x - 1:x + 2] = 250
        mask = np.zeros_like(img)
        mask[y - 1:y + 2, x - 1:x + 2] = 255
        cen = np.zeros_like(img)
        cen[y, x] = 255
        if images:
            _write_png(root / name / "images" / f"{k:05d}.png", img)
        _write_png(root / name / "masks" / f"{k:05d}.png", mask)
        _write_png(root / name / "masks_centroid" / f"{k:05d}.png", cen)
        if mix:
            (root / name / "Mix").mkdir(parents=True, exist_ok=True)
            (root / name / "Mix" / f"{k:05d}.mat").write_bytes(b"MATLAB 5.0 MAT-file")  # never read


@pytest.fixture()
def mirsdt_root(tmp_path):
    root = tmp_path / "NUDT-MIRSDT"
    for s in ("Sequence1", "Sequence2", "Sequence10"):
        _sequence(root, s)
    (root / "train.txt").write_text("".join(f"{s}/Mix/{k:05d}.mat\n" for s in ("Sequence1", "Sequence2")
                                            for k in range(1, 13)))
    (root / "test.txt").write_text("".join(f"Sequence10/Mix/{k:05d}.mat\n" for k in range(1, 13)))
    return root


def test_published_root_lists_sequences_with_targets_and_splits(mirsdt_root):
    entries = detect.open_dataset(mirsdt_root)
    assert [(e.name, e.layout) for e in entries] == [("Sequence1", "mirsdt"), ("Sequence10", "mirsdt"),
                                                     ("Sequence2", "mirsdt")]
    seq = detect.open_sequence(mirsdt_root / "Sequence10")
    assert seq.meta["layout"] == "mirsdt" and seq.meta["split"] == "test" and len(seq) == 12
    assert detect.open_sequence(mirsdt_root / "Sequence2").meta["split"] == "train"
    assert [p.name for p in seq.frames.paths[:2]] == ["00001.png", "00002.png"]
    # the 3 x 3 target of frame k at column 4 + 3k, row 20: its box from the mask, its centroid the point
    np.testing.assert_allclose(seq.groundtruth[0], [6, 19, 3, 3])
    np.testing.assert_allclose(seq.groundtruth[11], [39, 19, 3, 3])
    assert seq.meta["point_labels"][4] == [(19.0, 20.0, 0)]
    assert seq.attributes.get("points") is True


def test_detector_reads_the_masks_targets(mirsdt_root):
    from workbench.core.data.irseq import list_irseq, open_irseq

    assert [p.name for p in list_irseq(mirsdt_root)] == ["Sequence1", "Sequence2", "Sequence10"]
    seq = open_irseq(mirsdt_root / "Sequence1")
    assert len(seq.labels) == 12 and seq.meta["split"] == "train"
    assert [len(f) for f in seq.labels] == [1] * 12
    first = seq.labels[0][0]
    assert (first.cx, first.cy, first.w, first.h) == (7.0, 20.0, 3.0, 3.0)


def test_sirst_style_set_is_not_taken(tmp_path):
    """images/ + masks/ without masks_centroid/ or Mix/ (a SIRST-style set) stays the masks layout's."""
    from workbench.core.data import mirsdt

    _sequence(tmp_path, "set", n=3, mix=False)
    import shutil

    shutil.rmtree(tmp_path / "set" / "masks_centroid")
    assert not mirsdt.probe(tmp_path / "set")
    assert detect.detect_layout(tmp_path / "set") != "mirsdt"


def test_frames_only_in_mat_stacks_are_refused_naming_the_folder(tmp_path):
    _sequence(tmp_path, "Sequence5", n=2, images=False)
    with pytest.raises(DataError) as err:
        detect.open_sequence(tmp_path / "Sequence5")
    msg = str(err.value)
    assert "Sequence5" in msg and "Mix/*.mat" in msg and "images/" in msg
