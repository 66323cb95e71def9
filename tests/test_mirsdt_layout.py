"""NUDT-MIRSDT as its authors publish it (``Sequence<n>/images`` + ``masks`` + ``masks_centroid`` + ``Mix``,
``train.txt`` / ``test.txt`` of ``Sequence<n>/Mix/<k>.mat`` lines), on a generated mimic: read as sequences
with their masks' targets, not as SIRST-style sets of unrelated images."""
from __future__ import annotations

import struct
import zlib

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


def _element(typ: int, data: bytes) -> bytes:
    return struct.pack("<II", typ, len(data)) + data + b"\0" * (-len(data) % 8)


def write_mat_v5(path, variables: dict, compress: bool) -> None:
    """A MAT v5 file as MATLAB's save (and scipy's savemat) writes one: a 128-byte header, then each variable an
    miMATRIX element (flags, dimensions, name, column-major data), zlib-compressed in an miCOMPRESSED one if asked."""
    classes = {np.dtype("float64"): (6, 9), np.dtype("uint8"): (9, 2)}  # dtype -> (mx class, mi type)
    out = b"MATLAB 5.0 MAT-file, written by the workbench's tests".ljust(116) + b"\0" * 8 + struct.pack("<H", 0x0100) + b"IM"
    for name, arr in variables.items():
        cls, mi = classes[arr.dtype]
        body = (_element(6, struct.pack("<II", cls, 0)) + _element(5, struct.pack(f"<{arr.ndim}i", *arr.shape))
                + _element(1, name.encode()) + _element(mi, np.asfortranarray(arr).tobytes(order="F")))
        matrix = _element(14, body)
        out += struct.pack("<II", 15, len(z := zlib.compress(matrix))) + z if compress else matrix
    path.write_bytes(out)


@pytest.mark.parametrize("compress", [False, True])
def test_frames_only_in_mat_stacks_are_read_from_them(tmp_path, compress):
    """A copy holding Mix/*.mat and the masks but no images/ (what DTUM's loader needs): frame k is the last of
    Mix/<k>.mat's stack (frames first), float whole numbers read as 8-bit."""
    root = tmp_path / "NUDT-MIRSDT"
    _sequence(root, "Sequence5", n=4, images=False)
    stack = []
    for k in range(1, 5):
        img = np.full((48, 64), 100.0)
        img[20, 4 + 3 * k] = 250.0
        stack.append(img)
        write_mat_v5(root / "Sequence5" / "Mix" / f"{k:05d}.mat",
                     {"other": np.zeros((2, 2), np.uint8), "Mix": np.stack(stack[-3:])}, compress)
    (root / "test.txt").write_text("".join(f"Sequence5/Mix/{k:05d}.mat\n" for k in range(1, 5)))
    assert [e.layout for e in detect.open_dataset(root)] == ["mirsdt"]
    seq = detect.open_sequence(root / "Sequence5")
    assert len(seq) == 4 and seq.modality == "gray" and seq.meta["split"] == "test"
    for i in range(4):
        frame = seq.frames.read(i)
        assert frame.dtype == np.uint8 and frame.shape == (48, 64) and frame[20, 7 + 3 * i] == 250
    np.testing.assert_allclose(seq.groundtruth[3], [15, 19, 3, 3])  # the mask of frame 4 (column 16)


def test_mat_v73_is_read_through_h5py(tmp_path):
    import h5py

    from workbench.core.data.matfile import read_mat_array

    stack = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    path = tmp_path / "00001.mat"
    with h5py.File(path, "w", userblock_size=512) as f:
        f["Mix"] = stack.T  # MATLAB writes its column-major array: axes reversed in HDF5
    with open(path, "r+b") as f:
        f.write(b"MATLAB 7.3 MAT-file")
    np.testing.assert_array_equal(read_mat_array(path, "Mix"), stack)
    with pytest.raises(DataError) as err:
        read_mat_array(path, "Other")
    assert str(path) in str(err.value) and "Mix" in str(err.value)


def test_mat_file_problems_name_the_file(tmp_path):
    from workbench.core.data.matfile import read_mat_array

    path = tmp_path / "a.mat"
    write_mat_v5(path, {"Img": np.zeros((2, 2), np.uint8)}, compress=True)
    with pytest.raises(DataError, match="holds no variable 'Mix' \\(variables: Img\\)"):
        read_mat_array(path, "Mix")
    (tmp_path / "b.mat").write_bytes(b"not a mat file at all" * 10)
    with pytest.raises(DataError, match="not a MATLAB .mat file"):
        read_mat_array(tmp_path / "b.mat", "Mix")
