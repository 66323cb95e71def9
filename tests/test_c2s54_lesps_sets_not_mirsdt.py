"""LESPS (point-supervised IRSTD) prepares the single-frame sets NUAA-SIRST / NUDT-SIRST / IRSTD-1k as ``images/`` +
``masks/`` + ``masks_centroid/`` + ``50_50/train.txt``. The NUDT-MIRSDT layout took any folder with ``masks/`` and
``masks_centroid/`` for one of its sequences: such a set opened as one sequence of unrelated images, no split, and
the detector listed it as a sequence. A folder is now a NUDT-MIRSDT sequence on MIRSDT's own evidence (``Mix/``, a
``Sequence<n>`` name, its parent's split file naming it), never with a SIRST split folder."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.core.data import detect, mirsdt
from workbench.core.data.irseq import list_irseq
from workbench.core.data.sirst import open_sirst


def _labelled(folder, names, split_dir=None):
    for k, name in enumerate(names):
        img = np.full((24, 32), 90, np.uint8)
        mask = np.zeros_like(img)
        mask[10:13, 8 + k:11 + k] = img[10:13, 8 + k:11 + k] = 255
        centroid = np.zeros_like(img)
        centroid[11, 9 + k] = 255
        for d, a in (("images", img), ("masks", mask), ("masks_centroid", centroid)):
            (folder / d).mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(folder / d / f"{name}.png"), a)
    if split_dir:
        (folder / split_dir).mkdir()
        (folder / split_dir / "train.txt").write_text("".join(f"{n}\n" for n in names[:-1]))
        (folder / split_dir / "test.txt").write_text(f"{names[-1]}\n")
    return folder


def test_lesps_prepared_set_is_a_sirst_set(tmp_path):
    root = _labelled(tmp_path / "NUDT-SIRST", ["000001", "000002", "000003"], "50_50")
    assert not mirsdt.probe(root)
    assert detect.detect_layout(root) == "masks"
    seq = detect.open_sequence(root)
    assert seq.meta["layout"] == "masks" and len(seq) == 3
    assert [(e.name, e.layout) for e in detect.open_dataset(tmp_path)] == [("NUDT-SIRST", "masks")]
    assert list_irseq(tmp_path) == []  # no sequence for the detector
    assert [it.name for it in open_sirst(root, split=root / "50_50" / "test.txt").items] == ["000003"]


def test_a_split_folder_outweighs_a_sequence_name(tmp_path):
    for split_dir in ("idx_427", "img_idx", "splits"):
        root = _labelled(tmp_path / split_dir / "Sequence3", ["1", "2"], split_dir)
        assert not mirsdt.probe(root)


def test_mirsdt_evidence_still_marks_a_sequence(tmp_path):
    root = tmp_path / "NUDT-MIRSDT"
    _labelled(root / "Sequence7", ["00001", "00002"])  # its name
    _labelled(root / "clip2", ["00001", "00002"])  # named by the root's split file
    _labelled(root / "clip9", ["00001", "00002"])
    (root / "clip9" / "Mix").mkdir()  # its Mix/ stacks
    _labelled(root / "other", ["00001", "00002"])  # none of them
    (root / "test.txt").write_text("clip2/Mix/00001.mat\nclip2/Mix/00002.mat\n")
    assert [p.name for p in mirsdt.sequence_paths(root)] == ["clip2", "clip9", "Sequence7"]
    assert detect.open_sequence(root / "clip2").meta["split"] == "test"
    assert detect.detect_layout(root / "other") == "masks"
