"""NAS-TIR's crop bank draws its identities from the core training corpus's labelled videos."""
from __future__ import annotations

import numpy as np

from workbench.core.data.images import write_image


def _otb(root, name, n=6):
    d = root / name / "img"
    d.mkdir(parents=True)
    rng = np.random.default_rng(len(name))
    for i in range(n):
        img = np.clip(60 + rng.normal(0, 3, (80, 100)), 0, 255).astype(np.uint8)
        img[20:50, 30 + i:45 + i] = 200
        write_image(d / f"{i + 1:04d}.png", img)
    (root / name / "groundtruth_rect.txt").write_text("".join(f"{31 + i},21,15,30\n" for i in range(n)))


def test_corpus_tracks_split_and_bank(tmp_path):
    from workbench_nas_tir.data import build_bank, corpus_tracks

    _otb(tmp_path, "walker_a")
    _otb(tmp_path, "walker_b")
    imgs = tmp_path / "images_only" / "images"  # an unlabelled image set: no identity
    imgs.mkdir(parents=True)
    write_image(imgs / "x.png", np.zeros((40, 40), np.uint8))
    train, held = corpus_tracks(str(tmp_path), "walker_b")
    assert [s.name for s in train] == ["walker_a"] and [s.name for s in held] == ["walker_b"]
    bank = build_bank(train, synthetic=0, frames_per_id=4, crop=16)
    assert bank.names == ["walker_a"] and len(bank.crops) == 4 and bank.crops.shape[1:] == (16, 16)


def test_a_holdout_name_not_in_the_corpus_is_refused(tmp_path):
    """`--holdout walker_bb` (a typo) was dropped silently: the sequence meant to be held out was trained on."""
    import pytest

    from workbench.core.errors import WorkbenchError
    from workbench_nas_tir.data import corpus_tracks

    _otb(tmp_path, "walker_a")
    _otb(tmp_path, "walker_b")
    with pytest.raises(WorkbenchError, match=r"^--holdout walker_bb: not a labelled video under --corpus "
                                             r"\(did you mean walker_b\?\); known labelled videos \(2\): walker_a, walker_b$"):
        corpus_tracks(str(tmp_path), "walker_bb,walker_a")
