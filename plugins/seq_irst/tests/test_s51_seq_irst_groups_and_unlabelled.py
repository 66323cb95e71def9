"""LOSO groups DAUB sequences by their layout (a ``sequence<N>`` folder holding ``anno_xy.txt``), not by a "daub" in
the path: a copy in a folder of another name was one group of every sequence (one recording group, no fold); and
a YOLO folder's frames without a label file are one list, read once, the same for the core's reader and seq_irst's
runs (``yolo.frame_labels``; each computed it apart before)."""
from pathlib import Path

import numpy as np

from tests.helpers import save_daub, shared
from workbench.core.data.images import write_image


def test_sequences_laid_out_with_anno_xy_group_by_recording_in_a_folder_of_any_name(tmp_path):
    from workbench.core.data.irseq_synth import make_sequence
    from workbench_seq_irst.loso import discover

    mine = tmp_path / "my_recordings"
    for name, seed in (("sequence1", 1), ("sequence2", 2), ("sequence4", 3), ("sequence8", 4), ("sequence12", 5)):
        save_daub(make_sequence(seed, width=16, height=16, frames=4, flicker_rate=0), mine / name)
    groups = discover([mine])
    assert {g: sorted(p.name for p in ps) for g, ps in groups.items()} == {
        "daub_1-2-3": ["sequence1", "sequence2"], "daub_4-8": ["sequence4", "sequence8"], "daub_12": ["sequence12"]}


def test_sequences_in_another_layout_group_by_their_folder_whatever_its_name(tmp_path):
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence
    from workbench_seq_irst.loso import discover

    for name, seed in (("sequence1", 1), ("sequence4", 2)):  # labels.csv: no DAUB recording to read
        save_irseq(make_sequence(seed, width=16, height=16, frames=4, flicker_rate=0), tmp_path / "daub" / name)
    assert list(discover([tmp_path / "daub"])) == ["daub"]


def test_the_real_sequences_linked_under_another_name_keep_their_recordings(tmp_path):
    from workbench_seq_irst.loso import discover, group_of

    src = shared("irst/daub")
    linked = tmp_path / "ir_set"
    linked.mkdir()
    for p in sorted(src.iterdir()):
        if p.is_dir():
            (linked / p.name).symlink_to(p, target_is_directory=True)
    groups = discover([linked])
    assert sorted(groups) == sorted({group_of(p, p.name) for p in src.iterdir() if p.is_dir()})
    assert all(g.startswith("daub_") for g in groups) and len(groups) >= 2


def _yolo_folder(root: Path, sizes):
    for i, (w, h) in enumerate(sizes):
        img = np.full((h, w), 30, np.uint8)
        img[10:13, 10:13] = 200
        write_image(root / "images" / f"{i + 1:06d}.png", img)
        (root / "labels").mkdir(exist_ok=True)
        (root / "labels" / f"{i + 1:06d}.txt").write_text(f"1 {11.5 / w:.5f} {11.5 / h:.5f} 0.1 0.1\n")
    return root


def test_frames_without_a_label_file_are_the_same_for_the_reader_and_the_runs(tmp_path):
    from workbench.core.data import yolo
    from workbench_seq_irst.runs import open_runs

    # two runs (the size changes at frame 5), label files gone in both
    root = _yolo_folder(tmp_path / "set", [(32, 32)] * 4 + [(40, 32)] * 4)
    gone = [1, 2, 6]
    for i in gone:
        (root / "labels" / f"{i + 1:06d}.txt").unlink()
    seq = yolo.open(root)
    assert seq.meta["unlabelled_frames"] == gone
    assert any("no label file for 3 of 8 images (first 000002.txt)" in w for w in seq.meta["warnings"])
    runs = open_runs(root)
    assert [len(r) for r in runs] == [4, 4]
    assert runs[0].meta["unlabelled_frames"] == [1, 2] and runs[1].meta["unlabelled_frames"] == [2]
    assert any("(first 000002.txt); not scored" in w for w in runs[0].meta["warnings"])
    assert any("(first 000007.txt); not scored" in w for w in runs[1].meta["warnings"])
    assert [i for i, b in enumerate(seq.meta["boxes"]) if not b] == gone  # the same frames, read as no boxes
