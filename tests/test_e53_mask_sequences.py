"""Multi-frame IR small-target sets with a mask per frame, as IRDST, TSIRMT and MIST are published and read by the
field's loaders (LMAFormer, DTUM, MIST): ``ROOT/images/<seq>/<n>.png`` + ``ROOT/masks/<seq>/<n>.png``, split files of
sequence names. The root was one "masks" image set that could not be opened ("images/ holds no images"), the
detector found no labelled sequence in it and the segmenter no image. Tiny generated mimics, no real data."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

N = 11  # frames 1..11, unpadded as IRDST names them: text order would be 1, 10, 11, 2, ...


def _centre(seq_index: int, i: int) -> tuple[int, int]:
    return 4 + 2 * i, 6 + 3 * seq_index


def _mimic(root: Path, seqs=("1", "3"), img="images", msk="masks", pad=0) -> Path:
    rng = np.random.default_rng(1)
    for s, seq in enumerate(seqs):
        for i in range(N):
            frame = rng.integers(40, 60, (24, 32), dtype=np.uint8)
            mask = np.zeros((24, 32), np.uint8)
            x, y = _centre(s, i)
            frame[y - 1:y + 2, x - 1:x + 2] = 200 + i  # the frame's index in its brightness: order checked
            mask[y - 1:y + 2, x - 1:x + 2] = 255
            name = f"{i + 1:0{pad}d}" if pad else str(i + 1)
            for d, a in ((img, frame), (msk, mask)):
                (root / d / seq).mkdir(parents=True, exist_ok=True)
                cv2.imwrite(str(root / d / seq / f"{name}.png"), a)
    return root


def test_irdst_root_lists_its_sequences_with_masks_and_points_in_frame_order(tmp_path):
    from workbench.core.data.detect import open_dataset

    root = _mimic(tmp_path / "IRDST")
    (root / "train_new.txt").write_text("1\n")
    (root / "val_new.txt").write_text("3\n")
    entries = open_dataset(root)
    assert [(e.name, e.layout) for e in entries] == [("1", "maskseq"), ("3", "maskseq")]
    seq = entries[1].open()
    assert len(seq) == N and seq.meta["split"] == "val_new"
    assert [int(seq.frames.read(i)[_centre(1, i)[1], _centre(1, i)[0]]) for i in range(N)] == [200 + i for i in range(N)]
    assert [Path(m).name for m in seq.meta["mask_files"]] == [f"{i + 1}.png" for i in range(N)]
    assert seq.meta["point_labels"][10] == [(float(_centre(1, 10)[0]), float(_centre(1, 10)[1]), 0)]
    assert np.allclose(seq.groundtruth[0], (3, 8, 3, 3))  # the component's bounding box (pixels 3..5, 8..10)


def test_the_detector_reads_each_sequence_with_mask_centroids_as_point_truth(tmp_path):
    from workbench.core.data.irseq import list_irseq, open_irseq

    root = _mimic(tmp_path / "TSIRMT", seqs=("Sequence001", "Sequence002"), pad=5)
    (root / "ImageSets").mkdir()
    (root / "ImageSets" / "val_new.txt").write_text("Sequence002\n")
    found = list_irseq(root)
    assert [p.name for p in found] == ["Sequence001", "Sequence002"]
    seq = open_irseq(found[0])
    assert seq.labelled and len(seq) == N
    assert [(lab.cx, lab.cy, lab.w, lab.h) for lab in seq.labels[4]] == [(12.0, 6.0, 3.0, 3.0)]


def test_the_segmenter_scores_a_split_of_sequence_names_frame_by_frame(tmp_path):
    from workbench.core.data.sirst import open_sirst

    root = _mimic(tmp_path / "TSIRMT", seqs=("Sequence001", "Sequence002"), pad=5)
    (root / "ImageSets").mkdir()
    (root / "ImageSets" / "val_new.txt").write_text("Sequence002\n")
    ds = open_sirst(root, "val_new")
    assert ds.names == [f"Sequence002/{i + 1:05d}" for i in range(N)]
    assert ds.mask(3).sum() == 9
    every = open_sirst(tmp_path / "TSIRMT")
    assert len(every) == 2 * N and every.names[N] == "Sequence002/00001"
    irdst = open_sirst(_mimic(tmp_path / "IRDST"))  # unpadded names: 1, 2 ... 11, not 1, 10, 11, 2
    assert irdst.names[:3] == ["1/1", "1/2", "1/3"] and irdst.names[N - 1] == "1/11"


def test_mist_singular_image_and_mask_folders_are_one_sequence_not_two_plain_folders(tmp_path):
    from workbench.core.data.detect import open_dataset

    root = _mimic(tmp_path / "MIST", seqs=("seq_0001",), img="image", msk="mask", pad=4)
    entries = open_dataset(root)
    assert [(e.name, e.layout) for e in entries] == [("seq_0001", "maskseq")]
    assert entries[0].open().meta["mask_files"][0] is not None


def test_a_frame_without_its_mask_is_said_and_not_scored(tmp_path):
    from workbench.core.data.irseq import open_irseq

    root = _mimic(tmp_path / "IRDST", seqs=("7",))
    (root / "masks" / "7" / "5.png").unlink()
    seq = open_irseq(root / "images" / "7")
    assert seq.meta["unlabelled_frames"] == [4] and seq.scored_frames() == [i for i in range(N) if i != 4]
    assert any("no mask for 1 of 11 frames" in w for w in seq.meta["warnings"])


@pytest.mark.parametrize("name", ["1", "1/"])
def test_the_set_root_opened_as_one_sequence_says_it_is_a_dataset(tmp_path, name):
    from workbench.core.data.detect import open_sequence
    from workbench.core.errors import DataError

    root = _mimic(tmp_path / "IRDST")
    with pytest.raises(DataError, match="a dataset .* of 2 sequences"):
        open_sequence(root)
    assert open_sequence(root / "images" / name).meta["layout"] == "maskseq"


def test_a_dtum_style_split_of_seq_slash_frame_lines_with_bmp_frames_and_masks(tmp_path):
    from workbench.core.data.sirst import open_sirst

    root = tmp_path / "IRDST"
    for i in range(1, N + 1):  # DTUM's IRDST loader: images/<seq>/<n>.bmp, masks the same names
        for d, v in (("images", 60), ("masks", 0)):
            (root / d / "252").mkdir(parents=True, exist_ok=True)
            img = np.full((16, 16), v, np.uint8)
            img[5, 5] = 255
            cv2.imwrite(str(root / d / "252" / f"{i}.bmp"), img)
    (root / "img_idx").mkdir()
    (root / "img_idx" / "test_IRDST-simulation.txt").write_text("252/2\n252/10\n")
    ds = open_sirst(root, "test_IRDST-simulation")
    assert ds.names == ["252/2", "252/10"] and ds.items[1].mask_path.name == "10.bmp" and ds.mask(0).sum() == 1
